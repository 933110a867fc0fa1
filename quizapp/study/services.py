"""The study loop's reads: what to show next, and a question as this showing presents it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from fsrs import State
from sqlalchemy import ColumnElement, ScalarSelect, and_, bindparam, case, func, select
from sqlalchemy.sql.elements import BindParameter

from quizapp.accounts.models import User
from quizapp.accounts.services import Account, new_limit
from quizapp.banks.models import Bank, Question
from quizapp.core import answer_token, formulas, scheduling
from quizapp.core.grading import CLOZE_BLANK
from quizapp.core.scheduling import CardState
from quizapp.core.timefmt import day_start, humanize
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.database.types import UTCDateTime
from quizapp.errors import NotFound
from quizapp.scheduling.services import RETENTION, TUNED
from quizapp.study.figures import BANK_ID, IN_BANK, VISIBLE, require_visible
from quizapp.study.models import Card, Review

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
    formula: bool = False  # short: the answer is typed as a formula
    queue: Queue | None = None  # on the study page: what is left after this question

    @property
    def part_count(self) -> int:
        """How many inputs a cloze, matching or ordering question has."""
        if self.type == "cloze":
            return len(self.segments) - 1
        return len(self.lefts) if self.type == "matching" else len(self.choices)

    @property
    def choices_hold_formulas(self) -> bool:
        """A drop-down shows its choices as plain text: with a formula among them, a matching
        question is shown as a group of radio buttons for each item instead."""
        return any(formulas.holds_formula(choice) for choice in self.choices)


@dataclass(frozen=True)
class Queue:
    """What is left in a bank, as Anki's three counts, and how far today's study has come."""

    due: int  # reviews due now
    learning: int  # cards in learning due within the learn-ahead limit
    new: int  # new questions the student may still start today, in this bank
    answered_today: int

    @property
    def done_percent(self) -> int:
        left = self.due + self.learning + self.new
        total = self.answered_today + left
        return 100 if total == 0 else round(100 * self.answered_today / total)


@dataclass(frozen=True)
class Today:
    """A bank's study today: the summary shown when its queue is empty."""

    answers: int
    right: int
    seconds: int
    coming_back_today: int  # cards due again before the student's day ends


@dataclass(frozen=True)
class NothingDue:
    bank: BankInfo
    next_due: datetime | None
    new_left: int  # unseen questions held back by today's new-question limit
    today: Today | None = None


# A card's scheduling state, in CardState's field order.
CARD_COLUMNS = (Card.state, Card.step, Card.stability, Card.difficulty, Card.due, Card.last_review)
QUESTION_COLUMNS = (Question.id, Question.type, Question.prompt, Question.spec)
_USER: BindParameter[int] = bindparam("user_id")
_SLUG: BindParameter[str] = bindparam("slug")
_NOW: BindParameter[datetime] = bindparam("now")
_ACTIVE = and_(Question.bank_id == Bank.id, Question.retired_at.is_(None))
MY_CARD = and_(Card.question_id == Question.id, Card.user_id == _USER)

LEARN_AHEAD = timedelta(minutes=20)
_LEARNING = (State.Learning.value, State.Relearning.value)
_AHEAD: BindParameter[datetime] = bindparam("ahead", type_=UTCDateTime())
_DAY_START: BindParameter[datetime] = bindparam("day_start", type_=UTCDateTime())
_STARTED_TODAY = (
    select(func.count(Card.id))
    .where(Card.user_id == _USER, Card.first_seen_at >= _DAY_START)
    .correlate(None)
    .scalar_subquery()
)


def _my_cards(*conditions: ColumnElement[bool]) -> ScalarSelect[int]:
    """How many of the student's cards in this bank's active questions meet the conditions."""
    return (
        select(func.count(Card.id))
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == _USER, Question.bank_id == BANK_ID, Question.retired_at.is_(None))
        .where(*conditions)
        .correlate(None)
        .scalar_subquery()
    )


# One statement picks the next question and counts what is left, for the page's queue line.
# The order: cards due now (most overdue first), then new questions within today's limit, then,
# when nothing else is left, a card in learning that falls due within LEARN_AHEAD.
_NEXT = (
    select(
        Bank.slug,
        Bank.title,
        *QUESTION_COLUMNS,
        Card.id.label("card_id"),
        Card.reps,
        *CARD_COLUMNS,
        _STARTED_TODAY.label("started_today"),
        _my_cards(Card.state == State.Review.value, Card.due <= _NOW).label("due_reviews"),
        _my_cards(Card.state.in_(_LEARNING), Card.due <= _AHEAD).label("learning"),
        _my_cards().label("seen"),
        TUNED,
        RETENTION,
        select(func.count(Question.id))
        .where(Question.bank_id == BANK_ID, Question.retired_at.is_(None))
        .correlate(None)
        .scalar_subquery()
        .label("total"),
        select(func.count(Review.id))
        .where(
            Review.user_id == _USER,
            Review.answered_at >= _DAY_START,
            Review.question_id.in_(IN_BANK),
        )
        .correlate(None)
        .scalar_subquery()
        .label("answered_today"),
    )
    .join(Question, _ACTIVE)
    .outerjoin(Card, MY_CARD)
    .where(
        Bank.slug == _SLUG,
        VISIBLE,
        (Card.due <= _NOW)
        | (Card.id.is_(None) & (bindparam("new_limit") > _STARTED_TODAY))
        | (Card.state.in_(_LEARNING) & (Card.due <= _AHEAD)),
    )
    .order_by(
        case((Card.due <= _NOW, 0), (Card.id.is_(None), 1), else_=2),
        Card.due,
        Question.position,
        Question.id,
    )
    .limit(1)
)

