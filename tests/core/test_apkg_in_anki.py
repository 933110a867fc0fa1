"""The shipped banks' Anki decks, opened by Anki's own library as a student's Anki would."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportResponse
from anki.notes import Note
from PIL import Image

from quizapp.core.bankfile import BankDef, bank_paths, load_banks
from quizapp.core.formats import apkg
from quizapp.core.markup import render
from quizapp.core.pictures import prepare
from tests.citing import SHIPPED_SOURCES

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
TITLES = {source.info.slug: source.info.label for source in SHIPPED_SOURCES}
EDITED = "What does *MoU* stand for? Two words to know:\n\n- memorandum\n- understanding"


def _shipped() -> list[BankDef]:
    banks, problems = load_banks(bank_paths([], Path("question_banks")))
    assert problems == []
    return banks


def _raw(bank: BankDef) -> list[dict[str, Any]]:
    return [
        {
            **{k: v for k, v in q.spec.items() if k != "prompt"},
            "key": q.key,
            "type": q.type,
            "prompt": q.prompt,
            "explanation": q.explanation,
            "tags": list(q.tags),
            "cite": [str(c) for c in q.cite],
        }
        for q in bank.questions
    ]


def _import(col: Collection, path: Path) -> ImportResponse.Log:
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def _export(folder: Path, banks: dict[str, list[dict[str, Any]]], now: datetime) -> list[Path]:
    folder.mkdir()
    paths = []
    for bank in _shipped():
        path = folder / f"{bank.slug}.apkg"
        path.write_bytes(apkg.dump(bank.title, bank.slug, banks[bank.slug], TITLES, now=now))
        paths.append(path)
    return paths


def _notes(col: Collection) -> dict[str, Note]:
    return {note.guid: note for note in map(col.get_note, col.find_notes(""))}


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    (tmp_path / "student").mkdir()
    collection = Collection(str(tmp_path / "student" / "collection.anki2"))
    yield collection
    collection.close()


@pytest.fixture
def questions() -> dict[str, list[dict[str, Any]]]:
    return {bank.slug: _raw(bank) for bank in _shipped()}


def test_every_exported_question_is_one_note_in_its_banks_deck(
    col: Collection, questions: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    for path in _export(tmp_path / "first", questions, NOW):
        _import(col, path)
    exported = [q for bank in questions.values() for q in bank]
    assert col.note_count() == col.card_count() == len(exported) > 50
    by_guid = {genanki.guid_for(q["key"]): q for q in exported}
    notes = _notes(col)
    assert notes.keys() == by_guid.keys()
    for guid, note in notes.items():
        raw = by_guid[guid]
        assert note.fields[0] == apkg.front(raw)
        assert note.fields[2] == str(render(raw["explanation"], formulas_as="latex"))
    names = {deck.name for deck in col.decks.all_names_and_ids()}
    assert names == {"Default"} | {bank.title for bank in _shipped()}


def test_notes_need_no_media_and_anki_shows_the_rendered_fields(
    col: Collection, questions: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    questions["agreement"][0]["prompt"] = EDITED
    for path in _export(tmp_path / "first", questions, NOW):
        _import(col, path)
    media = col.media.check()
    assert list(media.missing) == list(media.unused) == []
    assert list(Path(col.media.dir()).iterdir()) == []
    note = _notes(col)[genanki.guid_for(questions["agreement"][0]["key"])]
    card = note.cards()[0]
    shown = "<p>What does <em>MoU</em> stand for? Two words to know:</p>"
    assert shown in card.question()
    assert "<li>memorandum</li>" in card.question()
    explanation = str(render(questions["agreement"][0]["explanation"]))
    assert explanation.startswith("<p>") and explanation in card.answer()


def test_a_formula_reaches_anki_as_the_latex_its_mathjax_typesets(
    col: Collection, questions: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    edited = questions["agreement"][0]
    edited["prompt"] = r"What is \(x^2\) when \(x < 3\)?"
    edited["explanation"] = r"Square it: \[x^2 = x \cdot x\]"
    for path in _export(tmp_path / "first", questions, NOW):
        _import(col, path)
    note = _notes(col)[genanki.guid_for(edited["key"])]
    assert note.fields[0].startswith(r"<p>What is \(x^2\) when \(x &lt; 3\)?</p>")
    assert note.fields[2] == r"<p>Square it: \[x^2 = x \cdot x\]</p>"
    card = note.cards()[0]
    assert r"\(x^2\)" in card.question() and r"\[x^2 = x \cdot x\]" in card.answer()
    assert "<math" not in card.answer()


def _png(colour: tuple[int, int, int]) -> tuple[str, bytes]:
    out = BytesIO()
    Image.new("RGB", (30, 20), colour).save(out, "PNG")
    picture = prepare(out.getvalue())
    return picture.name, picture.data


def test_pictures_reach_anki_as_media_files_its_notes_show(
    col: Collection, questions: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    (map_name, map_data), (flag_name, flag_data) = _png((200, 0, 0)), _png((0, 0, 200))
    unused_name, unused_data = _png((0, 200, 0))
    choice = next(q for q in questions["agreement"] if q["type"] == "choice")
    choice["prompt"] = f"Which flag? ![A map of the coast](picture:{map_name})"
    choice["options"] = [f"![A blue flag](picture:{flag_name})", *choice["options"][1:]]
    if choice["answer"] not in choice["options"]:
        choice["answer"] = choice["options"][0]
    bank = next(b for b in _shipped() if b.slug == "agreement")
    path = tmp_path / "pictures.apkg"
    media = {map_name: map_data, flag_name: flag_data, unused_name: unused_data}
    path.write_bytes(
        apkg.dump(bank.title, bank.slug, questions["agreement"], TITLES, now=NOW, media=media)
    )
    _import(col, path)
    folder = Path(col.media.dir())
    # Anki has the pictures the notes show, byte for byte, and nothing else.
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == {
        map_name: map_data,
        flag_name: flag_data,
    }
    check = col.media.check()
    assert list(check.missing) == list(check.unused) == []
    note = _notes(col)[genanki.guid_for(choice["key"])]
    question = note.cards()[0].question()
    assert f'<img src="{map_name}" alt="A map of the coast" loading="lazy">' in question
    assert f'<img src="{flag_name}" alt="A blue flag" loading="lazy">' in question


def test_a_newer_export_updates_the_notes_in_place(
    col: Collection, questions: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    for path in _export(tmp_path / "first", questions, NOW):
        _import(col, path)
    before = {guid: note.id for guid, note in _notes(col).items()}
    edited = questions["agreement"][0]
    edited["prompt"] = EDITED
    logs = [_import(col, p) for p in _export(tmp_path / "later", questions, NOW + timedelta(1))]
    assert [len(log.new) + len(log.duplicate) for log in logs] == [0] * len(logs)
    assert sum(len(log.updated) for log in logs) == len(before)
    after = _notes(col)
    assert {guid: note.id for guid, note in after.items()} == before
    changed = after[genanki.guid_for(edited["key"])]
    assert changed.fields[0].startswith("<p>What does <em>MoU</em> stand for?")
