"""The study loop's reads: what to show next, and a question as this showing presents it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.sql.elements import BindParameter

from quizapp.core import answer_token, scheduling
from quizapp.core.grading import CLOZE_BLANK
from quizapp.core.scheduling import CardState
from quizapp.core.timefmt import day_start, humanize
from quizapp.models import Bank, Card, Question, User
from quizapp.services import tx
from quizapp.services.accounts import Account
from quizapp.services.errors import NotFound
from quizapp.services.sql import run

EXTRA_NEW_STEP = 10


@dataclass(frozen=True)
class BankInfo:
    slug: str
    title: str


@dataclass(frozen=True)
class Shown:
    """A question ready to show, with its options in this showing's order."""

    bank: BankInfo
    question_id: int
    type: str
    prompt: str
    token: str
    is_new: bool
    choices: list[str] = field(default_factory=list)  # options, match targets or items, shuffled
    lefts: list[str] = field(default_factory=list)  # matching: the items to pair
    button_intervals: dict[int, str] = field(default_factory=dict)  # flashcards: rating -> wait
    back: str = ""  # flashcards: the answer side
    segments: list[str] = field(default_factory=list)  # cloze: the text around the blanks

    @property
    def part_count(self) -> int:
        """How many inputs a cloze, matching or ordering question has."""
        if self.type == "cloze":
            return len(self.segments) - 1
        return len(self.lefts) if self.type == "matching" else len(self.choices)


@dataclass(frozen=True)
class NothingDue:
    bank: BankInfo
    next_due: datetime | None
    new_left: int  # unseen questions held back by today's new-question limit


# A card's scheduling state, in CardState's field order.
CARD_COLUMNS = (Card.state, Card.step, Card.stability, Card.difficulty, Card.due, Card.last_review)
QUESTION_COLUMNS = (Question.id, Question.type, Question.prompt, Question.spec)
_USER: BindParameter[int] = bindparam("user_id")
_SLUG: BindParameter[str] = bindparam("slug")
_NOW: BindParameter[datetime] = bindparam("now")
_ACTIVE = and_(Question.bank_id == Bank.id, Question.retired_at.is_(None))
MY_CARD = and_(Card.question_id == Question.id, Card.user_id == _USER)

# One statement picks the next question: the most overdue card, else the first unseen question;
# it also counts the new questions started today, for the daily limit.
_NEXT = (
    select(
        Bank.slug,
        Bank.title,
        *QUESTION_COLUMNS,
        Card.id.label("card_id"),
        Card.reps,
        *CARD_COLUMNS,
        select(func.count(Card.id))
        .where(Card.user_id == _USER, Card.first_seen_at >= bindparam("day_start"))
        .correlate(None)
        .scalar_subquery()
        .label("started_today"),
    )
    .join(Question, _ACTIVE)
    .outerjoin(Card, MY_CARD)
    .where(Bank.slug == _SLUG, (Card.id.is_(None)) | (Card.due <= _NOW))
    .order_by(Card.id.is_(None), Card.due, Question.position, Question.id)
    .limit(1)
)

# Only when there is nothing to show: when the next card falls due, and how many new wait.
_NOTHING_DUE = (
    select(
        Bank.slug,
        Bank.title,
        func.min(Card.due),
        func.count(Question.id).filter(Card.id.is_(None)),
    )
    .outerjoin(Question, _ACTIVE)
    .outerjoin(Card, MY_CARD)
    .where(Bank.slug == _SLUG)
    .group_by(Bank.id)
)


def card_state(row: Any, now: datetime) -> CardState:
    """The scheduler's view of a stored card (a fresh one for a question never answered)."""
    if row is None or row.state is None:
        return scheduling.new_card(now)
    return CardState(row.state, row.step, row.stability, row.difficulty, row.due, row.last_review)


def _new_allowance(account: Account, start: datetime, started: int, default_limit: int) -> int:
    limit = default_limit if account.new_per_day is None else account.new_per_day
    if account.extra_new_day == start.date():
        limit += account.extra_new_count
    return max(0, limit - started)


def _shuffled(items: list[str], token: str) -> list[str]:
    # Seeded by the showing's token: the same showing, re-rendered to fix an input, keeps its order.
    order = list(items)
    random.Random(token).shuffle(order)
    return order


def show(bank: BankInfo, question: Any, card: Any, token: str, now: datetime) -> Shown:
    """A question as this showing presents it; `question` and `card` are rows (card maybe None)."""
    spec: dict[str, Any] = question.spec
    extra: dict[str, Any] = {}
    if question.type in {"choice", "multi"}:
        extra["choices"] = _shuffled(spec["options"], token)
    elif question.type == "matching":
        extra["lefts"] = [left for left, _ in spec["pairs"]]
        extra["choices"] = sorted(right for _, right in spec["pairs"])
    elif question.type == "ordering":
        extra["choices"] = _shuffled(spec["items"], token)
    elif question.type == "cloze":
        extra["segments"] = CLOZE_BLANK.split(spec["prompt"])[::2]
    elif question.type == "flashcard":
        waits = scheduling.preview(card_state(card, now), now)
        extra["button_intervals"] = {int(r): humanize(w) for r, w in waits.items()}
        extra["back"] = spec["answer"]
    is_new = card is None or card.state is None
    return Shown(bank, question.id, question.type, question.prompt, token, is_new, **extra)


def _nothing_due(account: Account, slug: str) -> NothingDue:
    row = run(_NOTHING_DUE, {"user_id": account.id, "slug": slug}).first()
    if row is None:
        raise NotFound(f"There is no bank called {slug!r}.")
    return NothingDue(BankInfo(row[0], row[1]), next_due=row[2], new_left=row[3])


def next_question(
    account: Account, slug: str, now: datetime, secret: str, default_limit: int
) -> Shown | NothingDue:
    """The next question of a bank: most overdue first, then new ones within today's limit."""
    start = day_start(now, account.timezone)
    params = {"user_id": account.id, "slug": slug, "now": now, "day_start": start}
    row = run(_NEXT, params).first()
    if row is None:
        return _nothing_due(account, slug)
    is_new = row.card_id is None
    if is_new and _new_allowance(account, start, row.started_today, default_limit) == 0:
        return _nothing_due(account, slug)
    token = answer_token.issue(secret, account.id, row.id, row.reps or 0, now)
    return show(BankInfo(row.slug, row.title), row, None if is_new else row, token, now)


def allow_more_new(user_id: int, now: datetime) -> None:
    """Let the student start another batch of new questions today."""
    with tx.write() as session:
        user = session.get_one(User, user_id)
        today = day_start(now, user.timezone).date()
        if user.extra_new_day != today:
            user.extra_new_day, user.extra_new_count = today, 0
        user.extra_new_count += EXTRA_NEW_STEP
