"""The question editor's rows through its pages, as a browser without JavaScript posts them: each
row button sends the whole form back and the page returns with the change and nothing lost."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.banks.versions import content_of, raw_of
from quizapp.extensions import db
from tests.conftest import csrf_token, signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")
CITE = "nbc-lunar#5"
COMMON = {"explanation": "Because.", "topics": "signing", "difficulty": "hard", "cite": CITE}


class _EditorForm(HTMLParser):
    """What the editor's form would send as it stands: boxes, ticked marks, selects, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, Any] = {}
        self.autofocus: list[str] = []
        self.disabled: list[str] = []
        self._inside = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and "editor-form" in (a.get("class") or ""):
            self._inside = True
        if not self._inside:
            return
        if "autofocus" in a:
            self.autofocus.append(a.get("id") or "")
        if "disabled" in a:
            self.disabled.append(a.get("id") or "")
        self._value(tag, a)

    def _value(self, tag: str, a: dict[str, str | None]) -> None:
        name = a.get("name") or ""
        if tag == "input" and a.get("type") in {"radio", "checkbox"}:
            if "checked" in a:
                self.values.setdefault(name, []).append(a.get("value"))
        elif tag == "input" and name:
            self.values[name] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def _form(html: str) -> _EditorForm:
    parser = _EditorForm()
    parser.feed(html)
    for name, value in parser.values.items():
        if isinstance(value, str) and value[:1] in {"\r", "\n"}:
            parser.values[name] = value.removeprefix("\r").removeprefix("\n")  # dropped by browsers
    return parser


def _new_bank(teacher: FlaskClient) -> None:
    submit_form(teacher, "/editor/", "/editor/", {"title": "Rows", "description": ""})


