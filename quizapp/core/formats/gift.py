"""GIFT, Moodle's text format for questions: `parse` reads a file, `dump` writes one.

Reading follows Moodle's importer: questions separated by blank lines, `//` comment lines,
`::title::` (the key when it is a free, valid key), `$CATEGORY:` lines ignored, format markers
dropped ([html] text turned into quizapp's Markdown, answers into their words; a text without a
marker has its question's format, as in Moodle),
escapes `\\~ \\= \\# \\{ \\} \\: \\\\` and `\\n` for a line break.
General feedback (`####...`) is the explanation; answer feedback (`=option#text`) is the
question's `feedback` for that answer: an option (choice, multi), an accepted answer (short;
`=%0%*#text` is the one for any other answer), `{T#if they answer false#if true}` (truefalse: the
first text goes to the wrong answer, as in Moodle), `{#=3:0.1#text ~#any other}` (numeric).
What quizapp cannot keep is listed in `Parsed.left_out` for the preview, never dropped unseen:
essays and descriptions (the question), and a matching question's distractors (`=-> extra`).
A multiple-choice question with several right answers (= or ~%100%) is a choice whose first =
is the answer and whose others are `also_right`, as in Moodle, where picking any one is right;
with one = an option weighted between 0% and 100% (`~%50%option`) earns that share (`credit`).
Numbers are read as the decimals written: a range a..b is kept as its midpoint and half-width.

quizapp's own data travels in comment lines right above a question, which Moodle ignores:
`// tags: a, b, medium`, `// cite: 000_x.txt#5, 003_y.txt#9` (both comma-separated, so a tag
cannot hold a comma), `// unit: years` for a numeric question, and `// type: flashcard` or
`// type: cloze` for the two quizapp types GIFT writes as a short-answer question.

What `dump` does with the types GIFT has no form for:
- flashcard: a short-answer question whose one accepted answer is the back, marked
  `// type: flashcard` so quizapp reads it back as a flashcard (Moodle sees a short answer).
- cloze with one blank: a missing-word question, `before {=form =form} after`, which reads
  back as the cloze; when the blank ends the prompt Moodle would see a plain short answer, so
  `// type: cloze` is written too.
- cloze with several blanks, and ordering: left out, with a comment
  `// quizapp: <key> left out: <why>` in their place.
Two escapes only quizapp reads (Moodle shows the backslash): `-\\>` for "->" in a short answer
or the left side of a matching pair, where Moodle would take it for a matching arrow. An answer
starting with % gets an explicit weight (%0% or %100%) so that its text is not read as one; a
text starting with a format marker such as [html] gets [markdown] in front of it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from quizapp.core.answer_checks import ANY_OTHER, RIGHT_NUMBER
from quizapp.core.formats.common import (
    BLANK,
    DEFAULTS,
    FileProblem,
    ImportDefaults,
    Imported,
    Keys,
    LeftOut,
    Parsed,
    finish,
    lines_of,
    split_list,
    with_defaults,
)
from quizapp.core.formats.gift_numbers import NumberProblem, numeric_spec
from quizapp.core.formats.gift_write import _FORMAT, dump, left_out
from quizapp.core.formats.html_text import markdown_of, media_in, text_of
from quizapp.core.grading import cloze_blanks

HINTS = {
    "cite": "write '// cite: nbc-lunar#5' (a source and a paragraph) directly above the question",
    "tags": "write '// tags: medium' on a line directly above the question",
}

# An escaped character is swapped for a private-use character while the question is taken
# apart, so that it cannot be read as GIFT syntax, and swapped back in the texts.
_ESCAPED = {c: chr(0xE000 + n) for n, c in enumerate("\\~=#{}:>n")}
_RESTORE = str.maketrans({v: ("\n" if c == "n" else c) for c, v in _ESCAPED.items()})
_RESERVED = re.compile("[\ue000-\ue008]")
_ESCAPE_SEQUENCE = re.compile(r"\\(.)", re.DOTALL)
_META = re.compile(r"^//\s*(tags|cite|unit|type)\s*:(.*)$", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_MARKERS = re.compile(r"([~=])")
_TRUTH = {"t": True, "true": True, "f": False, "false": False}


class _Unreadable(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _NotKept(Exception):
    """A question of a kind quizapp has no type for (an essay, a description): the preview
    lists it as left out and the rest of the file imports."""

    def __init__(self, what: str, title: str | None) -> None:
        super().__init__(what)
        self.what = what
        self.title = title


# Where a reader puts what it leaves out of a question it keeps, for _read to list.
_LEFT_OUT = "_left_out"


def _protect(text: str) -> str:
    return _ESCAPE_SEQUENCE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(0)), text)


def _plain(text: str) -> str:
    return text.translate(_RESTORE)


def _is_html(protected: str, html: bool) -> bool:
    """Whether a text is HTML: marked [html], or unmarked in a question whose text is HTML."""
    found = _FORMAT.match(protected)
    return found.group(0).strip().lower() == "[html]" if found else html


def _text(protected: str, html: bool = False, words: bool = False) -> str:
    """A text of the question without format marker, escapes or outer spaces; HTML becomes
    quizapp's Markdown, or its words only (`words`) for an answer, which is shown as written."""
    text = _plain(_FORMAT.sub("", protected, count=1)).strip()
    if not _is_html(protected, html):
        return text
    return text_of(text) if words else markdown_of(text)


