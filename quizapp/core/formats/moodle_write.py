"""Moodle XML written out: `dump` (see `moodle_xml` for what it reads back); every quizapp type
has a Moodle form. A flashcard is a short answer whose one answer is its back, tagged
`quizapp:flashcard`; each citation is a tag `quizapp:cite:<source>#<paragraph>`. A short answer
whose answers are formulas is tagged `quizapp:formula`, so it comes back graded by meaning; Moodle
has no such grading and compares the text as written, which a comment before it says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import Comment, Element, SubElement, indent, tostring

from quizapp.core.formats.moodle_cloze import cloze_html
from quizapp.core.formats.moodle_files import attach
from quizapp.core.formats.moodle_text import SOURCE, Kind, html_of, literal

FLASHCARD = "quizapp:flashcard"
FORMULA = "quizapp:formula"
CITE = "quizapp:cite:"
MAIN = "answer"  # marks quizapp's answer among several right options
_MOODLE_TYPES = {
    "choice": "multichoice",
    "multi": "multichoice",
    "truefalse": "truefalse",
    "short": "shortanswer",
    "flashcard": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "cloze": "cloze",
}


def _text(
    parent: Element, name: str, text: str, kind: Kind, html: str | None = None, **attrs: str
) -> Element:
    """An element holding a text as Moodle reads it, with quizapp's own text beside it."""
    element = SubElement(parent, name, {"format": "html"} if kind != "raw" else {}, **attrs)
    SubElement(element, "text").text = html_of(text, kind) if html is None else html
    if kind != "raw":
        SubElement(element, SOURCE).text = text
    return element


def _value(parent: Element, name: str, text: str) -> None:
    SubElement(parent, name).text = text


def _percent(fraction: Decimal) -> str:
    """A fraction as a percentage, written exactly (a share is rounded where it is made)."""
    return f"{fraction.normalize():f}"


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def _answer(
    parent: Element, text: str, fraction: Decimal, kind: Kind, feedback: str | None
) -> Element:
    answer = _text(parent, "answer", text, kind, fraction=_percent(fraction))
    if feedback:
        _text(answer, "feedback", feedback, "rich")
    return answer


def _choice(question: Element, raw: dict[str, Any]) -> None:
    _value(question, "single", "true" if raw["type"] == "choice" else "false")
    _value(question, "shuffleanswers", "true")
    _value(question, "answernumbering", "abc")
    feedback = raw.get("feedback", {})
    if raw["type"] == "choice":
        right = {raw["answer"], *raw.get("also_right", [])}
        credit = {o: Decimal(repr(f)) * 100 for o, f in raw.get("credit", {}).items()}
        fractions = {
            o: Decimal(100) if o in right else credit.get(o, Decimal(0)) for o in raw["options"]
        }
    else:
        # quizapp takes off one right option's share for each wrong pick, as these fractions do
        # a third is written 33.33333 as Moodle writes it; a teacher's credit is written exactly,
        # so that it reads back the same (Moodle rounds it to its own 7 decimals of a point)
        share = (Decimal(100) / len(raw["answers"])).quantize(Decimal("0.00001"))
        fractions = {o: share if o in raw["answers"] else -share for o in raw["options"]}
    for option in raw["options"]:
        answer = _answer(question, option, fractions[option], "option", feedback.get(option))
        if raw["type"] == "choice" and option == raw["answer"] and raw.get("also_right"):
            # Moodle has no first among its right options; quizapp shows its answer as the one
            answer.find(SOURCE).set(MAIN, "true")  # type: ignore[union-attr]


def _truefalse(question: Element, raw: dict[str, Any]) -> None:
    feedback = raw.get("feedback", {})
    for word in ("true", "false"):
        right = raw["answer"] == (word == "true")
        _answer(question, word, Decimal(100 if right else 0), "raw", feedback.get(word))


