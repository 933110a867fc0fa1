"""Lenient matching of typed answers: case, accents, punctuation, articles and small typos.

These forms are equivalent: capitals and small letters, letters with and without accents ("Ç" is
"c"); any punctuation and a space (an apostrophe is nothing: "China's" is "Chinas"); "&" and "and";
letters joined by full stops and the same letters run together ("M.O.U." and "U.S" are "MOU" and
"US"; spaced letters such as "M. O. U." stay apart); an answer with and without a leading "a", "an"
or "the". A number is equal to the same number with a trailing full stop, leading zeros or a
decimal comma ("2021." is 2021, "09" is 9), and to no other text.

A typo is one wrong, missing, extra or swapped letter in a word of five letters or more, where the
typed word keeps the first letter (typists rarely miss it) and is not itself an English word or
name: "Rusia" is a typo of "Russia", "Prussia" and "Russian" are other words. Words are looked up
in pyspellchecker's English list, loaded once on the first near miss.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from enum import Enum
from functools import cache

from spellchecker import SpellChecker

_ARTICLES = {"a", "an", "the"}
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_LETTER = r"[^\W\d_]"
_INITIALISM = re.compile(rf"\b(?:{_LETTER}\.)+{_LETTER}\b\.?")  # "u.s.", "c.n.s.a"
_TYPO_MIN_LENGTH = 5


class Match(Enum):
    NONE = 0
    TYPO = 1
    EXACT = 2


def normalize(text: str) -> str:
    """Fold case, accents and dotted initialisms, read "&" as "and", turn punctuation into spaces,
    and drop a leading article."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("\u2019", "")  # "Moscow's" -> "moscows"
    plain = plain.replace("&", " and ")
    plain = _INITIALISM.sub(lambda found: found.group().replace(".", ""), plain)
    words = re.sub(r"[^\w\s]|_", " ", plain).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def as_number(text: str) -> Decimal | None:
    """The number typed, read with a trailing full stop and a decimal comma; None for other text."""
    plain = text.strip().removesuffix(".")
    return Decimal(plain.replace(",", ".")) if _NUMBER.match(plain) else None


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


@cache
def _english() -> SpellChecker:
    return SpellChecker(language="en")


def is_typo(given: str, expected: str) -> bool:
    """True when the typed word is a slip of the keys for the expected one, not another word."""
    return (
        len(expected) >= _TYPO_MIN_LENGTH
        and not expected.isdigit()
        and given[:1] == expected[:1]
        and within_one_edit(given, expected)
        and given not in _english()
    )


def _words_match(given: str, expected: str) -> Match:
    given_words, expected_words = given.split(), expected.split()
    if len(given_words) != len(expected_words):
        return Match.NONE
    result = Match.EXACT
    for g, e in zip(given_words, expected_words, strict=True):
        if g == e:
            continue
        if is_typo(g, e):
            result = Match.TYPO
        else:
            return Match.NONE
    return result


def best_match(given: str, accepted: list[str]) -> tuple[Match, str | None]:
    """How a typed answer matches the accepted answers, and which one it matched (the first exact
    one, else the first within a typo); (NONE, None) when none does. Numbers must be exact."""
    best: tuple[Match, str | None] = (Match.NONE, None)
    for answer in accepted:
        number = as_number(answer)
        if number is not None:
            if as_number(given) == number:
                return Match.EXACT, answer
            continue
        found = _words_match(normalize(given), normalize(answer))
        if found is Match.EXACT:
            return found, answer
        if found is Match.TYPO and best[1] is None:
            best = (found, answer)
    return best


def match_answer(given: str, accepted: list[str]) -> Match:
    """Compare a typed answer with the accepted answers; numbers and years must be exact."""
    return best_match(given, accepted)[0]
