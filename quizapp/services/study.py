"""The study loop: what to show next, recording an answer once, and the feedback on it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fsrs import Rating
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.core import answer_token, scheduling
from quizapp.core.grading import CLOZE_BLANK, SELF_GRADED, Grade, Response, grade
from quizapp.core.scheduling import CardState
from quizapp.core.timefmt import day_start, humanize
from quizapp.extensions import db
from quizapp.models import Bank, Card, Question, Review, User
from quizapp.services import tx
from quizapp.services.errors import NotFound, QuestionRetired
from quizapp.services.progress import find_bank

EXTRA_NEW_STEP = 10


@dataclass(frozen=True)
class Shown:
    """A question ready to show, with its options in this showing's order."""

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
class Recorded:
    """The answer that counts for a showing; `already_answered` when another showing took it."""

    review_id: int
    already_answered: bool = False


@dataclass(frozen=True)
class NothingDue:
    next_due: datetime | None
    new_left: int  # unseen questions held back by today's new-question limit


def card_state(card: Card | None, now: datetime) -> CardState:
    """The scheduler's view of a stored card (a fresh one for a question never answered)."""
    if card is None:
        return scheduling.new_card(now)
    return CardState(
        card.state, card.step, card.stability, card.difficulty, card.due, card.last_review
    )


def _new_allowance(user: User, now: datetime, default_limit: int) -> int:
    """How many more new questions the student may start today, in their time zone."""
    start = day_start(now, user.timezone)
    started = db.session.scalar(
        select(func.count(Card.id)).where(Card.user_id == user.id, Card.first_seen_at >= start)
    )
    limit = default_limit if user.new_per_day is None else user.new_per_day
    if user.extra_new_day == start.date():
        limit += user.extra_new_count
    return max(0, limit - (started or 0))


def _pick(
    user: User, bank_id: int, now: datetime, default_limit: int
) -> tuple[Question, Card | None] | NothingDue:
    active = (Question.bank_id == bank_id) & Question.retired_at.is_(None)
    mine = (Card.user_id == user.id) & (Card.question_id == Question.id)
    due = db.session.execute(
        select(Question, Card)
        .join(Card, mine)
        .where(active, Card.due <= now)
        .order_by(Card.due)
        .limit(1)
    ).first()
    if due is not None:
        return due[0], due[1]
    unseen = select(Question).where(active, ~select(Card.id).where(mine).exists())
    if _new_allowance(user, now, default_limit) > 0:
        fresh = db.session.scalar(unseen.order_by(Question.position).limit(1))
        if fresh is not None:
            return fresh, None
    next_due = db.session.scalar(
        select(func.min(Card.due)).join(Question).where(active, Card.user_id == user.id)
    )
    new_left = db.session.scalar(select(func.count()).select_from(unseen.subquery())) or 0
    return NothingDue(next_due=next_due, new_left=new_left)


def _shuffled(items: list[str], token: str) -> list[str]:
    # Seeded by the showing's token: the same showing, re-rendered to fix an input, keeps its order.
    order = list(items)
    random.Random(token).shuffle(order)
    return order


def _show(question: Question, card: Card | None, token: str, now: datetime) -> Shown:
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
    return Shown(question.id, question.type, question.prompt, token, card is None, **extra)


def next_question(
    user_id: int, slug: str, now: datetime, secret: str, default_limit: int
) -> Shown | NothingDue:
    """The next question of a bank: most overdue first, then new ones within today's limit."""
    bank = find_bank(slug)
    user = db.session.get_one(User, user_id)
    picked = _pick(user, bank.id, now, default_limit)
    if isinstance(picked, NothingDue):
        return picked
    question, card = picked
    reps = card.reps if card else 0
    return _show(question, card, answer_token.issue(secret, user_id, question.id, reps, now), now)


def _question_for(claims: answer_token.TokenClaims, slug: str) -> Question:
    """The question a token was issued for, if it belongs to this bank."""
    found = db.session.execute(
        select(Question, Bank.slug)
        .join(Bank, Bank.id == Question.bank_id)
        .where(Question.id == claims.question_id)
    ).first()
    if found is None or found[1] != slug:
        raise NotFound("That question was not found in this bank.")
    question: Question = found[0]
    return question


def _refuse_retired(question: Question) -> None:
    if question.retired_at is not None:
        raise QuestionRetired(
            "This question is no longer in use: it was retired after it was shown to you, "
            "so your answer was not recorded."
        )


