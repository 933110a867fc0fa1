"""Cloze questions in Moodle XML: quizapp's {{blanks}} written as Moodle's short-answer gaps
`{1:SHORTANSWER:=form~=form}` in the question's HTML, and Moodle's gaps read back; a question
whose gaps are not all short answers (MULTICHOICE, NUMERICAL…) has no quizapp form. A gap's
feedback (`=Paris#Yes!`) has no place in a quizapp blank: it is listed as not kept.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from xml.etree.ElementTree import Element

from quizapp.core.formats.html_text import text_of
from quizapp.core.formats.moodle_files import pictures_of
from quizapp.core.formats.moodle_text import SOURCE, WILDCARD, converted
from quizapp.core.formats.moodle_types import Read, Refused
from quizapp.core.grading import CLOZE_BLANK
from quizapp.core.markup import MOODLE_FILES, pictures, render

_GAP = "\ue100{}\ue101"  # holds a gap's place while the text around it is converted
_HELD_GAP = re.compile("\ue100([0-9]+)\ue101")
_CLOZE_SPECIAL = re.compile(r'([}#~/"\\*])')  # * too: a wildcard in a short answer


def moodle_gap(forms: list[str]) -> str:
    """A cloze blank as a Moodle short-answer gap, every form fully right."""
    written = [_CLOZE_SPECIAL.sub(r"\\\1", html.escape(form, quote=False)) for form in forms]
    return "{1:SHORTANSWER:" + "~".join("=" + form for form in written) + "}"


def cloze_html(prompt: str) -> str:
    """A cloze prompt as the text of a Moodle cloze (multianswer) question."""
    blanks = [[f.strip() for f in m.group(1).split("|")] for m in CLOZE_BLANK.finditer(prompt)]
    numbers = iter(range(len(blanks)))
    held = CLOZE_BLANK.sub(lambda _m: _GAP.format(next(numbers)), prompt)
    rendered = str(render(held, formulas_as="latex", pictures_at=MOODLE_FILES))
    return _HELD_GAP.sub(lambda m: moodle_gap(blanks[int(m.group(1))]), rendered)


_SUBQUESTION = re.compile(r"\{([0-9]*):([A-Za-z_]+)(?::(.*?))?(?<!\\)\}", re.DOTALL)
_SHORT_GAPS = {"SHORTANSWER", "SA", "MW"}
_CASED_GAPS = {"SHORTANSWER_C", "SAC", "MWC"}
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_WEIGHT = re.compile(r"^(?:=|%(-?[0-9.]+)%)")


def _split(body: str, mark: str) -> list[str]:
    return re.split(r"(?<!\\)" + re.escape(mark), body)


def _unescaped(text: str) -> str:
    return text_of(_UNESCAPE.sub(r"\1", text))


def _feedback(gap: str, answer: str, dropped: list[str]) -> str:
    """The answer's text before its `#feedback`; quizapp's blanks have no feedback, so any is
    listed as not kept."""
    text, *said = _split(answer, "#")
    feedback = _unescaped("#".join(said))
    if feedback.strip():
        weight = _WEIGHT.match(text)
        form = _unescaped(text[weight.end() :] if weight else text)
        dropped.append(f"the feedback {feedback!r} on the answer {form!r} in the gap {gap!r}")
    return text


def _gap(found: re.Match[str], lost: list[str], dropped: list[str]) -> str:
    kind, body = found.group(2).upper(), found.group(3) or ""
    if kind not in _SHORT_GAPS | _CASED_GAPS:
        raise Refused(f"the gap {found.group(0)!r} is a {kind} gap: quizapp's gaps are typed")
    if kind in _CASED_GAPS:
        lost.append(f"the case-sensitive gap {found.group(0)!r}")
    forms = []
    for answer in _split(body, "~"):
        text = _feedback(found.group(0), answer, dropped)
        if WILDCARD.search(text):
            lost.append(f"the wildcard * in the gap {found.group(0)!r}")
        weight = _WEIGHT.match(text)
        form = _unescaped(text[weight.end() :] if weight else text)
        if weight and (weight.group(1) is None or Decimal(weight.group(1)) >= 100):
            forms.append(form)
        elif weight and Decimal(weight.group(1)) != 0:
            lost.append(f"the partial fraction {weight.group(1)}% of {form!r} in a gap")
    if not forms or any("|" in f or "}}" in f or not f for f in forms):
        raise Refused(f"the gap {found.group(0)!r} has no fully right answer quizapp can hold")
    return "{{" + "|".join(forms) + "}}"


def read_cloze(question: Element, fmt: str) -> Read:
    """A Moodle cloze as a quizapp cloze: quizapp's own prompt while the HTML is as quizapp wrote
    it, else the HTML's text with each short-answer gap as a blank."""
    body = (question.findtext("questiontext/text") or "").strip()
    source = question.findtext(f"questiontext/{SOURCE}")
    text = question.find("questiontext")
    shown = pictures_of(text) if text is not None else {}
    # quizapp's own prompt is taken only when the pictures it shows travel with it
    travel = source is not None and all(n in shown.values() for _, n in pictures(source))
    if source is not None and travel and cloze_html(source) == body:
        return Read({"type": "cloze", "prompt": source})
    lost: list[str] = []
    dropped: list[str] = []
    gaps = [_gap(found, lost, dropped) for found in _SUBQUESTION.finditer(body)]
    if not gaps:
        raise Refused("a cloze question with no gaps")
    numbers = iter(range(len(gaps)))
    held = _SUBQUESTION.sub(lambda _m: _GAP.format(next(numbers)), body)
    prompt = _HELD_GAP.sub(lambda m: gaps[int(m.group(1))], converted(held, fmt, "rich", shown))
    return Read({"type": "cloze", "prompt": prompt}, lost, dropped)
