"""Lenient matching of typed answers: case, accents, punctuation, articles and small typos."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

_ARTICLES = {"a", "an", "the"}
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_TYPO_MIN_LENGTH = 5


class Match(Enum):
    NONE = 0
    TYPO = 1
    EXACT = 2


def normalize(text: str) -> str:
    """Fold case and accents, turn punctuation into spaces, and drop a leading article."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("\u2019", "")  # "Moscow's" -> "moscows"
    words = re.sub(r"[^\w\s]|_", " ", plain).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or adjacent swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def _words_match(given: str, expected: str) -> Match:
    given_words, expected_words = given.split(), expected.split()
    if len(given_words) != len(expected_words):
        return Match.NONE
    result = Match.EXACT
    for g, e in zip(given_words, expected_words, strict=True):
        if g == e:
            continue
        if len(e) >= _TYPO_MIN_LENGTH and not e.isdigit() and within_one_edit(g, e):
            result = Match.TYPO
        else:
            return Match.NONE
    return result


def match_answer(given: str, accepted: list[str]) -> Match:
    """Compare a typed answer with the accepted answers; numbers and years must be exact."""
    best = Match.NONE
    for answer in accepted:
        if is_number(answer):
            if given.strip().replace(",", ".") == answer.strip().replace(",", "."):
                return Match.EXACT
            continue
        found = _words_match(normalize(given), normalize(answer))
        if found is Match.EXACT:
            return found
        if found is Match.TYPO:
            best = found
    return best
