"""Whether questions keep to their sources: quotes found where cited, nothing long copied, typed
answers the cited text holds, and no question's answer printed in another question's prompt."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core.grading import CLOZE_BLANK, cloze_blanks
from quizapp.core.wording import (
    US,
    Words,
    contains,
    copied_runs,
    folded_words,
    split_quotes,
    word_runs,
)

Found = list[tuple[str | None, str]]

# Answers too ordinary to be learnt from another prompt that happens to use the word.
COMMON_WORDS = frozenset({
    "about", "after", "again", "also", "back", "before", "being", "both", "called", "could",
    "each", "even", "first", "from", "have", "into", "last", "later", "many", "more", "most",
    "much", "next", "only", "other", "over", "same", "since", "some", "such", "than", "that",
    "their", "them", "then", "there", "these", "they", "this", "those", "time", "under", "very",
    "were", "what", "when", "where", "which", "while", "with", "would", "year", "years",
})  # fmt: skip
_SHORTEST_LEAK = 4  # letters and digits in an answer, so that "us" or "9" is never a leak
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
_LEADING_ARTICLES = frozenset({"a", "an", "the"})
_QUOTE_FIELDS = ("prompt", "options", "explanation")
_COPY_FIELDS = ("prompt", "options", "answers", "answer", "pairs", "items", "explanation")


def shown_prompt(raw: Mapping[str, Any], blank: str | None = None) -> str:
    """The prompt as a reader sees it: a cloze blank filled with its first form, or with blank."""
    prompt = str(raw.get("prompt", ""))
    if raw.get("type") != "cloze":
        return prompt
    return CLOZE_BLANK.sub(lambda m: blank or m.group(1).split("|")[0].strip(), prompt)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _texts(raw: Mapping[str, Any], name: str) -> list[str]:
    return [shown_prompt(raw)] if name == "prompt" else _strings(raw.get(name))


def _quote_found(phrase: str, paragraphs: list[Words]) -> bool:
    parts = [folded_words(part) for part in _ELLIPSIS.split(phrase)]
    return all(any(contains(p, part) for p in paragraphs) for part in parts if part)


def _quote_problems(raw: Mapping[str, Any], paragraphs: list[Words]) -> Found:
    return [
        (
            name,
            f'the words in quotation marks, "{phrase.strip()}", are not in the paragraphs it cites',
        )
        for name in _QUOTE_FIELDS
        for text in _texts(raw, name)
        for phrase in split_quotes(text)[1]
        if not _quote_found(phrase, paragraphs)
    ]


def _copy_problems(raw: Mapping[str, Any], source: set[Words], length: int) -> Found:
    found: Found = []
    seen: set[str] = set()
    for name in _COPY_FIELDS:
        for text in _texts(raw, name):
            if text in seen:  # a choice's answer is one of its options
                continue
            seen.add(text)
            found += [
                (name, f'{len(folded_words(run))} words in a row are copied from the source: '
                 f'"{run}". Say it in your own words, or quote it where the quote is the point.')
                for run in copied_runs(text, source, length)
            ]  # fmt: skip
    return found


def _answer_problems(raw: Mapping[str, Any], paragraphs: list[Words]) -> Found:
    def absent(forms: Iterable[str]) -> bool:
        return not any(contains(p, folded_words(f)) for f in forms for p in paragraphs)

    answers = _strings(raw.get("answers"))
    if raw.get("type") == "short" and answers and absent(answers):  # none yet: said elsewhere
        listed = ", ".join(f'"{a}"' for a in answers)
        return [
            ("answers", f"none of the accepted answers ({listed}) is in the paragraphs it cites")
        ]
    if raw.get("type") != "cloze":
        return []
    return [
        (
            "prompt",
            f'the blank "{forms[0]}": none of its accepted forms is in the paragraphs it cites',
        )
        for forms in cloze_blanks(str(raw.get("prompt", "")))
        if absent(forms)
    ]


def grounding_problems(
    raw: Mapping[str, Any],
    cited: Mapping[str, str],
    source_paragraphs: Sequence[str],
    *,
    copy_words: int = 8,
) -> Found:
    """What keeps a question from resting on its sources, as (field, message): quotes its cited
    paragraphs lack, copy_words or more words copied from the sources, typed answers they lack.
    cited maps each citation whose text is known to that text; without any, only copying counts."""
    paragraphs = [folded_words(text) for text in cited.values()]
    source = {run for p in source_paragraphs for run in word_runs(folded_words(p), copy_words)}
    found = _copy_problems(raw, source, copy_words)
    if paragraphs:
        found = _quote_problems(raw, paragraphs) + found + _answer_problems(raw, paragraphs)
    return found


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _abbreviation(form: str) -> bool:
    """MoU, ISS, NASA: short, but as telling as a name."""
    letters = form.replace(".", "").strip()
    return letters.isalpha() and len(letters) <= 5 and sum(c.isupper() for c in letters) >= 2


def _telling(form: str, plain: set[str]) -> Words:
    """The answer's words as a leak would show them, or () when too short or too common to tell."""
    words = folded_words(form)
    if words and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    short = len("".join(words)) < _SHORTEST_LEAK and not _abbreviation(form)
    return () if short or all(word in plain for word in words) else words


