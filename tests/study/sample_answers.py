"""Valid answers to the sample bank's questions, posted through the study pages as a browser would.

A new student meets the sample questions in file order: choice, truefalse, short, flashcard, multi,
numeric, matching, ordering, cloze.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import csrf_token, hidden

VALID: dict[str, dict[str, str | list[str]]] = {
    "choice": {"answer": "Roscosmos"},
    "truefalse": {"answer": "true"},
    "short": {"answer": "Rogozin"},
    "flashcard": {"rating": "3"},
    "multi": {"picks": ["Roscosmos", "China National Space Administration"]},
    "numeric": {"answer": "2011"},
    "matching": {"parts-0": "Roscosmos", "parts-1": "China National Space Administration"},
    "ordering": {"parts-0": "1", "parts-1": "2", "parts-2": "3"},
    "cloze": {"parts-0": "Zhang Kejian", "parts-1": "CNSA"},
}

_TYPE = re.compile(r'class="card question" data-type="([a-z]+)"')


def question_type(html: str) -> str | None:
    found = _TYPE.search(html)
    return found.group(1) if found else None


def form_of(html: str) -> dict[str, str | list[str]]:
    """The hidden fields a question page's answer form sends, whatever the question."""
    fields: dict[str, str | list[str]] = {
        "csrf_token": csrf_token(html),
        "token": hidden(html, "token"),
    }
    for name, value in re.findall(r'name="(shown-\d+)" value="([^"]*)"', html):
        fields[name] = value
    return fields


def answer(client: FlaskClient, html: str, **extra: str | list[str]) -> TestResponse:
    """Post a valid answer to the question on this page, with `extra` fields on top."""
    qtype = question_type(html)
    assert qtype, "not a question page"
    return client.post("/study/sample/answer", data={**form_of(html), **VALID[qtype], **extra})


def reach(client: FlaskClient, qtype: str) -> str:
    """Answer the sample questions in order until one of this type is shown; its page."""
    for _ in range(len(VALID)):
        html = client.get("/study/sample/next").get_data(as_text=True)
        if question_type(html) == qtype:
            return html
        assert answer(client, html).status_code == 303
    raise AssertionError(f"no {qtype} question came up")