def _short(question: Element, raw: dict[str, Any]) -> None:
    _value(question, "usecase", "0")
    feedback = raw.get("feedback", {})
    answers = raw["answers"] if raw["type"] == "short" else [raw["answer"]]
    for answer in answers:
        _answer(question, literal(answer), Decimal(100), "raw", feedback.get(answer))
    if feedback.get("*"):
        _answer(question, "*", Decimal(0), "raw", feedback["*"])


def _numeric(question: Element, raw: dict[str, Any]) -> None:
    feedback = raw.get("feedback", {})
    answer = _answer(question, _number(raw["answer"]), Decimal(100), "raw", feedback.get("="))
    if "tolerance" in raw:
        _value(answer, "tolerance", _number(raw["tolerance"]))
    if feedback.get("*"):
        _answer(question, "*", Decimal(0), "raw", feedback["*"])
    if "unit" in raw:
        unit = SubElement(SubElement(question, "units"), "unit")
        _value(unit, "multiplier", "1")
        _value(unit, "unit_name", raw["unit"])


def _matching(question: Element, raw: dict[str, Any]) -> None:
    _value(question, "shuffleanswers", "true")
    for left, right in raw["pairs"]:
        sub = _text(question, "subquestion", left, "option")
        SubElement(SubElement(sub, "answer"), "text").text = right


def _ordering(question: Element, raw: dict[str, Any]) -> None:
    # All items shown, credit for each item in its right place: how quizapp grades an ordering
    _value(question, "layouttype", "VERTICAL")
    _value(question, "selecttype", "ALL")
    _value(question, "selectcount", "0")
    _value(question, "gradingtype", "ABSOLUTE_POSITION")
    for place, item in enumerate(raw["items"], 1):
        _answer(question, item, Decimal(place), "option", None)


def _gaps_in_text(question: Element, raw: dict[str, Any]) -> None:
    """A cloze's gaps are written in its text (`cloze_html`), as Moodle writes them."""


_BODIES: dict[str, Callable[[Element, dict[str, Any]], None]] = {
    "choice": _choice,
    "multi": _choice,
    "truefalse": _truefalse,
    "short": _short,
    "flashcard": _short,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    "cloze": _gaps_in_text,
}


def _question(raw: dict[str, Any]) -> Element:
    question = Element("question", type=_MOODLE_TYPES[raw["type"]])
    SubElement(SubElement(question, "name"), "text").text = raw["key"]
    gaps = cloze_html(raw["prompt"]) if raw["type"] == "cloze" else None
    _text(question, "questiontext", raw["prompt"], "rich", gaps)
    _text(question, "generalfeedback", raw.get("explanation", ""), "rich")
    _value(question, "defaultgrade", "1")
    _value(question, "hidden", "0")
    _BODIES[raw["type"]](question, raw)
    tags = [*raw.get("tags", []), *([FLASHCARD] if raw["type"] == "flashcard" else [])]
    tags += [FORMULA] if raw.get("formula") else []
    tags += [CITE + str(cite) for cite in raw.get("cite", [])]
    if tags:
        holder = SubElement(question, "tags")
        for tag in tags:
            SubElement(SubElement(holder, "tag"), "text").text = tag
    return question


_FORMULA_NOTE = (
    " quizapp: the answers of the next question are formulas, graded by what they mean (x/2 and "
    "0.5x alike); Moodle compares the answer as written. Its tag quizapp:formula keeps this for "
    "quizapp. "
)


def dump(questions: Sequence[dict[str, Any]], media: Mapping[str, bytes] | None = None) -> str:
    """Moodle XML for quizapp questions, in their order; the same questions give the same text.
    `media` holds the bank's pictures by name; each text carries those it shows."""
    quiz = Element("quiz")
    for raw in questions:
        if raw.get("formula"):
            quiz.append(Comment(_FORMULA_NOTE))
        question = _question(raw)
        attach(question, media or {})
        quiz.append(question)
    indent(quiz)
    body = tostring(quiz, "unicode", short_empty_elements=False)  # <text></text>, as Moodle writes
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
