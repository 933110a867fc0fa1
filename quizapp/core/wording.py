"""Comparing a question's words with a source's: words folded alike, phrases found in order,
quotation marks told apart, runs of words copied."""

from __future__ import annotations

import re
import unicodedata

Words = tuple[str, ...]

# Numbers are compared as digits, however they are written: "eight years" is "8 years".
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100",
}  # fmt: skip
_WORD = re.compile(r"\w+(?:['\u2019.]\w+)*")
_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")  # the dots of U.S., not the point of 2.5
US = ("united", "states")  # how the U.S., US and USA are compared: as the United States
_US = frozenset({"U.S", "US", "U.S.A", "USA"})
_POSSESSIVE = re.compile(r"['\u2019]s$")


def _fold_word(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = _POSSESSIVE.sub("", plain)  # "China's" is "China"
    plain = _DOT.sub("", plain.replace("'", "").replace("\u2019", ""))
    return NUMBER_WORDS.get(plain, plain)


def _spans(text: str) -> list[tuple[str, int, int]]:
    """Each word of text folded (case, accents, dots, number words), with where it stands."""
    found: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        if m.group() in _US:  # the U.S. is the United States, two words
            found += [(word, m.start(), m.end()) for word in US]
        else:
            found.append((_fold_word(m.group()), m.start(), m.end()))
    return found


def folded_words(text: str) -> Words:
    """The words of a text as compared with a source: folded, punctuation left out."""
    return tuple(word for word, _, _ in _spans(text))


def contains(words: Words, phrase: Words) -> bool:
    """Whether the phrase's words stand together, in order, among words."""
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def split_quotes(text: str) -> tuple[list[str], list[str]]:
    """The parts of a text outside quotation marks (straight or curly), and the quoted phrases."""
    parts = text.replace("\u201c", '"').replace("\u201d", '"').split('"')
    outside, quoted = parts[0::2], parts[1::2]
    if len(parts) % 2 == 0:  # a quotation mark never closed quotes nothing
        outside.append(quoted.pop())
    return outside, quoted


def word_runs(words: Words, length: int) -> set[Words]:
    """Every run of length words in a row."""
    return {words[i : i + length] for i in range(len(words) - length + 1)}


def copied_runs(text: str, source: set[Words], length: int) -> list[str]:
    """The stretches of text, outside quotation marks, that repeat length or more words of the
    source in a row (source holds the source's runs of that length)."""
    copied = []
    for part in split_quotes(text)[0]:
        spans = _spans(part)
        words = tuple(word for word, _, _ in spans)
        starts = [i for i in range(len(words) - length + 1) if words[i : i + length] in source]
        merged: list[list[int]] = []
        for i in starts:
            if merged and i <= merged[-1][1]:
                merged[-1][1] = i + length
            else:
                merged.append([i, i + length])
        copied += [part[spans[a][1] : spans[b - 1][2]] for a, b in merged]
    return copied
