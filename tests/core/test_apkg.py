import json
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import genanki
import pytest

from quizapp.core.formats import apkg

NBC = "nbc-lunar"
SILK = "silkroad-moon"
TITLES = {NBC: "NBC News, “Russia and China unveil plans”"}
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _q(key: str, qtype: str, **fields: Any) -> dict[str, Any]:
    return {"key": key, "type": qtype, "explanation": "", "tags": ["easy"], "cite": [], **fields}


QUESTIONS = [
    _q(
        "b.mou",
        "flashcard",
        prompt="MoU <abbr>?",
        answer="Memorandum of understanding",
        explanation="Both articles use it.",
        tags=["document terms", "easy"],
        cite=[f"{NBC}#6", f"{SILK}#5"],
    ),
    _q("b.agency", "choice", prompt="Which agency?", options=["Roscosmos", "NASA"], answer="NASA"),
    _q("b.tf", "truefalse", prompt="Signed in 2021?", answer=True),
    _q("b.pairs", "matching", prompt="Match.", pairs=[["Rogozin", "Roscosmos"], ["Zhang", "CNSA"]]),
    _q("b.order", "ordering", prompt="Order them.", items=["first", "second", "third", "fourth"]),
    _q("b.cloze", "cloze", prompt="Signed by {{Rogozin|Dmitry Rogozin}} & {{Zhang}}."),
    _q("b.years", "numeric", prompt="How long?", answer=60, tolerance=2, unit="years"),
    _q("b.multi", "multi", prompt="Which?", options=["a", "b", "c"], answers=["a", "c"]),
    _q("b.short", "short", prompt="Who?", answers=["Rogozin", "Dmitry Rogozin"]),
]