@dataclass
class _Block:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    meta: dict[str, str] = field(default_factory=dict)


def _blocks(text: str) -> list[_Block]:
    """The questions of a file: runs of lines between blank lines, without comments."""
    blocks = [_Block()]
    for number, line in enumerate(lines_of(text), 1):
        stripped = line.strip()
        current = blocks[-1]
        if not stripped:
            if current.lines or current.meta:
                blocks.append(_Block())
        elif stripped.startswith("//"):
            found = _META.match(stripped)
            if found and not current.lines:
                current.meta[found.group(1).lower()] = found.group(2).strip()
        elif not (stripped.startswith("$CATEGORY:") and not current.lines):
            current.lines.append((number, stripped))
    return [block for block in blocks if block.lines]


class _Source:
    """One question's text with its escapes protected, and the file line of any position."""

    def __init__(self, block: _Block) -> None:
        self.numbers = [number for number, _ in block.lines]
        self.text = _protect("\n".join(text for _, text in block.lines))

    def line(self, offset: int) -> int:
        return self.numbers[self.text.count("\n", 0, offset)]


def _title(source: _Source) -> tuple[str | None, int]:
    if not source.text.startswith("::"):
        return None, 0
    end = source.text.find("::", 2)
    if end < 0:
        raise _Unreadable(
            "the title opened with :: is not closed: write ::title:: then the question"
        )
    return _plain(source.text[2:end]).strip(), end + 2


def _braces(source: _Source, start: int) -> tuple[int, int]:
    """Where the answers open and close; the question must have exactly one such block."""
    text = source.text
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        raise _NotKept(
            "left out: a description (text with no answers in braces { }) is not a question"
            " quizapp keeps (if it is meant as a question, add its answers; a literal brace"
            " is written \\{ or \\})",
            None,
        )
    if closing < 0:
        raise _Unreadable("the answers opened with { are not closed with }", source.line(opening))
    if opening < 0 or closing < opening:
        raise _Unreadable(
            "a } without a { before it: write a literal brace as \\}", source.line(closing)
        )
    inner = text.find("{", opening + 1, closing)
    if inner >= 0:
        raise _Unreadable(
            "a { inside the answers: write a literal brace as \\{", source.line(inner)
        )
    extra = re.search(r"[{}]", text[closing + 1 :])
    if extra:
        raise _Unreadable(
            "a second block of answers: separate questions with a blank line"
            " (a literal brace is written \\{ or \\})",
            source.line(closing + 1 + extra.start()),
        )
    return opening, closing


def _answers(text: str) -> list[tuple[str, str]]:
    """Each answer's marker (~ or =) and the rest of it."""
    pieces = _MARKERS.split(text)
    if pieces[0].strip():
        raise _Unreadable("text before the first answer: start each answer with ~ or =")
    return [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces), 2)]


def _weight(body: str) -> tuple[Decimal | None, str]:
    """An answer's weight in percent, as written, and the rest of the answer."""
    body = body.lstrip()
    found = _WEIGHT.match(body)
    return (Decimal(found.group(1)), body[found.end() :]) if found else (None, body)


def _with_feedback(body: str, html: bool) -> tuple[str, str]:
    """An answer's text, shown as written, and its feedback (Markdown; "" when none)."""
    answer, _, feedback = body.partition("#")
    return _text(answer, html, words=True), _text(feedback, html)