# Only when there is nothing to show: when the next card falls due, how many new wait, and what
# the student did in this bank today.
_TODAY = and_(
    Review.user_id == _USER, Review.answered_at >= _DAY_START, Review.question_id.in_(IN_BANK)
)
_NOTHING_DUE = (
    select(
        Bank.slug,
        Bank.title,
        func.min(Card.due),
        func.count(Question.id).filter(Card.id.is_(None)),
        func.count(Card.id).filter(Card.due < bindparam("day_end", type_=UTCDateTime())),
        *(
            select(figure).where(_TODAY).correlate(None).scalar_subquery()
            for figure in (
                func.count(Review.id),
                func.coalesce(func.sum(case((Review.correct, 1), else_=0)), 0),
                func.coalesce(func.sum(Review.duration_ms), 0),
            )
        ),
    )
    .outerjoin(Question, _ACTIVE)
    .outerjoin(Card, MY_CARD)
    .where(Bank.slug == _SLUG, VISIBLE)
    .group_by(Bank.id)
)


def card_state(row: Any, now: datetime) -> CardState:
    """The scheduler's view of a stored card (a fresh one for a question never answered)."""
    if row is None or row.state is None:
        return scheduling.new_card(now)
    return CardState(row.state, row.step, row.stability, row.difficulty, row.due, row.last_review)


def _shuffled(items: list[str], token: str) -> list[str]:
    # Seeded by the showing's token: the same showing, re-rendered to fix an input, keeps its order.
    order = list(items)
    random.Random(token).shuffle(order)
    return order


def show(
    bank: BankInfo,
    question: Any,
    card: Any,
    token: str,
    now: datetime,
    parameters: scheduling.Parameters = None,
    retention: float | None = None,
) -> Shown:
    """A question as this showing presents it; `question` and `card` are rows (card maybe None);
    a flashcard's buttons promise the waits the student's `parameters` give."""
    spec: dict[str, Any] = question.spec
    extra: dict[str, Any] = {}
    if question.type in {"choice", "multi"}:
        extra["choices"] = _shuffled(spec["options"], token)
    elif question.type == "matching":
        extra["lefts"] = [left for left, _ in spec["pairs"]]
        extra["choices"] = sorted(right for _, right in spec["pairs"])
    elif question.type == "ordering":
        extra["choices"] = _shuffled(spec["items"], token)
    elif question.type == "short":
        extra["formula"] = bool(spec.get("formula"))
    elif question.type == "cloze":
        extra["segments"] = CLOZE_BLANK.split(spec["prompt"])[::2]
    elif question.type == "flashcard":
        waits = scheduling.preview(card_state(card, now), now, parameters, retention)
        extra["button_intervals"] = {int(r): humanize(w) for r, w in waits.items()}
        extra["back"] = spec["answer"]
    is_new = card is None or card.state is None
    return Shown(bank, question.id, question.type, question.prompt, token, is_new, **extra)


def _nothing_due(slug: str, params: dict[str, Any]) -> NothingDue:
    row = run(_NOTHING_DUE, params).first()
    if row is None:
        raise NotFound(f"There is no bank called {slug!r}.")
    bank, next_due, new_left, coming_back, answers, right, millis = row[:2], *row[2:]
    today = Today(answers, right, millis // 1000, coming_back)
    return NothingDue(BankInfo(*bank), next_due=next_due, new_left=new_left, today=today)


def next_question(
    account: Account, slug: str, now: datetime, secret: str, default_limit: int
) -> Shown | NothingDue:
    """The next question of a bank: most overdue first, then new ones within today's limit, then
    (when nothing else is left) one in learning due within the next LEARN_AHEAD."""
    start = day_start(now, account.timezone)
    limit = new_limit(account, start, default_limit)
    params = {
        "user_id": account.id,
        "slug": slug,
        "now": now,
        "ahead": now + LEARN_AHEAD,
        "day_start": start,
        "day_end": start + timedelta(days=1),
        "new_limit": limit,
    }
    row = run(_NEXT, params).first()
    if row is None:
        return _nothing_due(slug, params)
    new_today = min(max(0, limit - row.started_today), row.total - row.seen)
    queue = Queue(row.due_reviews, row.learning, new_today, row.answered_today)
    token = answer_token.issue(secret, account.id, row.id, row.reps or 0, now)
    card = None if row.card_id is None else row
    shown = show(BankInfo(row.slug, row.title), row, card, token, now, row.tuned, row.retention)
    return replace(shown, queue=queue)


def allow_more_new(user_id: int, slug: str, now: datetime) -> None:
    """Let the student start another batch of new questions today (asked from a bank's page)."""
    with tx.write() as session:
        require_visible(user_id, slug)
        user = session.get_one(User, user_id)
        today = day_start(now, user.timezone).date()
        if user.extra_new_day != today:
            user.extra_new_day, user.extra_new_count = today, 0
        user.extra_new_count += EXTRA_NEW_STEP
