"""The same hostile payloads inert in the bank editor: its lists, forms, preview, history and
every export."""

from __future__ import annotations

import io
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Clock, csrf_token, signed_in
from tests.web.test_xss import (
    MARKED,
    MARKERS,
    _plant,
    assert_inert_with_every_payload,
    unsafe,
)

pytestmark = pytest.mark.usefixtures("sample_banks")
CITE = "nbc-lunar#5"


def _choice_id(admin: FlaskClient) -> str:
    listing = admin.get("/editor/banks/sample/").get_data(as_text=True)
    found = re.search(r'href="/editor/banks/sample/questions/(\d+)"', listing)
    assert found is not None
    return found.group(1)


def test_payloads_are_inert_in_the_editors_pages(app: Flask, clock: Clock) -> None:
    _plant(app, clock.now)
    admin = signed_in(app, "root", "admin")
    assert_inert_with_every_payload(admin.get("/editor/banks/sample/").get_data(as_text=True))
    url = f"/editor/banks/sample/questions/{_choice_id(admin)}"
    edit = admin.get(url).get_data(as_text=True)
    assert_inert_with_every_payload(edit)
    assert_inert_with_every_payload(admin.get(url + "/history").get_data(as_text=True))

    # The preview, a few payloads at a time (the editor refuses a prompt as long as all of them).
    token = csrf_token(edit)
    for start in range(0, len(MARKED), 8):
        chunk = MARKED[start : start + 8]
        data = {
            "csrf_token": token,
            "prompt": "\n".join(chunk),
            **{f"options-{i}": text for i, text in enumerate(["Roscosmos", *chunk])},
            "correct": "0",
            "explanation": "\n\n".join(chunk),
            "topics": "signing",
            "difficulty": "easy",
            "cite": CITE,
            "preview": "1",
        }
        page = admin.post(url, data=data).get_data(as_text=True)
        assert 'class="plain preview-body"' in page, page[:2000]
        assert unsafe(page) == []
        preview = page[page.index("preview-body") :]
        assert all(marker in preview for marker in MARKERS[start : start + 8])
        # A row button sends the payloads back into the rows' boxes, as text.
        rows = admin.post(url, data={**data, "row": "up:options:2"}).get_data(as_text=True)
        assert unsafe(rows) == []
        assert all(f'value="{marker} ' in rows for marker in MARKERS[start : start + 8])


def test_exports_carry_the_payloads_as_text(app: Flask, clock: Clock) -> None:
    _plant(app, clock.now)
    admin = signed_in(app, "root", "admin")
    for fmt, mimetype in (
        ("toml", "application/toml"),
        ("gift", "text/plain"),
        ("csv", "text/csv"),
        ("xml", "application/xml"),
    ):
        response = admin.get(f"/editor/banks/sample/export.{fmt}")
        assert response.status_code == 200
        assert (
            response.mimetype == mimetype
            and "attachment" in response.headers["Content-Disposition"]
        )
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        text = response.get_data(as_text=True)
        assert all(marker in text for marker in MARKERS), fmt

    package = admin.get("/editor/banks/sample/export.apkg")
    assert package.mimetype == "application/octet-stream"
    with (
        zipfile.ZipFile(io.BytesIO(package.get_data())) as archive,
        tempfile.TemporaryDirectory() as tmp,
    ):
        path = Path(tmp) / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        with sqlite3.connect(path) as conn:
            fields = [row[0] for row in conn.execute("SELECT flds FROM notes")]
    html = "".join(field.replace("\x1f", "<br>") for field in fields)
    assert unsafe(html) == []  # Anki shows fields as HTML: every payload is escaped text
    assert all(marker in html for marker in MARKERS)
