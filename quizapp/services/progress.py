"""Read-only figures for the bank list and a bank's score panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select

from quizapp.core.scheduling import MASTERED_STABILITY_DAYS
from quizapp.core.timefmt import day_start
from quizapp.extensions import db
from quizapp.models import Bank, Card, Question, Review, User
from quizapp.services.errors import NotFound


@dataclass(frozen=True)
class BankSummary:
    slug: str
    title: str
    description: str
    total: int
    seen: int
    due: int

    @property
    def new(self) -> int:
        return self.total - self.seen


@dataclass(frozen=True)
class Stats:
    total: int
    seen: int
    answers: int
    accuracy: float | None  # mean score in percent, partial credit kept; None before any answer
    streak: int
    reviews_today: int
    due_now: int
    mastered: int


def list_banks(user_id: int, now: datetime) -> list[BankSummary]:
    """Every bank with its active question count and this student's seen and due counts."""
    card = and_(Card.question_id == Question.id, Card.user_id == user_id)
    rows = db.session.execute(
        select(
            Bank.slug,
            Bank.title,
            Bank.description,
            func.count(Question.id),
            func.count(Card.id),
            func.count(Card.id).filter(Card.due <= now),
        )
        .join(Question, and_(Question.bank_id == Bank.id, Question.retired_at.is_(None)))
        .outerjoin(Card, card)
        .group_by(Bank.id)
        .order_by(Bank.position, Bank.title)
    )
    return [BankSummary(*row) for row in rows]


def find_bank(slug: str) -> Bank:
    """The bank with this slug, or NotFound."""
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None:
        raise NotFound(f"There is no bank called {slug!r}.")
    return bank


def _count(query: Select[Any]) -> int:
    return db.session.scalar(query) or 0


def bank_stats(user_id: int, slug: str, now: datetime) -> Stats:
    """The student's score panel for one bank."""
    bank = find_bank(slug)
    user = db.session.get_one(User, user_id)
    active = and_(Question.bank_id == bank.id, Question.retired_at.is_(None))
    cards = select(func.count(Card.id)).join(Question).where(Card.user_id == user_id, active)
    reviews = (
        select(Review).join(Question).where(Review.user_id == user_id, Question.bank_id == bank.id)
    )
    scored = reviews.subquery()
    answers, mean = db.session.execute(select(func.count(), func.avg(scored.c.score))).one()
    last_wrong = (
        select(func.max(Review.id))
        .join(Question)
        .where(Review.user_id == user_id, Question.bank_id == bank.id, Review.correct.is_(False))
        .scalar_subquery()
    )
    streak = reviews.where(Review.id > func.coalesce(last_wrong, 0)).subquery()
    today = reviews.where(Review.answered_at >= day_start(now, user.timezone)).subquery()
    return Stats(
        total=_count(select(func.count(Question.id)).where(active)),
        seen=_count(cards),
        answers=answers,
        accuracy=None if mean is None else round(float(mean) * 100, 1),
        streak=_count(select(func.count()).select_from(streak)),
        reviews_today=_count(select(func.count()).select_from(today)),
        due_now=_count(cards.where(Card.due <= now)),
        mastered=_count(cards.where(Card.stability >= MASTERED_STABILITY_DAYS)),
    )
