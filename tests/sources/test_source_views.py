"""A teacher's sources through the pages: paste or upload, see the paragraphs, save, read,
search, correct; and what a correction tells her about the questions citing it."""

from __future__ import annotations

import io
import re

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.audit.services import Actor
from quizapp.banks import question_edit
from quizapp.extensions import db
from quizapp.sources.models import Source
from tests.conftest import Clock, csrf_token, signed_in

pytestmark = pytest.mark.usefixtures("sample_banks")
TEXT = "Plants need light.\n\nLeaves hold chlorophyll, which is green.\n\nRoots take up water."
META = {
    "title": "Photosynthesis notes",
    "author": "Ms Lee",
    "published": "",
    "url": "",
    "licence": "",
}


def _post(client: FlaskClient, url: str, data: dict[str, object], page: str | None = None):  # type: ignore[no-untyped-def]
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token(html)})


def _items(html: str) -> list[str]:
    block = html.split('<ol class="paragraphs">', 1)[1].split("</ol>", 1)[0]
    return [re.sub(r"<[^>]+>|\s+", " ", li).strip() for li in block.split("<li")[1:]]


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    return signed_in(app, "ms_lee", "teacher")


def _add(teacher: FlaskClient, **extra: object) -> str:
    saved = _post(teacher, "/sources/new", {**META, "text": TEXT, "save": "1", **extra})
    assert saved.status_code == 303, saved.get_data(as_text=True)
    return str(saved.location)


def test_pasted_text_is_shown_as_numbered_paragraphs_before_it_is_saved(
    app: Flask, teacher: FlaskClient
) -> None:
    preview = _post(teacher, "/sources/new", {**META, "text": TEXT, "preview": "1"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 paragraphs" in html
    assert _items(html)[1].startswith("value") is False
    assert "Leaves hold chlorophyll, which is green." in _items(html)[1]
    with app.app_context():
        assert db.session.scalar(select(Source).where(Source.title == META["title"])) is None
    page = teacher.get(_add(teacher)).get_data(as_text=True)
    assert "Photosynthesis notes" in page and "cited as <code>photosynthesis-notes</code>" in page
    assert "Roots take up water." in _items(page)[2]


def test_the_search_keeps_the_paragraph_numbers(teacher: FlaskClient) -> None:
    url = _add(teacher)
    page = teacher.get(f"{url}?q=CHLOROPHYLL").get_data(as_text=True)
    assert 'id="p2" value="2"' in page and 'id="p1"' not in page and 'id="p3"' not in page


def test_an_uploaded_word_document_fills_the_text_box(teacher: FlaskClient) -> None:
    document = docx.Document()
    for text in ("First fact.", "Second fact."):
        document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    upload = (io.BytesIO(data.getvalue()), "notes.docx")
    preview = _post(teacher, "/sources/new", {**META, "upload": upload, "preview": "1"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "2 paragraphs" in html and "First fact.\n\nSecond fact.</textarea>" in html


def test_a_file_that_cannot_be_read_is_named_beside_its_field_and_nothing_saved(
    app: Flask, teacher: FlaskClient
) -> None:
    upload = (io.BytesIO(b"PK\x03\x04 not really a zip"), "notes.docx")
    refused = _post(teacher, "/sources/new", {**META, "upload": upload, "save": "1"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="upload-error"' in html and "This .docx file is damaged" in html
    with app.app_context():
        assert db.session.scalar(select(Source.id).where(Source.owner_id.is_not(None))) is None


def test_only_web_links_are_kept(teacher: FlaskClient) -> None:
    refused = _post(
        teacher, "/sources/new", {**META, "text": TEXT, "url": "javascript:alert(1)", "save": "1"}
    )
    assert refused.status_code == 422
    assert "https://" in refused.get_data(as_text=True)


def test_a_source_added_for_a_bank_leads_back_to_it(teacher: FlaskClient) -> None:
    made = _post(teacher, "/editor/", {"title": "Plants", "description": ""})
    slug = made.location.rstrip("/").rsplit("/", 1)[1]
    url = f"/sources/new?bank={slug}"
    saved = _post(teacher, url, {**META, "text": TEXT, "save": "1"})
    page = teacher.get(saved.location).get_data(as_text=True)
    assert f'for <a href="/editor/banks/{slug}/">Plants</a>' in page
    for_all = teacher.get(_add(teacher, title="Other notes")).get_data(as_text=True)
    assert "/editor/banks/" not in for_all


def test_a_correction_lists_the_questions_citing_the_paragraphs_it_changed(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    url = _add(teacher)
    bank = "/editor/"
    made = _post(teacher, bank, {"title": "Plants", "description": ""})
    slug = made.location.rstrip("/").rsplit("/", 1)[1]
    with app.app_context():
        owner = db.session.scalar(select(User.id).where(User.username == "ms_lee"))
        assert owner is not None
        for key, cite in (("green", 2), ("roots", 3)):
            raw = {
                "key": f"{slug}.{key}",
                "type": "truefalse",
                "prompt": f"Fact {key}?",
                "answer": True,
                "explanation": "",
                "tags": ["easy"],
                "cite": [f"photosynthesis-notes#{cite}"],
            }
            saved = question_edit.save(Actor(owner, "ms_lee"), slug, None, raw, clock.now)
            assert isinstance(saved, question_edit.Saved), saved
    edit = f"{url}/edit"
    corrected = TEXT.replace("which is green", "which makes leaves green")
    done = _post(teacher, edit, {**META, "text": corrected, "save": "1"})
    assert done.status_code == 303 and "changed=2" in done.location
    page = teacher.get(done.location).get_data(as_text=True)
    assert "Cited paragraphs that changed: 2" in page
    assert f"{slug}.green" in page and f"{slug}.roots" not in page
    unchanged = _post(teacher, edit, {**META, "text": corrected, "save": "1"})
    assert "changed" not in unchanged.location


def test_a_bank_cites_its_owners_sources_and_the_schools_but_no_one_elses(
    app: Flask, teacher: FlaskClient, clock: Clock
) -> None:
    _add(teacher)
    other = signed_in(app, "mr_ode", "teacher")
    made = _post(other, "/editor/", {"title": "Other plants", "description": ""})
    slug = made.location.rstrip("/").rsplit("/", 1)[1]
    with app.app_context():
        owner = db.session.scalar(select(User.id).where(User.username == "mr_ode"))
        assert owner is not None

        def problems(cite: str) -> list[tuple[str | None, str]]:  # (field, message)
            raw = {
                "key": f"{slug}.q",
                "type": "truefalse",
                "prompt": "Plants need light.",
                "answer": True,
                "explanation": "",
                "tags": ["easy"],
                "cite": [cite],
            }
            return [(p.field, p.message) for p in question_edit.check(owner, slug, None, raw)[0]]

        assert problems("nbc-lunar#5") == []
        assert problems("photosynthesis-notes#1") == [
            ("cite", "'photosynthesis-notes#1': this bank has no source called "
             "'photosynthesis-notes'")
        ]  # fmt: skip


def test_a_long_text_fits_where_sources_are_added_and_nowhere_else(teacher: FlaskClient) -> None:
    long = "\n\n".join(f"Paragraph {n} " + "word " * 190 for n in range(1, 1500))  # ~1.4 MB
    preview = _post(teacher, "/sources/new", {**META, "text": long, "preview": "1"})
    assert preview.status_code == 200 and "1499 paragraphs" in preview.get_data(as_text=True)
    elsewhere = _post(teacher, "/editor/", {"title": "T", "description": long})
    assert elsewhere.status_code == 413
