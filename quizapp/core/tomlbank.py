"""Writing a bank back as TOML in the shipped files' format, the same bytes for the same bank.

`flask banks export` uses it: a bank imported from a file and exported again gives a file that
imports as "unchanged", so the files and the browser editor can both be used on one bank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# Question fields in the order they are written; a field a question lacks is left out.
FIELD_ORDER = (
    "key",
    "type",
    "prompt",
    "options",
    "answer",
    "also_right",
    "credit",
    "answers",
    "formula",
    "tolerance",
    "unit",
    "pairs",
    "items",
    "feedback",
    "explanation",
    "tags",
    "cite",
)
_ONE_PER_LINE = frozenset({"pairs", "items"})
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, Mapping):  # credit, feedback: an inline table, keys quoted
        pairs = (f"{_string(str(key))} = {_value(item)}" for key, item in value.items())
        return "{ " + ", ".join(pairs) + " }"
    raise TypeError(f"a bank file cannot hold {type(value).__name__}")


def _field(name: str, value: Any) -> str:
    if name in _ONE_PER_LINE:
        lines = "".join(f"  {_value(item)},\n" for item in value)
        return f"{name} = [\n{lines}]\n"
    return f"{name} = {_value(value)}\n"


def dump_question(raw: Mapping[str, Any]) -> str:
    """One [[questions]] table; fields outside FIELD_ORDER are refused, never dropped."""
    unknown = set(raw) - set(FIELD_ORDER)
    if unknown:
        raise ValueError(f"unknown question fields {sorted(unknown)}")
    body = "".join(_field(name, raw[name]) for name in FIELD_ORDER if name in raw)
    return "[[questions]]\n" + body


def dump_bank(bank: Mapping[str, Any], questions: Sequence[Mapping[str, Any]]) -> str:
    """A whole bank file: the [bank] table (slug, title, description, whether citations are
    required, position), then the questions."""
    names = ("slug", "title", "description", "require_citations", "position")
    head = "[bank]\n" + "".join(_field(name, bank[name]) for name in names if name in bank)
    return head + "".join("\n" + dump_question(q) for q in questions)