@dataclass(frozen=True)
class _Clue:
    """One form of an answer, and the phrases whose printing gives it away."""

    form: str
    words: Words
    phrases: tuple[Words, ...]


def _beside(words: Words, start: int, end: int, plain: set[str]) -> tuple[Words, Words]:
    """The words before and after a blank, as far as the nearest word that is not plain."""
    before, after = start - 1, end
    while before >= 0 and (words[before] in plain or len(words[before]) < 3):
        before -= 1
    while after < len(words) and (words[after] in plain or len(words[after]) < 3):
        after += 1
    return words[before:start] if before >= 0 else (), words[end : after + 1]


def _blank_clues(prompt: str, plain: set[str]) -> list[_Clue]:
    """A blank of one word (or the U.S.) gives itself away only with a word beside it: "explore
    the Moon" does, "the Moon" elsewhere does not. Longer blanks, numbers and abbreviations
    tell alone."""
    words: Words = ()
    blanks: list[tuple[int, int, list[str]]] = []
    for n, piece in enumerate(CLOZE_BLANK.split(prompt)):
        forms = [f.strip() for f in piece.split("|")] if n % 2 else []
        start, words = len(words), words + folded_words(forms[0] if forms else piece)
        blanks += [(start, len(words), forms)] if forms else []
    clues = []
    for start, end, forms in blanks:
        left, right = _beside(words, start, end, plain)
        for form, telling in ((f, t) for f in forms if (t := _telling(f, plain))):
            if telling != US and (len(telling) > 1 or telling[0].isdigit() or _abbreviation(form)):
                clues.append(_Clue(form, telling, (telling,)))
            else:
                phrases = (left + telling, telling + right)
                clues.append(
                    _Clue(form, telling, tuple(p for p in phrases if len(p) > len(telling)))
                )
    return clues


def _clues(raw: Mapping[str, Any], plain: set[str]) -> list[_Clue]:
    """What a question asks a student to know: accepted answers, right option, blanks, number."""
    qtype = raw.get("type")
    if qtype == "cloze":
        return _blank_clues(str(raw.get("prompt", "")), plain)
    forms = []
    if qtype in {"short", "choice"}:
        forms = _strings(raw.get("answers" if qtype == "short" else "answer"))
    elif qtype == "numeric" and "answer" in raw:  # the number with its unit: "25 years", "2017"
        forms = [f"{_number(raw['answer'])} {raw.get('unit', '')}".strip()]
    return [_Clue(form, words, (words,)) for form in forms if (words := _telling(form, plain))]


def _statement(raw: Mapping[str, Any]) -> Words:
    """The words a student reads, and may believe, in a question's prompt (blanks left out)."""
    if raw.get("type") == "truefalse" and raw.get("answer") is False:
        return ()  # a false statement teaches nothing
    return folded_words(shown_prompt(raw, blank=" | "))


def _plain_words(prompts: Sequence[Words]) -> set[str]:
    """Words that give nothing away: everyday ones, and those many of the bank's prompts use
    (its subject: in a bank about Russia, that a prompt names Russia tells nothing)."""
    counts = Counter(word for prompt in prompts for word in set(prompt))
    most = max(2, len(prompts) // 4)
    return {word for word, n in counts.items() if n > most} | COMMON_WORDS | _LEADING_ARTICLES


def answers_given_away(raws: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Questions of one bank whose answer another question's prompt prints, as (key, message)
    naming that question. Very short or common answers, and those a question's own prompt
    already shows, are left out."""
    keys = [str(raw.get("key", "")) for raw in raws]
    shown = [folded_words(shown_prompt(raw, blank=" | ")) for raw in raws]
    statements = [_statement(raw) for raw in raws]
    plain = _plain_words(shown)
    found = []
    for raw, key, own in zip(raws, keys, shown, strict=True):
        clues = [c for c in _clues(raw, plain) if not contains(own, c.words)]
        for other, statement in zip(keys, statements, strict=True):
            printed = (c.form for c in clues if any(contains(statement, p) for p in c.phrases))
            if other != key and (form := next(printed, "")):
                found.append(
                    (key, f'its answer "{form}" is printed in the prompt of {other}, '
                     "so a student who reads that question learns it")
                )  # fmt: skip
    return found
