"""`flask sources`: load the text of the school's sources from the school's own copy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp.sources import school

sources_cli = AppGroup("sources", help="The texts the banks cite.")


@sources_cli.command("load")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def load(folder: Path | None) -> None:
    """Load the shipped sources' text from FOLDER (default: QUIZAPP_ARTICLES_DIR).

    Only the very text the banks cite is loaded (the same paragraphs, checked by fingerprint).
    Without it, citations show outlet, title and paragraph number, not the paragraph.
    """
    chosen = folder or Path(current_app.config["ARTICLES_DIR"])
    if not chosen.is_dir():
        if folder is not None:
            raise click.ClickException(f"no folder {folder}")
        click.echo(f"no copy of the sources at {chosen}: citations show without their text")
        return
    report = school.load_texts(chosen, datetime.now(UTC))
    for line in report.loaded:
        click.echo(f"loaded {line}")
    for line in report.missing + report.different:
        click.echo(f"not loaded: {line}", err=True)
    if report.different:
        raise click.ClickException(f"{len(report.different)} file(s) differ from the cited text")
