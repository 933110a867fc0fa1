"""GIFT, Moodle's text format for questions: `parse` reads a file, `dump` writes one.

Reading follows Moodle's importer: questions separated by blank lines, `//` comment lines,
`::title::` (the key when it is a free, valid key), `$CATEGORY:` lines ignored, format markers
such as `[markdown]` dropped, escapes `\\~ \\= \\# \\{ \\} \\: \\\\` and `\\n` for a line break.
Answer feedback (`#...`) is dropped; general feedback (`####...`) is the explanation.

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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.core.formats.common import (
    BLANK,
    DEFAULTS,
    FileProblem,
    ImportDefaults,
    Imported,
    Keys,
    Parsed,
    finish,
    lines_of,
    split_list,
    with_defaults,
)
from quizapp.core.grading import CLOZE_BLANK, cloze_blanks

HINTS = {
    "cite": "write '// cite: 000_874f975c85c112d9.txt#5' on a line directly above the question",
    "tags": "write '// tags: medium' on a line directly above the question",
}

# An escaped character is swapped for a private-use character while the question is taken
# apart, so that it cannot be read as GIFT syntax, and swapped back in the texts.
_ESCAPED = {c: chr(0xE000 + n) for n, c in enumerate("\\~=#{}:>n")}
_RESTORE = str.maketrans({v: ("\n" if c == "n" else c) for c, v in _ESCAPED.items()})
_RESERVED = re.compile("[\ue000-\ue008]")
_ESCAPE_SEQUENCE = re.compile(r"\\(.)", re.DOTALL)
_FORMAT = re.compile(r"^\s*\[(?:markdown|plain|html|moodle)\]", re.IGNORECASE)
_META = re.compile(r"^//\s*(tags|cite|unit|type)\s*:(.*)$", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_MARKERS = re.compile(r"([~=])")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_TRUTH = {"t": True, "true": True, "f": False, "false": False}


class _Unreadable(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _protect(text: str) -> str:
    return _ESCAPE_SEQUENCE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(0)), text)


def _plain(text: str) -> str:
    return text.translate(_RESTORE)


def _text(protected: str) -> str:
    """A text of the question as written, without format marker, escapes or outer spaces."""
    return _plain(_FORMAT.sub("", protected, count=1)).strip()


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
        raise _Unreadable(
            "no answers in braces { }: quizapp imports questions with answers only; add them"
            " or remove this text (a literal brace is written \\{ or \\})"
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


def _weight(body: str) -> tuple[float | None, str]:
    body = body.lstrip()
    found = _WEIGHT.match(body)
    return (float(found.group(1)), body[found.end() :]) if found else (None, body)


def _without_feedback(body: str) -> str:
    return _text(body.split("#", 1)[0])


def _choice(text: str) -> tuple[str, dict[str, Any]]:
    options: list[str] = []
    right: list[str] = []
    weighted: list[str] = []
    for marker, body in _answers(text):
        weight, rest = _weight(body) if marker == "~" else (None, body)
        option = _without_feedback(rest)
        options.append(option)
        if marker == "=":
            right.append(option)
        elif weight is not None and weight > 0:
            weighted.append(option)
    if len(right) > 1:
        raise _Unreadable(
            "several answers marked = right: keep one =, or give the right answers"
            " positive weights such as ~%50% for a question with several right answers"
        )
    if right:
        return "choice", {"options": options, "answer": right[0]}
    if weighted:
        return "multi", {"options": options, "answers": weighted}
    raise _Unreadable("no right answer: mark it with = (or several with weights such as ~%50%)")


def _short(text: str) -> tuple[str, dict[str, Any]]:
    entries = _answers(text) if "=" in text else [("=", text)]
    accepted = []
    for _, body in entries:
        weight, rest = _weight(body)
        if weight is None or weight >= 100:
            accepted.append(_without_feedback(rest))
    if not accepted:
        raise _Unreadable("no fully right answer: write each accepted answer as =answer")
    return "short", {"answers": accepted}


def _matching(text: str) -> tuple[str, dict[str, Any]]:
    pairs = []
    for _, body in _answers(text):
        left, arrow, right = body.partition("->")
        if not arrow:
            raise _Unreadable(
                f"the matching answer {_text(body)!r} has no ->: write =left -> right"
            )
        if not _text(left):
            raise _Unreadable(
                f"the matching answer -> {_text(right)!r} has no left side: quizapp matches"
                " every right side with a left one, so remove it or give it a left side"
            )
        pairs.append([_text(left), _text(right)])
    return "matching", {"pairs": pairs}


def _number(text: str) -> int | float:
    text = text.strip()
    if not _NUMBER.match(text):
        raise _Unreadable(f"{text!r} is not a number: write 3, 3:0.5 (a margin) or 2..4 (a range)")
    return int(text) if _INTEGER.match(text) else float(text)


def _half(value: int | float) -> int | float:
    return value // 2 if isinstance(value, int) and value % 2 == 0 else value / 2


def _range(text: str) -> dict[str, Any]:
    if ".." in text:
        low, high = (_number(part) for part in text.split("..", 1))
        if low > high:
            raise _Unreadable(f"the range {text!r} ends below its start: write low..high")
        return {"answer": _half(low + high), "tolerance": _half(high - low)}
    if ":" in text:
        answer, margin = text.split(":", 1)
        return {"answer": _number(answer), "tolerance": _number(margin)}
    return {"answer": _number(text)}


def _numeric(text: str) -> tuple[str, dict[str, Any]]:
    pieces = text[1:].split("~", 1)[0].split("=")
    entries = [piece for n, piece in enumerate(pieces) if n or piece.strip()]
    right = []
    for entry in entries:
        weight, rest = _weight(entry)
        if weight is None or weight >= 100:
            right.append(_plain(rest.split("#", 1)[0]).strip())
    if len(right) != 1:
        raise _Unreadable(
            "a numeric question needs exactly one fully right answer, such as {#3:0.5}"
            " or {#2..4}: quizapp keeps one number with its margin"
        )
    return "numeric", _range(right[0])


def _kind(text: str) -> tuple[str, dict[str, Any]]:
    """The question type and its fields, told from the answers as Moodle tells them."""
    if not text:
        raise _Unreadable("an essay question ({}) has no answer quizapp can check: add answers")
    if text.startswith("#"):
        return _numeric(text)
    if "~" in text:
        return _choice(text)
    if "=" in text and "->" in text:
        return _matching(text)
    truth = _TRUTH.get(_text(text.split("#", 1)[0]).lower())
    if truth is not None:
        return "truefalse", {"answer": truth}
    return _short(text)


def _cloze_prompt(before: str, forms: list[str], after: str) -> str:
    blank = "{{" + "|".join(forms) + "}}"
    prompt = (_plain(_FORMAT.sub("", before, count=1)) + blank + _plain(after)).strip()
    if cloze_blanks(prompt) != [forms]:
        raise _Unreadable(
            "this missing-word question cannot become a quizapp blank: an answer holds | or"
            " braces, or the text around it holds {{ or }}; reword it"
        )
    return prompt


def _shape(
    before: str, answers: str, after: str, hint: str | None
) -> tuple[str, str, dict[str, Any]]:
    """Type, prompt and type fields, with missing words and quizapp's `// type:` taken in."""
    qtype, spec = _kind(answers)
    gap = bool(after.strip())
    if hint not in (None, "flashcard", "cloze"):
        raise _Unreadable(f"'// type: {hint}' is not one quizapp knows: write flashcard or cloze")
    if hint == "flashcard":
        if qtype != "short" or len(spec["answers"]) != 1 or gap:
            raise _Unreadable("a '// type: flashcard' question needs one answer: {=the back}")
        return "flashcard", _text(before), {"answer": spec["answers"][0]}
    if qtype == "short" and (gap or hint == "cloze"):
        return "cloze", _cloze_prompt(before, spec["answers"], after), {}
    if hint == "cloze":
        raise _Unreadable("a '// type: cloze' question needs = answers only: {=form =form}")
    return qtype, _text(before + BLANK + after) if gap else _text(before), spec