def _own_review(claims: answer_token.TokenClaims) -> Recorded | None:
    """The answer recorded with this very token: the form was submitted twice."""
    own = db.session.scalar(select(Review.id).where(Review.token == claims.nonce))
    return None if own is None else Recorded(own)


def _superseded(claims: answer_token.TokenClaims, card: Card | None) -> Recorded | None:
    """The answer of another showing of the same card state, which was answered first.

    Only one showing of a card may be answered, so reloading a question six times and answering
    each copy records one review; the others see the answer that counted.
    """
    if card is None or card.reps == claims.reps:
        return None
    answered = select(Review.id).where(
        Review.user_id == claims.user_id, Review.question_id == claims.question_id
    )
    nth = answered.order_by(Review.id).offset(claims.reps).limit(1)
    review_id = db.session.scalar(nth) or db.session.scalar(answered.order_by(Review.id.desc()))
    return Recorded(review_id, already_answered=True) if review_id is not None else None


def _card(user_id: int, question_id: int, for_update: bool = False) -> Card | None:
    query = select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
    return db.session.scalar(query.with_for_update() if for_update else query)


def _already_answered(claims: answer_token.TokenClaims, card: Card | None) -> Recorded | None:
    # Read after the card: the card and its review are committed together, so a card that shows
    # this showing's answer comes with that answer visible.
    return _own_review(claims) or _superseded(claims, card)


def reshow(user_id: int, slug: str, token: str, now: datetime, secret: str) -> Shown | Recorded:
    """The question an answer form was for, shown again with the same token (to fix an input);
    or the answer already recorded for that showing."""
    claims = answer_token.read(secret, token, user_id, now)
    question = _question_for(claims, slug)
    card = _card(user_id, question.id)
    recorded = _already_answered(claims, card)
    if recorded is not None:
        return recorded
    _refuse_retired(question)
    return _show(question, card, token, now)


def allow_more_new(user_id: int, now: datetime) -> None:
    """Let the student start another batch of new questions today."""
    with tx.write() as session:
        user = session.get_one(User, user_id)
        today = day_start(now, user.timezone).date()
        if user.extra_new_day != today:
            user.extra_new_day, user.extra_new_count = today, 0
        user.extra_new_count += EXTRA_NEW_STEP


def _grade(question: Question, response: Response) -> tuple[Grade, Rating]:
    result = grade(question.type, question.spec, response)
    if question.type in SELF_GRADED:
        return result, Rating(int(response) if response in {"1", "2", "3", "4"} else 1)
    return result, scheduling.rating_for(result)


def _apply(card: Card, after: CardState, rating: Rating) -> None:
    card.state, card.step, card.stability, card.difficulty = (
        after.state,
        after.step,
        after.stability,
        after.difficulty,
    )
    card.due, card.last_review = after.due, after.last_review
    card.reps += 1
    if rating == Rating.Again and card.reps > 1:
        card.lapses += 1


def _record(
    claims: answer_token.TokenClaims, slug: str, response: Response, now: datetime
) -> Recorded:
    with tx.write() as session:
        question = _question_for(claims, slug)
        card = _card(claims.user_id, question.id, for_update=True)
        recorded = _already_answered(claims, card)
        if recorded is not None:
            return recorded
        _refuse_retired(question)
        result, rating = _grade(question, response)
        after = scheduling.review(card_state(card, now), rating, now)
        if card is None:
            card = Card(
                user_id=claims.user_id, question_id=question.id, first_seen_at=now, reps=0, lapses=0
            )
            session.add(card)
        _apply(card, after, rating)
        review = Review(
            token=claims.nonce,
            user_id=claims.user_id,
            question_id=question.id,
            response=response,
            score=result.score,
            correct=result.correct,
            rating=int(rating),
            duration_ms=max(0, int((now - claims.shown_at) / timedelta(milliseconds=1))),
            shown_at=claims.shown_at,
            answered_at=now,
            due_after=after.due,
        )
        session.add(review)
        session.flush()
        return Recorded(review.id)


def submit_answer(
    user_id: int, slug: str, token: str, response: Response, now: datetime, secret: str
) -> Recorded:
    """Grade and record one answer to a showing; a reused or superseded showing records nothing."""
    claims = answer_token.read(secret, token, user_id, now)
    try:
        return _record(claims, slug, response, now)
    except IntegrityError:
        # A simultaneous answer won the race: a resubmission of this form (its token is taken), or
        # another showing of a new question (its card now exists). Looked at again, either one
        # finds the answer that was recorded.
        return _record(claims, slug, response, now)
