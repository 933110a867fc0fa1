"""What a student sees after answering: verdict, correct answer, explanation, source, next time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Rating
from sqlalchemy import bindparam, select

from quizapp.core.articles import ARTICLES, parse_citation
from quizapp.core.grading import CLOZE_BLANK, correct_answer
from quizapp.extensions import db
from quizapp.models import Bank, Question, Review
from quizapp.services.errors import NotFound


@dataclass(frozen=True)
class Source:
    outlet: str
    headline: str
    paragraph: int


@dataclass(frozen=True)
class Feedback:
    bank_slug: str
    bank_title: str
    question_type: str
    prompt: str
    correct: bool
    score: float
    rating: str
    your_answer: str
    correct_answer: str
    explanation: str
    sources: list[Source]
    due_after: datetime


def _sources(cites: list[str]) -> list[Source]:
    found = []
    for text in cites:
        cite = parse_citation(text)
        if not isinstance(cite, str):
            article = ARTICLES[cite.article]
            found.append(Source(article.outlet, article.headline, cite.paragraph))
    return found


def _your_answer(question: Question, response: Any) -> str:
    if question.type == "flashcard":
        return (
            f"You rated it {Rating(int(response)).name}" if response in {"1", "2", "3", "4"} else ""
        )
    if question.type == "matching" and isinstance(response, list):
        lefts = [left for left, _ in question.spec["pairs"]]
        return "; ".join(
            f"{left} → {pick or '—'}" for left, pick in zip(lefts, response, strict=False)
        )
    if question.type == "ordering" and isinstance(response, list):
        return " → ".join(response)
    if isinstance(response, list):
        return "; ".join(r or "—" for r in response) or "(nothing chosen)"
    return str(response) or "(no answer)"


# The answer, its question and its bank in one statement; another student's answer, or one
# from another bank, is not found.
_ANSWER = (
    select(Review, Question, Bank.slug, Bank.title)
    .join(Question, Question.id == Review.question_id)
    .join(Bank, Bank.id == Question.bank_id)
    .where(
        Review.id == bindparam("review_id"),
        Review.user_id == bindparam("user_id"),
        Bank.slug == bindparam("slug"),
    )
)


def feedback(user_id: int, slug: str, review_id: int) -> Feedback:
    """The feedback page for one of the student's own answers to a question of this bank."""
    found = db.session.execute(
        _ANSWER, {"review_id": review_id, "user_id": user_id, "slug": slug}
    ).first()
    if found is None:
        raise NotFound("That answer was not found.")
    review, question, bank_slug, bank_title = found
    return Feedback(
        bank_slug=bank_slug,
        bank_title=bank_title,
        question_type=question.type,
        prompt=CLOZE_BLANK.sub("_____", question.prompt),
        correct=review.correct,
        score=review.score,
        rating=Rating(review.rating).name,
        your_answer=_your_answer(question, review.response),
        correct_answer=correct_answer(question.type, question.spec),
        explanation=question.explanation,
        sources=_sources(question.cite),
        due_after=review.due_after,
    )
