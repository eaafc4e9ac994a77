"""``digestbot``: the command line.

Each command group lives in ``bot/commands/``; this module only mounts them and turns every
expected failure (a ``DigestBotError``) into one calm line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

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
from bot.errors import DigestBotError

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
) -> None:
    """Collect, analyse, match and publish; see each command's --help."""
    ctx.obj = common.AppState(config_path=config)
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


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point."""
    try:
        # Without standalone mode click hands back typer.Exit(n)'s status instead of raising it.
        status = app(args=argv, standalone_mode=False)
        if isinstance(status, int) and status:
            return status
    except DigestBotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 1
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except Exception as exc:  # usage errors carry their own message and exit code
        import click

        # typer ships its own copy of click: its usage errors are TyperExceptions.
        if isinstance(exc, click.ClickException | typer.TyperException) and hasattr(exc, "show"):
            exc.show()
            return int(getattr(exc, "exit_code", 2))
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