def _press(client: FlaskClient, url: str, html: str, data: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(url, data={**data, "csrf_token": csrf_token(html)})


def _values(html: str) -> dict[str, Any]:
    values = _form(html).values
    values.pop("csrf_token")
    return values


def _after(client: FlaskClient, url: str, html: str, data: dict[str, Any]) -> dict[str, Any]:
    """The form's values once a row button has sent it back."""
    response = _press(client, url, html, data)
    assert response.status_code == 200
    return _values(response.get_data(as_text=True))


def _rows_of(name: str, *texts: str, sides: bool = False) -> dict[str, str]:
    """Boxes as the browser posts them; with `sides`, the texts are left and right by turns."""
    if sides:
        return {f"{name}-{i // 2}-{('left', 'right')[i % 2]}": t for i, t in enumerate(texts)}
    return {f"{name}-{i}": text for i, text in enumerate(texts)}


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = signed_in(app, "ms_lee", "teacher")
    _new_bank(client)
    return client


def test_adding_a_row_keeps_every_field_as_it_was_typed(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    assert [k for k in _values(page) if k.startswith("options-")] == [
        f"options-{i}" for i in range(4)
    ]
    typed = {
        "key": "rows.agency",
        "prompt": "Which *agency* signed?\nPick one.",
        "options-0": "Roscosmos",
        "options-1": "NASA & <ESA>",
        "options-2": "",
        "options-3": "CNSA",
        "correct": ["3"],
        **COMMON,
    }
    response = _press(teacher, url, page, {**typed, "row": "add:options"})
    assert response.status_code == 200
    after = _form(response.get_data(as_text=True))
    expected = {**typed, "options-4": ""}
    assert {k: after.values.get(k) for k in expected} == expected
    assert after.autofocus == ["options-4"]
    assert "NASA &amp; &lt;ESA&gt;" in response.get_data(as_text=True)

    saved = _press(teacher, url, page, {**_values(response.get_data(as_text=True)), "save": "1"})
    assert saved.status_code == 303
    edit = _form(teacher.get(saved.location).get_data(as_text=True)).values
    options = {k: v for k, v in edit.items() if k.startswith("options-")}
    assert options == {"options-0": "Roscosmos", "options-1": "NASA & <ESA>", "options-2": "CNSA"}
    assert edit["correct"] == ["2"] and edit["topics"] == "signing" and edit["difficulty"] == "hard"


def test_choice_rows_remove_and_move_with_their_mark(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    rows = {"options-0": "A", "options-1": "B", "options-2": "C", "correct": "2"}
    base = {"prompt": "Pick", **rows, **COMMON}
    removed = _press(teacher, url, page, {**base, "row": "remove:options:0"})
    values = _values(removed.get_data(as_text=True))
    assert (values["options-0"], values["options-1"], values["correct"]) == ("B", "C", ["1"])
    assert "options-2" not in values
    moved = _press(teacher, url, page, {**base, "row": "up:options:2"})
    form = _form(moved.get_data(as_text=True))
    assert [form.values[f"options-{i}"] for i in range(3)] == ["A", "C", "B"]
    assert form.values["correct"] == ["1"] and form.autofocus == ["options-1-up"]
    assert "options-0-up" in form.disabled and "options-2-down" in form.disabled
    saved = _press(teacher, url, page, {**_values(moved.get_data(as_text=True)), "save": "1"})
    assert saved.status_code == 303


def test_the_rows_a_question_needs_cannot_be_removed(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    two = {"prompt": "Pick", "options-0": "A", "options-1": "B", **COMMON}
    form = _form(
        _press(teacher, url, page, {**two, "row": "remove:options:0"}).get_data(as_text=True)
    )
    assert (form.values["options-0"], form.values["options-1"]) == ("A", "B")
    assert {"options-0-remove", "options-1-remove"} <= set(form.disabled)


def test_a_mark_is_read_only_as_a_rows_position(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    rows = {"prompt": "Pick", "options-0": "A", "options-1": "B", **COMMON}
    for stray in ("-1", "²", "x", "1e1"):
        marks = {**rows, "correct": [stray, "1"]}
        assert _after(teacher, url, page, {**marks, "row": "add:options"})["correct"] == ["1"]
    saved = _press(teacher, url, page, {**rows, "correct": ["-1", "²", "1"], "save": "1"})
    assert saved.status_code == 303


def test_a_row_button_needs_the_forms_csrf_token(teacher: FlaskClient) -> None:
    response = teacher.post("/editor/banks/rows/new/choice", data={"row": "add:options"})
    assert response.status_code == 400


def test_multi_marks_several_right_and_moves_them(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/multi"
    page = teacher.get(url).get_data(as_text=True)
    rows = {"options-0": "A", "options-1": "B", "options-2": "C", "options-3": "D"}
    base = {"prompt": "Pick some", **rows, "correct": ["0", "3"], **COMMON}
    moved = _after(teacher, url, page, {**base, "row": "down:options:0"})
    assert [moved[f"options-{i}"] for i in range(4)] == ["B", "A", "C", "D"]
    assert moved["correct"] == ["1", "3"]
    saved = _press(teacher, url, page, {**moved, "save": "1"})
    assert saved.status_code == 303
    edit = _values(teacher.get(saved.location).get_data(as_text=True))
    assert edit["correct"] == ["1", "3"] and edit["options-1"] == "A"
    assert re.search(
        r'type="checkbox" name="correct" value="3"[^>]*checked',
        teacher.get(saved.location).get_data(as_text=True),
    )


def test_matching_pairs_add_move_remove_and_save(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/matching"
    page = teacher.get(url).get_data(as_text=True)
    pairs = {
        "pairs-0-left": "Roscosmos", "pairs-0-right": "Russia",
        "pairs-1-left": "CNSA", "pairs-1-right": "China",
        "pairs-2-left": "", "pairs-2-right": "",
    }  # fmt: skip
    base = {"prompt": "Match", **pairs, **COMMON}
    added = _form(_press(teacher, url, page, {**base, "row": "add:pairs"}).get_data(as_text=True))
    assert added.values["pairs-3-left"] == "" and added.autofocus == ["pairs-3-left"]
    moved = _after(teacher, url, page, {**base, "row": "down:pairs:0"})
    assert (moved["pairs-0-left"], moved["pairs-1-left"], moved["pairs-1-right"]) == (
        "CNSA", "Roscosmos", "Russia",
    )  # fmt: skip
    removed = _after(teacher, url, page, {**moved, "row": "remove:pairs:2"})
    assert "pairs-2-left" not in removed
    saved = _press(teacher, url, page, {**removed, "save": "1"})
    assert saved.status_code == 303
    edit = _values(teacher.get(saved.location).get_data(as_text=True))
    assert [edit[f"pairs-{i}-{s}"] for i in (0, 1) for s in ("left", "right")] == [
        "CNSA", "China", "Roscosmos", "Russia",
    ]  # fmt: skip


def test_ordering_items_move_into_their_order_and_save(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/ordering"
    page = teacher.get(url).get_data(as_text=True)
    items = {"items-0": "second", "items-1": "first", "items-2": "third", "items-3": ""}
    base = {"prompt": "Order", **items, **COMMON}
    moved = _after(teacher, url, page, {**base, "row": "up:items:1"})
    assert [moved[f"items-{i}"] for i in range(4)] == ["first", "second", "third", ""]
    saved = _press(teacher, url, page, {**moved, "save": "1"})
    assert saved.status_code == 303
    edit = _values(teacher.get(saved.location).get_data(as_text=True))
    assert [v for k, v in edit.items() if k.startswith("items-")] == ["first", "second", "third"]


def test_short_answer_forms_add_and_remove(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/short"
    page = teacher.get(url).get_data(as_text=True)
    assert "answers-0" in _values(page) and "answers-1" not in _values(page)
    base = {"prompt": "Who signed?", "answers-0": "Zhang Kejian", **COMMON}
    added = _after(teacher, url, page, {**base, "row": "add:answers"})
    assert added["answers-1"] == ""
    both = {**added, "answers-1": "Kejian Zhang", "answers-2": "Zhang"}
    removed = _after(teacher, url, page, {**both, "row": "remove:answers:2"})
    assert "answers-2" not in removed
    saved = _press(teacher, url, page, {**removed, "save": "1"})
    assert saved.status_code == 303
    edit = _values(teacher.get(saved.location).get_data(as_text=True))
    assert (edit["answers-0"], edit["answers-1"]) == ("Zhang Kejian", "Kejian Zhang")


def test_editing_a_saved_question_fills_its_rows(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    listing = admin.get("/editor/banks/sample/").get_data(as_text=True)
    found = re.search(r'href="(/editor/banks/sample/questions/\d+)"', listing)
    assert found is not None
    html = admin.get(found.group(1)).get_data(as_text=True)
    values = _values(html)
    options = [v for k, v in values.items() if k.startswith("options-")]
    assert len(options) >= 2 and len(values["correct"]) == 1
    right = options[int(values["correct"][0])]
    assert re.search(r"<h1 class=\"prompt\">", html)  # the preview shows it before any button
    assert f"<span>{right}</span>" in html[html.index("preview-body") :]


TROUBLE = ["", "\x00", "²", "-1", "99", "100", "9" * 40, "add:options:1", "up:pairs:x", "x" * 600]


def test_hostile_rows_and_buttons_never_get_a_server_error(teacher: FlaskClient) -> None:
    fields = ["row", "correct", "options-0", "options-99", "options-100", "pairs-1-left", "items-²"]
    for qtype in ("choice", "matching"):
        url = f"/editor/banks/rows/new/{qtype}"
        page = teacher.get(url).get_data(as_text=True)
        for name in fields:
            for value in TROUBLE:
                for button in ({"row": "add:options"}, {"row": "up:pairs:1"}, {"preview": "1"}):
                    data = {"prompt": "Q", **button, name: value}
                    status = _press(teacher, url, page, data).status_code
                    assert status < 500, (qtype, name, value, button)


SAVED = {
    "choice": (
        {**_rows_of("options", "NASA", "", "Roscosmos"), "correct": "2"},
        {"options": ["NASA", "Roscosmos"], "answer": "Roscosmos"},
    ),
    "multi": (
        {**_rows_of("options", "NASA", "CNSA", "", "Roscosmos"), "correct": ["1", "3"]},
        {"options": ["NASA", "CNSA", "Roscosmos"], "answers": ["CNSA", "Roscosmos"]},
    ),
    "short": (_rows_of("answers", " Zhang Kejian ", "", "Kejian Zhang"),
              {"answers": ["Zhang Kejian", "Kejian Zhang"]}),
    "matching": (
        {**_rows_of("pairs", "CNSA", "China", "", "", "Roscosmos", "Russia", sides=True)},
        {"pairs": [["CNSA", "China"], ["Roscosmos", "Russia"]]},
    ),
    "ordering": (_rows_of("items", "first", "", "second", "third"),
                 {"items": ["first", "second", "third"]}),
}  # fmt: skip


@pytest.mark.parametrize("qtype", sorted(SAVED))
def test_the_saved_question_has_the_bank_files_shape(
    app: Flask, teacher: FlaskClient, qtype: str
) -> None:
    """Rows left empty are no part of it; the rest is as a bank file holds it."""
    rows, expected = SAVED[qtype]
    url = f"/editor/banks/rows/new/{qtype}"
    data = {"key": f"rows.{qtype}", "prompt": "Q", **rows, **COMMON, "save": "1"}
    assert submit_form(teacher, url, url, data).status_code == 303
    with app.app_context():
        question = db.session.scalars(select(Question).where(Question.key == f"rows.{qtype}")).one()
        raw = raw_of(question.key, content_of(question))
    assert raw == {
        "key": f"rows.{qtype}",
        "type": qtype,
        "prompt": "Q",
        **expected,
        "explanation": "Because.",
        "tags": ["signing", "hard"],
        "cite": [CITE],
    }
