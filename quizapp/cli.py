"""`flask banks check` and `flask banks import`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp.core.bankfile import bank_paths, load_banks
from quizapp.services.banks import import_files
from quizapp.services.errors import ImportRejected

banks_cli = AppGroup("banks", help="Check and import question bank files.")

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
def import_(paths: tuple[Path, ...]) -> None:
    """Import bank files: all or nothing; questions are matched on their keys."""
    try:
        summary = import_files(_paths(paths), datetime.now(UTC))
    except ImportRejected as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise click.ClickException(str(exc)) from None
    click.echo(f"imported {summary}")
