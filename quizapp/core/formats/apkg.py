"""Anki decks (.apkg) of a bank, for students who study in Anki.

One deck a bank, its id derived from the bank's slug. Flashcards become notes of a front/back
model; every other question becomes a note of a second model that shows the question (with its
options, left-hand items, shuffled items or blanks) on the front, and on the back the correct
answer, the explanation and the sources. A note's GUID comes from the question key, so importing
a newer export of the same bank updates the notes a student already has.

Fields show what the study pages show: the prompt and the explanation as rendered Markdown (the
same renderer and sanitizer as the pages), options, answers and sources as escaped plain text.
Formulas stay in LaTeX between the delimiters the teacher typed, `\\( ... \\)` and `\\[ ... \\]`,
which is how Anki itself keeps formulas: it typesets them with MathJax, and a student who edits
the note finds the LaTeX that Anki's formula editor works with.

Pictures travel as Anki media: a field shows `<img src="<sha256>.<ext>">` and the package holds
the file under that name, which is how Anki keeps the pictures of a note.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import random
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import genanki

from quizapp.core.formats.common import BLANK
from quizapp.core.grading import CLOZE_BLANK, correct_answer
from quizapp.core.markup import pictures, render, render_text

FLASHCARD_MODEL_ID = 1_394_021_167
QUESTION_MODEL_ID = 1_394_021_168
_BACK = (
    "{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}"
    "{{#Source}}<div class=source>{{Source}}</div>{{/Source}}"
)
_CSS = (
    ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
    ".explanation, .source { margin-top: 1em; }\n.source { font-size: 14px; color: #555; }\n"
)

FLASHCARD_MODEL = genanki.Model(
    FLASHCARD_MODEL_ID,
    "quizapp flashcard",
    fields=[{"name": n} for n in ("Front", "Back", "Explanation", "Source")],
    templates=[
        {
            "name": "Card",
            "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Back}}" + _BACK,
        }
    ],
    css=_CSS,
)
QUESTION_MODEL = genanki.Model(
    QUESTION_MODEL_ID,
    "quizapp question",
    fields=[{"name": n} for n in ("Question", "Answer", "Explanation", "Source")],
    templates=[
        {
            "name": "Question",
            "qfmt": "{{Question}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}" + _BACK,
        }
    ],
    css=_CSS,
)
_NOT_SPEC = frozenset({"key", "type", "explanation", "tags", "cite"})


def deck_id(slug: str) -> int:
    """A deck id that stays the same for a bank from one export to the next."""
    digest = hashlib.sha256(f"quizapp deck {slug}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _html(text: str) -> str:
    if pictures(text):  # drawn, as Anki media; other text stays exactly as it was
        return str(render_text(text, formulas_as="latex", pictures_at="")).replace("\n", "<br>")
    return html.escape(text).replace("\n", "<br>")


def _markdown(text: str) -> str:
    # A plain str: adding Markup to the rest of a field would escape the rest.
    return str(render(text, formulas_as="latex", pictures_at=""))


def _listed(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{_html(item)}</li>" for item in items) + "</ul>"


def shuffled(key: str, items: Sequence[str]) -> list[str]:
    """The items in an order fixed by the key, never the correct one when there is another."""
    mixed = list(items)
    random.Random(key).shuffle(mixed)
    if mixed == list(items) and len(items) > 1:
        mixed = mixed[1:] + mixed[:1]
    return mixed


def front(raw: Mapping[str, Any]) -> str:
    """The question side of a note, as HTML."""
    qtype = raw["type"]
    if qtype == "cloze":
        return _markdown(CLOZE_BLANK.sub(BLANK, raw["prompt"]))
    prompt = _markdown(raw["prompt"])
    if qtype in {"choice", "multi"}:
        return prompt + _listed(raw["options"])
    if qtype == "matching":
        return prompt + _listed([left for left, _ in raw["pairs"]])
    if qtype == "ordering":
        return prompt + _listed(shuffled(raw["key"], raw["items"]))
    if qtype == "truefalse":
        return prompt + "<p>True or false?</p>"
    return prompt


def sources(cites: Sequence[object], article_titles: Mapping[str, str]) -> str:
    """Where the answer comes from: each article's title and paragraph, one a line, as HTML."""
    lines = []
    for cite in cites:
        article, _, paragraph = str(cite).rpartition("#")
        lines.append(f"{article_titles.get(article, article)}, paragraph {paragraph}")
    return "<br>".join(_html(line) for line in lines)


def _note(raw: Mapping[str, Any], article_titles: Mapping[str, str]) -> genanki.Note:
    explanation = _markdown(raw.get("explanation", ""))
    source = sources(raw.get("cite", []), article_titles)
    if raw["type"] == "flashcard":
        model, answer = FLASHCARD_MODEL, str(raw["answer"])
    else:
        spec = {k: v for k, v in raw.items() if k not in _NOT_SPEC}
        model, answer = QUESTION_MODEL, correct_answer(raw["type"], spec)
    return genanki.Note(
        model=model,
        fields=[front(raw), _html(answer), explanation, source],
        tags=[re.sub(r"\s+", "_", tag.strip()) for tag in raw.get("tags", [])],
        guid=genanki.guid_for(raw["key"]),
    )


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def shown_pictures(questions: Sequence[Mapping[str, Any]]) -> list[str]:
    """The names of the pictures the questions show, each once, in a fixed order."""
    found = {
        name
        for raw in questions
        for text in _texts(list(raw.values()))
        for _, name in pictures(text)
    }
    return sorted(found)


def _zipped(database: bytes, media: Mapping[str, bytes]) -> bytes:
    # An .apkg holds each media file as a numbered entry and a "media" map of number -> name.
    numbered = {str(n): name for n, name in enumerate(media)}
    files = [
        ("collection.anki2", database),
        ("media", json.dumps(numbered).encode()),
        *((n, media[name]) for n, name in numbered.items()),
    ]
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def dump(
    title: str,
    slug: str,
    questions: Sequence[Mapping[str, Any]],
    article_titles: Mapping[str, str],
    *,
    now: datetime | None = None,
    media: Mapping[str, bytes] | None = None,
) -> bytes:
    """An .apkg file with one deck of the bank's questions. `now` dates the notes; Anki
    updates a note on import only when the file's is newer. `media` holds the bank's pictures by
    name; those the questions show go into the package."""
    deck = genanki.Deck(deck_id(slug), title)
    for raw in questions:
        deck.add_note(_note(raw, article_titles))
    stamp = (now or datetime.now(UTC)).timestamp()
    # genanki's own write_to_file leaves its database in the system's temporary folder; writing
    # the database here keeps it in a folder that is removed.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        with closing(sqlite3.connect(path)) as connection:
            ids = itertools.count(int(stamp * 1000))
            genanki.Package(deck).write_to_db(connection.cursor(), stamp, ids)
            connection.commit()
        given = media or {}
        shown = {name: given[name] for name in shown_pictures(questions) if name in given}
        return _zipped(path.read_bytes(), shown)
