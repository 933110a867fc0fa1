"""Every answer can be checked against the paragraph it cites.

Names, years and numbers that a question accepts must appear in a cited paragraph; for the other
questions, the names and numbers of the statement that is true must appear there. The tests
that read the articles need them beside the repository: elsewhere they are skipped, in CI they
fail without them. Fix the question, not this test, when it fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from quizapp.config import Config
from quizapp.core.articles import read_paragraphs
from quizapp.core.bankfile import QuestionDef, bank_paths, load_banks
from quizapp.core.grading import CLOZE_BLANK, cloze_blanks

ARTICLES_DIR = Path(Config.ARTICLES_DIR)
BANKS_DIR = Path(Config.BANKS_DIR)


@pytest.fixture(scope="module")
def articles() -> Path:
    """The articles' folder: a test that reads them is skipped without them, but not in CI."""
    if not ARTICLES_DIR.is_dir():
        missing = f"the source articles are not at {ARTICLES_DIR}"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI checks the banks against them")
        pytest.skip(missing)
    return ARTICLES_DIR


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60,
}  # fmt: skip
# Words that start sentences or name the outlets, not facts to look for in a paragraph.
NOT_KEY_TERMS = {
    "the", "a", "an", "in", "on", "it", "its", "this", "that", "they", "he", "she", "both",
    "according", "nbc", "news", "silk", "road", "briefing", "article", "after", "before",
    "which", "who", "what", "when", "where", "while", "since", "by", "as", "neither", "no",
    "not", "and", "or", "for", "with", "but", "all", "one", "each", "of", "to", "u.s.", "us",
}  # fmt: skip
# Words in a row that a question may share with an article: anything longer is copied, not
# written in our own words. Text inside quotation marks is a quote and does not count.
COPIED_RUN = 8
QUOTED = re.compile(r'"[^"]*"')


def fold(text: str) -> str:
    text = text.casefold().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text.replace("\u2013", "-").replace("\u2014", "-"))
    return text.replace("united states", "u.s.")


def cited_text(question: QuestionDef) -> str:
    return " ".join(
        fold(read_paragraphs(ARTICLES_DIR, c.article)[c.paragraph - 1]) for c in question.cite
    )


def name_like(text: str) -> bool:
    """A name, year or number rather than a sentence: a few capitalised words, or digits."""
    words = text.split()
    if any(ch.isdigit() for ch in text):
        return len(words) <= 3
    return len(words) <= 6 and all(w[:1].isupper() or w in {"of", "the", "and"} for w in words)


def exact_answers(question: QuestionDef) -> list[str]:
    spec: dict[str, Any] = question.spec
    if question.type == "short":
        return [spec["answers"][0]]
    if question.type == "cloze":
        return [forms[0] for forms in cloze_blanks(spec["prompt"])]
    if question.type == "choice":
        return [spec["answer"]] if name_like(spec["answer"]) else []
    if question.type == "multi":
        return [a for a in spec["answers"] if name_like(a)]
    if question.type == "matching":
        return [side for pair in spec["pairs"] for side in pair if name_like(side)]
    return []


def number_in(value: float, text: str) -> bool:
    digits = str(int(value)) if float(value).is_integer() else str(value)
    words = [w for w, n in NUMBER_WORDS.items() if n == value]
    return re.search(rf"(?<!\d){re.escape(digits)}(?!\d)", text) is not None or any(
        re.search(rf"\b{w}\b", text) for w in words
    )


def key_terms(text: str) -> list[str]:
    """Capitalised words (after the first) and numbers: what a true statement must share."""
    words = re.findall(r"[A-Za-z][\w.'\u2019]*|\d+", text.replace("United States", "U.S."))
    terms = [w for i, w in enumerate(words) if w[0].isdigit() or (i > 0 and w[0].isupper())]
    terms = [re.sub(r"['\u2019]s$", "", t) for t in terms]
    return [t for t in terms if t.casefold().rstrip(".") not in NOT_KEY_TERMS]


