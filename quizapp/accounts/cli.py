"""`flask users`: create accounts (the first admin, teachers) and change roles."""

from __future__ import annotations

import re
import sys

import click
from flask.cli import AppGroup

from quizapp.accounts.services import ROLES, register, set_role
from quizapp.core.passwords import weakness
from quizapp.errors import ServiceError

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{3,40}")


users_cli = AppGroup(
    "users", help="Create accounts and give them roles (the first admin, scripts)."
)


ROLE = click.option(
    "--role", type=click.Choice(ROLES), default="student", show_default=True, help="the new role"
)


def _password(from_stdin: bool, username: str) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    problem = None if len(password) >= 10 else "Use at least 10 characters."
    problem = problem or weakness(password, [username])
    if problem:
        raise click.ClickException(problem)
    return password


@users_cli.command("create")
@click.argument("username")
@ROLE
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@click.option("--timezone", default="UTC", show_default=True)
def create(username: str, role: str, password_stdin: bool, timezone: str) -> None:
    """Create an account with a role; the password is prompted for (or read from stdin)."""
    if not USERNAME_PATTERN.fullmatch(username):
        raise click.ClickException("Use 3 to 40 letters, digits, '.', '_' or '-' for the username.")
    password = _password(password_stdin, username)
    try:
        account = register(username, password, timezone, role=role)
    except ServiceError as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"created {account.username} ({account.role})")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def set_role_command(username: str, role: str) -> None:
    """Give an existing account another role."""
    try:
        account = set_role(username, role, None)  # the audit log says: the command line
    except ServiceError as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"{account.username} is now {account.role}")