def _read(block: _Block, keys: Keys, defaults: ImportDefaults) -> Imported:
    source = _Source(block)
    title, start = _title(source)
    opening, closing = _braces(source, start)
    inside = source.text[opening + 1 : closing]
    split = inside.rfind("####")
    explanation = _text(inside[split + 4 :]) if split >= 0 else ""
    answers = (inside[:split] if split >= 0 else inside).strip()
    hint = block.meta.get("type")
    qtype, prompt, spec = _shape(
        source.text[start:opening], answers, source.text[closing + 1 :], hint and hint.lower()
    )
    if "unit" in block.meta:
        if qtype != "numeric":
            raise _Unreadable("a '// unit:' line goes only with a numeric question")
        spec["unit"] = block.meta["unit"]
    raw = {"key": keys.choose(title, prompt), "type": qtype, "prompt": prompt, **spec}
    raw["explanation"] = explanation
    tags = split_list(block.meta.get("tags", ""), ",")
    cite = split_list(block.meta.get("cite", ""), ",")
    return Imported(with_defaults(raw, tags, cite, defaults), block.lines[0][0])


def parse(
    text: str, prefix: str, taken: Collection[str], defaults: ImportDefaults = DEFAULTS
) -> Parsed:
    """The questions of a GIFT file and every problem, by line; keys are made for the bank
    `prefix` and kept clear of `taken`."""
    keys = Keys(prefix, taken)
    questions: list[Imported] = []
    problems: list[FileProblem] = []
    for block in _blocks(text):
        try:
            if _RESERVED.search("".join(line for _, line in block.lines)):
                raise _Unreadable("a private-use character (U+E000 to U+E008): remove it")
            questions.append(_read(block, keys, defaults))
        except _Unreadable as exc:
            problems.append(FileProblem(exc.line or block.lines[0][0], None, exc.message))
    return finish(questions, problems, HINTS)