def _open(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    archive = zipfile.ZipFile(BytesIO(data))
    assert sorted(archive.namelist()) == ["collection.anki2", "media"]
    assert json.loads(archive.read("media")) == {}
    path = tmp_path / "collection.anki2"
    path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


@pytest.fixture
def notes(tmp_path: Path) -> Iterator[dict[str, dict[str, Any]]]:
    data = apkg.dump("The agreement", "agreement", QUESTIONS, TITLES, now=NOW)
    with closing(_open(data, tmp_path)) as db:
        rows = db.execute("SELECT guid, mid, tags, flds, mod FROM notes").fetchall()
    by_guid = {genanki.guid_for(q["key"]): q["key"] for q in QUESTIONS}
    yield {
        by_guid[guid]: {
            "model": mid,
            "tags": tags.split(),
            "fields": flds.split("\x1f"),
            "mod": mod,
        }
        for guid, mid, tags, flds, mod in rows
    }


def test_every_question_is_one_note_found_by_its_key(notes: dict[str, dict[str, Any]]) -> None:
    assert sorted(notes) == sorted(q["key"] for q in QUESTIONS)
    assert {n["mod"] for n in notes.values()} == {int(NOW.timestamp())}


def test_a_flashcard_has_its_front_back_explanation_and_sources(
    notes: dict[str, dict[str, Any]],
) -> None:
    card = notes["b.mou"]
    assert card["model"] == apkg.FLASHCARD_MODEL_ID
    assert card["fields"] == [
        "<p>MoU &lt;abbr&gt;?</p>",
        "Memorandum of understanding",
        "<p>Both articles use it.</p>",
        "NBC News, “Russia and China unveil plans”, paragraph 6<br>silkroad-moon, paragraph 5",
    ]
    assert card["tags"] == ["document_terms", "easy"]


def test_other_questions_show_what_a_student_needs_and_the_answer_behind(
    notes: dict[str, dict[str, Any]],
) -> None:
    fronts = {key: note["fields"][0] for key, note in notes.items()}
    answers = {key: note["fields"][1] for key, note in notes.items()}
    assert {n["model"] for k, n in notes.items() if k != "b.mou"} == {apkg.QUESTION_MODEL_ID}
    assert fronts["b.agency"] == "<p>Which agency?</p><ul><li>Roscosmos</li><li>NASA</li></ul>"
    assert answers["b.agency"] == "NASA"
    assert fronts["b.pairs"] == "<p>Match.</p><ul><li>Rogozin</li><li>Zhang</li></ul>"
    assert answers["b.pairs"] == "Rogozin → Roscosmos; Zhang → CNSA"
    assert fronts["b.cloze"] == "<p>Signed by _____ &amp; _____.</p>"
    assert answers["b.cloze"] == "Signed by Rogozin &amp; Zhang."
    assert fronts["b.tf"] == "<p>Signed in 2021?</p><p>True or false?</p>"
    assert answers["b.years"] == "60 (± 2) years"
    assert answers["b.multi"] == "a; c"
    assert answers["b.short"] == "Rogozin"
    assert answers["b.order"] == "first → second → third → fourth"


def test_ordering_items_are_shuffled_the_same_way_every_time(
    notes: dict[str, dict[str, Any]],
) -> None:
    items = ["first", "second", "third", "fourth"]
    shown = apkg.shuffled("b.order", items)
    assert sorted(shown) == sorted(items) and shown != items
    assert (
        notes["b.order"]["fields"][0]
        == "<p>Order them.</p><ul>" + "".join(f"<li>{item}</li>" for item in shown) + "</ul>"
    )
    assert apkg.shuffled("b.order", items) == shown
    assert apkg.shuffled("x", ["a", "b"]) == ["b", "a"]


def test_the_deck_and_models_are_in_the_collection(tmp_path: Path) -> None:
    data = apkg.dump("The agreement", "agreement", QUESTIONS, TITLES, now=NOW)
    with closing(_open(data, tmp_path)) as db:
        decks_json, models_json = db.execute("SELECT decks, models FROM col").fetchone()
        card_count = db.execute("SELECT count(*) FROM cards").fetchone()[0]
        deck_ids = {row[0] for row in db.execute("SELECT did FROM cards")}
    decks = json.loads(decks_json)
    assert decks[str(apkg.deck_id("agreement"))]["name"] == "The agreement"
    assert deck_ids == {apkg.deck_id("agreement")}
    assert card_count == len(QUESTIONS)
    models = json.loads(models_json)
    assert models[str(apkg.FLASHCARD_MODEL_ID)]["name"] == "quizapp flashcard"
    assert [f["name"] for f in models[str(apkg.QUESTION_MODEL_ID)]["flds"]] == [
        "Question",
        "Answer",
        "Explanation",
        "Source",
    ]


def test_deck_ids_are_stable_and_differ_between_banks() -> None:
    assert apkg.deck_id("agreement") == apkg.deck_id("agreement")
    assert apkg.deck_id("agreement") != apkg.deck_id("reactions")
    assert 1 << 30 <= apkg.deck_id("agreement") < 1 << 31


def test_two_exports_give_the_same_guids_and_a_later_one_newer_notes(tmp_path: Path) -> None:
    first = apkg.dump("T", "agreement", QUESTIONS, TITLES, now=NOW)
    later = apkg.dump("T", "agreement", list(reversed(QUESTIONS)), {}, now=NOW.replace(day=2))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with closing(_open(first, tmp_path / "a")) as one, closing(_open(later, tmp_path / "b")) as two:
        guids = [sorted(db.execute("SELECT guid FROM notes").fetchall()) for db in (one, two)]
        mods = [db.execute("SELECT max(mod) FROM notes").fetchone()[0] for db in (one, two)]
    assert guids[0] == guids[1]
    assert mods[1] > mods[0]
    assert apkg.dump("T", "agreement", QUESTIONS, TITLES, now=NOW) == first


def test_markdown_is_rendered_as_on_the_pages_and_plain_text_stays_plain(tmp_path: Path) -> None:
    marked = [
        _q(
            "m.card",
            "flashcard",
            prompt="What is **docking**?",
            answer="Joining *two* craft",
            explanation="See [the agency](https://www.roscosmos.ru) and:\n\n- one\n- two",
        ),
        _q("m.pick", "choice", prompt="Pick *one*:", options=["**a**", "<b>"], answer="**a**"),
        _q("m.gap", "cloze", prompt="The {{MoU}} was *signed*.", explanation="<i>x</i>"),
    ]
    data = apkg.dump("T", "marked", marked, {}, now=NOW)
    with closing(_open(data, tmp_path)) as db:
        rows = dict(db.execute("SELECT guid, flds FROM notes").fetchall())
    card, pick, gap = (rows[genanki.guid_for(q["key"])].split("\x1f") for q in marked)
    assert card[:3] == [
        "<p>What is <strong>docking</strong>?</p>",
        "Joining *two* craft",
        '<p>See <a href="https://www.roscosmos.ru" rel="noopener noreferrer nofollow">the agency'
        "</a> and:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
    ]
    assert pick[:3] == [
        "<p>Pick <em>one</em>:</p><ul><li>**a**</li><li>&lt;b&gt;</li></ul>",
        "**a**",
        "",  # no explanation: the back shows no empty box
    ]
    assert gap[:3] == [
        "<p>The _____ was <em>signed</em>.</p>",
        "The MoU was *signed*.",
        "<p>&lt;i&gt;x&lt;/i&gt;</p>",
    ]


def test_formulas_stay_in_latex_for_anki_to_typeset_in_every_field(tmp_path: Path) -> None:
    # Literal strings: the LaTeX as a teacher types it, "<" and all.
    with_formulas = [
        _q(
            "f.card",
            "flashcard",
            prompt=r"The area of a circle, \(A\)?",
            answer=r"\(\pi r^2\)",
            explanation="Because *pi*:\n\n\\[A = \\pi r^2\\]",
        ),
        _q(
            "f.pick",
            "choice",
            prompt=r"Which is true when \(a < b\) and \(x_1 * y_2\)?",
            options=[r"\(b > a\)", r"\(a = b\)"],
            answer=r"\(b > a\)",
            explanation=r"Read \(a < b\) backwards: \[b > a\]",
        ),
    ]
    data = apkg.dump("T", "formulas", with_formulas, {}, now=NOW)
    with closing(_open(data, tmp_path)) as db:
        rows = dict(db.execute("SELECT guid, flds FROM notes").fetchall())
    card, pick = (rows[genanki.guid_for(q["key"])].split("\x1f") for q in with_formulas)
    assert card[:3] == [
        r"<p>The area of a circle, \(A\)?</p>",
        r"\(\pi r^2\)",
        "<p>Because <em>pi</em>:</p>\n<p>\\[A = \\pi r^2\\]</p>",
    ]
    assert pick[:3] == [
        # Markdown leaves the formula alone: "_1 * y_" is no emphasis.
        r"<p>Which is true when \(a &lt; b\) and \(x_1 * y_2\)?</p>"
        r"<ul><li>\(b &gt; a\)</li><li>\(a = b\)</li></ul>",
        r"\(b &gt; a\)",
        r"<p>Read \(a &lt; b\) backwards: \[b &gt; a\]</p>",
    ]
    assert not any("<math" in field for field in card + pick)
