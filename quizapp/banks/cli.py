"""`flask banks`: check, import and export the question bank files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp.banks.export import export_banks
from quizapp.banks.importing import import_files, source_dirs
from quizapp.core.bankfile import bank_paths, load_banks
from quizapp.core.sourcefile import load_sources
from quizapp.errors import ImportRejected, ServiceError

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
    sources, wrong = load_sources(source_dirs(files, current_app.config["BANKS_DIR"]))
    banks, problems = load_banks(files, sources)
    for text in wrong:
        click.echo(text, err=True)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems or wrong:
        count = len(problems) + len(wrong)
        raise click.ClickException(f"{count} problem(s) in {len(files)} file(s)")
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
        summary = import_files(
            _paths(paths),
            datetime.now(UTC),
            prefer_file=prefer_file,
            school_dir=Path(current_app.config["BANKS_DIR"]),
        )
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
