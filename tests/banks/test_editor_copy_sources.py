"""Copying a bank takes along the sources only the original could cite, so every copied question
still cites the same paragraph and saves; and a citation the bank cannot use is said in words."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks import question_edit
from quizapp.banks.editor import copy_bank
from quizapp.banks.models import Bank, Question
from quizapp.banks.versions import content_of, raw_of
from quizapp.extensions import db
from quizapp.sources.models import Source, SourceParagraph
from tests.banks.test_editor_citing import COPIED, URL, _typed
from tests.banks.test_editor_citing import teacher as teacher  # the fixture: a bank with notes
from tests.banks.test_editor_rows import _press, _values
from tests.conftest import csrf_token, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _cited_question(client: FlaskClient, cite: str = "plant-notes#2") -> None:
    page = client.get(URL).get_data(as_text=True)
    saved = _press(client, URL, page, {**_typed(_values(page)), "cite": cite, "save": "1"})
    assert saved.status_code == 303, saved.get_data(as_text=True)


def _user_id(username: str) -> int:
    found = db.session.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


def _paragraphs(source: Source) -> list[str]:
    rows = db.session.scalars(
        select(SourceParagraph.text)
        .where(SourceParagraph.source_id == source.id)
        .order_by(SourceParagraph.number)
    )
    return list(rows)


def test_a_copied_bank_has_its_own_copy_of_the_sources_added_for_the_original(
    app: Flask, teacher: FlaskClient
) -> None:
    _cited_question(teacher, "plant-notes#2\nnbc-lunar#5")
    with app.app_context():
        owner = _user_id("ms_lee")
        slug = copy_bank(owner, "plants", "More plants", NOW)
        copy = db.session.scalar(select(Bank).where(Bank.slug == slug))
        original = db.session.scalar(select(Source).where(Source.slug == "plant-notes"))
        assert copy is not None and original is not None
        [mine] = db.session.scalars(select(Source).where(Source.bank_id == copy.id))
        assert (mine.owner_id, mine.title, mine.author) == (owner, "Plant notes", "Ms Lee")
        assert mine.slug != original.slug and original.bank_id != copy.id
        assert _paragraphs(mine) == _paragraphs(original) and mine.paragraph_count == 4
        question = db.session.scalar(select(Question).where(Question.bank_id == copy.id))
        assert question is not None and question.cite == [f"{mine.slug}#2", "nbc-lunar#5"]
        problems, _, _ = question_edit.check(
            owner, slug, question.id, raw_of(question.key, content_of(question))
        )
        assert problems == []


def test_a_copy_for_another_teacher_takes_the_owners_sources_its_questions_cite(
    app: Flask,
) -> None:
    lee = signed_in(app, "ms_lee", "teacher")
    signed_in(app, "root", "admin")
    submit_form(lee, "/editor/", "/editor/", {"title": "Plants", "description": ""})
    page = lee.get("/sources/new").get_data(as_text=True)
    source = {"title": "Plant notes", "author": "Ms Lee", "text": "A.\n\nB.", "save": "1"}
    added = lee.post("/sources/new", data={**source, "csrf_token": csrf_token(page)})
    assert added.status_code == 303
    _cited_question(lee)
    with app.app_context():
        admin = _user_id("root")
        slug = copy_bank(admin, "plants", "Admin plants", NOW)
        copy = db.session.scalar(select(Bank).where(Bank.slug == slug))
        assert copy is not None
        [theirs] = db.session.scalars(select(Source).where(Source.bank_id == copy.id))
        assert theirs.owner_id == admin and _paragraphs(theirs) == ["A.", "B."]
        question = db.session.scalar(select(Question).where(Question.bank_id == copy.id))
        assert question is not None and question.cite == [f"{theirs.slug}#2"]


def test_a_copied_question_citing_the_originals_source_saves_in_the_editor(
    app: Flask, teacher: FlaskClient
) -> None:
    _cited_question(teacher)
    page = teacher.get("/editor/").get_data(as_text=True)
    copied = teacher.post(
        "/editor/banks/plants/copy", data={"title": "Plants again", "csrf_token": csrf_token(page)}
    )
    assert copied.status_code == 303
    listing = teacher.get(copied.location).get_data(as_text=True)
    [qid] = re.findall(r'id="q(\d+)"', listing)
    url = f"/editor/banks/plants-again/questions/{qid}"
    form = teacher.get(url).get_data(as_text=True)
    assert "Ms Lee, “Plant notes”, paragraph 2" in form
    edited = {**_values(form), "prompt": "Leaves are green!", "save": "1"}
    saved = _press(teacher, url, form, edited)
    assert saved.status_code == 303, saved.get_data(as_text=True)


def _cite_errors(html: str) -> str:
    return html.split('id="cite-error">', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize(
    ("cite", "words"),
    [
        ("plant-notes#12", "Paragraph 12 of “Plant notes” does not exist; it has 4 paragraphs."),
        ("notes#2", "This bank cannot cite the source “notes”"),
    ],
)
def test_a_citation_the_bank_cannot_use_is_said_in_plain_words_in_the_editor(
    teacher: FlaskClient, cite: str, words: str
) -> None:
    page = teacher.get(URL).get_data(as_text=True)
    refused = _press(teacher, URL, page, {**_typed(_values(page)), "cite": cite, "save": "1"})
    html = refused.get_data(as_text=True)
    errors = _cite_errors(html)
    assert refused.status_code == 422
    assert words in errors and "#" not in errors and "'" not in errors
    # The list of the question's citations says it in words too, not in the file's syntax.
    cited = html.split('class="cited-list">', 1)[1].split("</ul>", 1)[0]
    assert cite not in cited


@pytest.mark.parametrize("required", [True, False])
def test_the_preview_of_an_incomplete_question_shows_the_grounding_checks_with_its_problems(
    teacher: FlaskClient, required: bool
) -> None:
    if required:
        settings = {"title": "Plants", "description": "", "require_citations": "y"}
        submit_form(teacher, "/editor/banks/plants/", "/editor/banks/plants/", settings)
    page = teacher.get(URL).get_data(as_text=True)
    values = {**_typed(_values(page)), "explanation": COPIED, "cite": "plant-notes#4"}
    incomplete = {**values, "prompt": ""}  # copied words, and no question written yet
    preview = _press(teacher, URL, page, {**incomplete, "preview": "1"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422 and "Not ready to save" in html
    assert "Write the question." in html
    assert "words in a row are copied from the source" in html
    assert ("Worth checking before your students see it" in html) is not required


def test_the_checks_of_a_bank_that_requires_citations_take_a_question_in_any_shape(
    app: Flask, teacher: FlaskClient
) -> None:
    settings = {"title": "Plants", "description": "", "require_citations": "y"}
    submit_form(teacher, "/editor/banks/plants/", "/editor/banks/plants/", settings)
    with app.app_context():
        owner = _user_id("ms_lee")
        for cite in ("plant-notes#2", None, 5):
            raw = {"key": "plants.q", "type": "short", "prompt": "?", "tags": [], "cite": cite}
            problems, _, _ = question_edit.check(owner, "plants", None, raw)
            assert ("cite", "sources must be a list of citations") in [
                (p.field, p.message) for p in problems
            ]
