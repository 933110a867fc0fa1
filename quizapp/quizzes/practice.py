"""Practice quizzes: a student's own quiz from any bank, a score at the end. Each answer is a
review like any other (the same one-time token, the same FSRS card), linked to its quiz item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from quizapp.banks.models import Bank, Question
from quizapp.core import answer_token, quizdraw
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.quizzes.attempts import add_items
from quizapp.quizzes.models import Attempt, AttemptItem
from quizapp.quizzes.services import QUIZ_TYPES
from quizapp.study.figures import VISIBLE
from quizapp.study.models import Card, Review
from quizapp.study.services import BankInfo, Shown, show

SIZES = (5, 10, 20, 0)  # 0: every question


@dataclass(frozen=True)
class PracticeItem:
    attempt_id: int
    bank: BankInfo
    position: int
    count: int
    shown: Shown | None  # None once answered
    review_id: int | None  # the answer, once given


def _bank(user_id: int, slug: str) -> Bank:
    visible = select(Bank).where(Bank.slug == slug, VISIBLE)
    bank = db.session.scalars(visible, {"user_id": user_id}).first()
    if bank is None:
        raise NotFound(f"There is no bank called {slug!r}.")
    return bank


_TAGS = (
    select(Question.tags)
    .join(Bank, Bank.id == Question.bank_id)
    .where(Bank.slug == bindparam("slug"), VISIBLE, Question.retired_at.is_(None))
)


def topics(user_id: int, slug: str) -> list[str]:
    """The bank's tags, for choosing what a practice quiz asks (one statement)."""
    rows = run(_TAGS, {"user_id": user_id, "slug": slug}).scalars()
    return sorted({tag for row in rows for tag in row})


def start(user_id: int, slug: str, size: int, tags: list[str], now: datetime) -> int:
    """A new practice quiz of `size` questions (0: all) from the bank, only those with one of
    `tags` when some are given; returns the attempt's id."""
    with tx.write() as session:
        bank = _bank(user_id, slug)
        rows = session.execute(
            select(Question.id, Question.tags).where(
                Question.bank_id == bank.id,
                Question.retired_at.is_(None),
                Question.type.in_(QUIZ_TYPES),
            )
        ).all()
        candidates = [
            quizdraw.Candidate(qid, tuple(qtags))
            for qid, qtags in rows
            if not tags or set(tags) & set(qtags)
        ]
        if not candidates:
            raise NotFound("No question of this bank has those tags.")
        attempt = Attempt(user_id=user_id, bank_id=bank.id, started_at=now)
        session.add(attempt)
        session.flush()
        chosen = quizdraw.draw(candidates, size or None, f"practice {attempt.id}")
        add_items(session, attempt.id, chosen)
        return attempt.id


def own(user_id: int, attempt_id: int) -> tuple[Attempt, Bank]:
    """The student's own practice quiz and its bank, while the student may study the bank."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id or attempt.bank_id is None:
        raise NotFound("That practice quiz was not found.")
    # A bank since kept for quizzes (or no longer the student's) takes its practice with it.
    visible = select(Bank).where(Bank.id == attempt.bank_id, VISIBLE)
    bank = db.session.scalars(visible, {"user_id": user_id}).first()
    if bank is None:
        raise NotFound("That practice quiz was not found.")
    return attempt, bank


def item(user_id: int, attempt_id: int, position: int, now: datetime, secret: str) -> PracticeItem:
    """A question of the practice quiz, shown with a study token (so its answer is a review)."""
    attempt, bank = own(user_id, attempt_id)
    items = list(
        db.session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt.id)
            .order_by(AttemptItem.position)
        )
    )
    if not 1 <= position <= len(items):
        raise NotFound("That question is not in this practice quiz.")
    entry = items[position - 1]
    info = BankInfo(bank.slug, bank.title)
    if entry.review_id is not None:
        return PracticeItem(attempt.id, info, position, len(items), None, entry.review_id)
    question = db.session.get_one(Question, entry.question_id)
    card = db.session.scalars(
        select(Card).where(Card.user_id == user_id, Card.question_id == question.id)
    ).first()
    token = answer_token.issue(secret, user_id, question.id, card.reps if card else 0, now)
    shown = show(info, question, card, token, now)
    return PracticeItem(attempt.id, info, position, len(items), shown, None)


def link(user_id: int, attempt_id: int, position: int, review_id: int, now: datetime) -> None:
    """Tie a recorded review to its practice item; the quiz is scored when its last item is."""
    with tx.write() as session:
        attempt, _ = own(user_id, attempt_id)
        entry = session.get(AttemptItem, (attempt.id, position))
        review = session.get(Review, review_id)
        if entry is None or review is None or review.user_id != user_id:
            raise NotFound("That answer was not found.")
        if entry.review_id is None:
            entry.review_id, entry.response = review.id, review.response
            entry.score, entry.correct, entry.answered_at = review.score, review.correct, now
        session.flush()
        items = list(
            session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id))
        )
        if attempt.submitted_at is None and all(i.review_id is not None for i in items):
            attempt.score = sum(i.score or 0.0 for i in items) / len(items)
            attempt.submitted_at = now


@dataclass(frozen=True)
class PastPractice:
    id: int
    started_at: datetime
    questions: int
    score: float | None  # None while unfinished


_QUESTIONS = (
    select(func.count())
    .where(AttemptItem.attempt_id == Attempt.id)
    .correlate(Attempt)
    .scalar_subquery()
)
_PAST = (
    select(Attempt.id, Attempt.started_at, _QUESTIONS, Attempt.score)
    .join(Bank, Bank.id == Attempt.bank_id)
    .where(Attempt.user_id == bindparam("user_id"), Bank.slug == bindparam("slug"))
    .order_by(Attempt.id.desc())
    .limit(20)
)


def past(user_id: int, slug: str) -> list[PastPractice]:
    """The student's latest practice quizzes of a bank, for its progress page."""
    return [PastPractice(*row) for row in run(_PAST, {"user_id": user_id, "slug": slug})]