def _keyed(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The `feedback` field of the answers that have some, or nothing."""
    feedback = {key: text for key, text in pairs if text}
    return {"feedback": feedback} if feedback else {}


def _choice(text: str, html: bool) -> tuple[str, dict[str, Any]]:
    """One right option when any is marked = (any other = or ~%100% is right as well, as in
    Moodle, where a student picks one), else several right ones by their positive weights."""
    options: list[str] = []
    marked: list[str] = []
    full: list[str] = []
    weights: dict[str, Decimal] = {}
    feedback: list[tuple[str, str]] = []
    for marker, body in _answers(text):
        weight, rest = _weight(body) if marker == "~" else (None, body)
        option, said = _with_feedback(rest, html)
        options.append(option)
        feedback.append((option, said))
        marked += [option] if marker == "=" else []
        full += [option] if marker == "=" or (weight or 0) >= 100 else []
        weights[option] = weight or Decimal(0)
    if marked:
        _no_marks_off(weights)
        return "choice", _one_right(options, marked[0], full, weights) | _keyed(feedback)
    weighted = [option for option in options if weights[option] > 0]
    if weighted:
        _shares_as_quizapp_counts(weights, weighted)
        return "multi", {"options": options, "answers": weighted, **_keyed(feedback)}
    raise _Unreadable("no right answer: mark it with = (or several with weights such as ~%50%)")


def _no_marks_off(weights: dict[str, Decimal]) -> None:
    """A one-right question in which an option takes marks off, which quizapp never does."""
    taken = [f"{o!r} ({w}%)" for o, w in weights.items() if w < 0]
    if taken:
        raise _NotKept(
            f"left out: the option {', '.join(taken)} takes marks off, and quizapp scores a"
            " wrong option 0 in a one-right question",
            None,
        )


def _near(weight: Decimal, share: Decimal) -> bool:
    return abs(weight - share) <= Decimal("0.01")  # 33.33333 is a third


def _shares_as_quizapp_counts(weights: dict[str, Decimal], right: list[str]) -> None:
    """quizapp scores a several-right question as right options picked minus wrong ones picked,
    each worth one share: a question weighted otherwise would be graded otherwise. Moodle's own
    way, wrong options at 0%, lets a student tick every box for full marks."""
    share = Decimal(100) / len(right)
    if all(_near(weights[o], share) for o in right) and all(
        _near(w, -share) for o, w in weights.items() if o not in right
    ):
        return
    written = ", ".join(f"{o!r} {w}%" for o, w in weights.items())
    raise _NotKept(
        f"left out: its weights ({written}) would be graded otherwise by quizapp, which gives"
        f" each right option {share.normalize():f}% and takes that off for each wrong one picked",
        None,
    )


def _one_right(
    options: list[str], answer: str, full: list[str], weights: dict[str, Decimal]
) -> dict[str, Any]:
    """A choice with its options also right and the partial credit of the others. A negative
    weight (Moodle takes marks off for that option) is kept as no credit: a quizapp score is
    never below 0, so choosing that option scores nothing."""
    also = [option for option in full if option != answer]
    credit = {o: float(w / 100) for o, w in weights.items() if 0 < w < 100 and o not in full}
    return {
        "options": options,
        "answer": answer,
        **({"also_right": also} if also else {}),
        **({"credit": credit} if credit else {}),
    }


def _short(text: str, html: bool) -> tuple[str, dict[str, Any]]:
    entries = _answers(text) if "=" in text else [("=", text)]
    accepted = []
    feedback: list[tuple[str, str]] = []
    partial, unsaid = [], []
    for _, body in entries:
        weight, rest = _weight(body)
        answer, said = _with_feedback(rest, html)
        if weight is None or weight >= 100:
            accepted.append(answer)
            feedback.append((answer, said))
        elif answer == ANY_OTHER:  # Moodle's wildcard answer, worth nothing: any other answer
            feedback.append((ANY_OTHER, said))
        elif weight != 0:  # a wrong answer at 0% scores what any other wrong answer scores
            partial.append(f"{answer!r} ({weight}%)")
        elif said:
            unsaid.append(f"not kept: the feedback on the wrong answer {answer!r}")
    if partial:
        raise _NotKept(
            f"left out: the answer {', '.join(partial)} is worth part of the marks, and quizapp"
            " counts a typed answer right or wrong",
            None,
        )
    if not accepted:
        raise _Unreadable("no fully right answer: write each accepted answer as =answer")
    return "short", {"answers": accepted, **_keyed(feedback), _LEFT_OUT: unsaid}


def _matching(text: str, html: bool) -> tuple[str, dict[str, Any]]:
    pairs, distractors = [], []
    for _, body in _answers(text):
        left, arrow, right = body.partition("->")
        if not arrow:
            raise _Unreadable(
                f"the matching answer {_text(body)!r} has no ->: write =left -> right"
            )
        if not _text(left):
            # Moodle offers a right side without a left one as an extra wrong choice.
            distractors.append(_text(right, html, words=True))
            continue
        pairs.append([_text(left, html, words=True), _text(right, html, words=True)])
    left_out = [
        f"not kept: the extra choice {d!r} (a distractor: quizapp offers only the pairs'"
        " right sides)"
        for d in distractors
    ]
    return "matching", {"pairs": pairs, _LEFT_OUT: left_out}


def _numeric(text: str, html: bool) -> tuple[str, dict[str, Any]]:
    """One right number with its margin; the feedback after its # is for a right number ("="),
    and that of Moodle's `~#...` after the answers for any other ("*")."""
    answers, _, other = text[1:].partition("~")
    pieces = answers.split("=")
    entries = [piece for n, piece in enumerate(pieces) if n or piece.strip()]
    right = []
    feedback = [(ANY_OTHER, _text(other.partition("#")[2], html))]
    for entry in entries:
        weight, rest = _weight(entry)
        if weight is None or weight >= 100:
            number, _, said = rest.partition("#")
            right.append(_plain(number).strip())
            feedback.insert(0, (RIGHT_NUMBER, _text(said, html)))
        elif weight != 0:
            raise _NotKept(
                f"left out: the number {_plain(rest.partition('#')[0]).strip()!r} is worth"
                f" {weight}% of the marks, and quizapp counts a number right or wrong",
                None,
            )
    if len(right) != 1:
        raise _Unreadable(
            "a numeric question needs exactly one fully right answer, such as {#3:0.5}"
            " or {#2..4}: quizapp keeps one number with its margin"
        )
    try:
        return "numeric", numeric_spec(right[0]) | _keyed(feedback)
    except NumberProblem as exc:
        raise _Unreadable(str(exc)) from None


def _truefalse(truth: bool, text: str, html: bool) -> dict[str, Any]:
    """`{T#wrong#right}`: as in Moodle, the first feedback is for a student who answers wrong,
    the second for one who answers right."""
    wrong, right = ([*text.split("#")[1:3], "", ""])[:2]
    keys = ("false", "true") if truth else ("true", "false")
    return {
        "answer": truth,
        **_keyed(list(zip(keys, (_text(wrong, html), _text(right, html)), strict=True))),
    }


def _kind(text: str, html: bool) -> tuple[str, dict[str, Any]]:
    """The question type and its fields, told from the answers as Moodle tells them."""
    if not text:
        raise _NotKept("left out: an essay question ({}) has no answer quizapp can check", None)
    if text.startswith("#"):
        return _numeric(text, html)
    if "~" in text:
        return _choice(text, html)
    if "=" in text and "->" in text:
        return _matching(text, html)
    truth = _TRUTH.get(_text(text.split("#", 1)[0]).lower())
    if truth is not None:
        return "truefalse", _truefalse(truth, text, html)
    return _short(text, html)


def _around(before: str, gap: str, after: str, html: bool) -> str:
    """The text before and after a missing word, joined by `gap`; their outer spaces are kept
    when HTML is turned into Markdown, which drops them."""
    if not _is_html(before, html):
        return _text(before + gap + after, html)
    space_before = " " if before[-1:].isspace() else ""
    space_after = " " if after[:1].isspace() else ""
    return (_text(before, html) + space_before + gap + space_after + _text(after, True)).strip()


def _cloze_prompt(before: str, forms: list[str], after: str, html: bool) -> str:
    blank = "{{" + "|".join(forms) + "}}"
    prompt = _around(before, blank, after, html)
    if cloze_blanks(prompt) != [forms]:
        raise _Unreadable(
            "this missing-word question cannot become a quizapp blank: an answer holds | or"
            " braces, or the text around it holds {{ or }}; reword it"
        )
    return prompt


def _unsaid(spec: dict[str, Any]) -> dict[str, Any]:
    """What a short answer leaves out when it becomes a type with no feedback on answers (a
    flashcard, a cloze): its feedback is listed as not kept."""
    lost = [*spec.get(_LEFT_OUT, [])]
    lost += [
        f"not kept: the feedback {said!r} on an answer"
        for said in spec.get("feedback", {}).values()
    ]
    return {_LEFT_OUT: lost}


def _shape(
    before: str, answers: str, after: str, hint: str | None
) -> tuple[str, str, dict[str, Any]]:
    """Type, prompt and type fields, with missing words and quizapp's `// type:` taken in."""
    html = _is_html(before, False)
    qtype, spec = _kind(answers, html)
    gap = bool(after.strip())
    if hint not in (None, "flashcard", "cloze"):
        raise _Unreadable(f"'// type: {hint}' is not one quizapp knows: write flashcard or cloze")
    if hint == "flashcard":
        if qtype != "short" or len(spec["answers"]) != 1 or gap:
            raise _Unreadable("a '// type: flashcard' question needs one answer: {=the back}")
        return "flashcard", _text(before), {"answer": spec["answers"][0], **_unsaid(spec)}
    if qtype == "short" and (gap or hint == "cloze"):
        prompt = _cloze_prompt(before, spec["answers"], after, html)
        return "cloze", prompt, _unsaid(spec)
    if hint == "cloze":
        raise _Unreadable("a '// type: cloze' question needs = answers only: {=form =form}")
    return qtype, _around(before, BLANK, after, html) if gap else _text(before), spec


def _read(block: _Block, keys: Keys, defaults: ImportDefaults, notes: list[LeftOut]) -> Imported:
    source = _Source(block)
    title, start = _title(source)
    try:
        opening, closing = _braces(source, start)
    except _NotKept as exc:
        raise _NotKept(exc.what, title) from None
    inside = source.text[opening + 1 : closing]
    split = inside.rfind("####")
    html = _is_html(source.text[start:opening], False)
    explanation = _text(inside[split + 4 :], html) if split >= 0 else ""
    answers = (inside[:split] if split >= 0 else inside).strip()
    hint = block.meta.get("type")
    try:
        qtype, prompt, spec = _shape(
            source.text[start:opening], answers, source.text[closing + 1 :], hint and hint.lower()
        )
    except _NotKept as exc:
        raise _NotKept(exc.what, title) from None
    if "unit" in block.meta:
        if qtype != "numeric":
            raise _Unreadable("a '// unit:' line goes only with a numeric question")
        spec["unit"] = block.meta["unit"]
    left_out = spec.pop(_LEFT_OUT, [])
    if html:
        left_out += [
            f"not kept: {media}, which cannot come in a GIFT file (text only)"
            for media in media_in(_plain(source.text))
        ]
    raw = {"key": keys.choose(title, prompt), "type": qtype, "prompt": prompt, **spec}
    raw["explanation"] = explanation
    tags = split_list(block.meta.get("tags", ""), ",")
    cite = split_list(block.meta.get("cite", ""), ",")
    line = block.lines[0][0]
    notes.extend(LeftOut(line, raw["key"], what) for what in left_out)
    return Imported(with_defaults(raw, tags, cite, defaults), line)


def parse(
    text: str, prefix: str, taken: Collection[str], defaults: ImportDefaults = DEFAULTS
) -> Parsed:
    """The questions of a GIFT file and every problem, by line; keys are made for the bank
    `prefix` and kept clear of `taken`."""
    keys = Keys(prefix, taken)
    questions: list[Imported] = []
    problems: list[FileProblem] = []
    notes: list[LeftOut] = []
    for block in _blocks(text):
        try:
            if _RESERVED.search("".join(line for _, line in block.lines)):
                raise _Unreadable("a private-use character (U+E000 to U+E008): remove it")
            questions.append(_read(block, keys, defaults, notes))
        except _Unreadable as exc:
            problems.append(FileProblem(exc.line or block.lines[0][0], None, exc.message))
        except _NotKept as exc:
            notes.append(LeftOut(block.lines[0][0], exc.title, exc.what))
    return finish(questions, problems, HINTS, defaults.rule, notes)


# ---------------------------------------------------------------- writing


__all__ = ["dump", "left_out", "parse"]
