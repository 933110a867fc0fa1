"""Question keys made from a prompt, for questions imported from files that have none."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from quizapp.core import limits

SLUG_LENGTH = 40
FALLBACK = "question"

# Words that say little about a question: left out of a key unless nothing else is left.
_STOP = """a an the of to in on at by for from with about as into and or but not no which what who
whom whose when where why how is are was were be been being do does did has have had it its this
that these those they their there according"""
STOP_WORDS = frozenset(_STOP.split())

_CLOZE = re.compile(r"\{\{.*?\}\}", re.DOTALL)  # the answers in a blank must not leak into a key
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[a-z0-9]+")
_PREFIX_JUNK = re.compile(r"[^a-z0-9.-]+")


def ascii_fold(text: str) -> str:
    """The text in lower case, accents dropped and other non-ASCII characters made spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = (c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isascii() else " " for c in letters).lower()


def _words(prompt: str) -> list[str]:
    text = _URL.sub(" ", _LINK.sub(r"\1", _CLOZE.sub(" ", prompt)))
    words = _WORD.findall(ascii_fold(text))
    meaningful = [w for w in words if w not in STOP_WORDS]
    return meaningful or words


def slug(prompt: str, longest: int = SLUG_LENGTH) -> str:
    """The first significant words of a prompt joined by '-', at most `longest` characters."""
    chosen = ""
    for word in _words(prompt):
        joined = f"{chosen}-{word}" if chosen else word
        if len(joined) > longest:
            break
        chosen = joined
    if not chosen:
        words = _words(prompt)
        chosen = words[0][:longest] if words else ""
    return chosen or FALLBACK


def _clean_prefix(prefix: str) -> str:
    cleaned = _PREFIX_JUNK.sub("-", ascii_fold(prefix)).lstrip(".-")
    return cleaned[: limits.BANK_SLUG].rstrip(".-")


def _fit(head: str, body: str, suffix: str) -> str:
    room = limits.QUESTION_KEY - len(head) - len(suffix)
    return head + body[:room].rstrip("-") + suffix


def make_key(prefix: str, prompt: str, taken: Collection[str]) -> str:
    """A key 'prefix.first-words-of-the-prompt', with -2, -3, ... added until it is not taken."""
    cleaned = _clean_prefix(prefix)
    head = f"{cleaned}." if cleaned else ""
    body = slug(prompt)
    key = _fit(head, body, "")
    number = 2
    while key in taken:
        key = _fit(head, body, f"-{number}")
        number += 1
    return key
