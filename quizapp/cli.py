"""`flask banks check|import` and `flask users create|set-role`."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp.core.bankfile import bank_paths, load_banks
from quizapp.core.passwords import weakness
from quizapp.services.accounts import ROLES, register, set_role
from quizapp.services.banks import import_files
from quizapp.services.errors import ImportRejected, ServiceError
from quizapp.services.export import export_banks

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{3,40}")
banks_cli = AppGroup("banks", help="Check, import and export question bank files.")

PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    found = bank_paths(paths, current_app.config["BANKS_DIR"])
    if not found:
        raise click.ClickException("no bank files (*.toml) found")
    return found


@banks_cli.command("check")
@PATHS
def check(paths: tuple[Path, ...]) -> None:
    """Validate bank files without touching the database."""
    files = _paths(paths)
    banks, problems = load_banks(files)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {len(files)} file(s)")
    count = sum(len(bank.questions) for bank in banks)
    click.echo(f"ok: {len(banks)} bank(s), {count} question(s)")


@banks_cli.command("import")
@PATHS
@click.option(
    "--prefer-file",
    is_flag=True,
    help="replace questions edited in the browser with what the file says (a new version)",
)
def import_(paths: tuple[Path, ...], prefer_file: bool) -> None:
    """Import bank files: all or nothing; questions are matched on their keys.

    A question edited in the browser since its file was last imported is a conflict when the file
    now says something else: nothing is imported, unless --prefer-file.
    """
    try:
        summary = import_files(_paths(paths), datetime.now(UTC), prefer_file=prefer_file)
    except ImportRejected as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise click.ClickException(str(exc)) from None
    click.echo(f"imported {summary}")


@banks_cli.command("export")
@click.argument("slugs", nargs=-1)
@click.option(
    "--to",
    "to_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="the folder to write SLUG.toml files in (default: the banks folder)",
)
def export(slugs: tuple[str, ...], to_dir: Path | None) -> None:
    """Write banks' current versions as TOML files (every school bank when no SLUG is given)."""
    folder = to_dir or Path(current_app.config["BANKS_DIR"])
    try:
        exports = export_banks(slugs)
    except ServiceError as refused:
        raise click.ClickException(str(refused)) from None
    folder.mkdir(parents=True, exist_ok=True)
    for bank in exports:
        path = folder / f"{bank.slug}.toml"
        path.write_text(bank.toml, encoding="utf-8", newline="\n")
        click.echo(f"wrote {path} ({len(bank.questions)} question(s))")


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
        account = set_role(username, role)
    except ServiceError as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"{account.username} is now {account.role}")