# ---------------------------------------------------------------- writing

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\~=#{}:"} | {"\n": "\\n"})


def _esc(text: str, marker: bool = True) -> str:
    """A text written so that GIFT reads it back as it is."""
    written = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ESCAPES)
    return "[markdown]" + written if marker and _FORMAT.match(text) else written


def _answer(text: str, weight: str = "", arrow: bool = False) -> str:
    """An answer Moodle must not read as a weight (or, where it would, as a matching arrow)."""
    guard = weight if text.lstrip().startswith("%") else ""
    written = _esc(text)
    return guard + (written.replace("->", "-\\>") if arrow else written)


def _braced(rows: Sequence[str], explanation: str, opening: str = "{") -> str:
    if explanation:
        rows = [*rows, "####" + _esc(explanation)]
    return opening + "\n" + "".join(f"\t{row}\n" for row in rows) + "}"


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def _rows(raw: dict[str, Any]) -> tuple[list[str], str]:
    """The answer lines of a question GIFT can hold, and how its block opens."""
    qtype = raw["type"]
    if qtype == "choice":
        return [
            "=" + _esc(o) if o == raw["answer"] else "~" + _answer(o, "%0%") for o in raw["options"]
        ], "{"
    if qtype == "multi":
        share = _percent(100 / len(raw["answers"]))
        return [
            f"~%{share if o in raw['answers'] else '-' + share}%{_esc(o)}" for o in raw["options"]
        ], "{"
    if qtype == "truefalse":
        return ["TRUE" if raw["answer"] else "FALSE"], "{"
    if qtype == "numeric":
        margin = f":{_number_text(raw['tolerance'])}" if "tolerance" in raw else ""
        return [f"={_number_text(raw['answer'])}{margin}"], "{#"
    if qtype == "matching":
        return [
            f"={_answer(left, arrow=True)} -> {_esc(right)}" for left, right in raw["pairs"]
        ], "{"
    answers = raw["answers"] if qtype == "short" else [raw["answer"]]
    return ["=" + _answer(a, "%100%", arrow=True) for a in answers], "{"


def _cloze_body(raw: dict[str, Any]) -> str:
    found = CLOZE_BLANK.search(raw["prompt"])
    assert found is not None
    forms = [form.strip() for form in found.group(1).split("|")]
    rows = ["=" + _answer(form, "%100%", arrow=True) for form in forms]
    before, after = raw["prompt"][: found.start()], raw["prompt"][found.end() :]
    return _esc(before) + _braced(rows, raw.get("explanation", "")) + _esc(after, marker=False)


def _meta(raw: dict[str, Any]) -> list[str]:
    lines = []
    if raw["type"] == "flashcard":
        lines.append("// type: flashcard")
    if raw["type"] == "cloze" and not CLOZE_BLANK.split(raw["prompt"])[-1].strip():
        lines.append("// type: cloze")
    if raw.get("tags"):
        lines.append("// tags: " + ", ".join(raw["tags"]))
    if raw.get("cite"):
        lines.append("// cite: " + ", ".join(str(c) for c in raw["cite"]))
    if raw["type"] == "numeric" and "unit" in raw:
        lines.append(f"// unit: {raw['unit']}")
    return lines


def left_out(raw: dict[str, Any]) -> str | None:
    """Why a question cannot be written in GIFT, or None when it can."""
    if raw["type"] == "ordering":
        return "GIFT has no ordering questions"
    if raw["type"] == "cloze" and len(cloze_blanks(raw["prompt"])) != 1:
        count = len(cloze_blanks(raw["prompt"]))
        return f"GIFT holds one blank a question and this one has {count}"
    return None


def _question(raw: dict[str, Any]) -> str:
    reason = left_out(raw)
    if reason:
        return f"// quizapp: {raw['key']} left out: {reason}"
    if raw["type"] == "cloze":
        body = _cloze_body(raw)
    else:
        rows, opening = _rows(raw)
        body = f"{_esc(raw['prompt'])} {_braced(rows, raw.get('explanation', ''), opening)}"
    return "\n".join([*_meta(raw), f"::{raw['key']}::{body}"])


def dump(questions: Sequence[dict[str, Any]]) -> str:
    """GIFT text for quizapp questions, in their order; the same questions give the same text."""
    return "\n\n".join(_question(raw) for raw in questions) + "\n" if questions else ""
