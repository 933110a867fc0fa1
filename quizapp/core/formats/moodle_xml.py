"""Moodle XML, Moodle's lossless question format: `parse` reads a file, `dump` writes one.

Reading (each problem on the line of its <question>): multichoice with one answer is a choice
(fraction 100 the answer, other 100s `also_right`, fractions between 0 and 100 `credit`), with
several a multi (the options with a positive fraction); truefalse; shortanswer (its 100% answers);
numerical (one 100% number, its tolerance, the unit of multiplier 1); matching; ordering; cloze
where every gap is a short answer. <name> is the key when it is a free, valid key, the general
feedback the explanation, <tags> the tags; each answer's feedback is kept under `feedback`
(option text, "true"/"false", an accepted answer, "=" for the right number, "*" for any other).
Categories are skipped. A multi is kept when each wrong option's fraction is minus one right
option's share, as quizapp grades it (what `dump` writes); at 0% a wrong pick costs nothing in
Moodle, so that multi is left out.
Whatever quizapp cannot keep is listed in `Parsed.left_out` for the preview, naming the question
and the feature, and the rest of the file imports: a question of another type, or one quizapp would
grade otherwise (a fraction it has no place for, case-sensitive answers, wildcards, other units),
is left out whole; hints, images and other files, changed standard feedback, a matching
question's extra items, the feedback on a wrong typed answer and the feedback in a cloze's gaps
are left out of a question that is kept.

quizapp's own data travels as tags Moodle keeps: `quizapp:flashcard` on a short answer that is a
flashcard, `quizapp:formula` on one whose answers are formulas, `quizapp:cite:<source>#<paragraph>`
for each citation.
The file is parsed with defusedxml: entity declarations and external references are refused.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from quizapp.core.formats import moodle_types as types
from quizapp.core.formats.common import (
    BOM,
    DEFAULTS,
    FileProblem,
    ImportDefaults,
    Imported,
    Keys,
    LeftOut,
    Parsed,
    finish,
    with_defaults,
)
from quizapp.core.formats.html_text import media_in
from quizapp.core.formats.moodle_cloze import read_cloze
from quizapp.core.formats.moodle_files import Files, pictures_of, shown, take_files
from quizapp.core.formats.moodle_text import read_text
from quizapp.core.formats.moodle_write import CITE, FLASHCARD, FORMULA, dump

__all__ = ["dump", "parse"]

HINTS = {
    "cite": "add a tag quizapp:cite:<source>#<paragraph> to the question in Moodle",
    "tags": "add a tag easy, medium or hard to the question in Moodle",
}

_READERS = {
    "multichoice": types.multichoice,
    "truefalse": types.truefalse,
    "shortanswer": types.shortanswer,
    "numerical": types.numerical,
    "matching": types.matching,
    "ordering": types.ordering,
}
_CLOZE = ("cloze", "multianswer")
_WHY_NOT = {
    "essay": "quizapp grades every answer itself, and nobody marks essays",
    "description": "it is a text with no question to answer",
    "random": "it stands for a question drawn from a Moodle category",
    "randomsamatch": "its pairs are drawn from other Moodle questions",
    "calculated": "its numbers are drawn from Moodle datasets",
    "calculatedsimple": "its numbers are drawn from Moodle datasets",
    "calculatedmulti": "its numbers are drawn from Moodle datasets",
    "ddwtos": "quizapp has no drag-and-drop questions",
    "ddimageortext": "quizapp has no drag-and-drop questions",
    "ddmarker": "quizapp has no drag-and-drop questions",
    "gapselect": "quizapp's gaps are typed, not picked from a list",
}
# Moodle never writes these; they can make a small file huge or read files on the server.
# Entities are declared, and other files named, in a DTD: refusing it refuses them all.
_REFUSED = (
    "the file has a document type declaration (<!DOCTYPE>), which Moodle never writes and "
    "quizapp does not read: its entities can make a small file huge or read other files"
)
_DEFAULT_FEEDBACK = {
    "correctfeedback": "Your answer is correct.",
    "partiallycorrectfeedback": "Your answer is partially correct.",
    "incorrectfeedback": "Your answer is incorrect.",
}


class _Lines(TreeBuilder):
    """Builds the tree and notes the line each <question> starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if tag == "question" and self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def _tree(text: str) -> tuple[Element, dict[int, int]]:
    """The file's root and its questions' lines; FileProblem for a file that is not safe XML."""
    builder = _Lines()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(text.removeprefix(BOM))
        return parser.close(), builder.lines
    except ParseError as error:
        line = error.position[0]
        reason = str(error).split(":")[0]
        message = f"not well-formed XML ({reason}): is this a Moodle XML file, saved whole?"
        raise _Unsafe(FileProblem(line, None, message)) from None
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden):
        line = parser.parser.CurrentLineNumber
        raise _Unsafe(FileProblem(line, None, _REFUSED)) from None


class _Unsafe(Exception):
    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _tags(question: Element) -> tuple[list[str], list[str], set[str]]:
    """The question's tags, its citations and quizapp's own marks (flashcard, formula)."""
    tags, cites, marks = [], [], set()
    for tag in question.findall("tags/tag"):
        text = (tag.findtext("text") or "").strip()
        if text in (FLASHCARD, FORMULA):
            marks.add(text)
        elif text.startswith(CITE):
            cites.append(text.removeprefix(CITE))
        elif text:
            tags.append(text)
    return tags, cites, marks


