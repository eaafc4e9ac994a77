"""``digestbot``: the command line.

Each command group lives in ``bot/commands/``; this module only mounts them and turns every
failure into one calm line on stderr naming the input, with exit status 2: our own errors
(``DigestBotError``), click's usage errors, database errors (locked, corrupt, full, a lost
race) and file errors. ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.commands import (
    analyze,
    atlas,
    collect,
    common,
    db,
    deliveries,
    demo,
    publish,
    schedule,
    serve,
    stages,
    subscribers,
    users,
)
from bot.errors import DigestBotError, first_line, unexpected
from storage.db import describe_error

# The state of the command being run, so an error after it closed can still name its database.
_last_state: list[common.AppState] = []

app = typer.Typer(
    help="Evidence-linked weekly digest of ME/CFS research talk. Not medical advice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    config: Path | None = typer.Option(
        None, "--config", "-c", help="config.yaml to use (default: ./config.yaml or $DIGESTBOT_CONFIG)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback when something fails."),
) -> None:
    """Collect, analyse, match and publish; see each command's --help."""
    ctx.obj = common.AppState(config_path=config)
    _last_state[:] = [ctx.obj]
    ctx.call_on_close(ctx.obj.close)


app.add_typer(db.app, name="db")
app.add_typer(atlas.app, name="atlas")
app.add_typer(users.app, name="users")
app.add_typer(collect.sources_app, name="sources")
app.add_typer(subscribers.app, name="subscribers")
app.add_typer(deliveries.app, name="deliveries")
app.command("collect")(collect.collect)
app.command("analyze-file")(analyze.analyze_file)
app.command("analyse")(stages.analyse)
app.command("publish")(publish.publish)
app.command("run")(schedule.run)
app.command("status")(schedule.status)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)


def _database_error(exc: SQLAlchemyError) -> str:
    """The failing command's database named in the one-line error, password hidden."""
    state = _last_state[0] if _last_state else None
    try:
        url = state.settings.database_url() if state is not None else None
    except Exception:
        url = None
    if url is None:
        return f"database: {first_line(str(getattr(exc, 'orig', None) or exc))}"
    return describe_error(exc, url)


def _describe(exc: BaseException) -> tuple[str, int]:
    """One line naming the input, and the exit status, for any failure a command can meet."""
    if isinstance(exc, DigestBotError):
        return first_line(str(exc)), 2
    if isinstance(exc, typer.TyperException):  # click's usage errors: bad command, option or value
        message = getattr(exc, "format_message", lambda: str(exc))() or "no command given"
        hint = " (see digestbot --help)" if type(exc).__name__ != "ClickException" else ""
        return f"{first_line(message)}{hint}", 2
    if isinstance(exc, SQLAlchemyError):
        return _database_error(exc), 2
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else "system"
        return f"{where}: {exc.strerror or first_line(str(exc))}", 2
    return f"{unexpected(exc)} (run with --debug for the traceback)", 2


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: every failure is one line on stderr and exit status 2,
    unless ``--debug`` asks for the traceback."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    _last_state.clear()
    try:
        # Without standalone mode click hands back typer.Exit(n)'s status instead of raising it.
        status = app(args=args, standalone_mode=False)
        if isinstance(status, int) and status:
            return status
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except (typer.Abort, KeyboardInterrupt):
        print("aborted", file=sys.stderr)
        return 130
    except Exception as exc:
        if debug:
            raise
        message, status = _describe(exc)
        print(f"error: {message}", file=sys.stderr)
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
