"""The school's sources: metadata with the banks, text from the school's own copy, checked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp.config import Config
from quizapp.core.sources import split_paragraphs, text_digest
from quizapp.extensions import db
from quizapp.sources.models import Source, SourceParagraph
from quizapp.sources.services import cited
from tests.citing import SHIPPED_SOURCES
from tests.conftest import REPO

TEXT = "Notes on the Moon\n\nThe Moon has no air.\n\nPage 2 of 2\n\nIt is far."
BANK = """[bank]
slug = "moon"
title = "The Moon"
require_citations = true

[[questions]]
key = "moon.air"
type = "truefalse"
prompt = "The Moon has air."
answer = false
explanation = "It has none."
tags = ["easy"]
cite = ["moon-notes#2"]
"""


def _source(text: str) -> str:
    paragraphs = split_paragraphs(text)
    return (
        '[source]\nid = "moon-notes"\ntitle = "Notes on the Moon"\nauthor = "Ms Lee"\n'
        f'file = "notes.txt"\nparagraphs = {len(paragraphs)}\nfurniture = [3]\n'
        f'sha256 = "{text_digest(paragraphs)}"\n'
    )


@pytest.fixture
def moon(tmp_path: Path) -> Path:
    """A bank folder with one bank and the metadata of the source it cites; the text aside."""
    banks = tmp_path / "banks"
    (banks / "sources").mkdir(parents=True)
    (banks / "moon.toml").write_text(BANK)
    (banks / "sources" / "moon-notes.toml").write_text(_source(TEXT))
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "notes.txt").write_text(TEXT)
    return tmp_path


def _paragraphs(app: Flask) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(
            select(SourceParagraph.number, SourceParagraph.text)
            .join(Source, Source.id == SourceParagraph.source_id)
            .where(Source.slug == "moon-notes")
        )
        return {number: text for number, text in rows}


def test_citations_show_the_paragraph_once_the_schools_copy_is_loaded(
    app: Flask,
    runner,
    moon: Path,  # type: ignore[no-untyped-def]
) -> None:
    assert runner.invoke(args=["banks", "import", str(moon / "banks")]).exit_code == 0
    with app.app_context():
        [before] = cited(["moon-notes#2"])
    assert (before.author, before.title, before.paragraph, before.text) == (
        "Ms Lee",
        "Notes on the Moon",
        2,
        None,
    )
    result = runner.invoke(args=["sources", "load", str(moon / "copy")])
    assert result.exit_code == 0, result.output
    assert "loaded moon-notes: 4 paragraphs" in result.output
    with app.app_context():
        [after] = cited(["moon-notes#2"])
    assert after.text == "The Moon has no air."


def test_another_edition_is_refused_and_the_loaded_text_kept(
    app: Flask,
    runner,
    moon: Path,  # type: ignore[no-untyped-def]
) -> None:
    runner.invoke(args=["banks", "import", str(moon / "banks")])
    runner.invoke(args=["sources", "load", str(moon / "copy")])
    (moon / "copy" / "notes.txt").write_text(TEXT.replace("no air", "thin air"))
    result = runner.invoke(args=["sources", "load", str(moon / "copy")])
    assert result.exit_code == 1
    assert "moon-notes: notes.txt is not the edition the banks cite" in result.output
    assert _paragraphs(app)[2] == "The Moon has no air."


def test_without_a_copy_nothing_fails_and_citations_show_without_text(
    app: Flask,
    runner,
    moon: Path,  # type: ignore[no-untyped-def]
) -> None:
    runner.invoke(args=["banks", "import", str(moon / "banks")])
    app.config["ARTICLES_DIR"] = moon / "nowhere"
    result = runner.invoke(args=["sources", "load"])
    assert result.exit_code == 0
    assert "citations show without their text" in result.output
    assert _paragraphs(app) == {}


def test_a_cited_paragraph_that_is_page_furniture_is_refused(
    runner,
    moon: Path,  # type: ignore[no-untyped-def]
) -> None:
    (moon / "banks" / "moon.toml").write_text(BANK.replace("moon-notes#2", "moon-notes#3"))
    result = runner.invoke(args=["banks", "check", str(moon / "banks")])
    assert result.exit_code == 1
    assert "paragraph 3 of Ms Lee, “Notes on the Moon” is not part of its content" in result.output


ARTICLES = Path(Config.ARTICLES_DIR)


@pytest.fixture
def articles() -> Path:
    if not ARTICLES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the source articles are not at {ARTICLES}; CI loads them")
        pytest.skip(f"the source articles are not at {ARTICLES}")
    return ARTICLES


def test_every_shipped_citation_points_at_the_paragraph_it_did_by_file_name(
    app: Flask,
    runner,
    articles: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """The citations moved from file names to source ids: each still names the same text."""
    shutil.copytree(REPO / "question_banks", tmp_path / "banks")
    assert runner.invoke(args=["banks", "import", str(tmp_path / "banks")]).exit_code == 0
    assert runner.invoke(args=["sources", "load", str(articles)]).exit_code == 0
    by_file = {
        s.info.slug: split_paragraphs((articles / s.info.file).read_text(encoding="utf-8"))
        for s in SHIPPED_SOURCES
    }
    with app.app_context():
        from quizapp.banks.models import Question

        cites = [c for row in db.session.scalars(select(Question.cite)) for c in row]
        shown = cited(cites)
    assert len(shown) == len(cites) > 100
    for cite, found in zip(cites, shown, strict=True):
        slug, _, number = cite.rpartition("#")
        assert found.text == by_file[slug][int(number) - 1], cite
