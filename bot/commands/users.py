"""``digestbot users …``: staff accounts (moderators, editors, admins) for the web app.

Passwords are asked for twice without echo, or read from standard input with
``--password-stdin`` (for scripts); they never appear on the command line, where other users
of the machine could read them in the process list.
"""

from __future__ import annotations

import getpass
import sys

import typer
from rich.console import Console
from rich.table import Table

from bot.accounts.roles import ROLES
from bot.commands.common import state
from bot.errors import InputError
from bot.pipeline import accounts

app = typer.Typer(help="Staff accounts for the web app: moderators, editors, admins.", no_args_is_help=True)


def _actor() -> str:
    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):
        return "command line"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("password: nothing on standard input")
        return line
    first = typer.prompt("Password", hide_input=True)
    again = typer.prompt("Repeat the password", hide_input=True)
    if first != again:
        raise InputError("password: the two entries differ")
    return str(first)


@app.command("add")
def add_cmd(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Sign-in name (letters, digits, . _ -)."),
    role: str = typer.Option(..., "--role", "-r", help=f"One of: {', '.join(ROLES)}."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Add a staff account."""
    password = _password(password_stdin)
    user = accounts.add(state(ctx).engine, username, password, role, actor=_actor())
    print(f"added {user.username} ({user.role})")


@app.command("list")
def list_cmd(ctx: typer.Context) -> None:
    """The staff accounts and their roles."""
    table = Table(title="Staff accounts")
    for column in ("username", "role", "added", "password set"):
        table.add_column(column)
    for user in accounts.users(state(ctx).engine):
        table.add_row(
            user.username,
            user.role,
            user.created_at.date().isoformat(),
            user.password_changed_at.date().isoformat(),
        )
    Console().print(table)


@app.command("remove")
def remove_cmd(ctx: typer.Context, username: str = typer.Argument(...)) -> None:
    """Remove a staff account; its sessions stop working and its audit entries stay."""
    accounts.remove(state(ctx).engine, username, actor=_actor())
    print(f"removed {username}")


@app.command("passwd")
def passwd_cmd(
    ctx: typer.Context,
    username: str = typer.Argument(...),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Set a new password; the account's existing sessions are signed out."""
    password = _password(password_stdin)
    accounts.set_password(state(ctx).engine, username, password, actor=_actor())
    print(f"password changed for {username}")
