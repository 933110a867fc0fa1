"""The shipped banks keep to the two articles: every answer can be checked against the paragraph
it cites, nothing is copied, and no prompt gives away another question's answer.

The checks a teacher's bank gets as warnings (quotes, copied runs, typed answers, answers given
away: quizapp/core/grounding.py) are errors here, with copying counted from COPIED_RUN words.
On top of them, the names and numbers shown as correct must appear in a cited paragraph, and
for the other questions the names and numbers of the statement that is true. The tests that
read the articles need them beside the repository: elsewhere they are skipped, in CI they fail
without them. Fix the question, not this test, when it fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from quizapp.config import Config
from quizapp.core.bankfile import BankDef, QuestionDef, bank_paths, load_banks
from quizapp.core.grading import cloze_blanks
from quizapp.core.grounding import answers_given_away, grounding_problems
from quizapp.core.sourcefile import load_sources
from quizapp.core.sources import split_paragraphs, text_digest
from quizapp.core.wording import contains, folded_words

ARTICLES_DIR = Path(Config.ARTICLES_DIR)
BANKS_DIR = Path(Config.BANKS_DIR)
SOURCES = {s.info.slug: s for s in load_sources({Path(Config.BANKS_DIR)})[0]}


def read_paragraphs(folder: Path, slug: str) -> list[str]:
    """A shipped source's paragraphs, read from the school's copy (paragraph n is element n - 1)."""
    return split_paragraphs((folder / SOURCES[slug].info.file).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles() -> Path:
    """The articles' folder: a test that reads them is skipped without them, but not in CI."""
    if not ARTICLES_DIR.is_dir():
        missing = f"the source articles are not at {ARTICLES_DIR}"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI checks the banks against them")
        pytest.skip(missing)
    return ARTICLES_DIR


# Words that start sentences or name the outlets, not facts to look for in a paragraph.
NOT_KEY_TERMS = {
    "the", "a", "an", "in", "on", "it", "its", "this", "that", "they", "he", "she", "both",
    "according", "nbc", "news", "silk", "road", "briefing", "article", "after", "before",
    "which", "who", "what", "when", "where", "while", "since", "by", "as", "neither", "no",
    "not", "and", "or", "for", "with", "but", "all", "one", "each", "of", "to", "u.s.", "us",
}  # fmt: skip
# Words in a row that a question may share with an article: as many as this is copied, not
# written in our own words. Text inside quotation marks is a quote and does not count.
COPIED_RUN = 7


def cited(question: QuestionDef) -> dict[str, str]:
    return {str(c): read_paragraphs(ARTICLES_DIR, c.source)[c.paragraph - 1] for c in question.cite}


def in_cited(text: str, question: QuestionDef) -> bool:
    phrase = folded_words(text)
    return any(contains(folded_words(p), phrase) for p in cited(question).values())


def name_like(text: str) -> bool:
    """A name, year or number rather than a sentence: a few capitalised words, or digits."""
    words = text.split()
    if any(ch.isdigit() for ch in text):
        return len(words) <= 3
    return len(words) <= 6 and all(w[:1].isupper() or w in {"of", "the", "and"} for w in words)


def exact_answers(question: QuestionDef) -> list[str]:
    """The answers shown as correct that are names or numbers: each must be in a cited paragraph
    (the core check is content with any accepted form of a typed answer)."""
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
    if question.type == "numeric":
        value = spec["answer"]
        return [str(int(value)) if float(value).is_integer() else str(value)]
    return []


def key_terms(text: str) -> list[str]:
    """Capitalised words (after the first) and numbers: what a true statement must share."""
    words = re.findall(r"[A-Za-z][\w.'\u2019]*|\d+", text.replace("United States", "U.S."))
    terms = [w for i, w in enumerate(words) if w[0].isdigit() or (i > 0 and w[0].isupper())]
    terms = [re.sub(r"['\u2019]s$", "", t) for t in terms]
    return [t for t in terms if t.casefold().rstrip(".") not in NOT_KEY_TERMS]


def term_in(term: str, question: QuestionDef) -> bool:
    """A term is found when its stem is: 'Russian' in a paragraph that says 'Russia'."""
    words = folded_words(term)
    if len(words) != 1:  # U.S. is two words, the United States
        return in_cited(term, question)
    stem = words[0][: max(5, len(words[0]) - 2)]
    text = " ".join(" ".join(folded_words(p)) for p in cited(question).values())
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


def _banks() -> list[BankDef]:
    banks, problems = load_banks(bank_paths([], BANKS_DIR))
    assert not problems, problems
    return banks


BANKS = _banks()
QUESTIONS = [q for bank in BANKS for q in bank.questions]


def raw(question: QuestionDef) -> dict[str, Any]:
    """The question as its bank file holds it."""
    return {"key": question.key, "type": question.type, "explanation": question.explanation,
            "cite": [str(c) for c in question.cite], **question.spec}  # fmt: skip


@pytest.mark.usefixtures("articles")
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_answer_is_grounded_in_the_cited_paragraph(question: QuestionDef) -> None:
    missing = [a for a in exact_answers(question) if not in_cited(a, question)]
    terms = [t for s in true_statements(question) for t in key_terms(s)]
    missing += [t for t in terms if not term_in(t, question)]
    assert not missing, f"{question.key}: not in {[str(c) for c in question.cite]}: {missing}"


@pytest.fixture(scope="module")
def source_paragraphs(articles: Path) -> list[str]:
    return [p for slug in SOURCES for p in read_paragraphs(articles, slug)]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_question_keeps_to_its_sources(question: QuestionDef, source_paragraphs: list[str]) -> None:
    """Quotes found where cited, no run of COPIED_RUN words copied, typed answers in the text:
    for the shipped banks these are errors, where a teacher's bank only gets warnings."""
    found = grounding_problems(raw(question), cited(question), source_paragraphs,
                               copy_words=COPIED_RUN)  # fmt: skip
    assert found == [], f"{question.key}: {found}"


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.slug)
def test_no_prompt_gives_away_another_questions_answer(bank: BankDef) -> None:
    assert answers_given_away([raw(q) for q in bank.questions]) == []


# Keys of questions retired from the shipped banks: students' history keeps them, so a new
# question must never take one (importing it would bring the old one's history back).
RETIRED = {
    "agreement.cnsa-open", "agreement.deal-facts", "agreement.first-pledge", "agreement.name-nbc",
    "agreement.roscosmos-is", "agreement.same-name", "agreement.statement-after",
    "agreement.weekday", "agreement.year", "reactions.gt-type", "reactions.luzin-iss",
    "reactions.luzin-who", "reactions.tabloid", "space-powers.artemis-name",
    "space-powers.artemis-station", "space-powers.cosmonauts", "space-powers.law-year",
    "space-powers.space-race-century",
}  # fmt: skip


def test_a_retired_key_is_never_used_again() -> None:
    assert RETIRED.isdisjoint(q.key for q in QUESTIONS)


def test_the_banks_are_complete_enough() -> None:
    types = {q.type for q in QUESTIONS}
    assert len(QUESTIONS) >= 90
    assert types == {"choice", "truefalse", "short", "flashcard", "multi", "numeric", "matching",
                     "ordering", "cloze"}  # fmt: skip


def test_source_metadata_matches_the_schools_copy(articles: Path) -> None:
    assert set(SOURCES) == {"nbc-lunar", "silkroad-moon"}
    for slug, source in SOURCES.items():
        paragraphs = read_paragraphs(articles, slug)
        assert len(paragraphs) == source.info.paragraphs
        assert text_digest(paragraphs) == source.sha256