def term_in(term: str, text: str) -> bool:
    """A term is found when its stem is: 'Russian' in a paragraph that says 'Russia'."""
    folded = fold(term)
    if folded.endswith(".") and folded in text:  # abbreviations such as u.s.
        return True
    stem = folded.rstrip(".")[: max(5, len(folded) - 2)]
    return re.search(rf"\b{re.escape(stem)}", text) is not None


def true_statements(question: QuestionDef) -> list[str]:
    spec: dict[str, Any] = question.spec
    if question.type == "truefalse":
        return [question.prompt] if spec["answer"] else []
    if question.type == "flashcard":
        return [str(spec["answer"])]
    if question.type == "ordering":
        return list(spec["items"])
    if question.type == "choice":
        return [] if name_like(spec["answer"]) else [spec["answer"]]
    if question.type == "multi":
        return [a for a in spec["answers"] if not name_like(a)]
    if question.type == "matching":
        return [side for pair in spec["pairs"] for side in pair if not name_like(side)]
    return []


def _questions() -> list[QuestionDef]:
    banks, problems = load_banks(bank_paths([], BANKS_DIR))
    assert not problems, problems
    return [q for bank in banks for q in bank.questions]


QUESTIONS = _questions()


@pytest.mark.usefixtures("articles")
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_answer_is_grounded_in_the_cited_paragraph(question: QuestionDef) -> None:
    text = cited_text(question)
    missing = [a for a in exact_answers(question) if fold(a) not in text]
    if question.type == "numeric" and not number_in(question.spec["answer"], text):
        missing.append(str(question.spec["answer"]))
    terms = [t for s in true_statements(question) for t in key_terms(s)]
    missing += [t for t in terms if not term_in(t, text)]
    assert not missing, f"{question.key}: not in {[str(c) for c in question.cite]}: {missing}"


def word_runs(text: str) -> set[tuple[str, ...]]:
    text = QUOTED.sub(" ", fold(text)).replace("'", "").replace("u.s.", "us")
    words = re.findall(r"[a-z0-9]+", text)
    return {tuple(words[i : i + COPIED_RUN]) for i in range(len(words) - COPIED_RUN + 1)}


def question_texts(question: QuestionDef) -> list[str]:
    """Everything a student reads, with each cloze blank shown as its first form."""
    spec: dict[str, Any] = question.spec
    texts = [CLOZE_BLANK.sub(lambda m: m.group(1).split("|")[0], question.prompt)]
    texts.append(question.explanation)
    for name in ("options", "answers", "items"):
        texts += spec.get(name, [])
    texts += [side for pair in spec.get("pairs", []) for side in pair]
    if isinstance(spec.get("answer"), str):
        texts.append(spec["answer"])
    return texts


@pytest.fixture(scope="module")
def article_runs(articles: Path) -> set[tuple[str, ...]]:
    from quizapp.core.articles import ARTICLES

    return {
        run
        for article in ARTICLES.values()
        for paragraph in read_paragraphs(articles, article.file)
        for run in word_runs(paragraph)
    }


def test_word_runs_skip_quotes_and_count_words() -> None:
    assert word_runs("one two three four five six seven eight") == {
        ("one", "two", "three", "four", "five", "six", "seven", "eight")
    }
    assert word_runs('one two three four "five six seven eight"') == set()


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_no_long_phrase_is_copied_from_the_articles(
    question: QuestionDef, article_runs: set[tuple[str, ...]]
) -> None:
    copied = [
        " ".join(r) for text in question_texts(question) for r in word_runs(text) & article_runs
    ]
    assert not copied, f"{question.key} copies the articles: {copied}"


def test_the_banks_are_complete_enough() -> None:
    types = {q.type for q in QUESTIONS}
    assert len(QUESTIONS) >= 80
    assert types == {"choice", "truefalse", "short", "flashcard", "multi", "numeric", "matching",
                     "ordering", "cloze"}  # fmt: skip


def test_article_metadata_matches_the_files(articles: Path) -> None:
    from quizapp.core.articles import ARTICLES

    for article in ARTICLES.values():
        assert len(read_paragraphs(articles, article.file)) == article.paragraphs