def _marked(spec: dict[str, Any], marks: set[str]) -> tuple[dict[str, Any], list[str]]:
    """The question as quizapp's own tags make it: answers that are formulas, or a flashcard;
    a mark with no place on the question is listed as not kept."""
    used = set()
    if spec["type"] == "short" and FORMULA in marks:
        rest = {k: v for k, v in spec.items() if k not in ("type", "answers")}
        spec = {"type": "short", "answers": spec["answers"], "formula": True, **rest}
        used.add(FORMULA)
    elif spec["type"] == "short" and FLASHCARD in marks and len(spec["answers"]) == 1:
        spec = {"type": "flashcard", "answer": spec["answers"][0]}
        used.add(FLASHCARD)
    return spec, [
        f"the tag {mark}, which has no place on this question" for mark in sorted(marks - used)
    ]


def _lost_media(question: Element, files: Files) -> list[str]:
    """The files that are no picture quizapp can show, and what a text shows that is not one of
    the question's pictures (a picture from another site, a video)."""
    lost = list(files.refused)
    if question.find("image") is not None or question.find("image_base64") is not None:
        lost.append("its image (Moodle's old <image> field)")
    for holder in question.iter():
        body = holder.findtext("text") if holder.tag != "name" else None
        if body:
            lost.extend(media_in(body, pictures_of(holder)))
    return lost


def _lost_extras(question: Element, files: Files) -> list[str]:
    lost = _lost_media(question, files)
    if any((hint.findtext("text") or "").strip() for hint in question.findall("hint")):
        lost.append("its hints")
    for name, default in _DEFAULT_FEEDBACK.items():
        said = read_text(question.find(name), "option")  # its words, whatever the markup
        if said and said != default:
            lost.append(f"its {name} {said!r}")
    return lost


def _read(question: Element, qtype: str, fmt: str) -> types.Read:
    if qtype in _CLOZE:
        return read_cloze(question, fmt)
    if qtype not in _READERS:
        why = _WHY_NOT.get(qtype, "quizapp has no question of that kind")
        raise types.Refused(f"a Moodle {qtype or 'untyped'} question ({why})")
    return _READERS[qtype](question, fmt)


def _a(words: str) -> str:
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"


def _question(
    question: Element, line: int, keys: Keys, defaults: ImportDefaults
) -> tuple[Imported | None, list[LeftOut], Files]:
    files = take_files(question)  # before any text is read: the texts name its pictures
    imported, notes = _read_question(question, line, keys, defaults, files)
    return imported, notes, files


def _read_question(
    question: Element, line: int, keys: Keys, defaults: ImportDefaults, files: Files
) -> tuple[Imported | None, list[LeftOut]]:
    qtype = question.get("type", "")
    name = (question.findtext("name/text") or "").strip()
    called = f"question {name!r}" if name else _a(f"{qtype or 'untyped'} question")
    text = question.find("questiontext")
    fmt = (text.get("format") if text is not None else None) or "moodle_auto_format"
    prompt = read_text(text, "rich", fmt)
    try:
        found = _read(question, qtype, fmt)
    except types.Refused as refused:
        # No key: the question gets none, and its Moodle name is already in the message.
        return None, [LeftOut(line, None, f"{called} is left out: {refused}")]
    if found.lost:  # kept, it would be graded otherwise than in Moodle
        why = "; ".join(found.lost)
        return None, [LeftOut(line, None, f"{called} is left out: quizapp cannot keep {why}")]
    tags, cites, marks = _tags(question)
    spec, unmarked = _marked(found.spec, marks)
    key = keys.choose(name or None, prompt)
    explanation = read_text(question.find("generalfeedback"), "rich", fmt)
    raw: dict[str, Any] = {"key": key, "prompt": prompt, **spec, "explanation": explanation}
    lost = found.dropped + unmarked + _lost_extras(question, files)
    notes = [LeftOut(line, key, f"not kept: {what}") for what in lost]
    return Imported(with_defaults(_ordered(raw), tags, cites, defaults), line), notes


def _ordered(raw: dict[str, Any]) -> dict[str, Any]:
    """The fields in a bank file's order: key, type, prompt, the type's, explanation."""
    head = {name: raw[name] for name in ("key", "type", "prompt")}
    rest = {k: v for k, v in raw.items() if k not in head and k != "explanation"}
    return {**head, **rest, "explanation": raw["explanation"]}


def parse(
    text: str, prefix: str, taken: Collection[str], defaults: ImportDefaults = DEFAULTS
) -> Parsed:
    """The questions of a Moodle XML file and every problem, by the line of its question."""
    try:
        root, lines = _tree(text)
    except _Unsafe as unsafe:
        return Parsed((), (unsafe.problem,))
    if root.tag not in ("quiz", "question"):
        message = f"a Moodle XML file holds <quiz>, not <{root.tag}>"
        return Parsed((), (FileProblem(1, None, message),))
    keys = Keys(prefix, taken)
    questions, notes, files = [], [], Files()
    for question in [root] if root.tag == "question" else root.findall("question"):
        if question.get("type") == "category":
            continue
        imported, found, held = _question(question, lines.get(id(question), 1), keys, defaults)
        notes.extend(found)
        if imported is not None:
            questions.append(imported)
            files.pictures.update(held.pictures)
    parsed = finish(questions, [], HINTS, defaults.rule, notes)
    return replace(parsed, pictures=shown([q.raw for q in questions], files.pictures))
