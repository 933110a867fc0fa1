"""Read-only figures for the bank list and a bank's score panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.sql.elements import BindParameter

from quizapp.accounts.services import Account, new_limit
from quizapp.banks.models import Bank, Question
from quizapp.classes.models import ClassroomBank, Membership
from quizapp.core.scheduling import MASTERED_STABILITY_DAYS
from quizapp.core.timefmt import day_start
from quizapp.database.sql import run
from quizapp.errors import NotFound
from quizapp.study.models import Card, Review


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
    slug: str
    title: str
    description: str
    total: int
    seen: int
    answers: int
    accuracy: float | None  # mean score in percent, partial credit kept; None before any answer
    streak: int
    reviews_today: int
    due_now: int
    mastered: int


@dataclass(frozen=True)
class BankList:
    banks: list[BankSummary]
    new_left: int  # new questions the student may still start today, in any bank
    new_limit: int  # today's limit, across all banks


def list_banks(account: Account, now: datetime, default_limit: int) -> BankList:
    """Every bank with its active question count and this student's seen and due counts, and how
    many new questions the daily limit (one for all banks) still allows today."""
    start = day_start(now, account.timezone)
    params = {"user_id": account.id, "now": now, "day_start": start}
    rows = list(run(_BANKS, params))
    limit = new_limit(account, start, default_limit)
    started = rows[0].started_today if rows else 0
    return BankList([BankSummary(*row[:6]) for row in rows], max(0, limit - started), limit)


_USER: BindParameter[int] = bindparam("user_id")
_ACTIVE = Question.retired_at.is_(None)
# The banks a student studies: the school's banks, and a teacher's own bank only where one of
# the student's classes assigns it (or for the teacher who owns it); never a bank kept for
# quizzes only. Every page that shows a student a question outside a quiz applies this rule.
VISIBLE = Bank.quiz_only.is_(False) & (
    Bank.owner_id.is_(None)
    | (Bank.owner_id == _USER)
    | Bank.id.in_(
        select(ClassroomBank.bank_id)
        .join(Membership, Membership.classroom_id == ClassroomBank.classroom_id)
        .where(Membership.user_id == _USER)
    )
)
_BANKS = (
    select(
        Bank.slug,
        Bank.title,
        Bank.description,
        func.count(Question.id),
        func.count(Card.id),
        func.count(Card.id).filter(Card.due <= bindparam("now")),
        select(func.count(Card.id))
        .where(Card.user_id == bindparam("user_id"), Card.first_seen_at >= bindparam("day_start"))
        .correlate(None)
        .scalar_subquery()
        .label("started_today"),
    )
    .join(Question, and_(Question.bank_id == Bank.id, _ACTIVE))
    .outerjoin(Card, and_(Card.question_id == Question.id, Card.user_id == bindparam("user_id")))
    .where(VISIBLE)
    .group_by(Bank.id)
    .order_by(Bank.position, Bank.title)
)
# Subqueries of the panel read only their parameters: none correlates with the outer query.
BANK_ID = select(Bank.id).where(Bank.slug == bindparam("slug")).correlate(None).scalar_subquery()
IN_BANK = select(Question.id).where(Question.bank_id == BANK_ID).correlate(None)

# The reviews since the last wrong answer in the bank (every review when there was none); the
# index on (user_id, id) bounds this by the streak, not by the student's history.
_LAST_WRONG = (
    select(func.max(Card.last_wrong_review_id))
    .where(Card.user_id == _USER, Card.question_id.in_(IN_BANK))
    .correlate(None)
    .scalar_subquery()
)
_STREAK = (
    select(func.count(Review.id))
    .where(
        Review.user_id == _USER,
        Review.question_id.in_(IN_BANK),
        Review.id > func.coalesce(_LAST_WRONG, 0),
    )
    .correlate(None)
    .scalar_subquery()
)
_TODAY = (
    select(func.count(Review.id))
    .where(
        Review.user_id == _USER,
        Review.question_id.in_(IN_BANK),
        Review.answered_at >= bindparam("day_start"),
    )
    .correlate(None)
    .scalar_subquery()
)
# A bank's panel in one statement, from the student's cards (one row per question) and their
# running figures, plus today's answers and the current streak.
_STATS = (
    select(
        Bank.slug,
        Bank.title,
        Bank.description,
        func.count(Question.id).filter(_ACTIVE),
        func.count(Card.id).filter(_ACTIVE),
        func.coalesce(func.sum(Card.reps), 0),
        func.sum(Card.score_sum),
        _STREAK,
        _TODAY,
        func.count(Card.id).filter(_ACTIVE, Card.due <= bindparam("now")),
        func.count(Card.id).filter(_ACTIVE, Card.stability >= MASTERED_STABILITY_DAYS),
    )
    .outerjoin(Question, Question.bank_id == Bank.id)
    .outerjoin(Card, and_(Card.question_id == Question.id, Card.user_id == _USER))
    .where(Bank.slug == bindparam("slug"), VISIBLE)
    .group_by(Bank.id)
)


_VISIBLE_BANK = select(Bank.id).where(Bank.slug == bindparam("slug"), VISIBLE)


def require_visible(user_id: int, slug: str) -> None:
    """NotFound unless this student studies the bank: the same answer as for a slug that is not."""
    if run(_VISIBLE_BANK, {"user_id": user_id, "slug": slug}).first() is None:
        raise NotFound(f"There is no bank called {slug!r}.")


def bank_stats(user_id: int, timezone: str, slug: str, now: datetime) -> Stats:
    """The student's score panel for one bank (`timezone` decides when today began)."""
    params = {
        "user_id": user_id,
        "slug": slug,
        "now": now,
        "day_start": day_start(now, timezone),
    }
    row = run(_STATS, params).first()
    if row is None:
        raise NotFound(f"There is no bank called {slug!r}.")
    slug, title, description, total, seen, answers, score_sum, streak, today, due, mastered = row
    return Stats(
        slug=slug,
        title=title,
        description=description,
        total=total,
        seen=seen,
        answers=answers,
        accuracy=None if not answers else round(float(score_sum) * 100 / answers, 1),
        streak=streak,
        reviews_today=today,
        due_now=due,
        mastered=mastered,
    )
