"""The FSRS adapter: ratings from grades, and the next card state, with `now` passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from quizapp.core.grading import Grade

MASTERED_STABILITY_DAYS = 21.0

# Fuzzing is off so that the interval a flashcard button promises is the one it gives.
_SCHEDULER = Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class CardState:
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    @property
    def mastered(self) -> bool:
        return (self.stability or 0.0) >= MASTERED_STABILITY_DAYS


def new_card(now: datetime) -> CardState:
    """The state of a question a student has never answered."""
    return CardState(State.Learning.value, 0, None, None, now, None)


def rating_for(grade: Grade) -> Rating:
    """Auto-graded answers: fully right is Good, right through a typo Hard, anything else Again."""
    if not grade.correct:
        return Rating.Again
    return Rating.Hard if grade.typo else Rating.Good


def _to_fsrs(card: CardState) -> Card:
    return Card(
        card_id=0,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def review(card: CardState, rating: Rating, now: datetime) -> CardState:
    """The card's state after a review with this rating at `now` (an aware UTC datetime)."""
    after, _ = _SCHEDULER.review_card(_to_fsrs(card), rating, review_datetime=now)
    return CardState(
        state=after.state.value,
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=after.due,
        last_review=after.last_review,
    )


def preview(card: CardState, now: datetime) -> dict[Rating, timedelta]:
    """How long until the card comes back for each rating, for the flashcard buttons."""
    return {rating: review(card, rating, now).due - now for rating in Rating}


def state_to_json(card: CardState) -> dict[str, object]:
    """A card state as JSON-ready values (times in ISO 8601)."""
    return {
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due.isoformat(),
        "last_review": None if card.last_review is None else card.last_review.isoformat(),
    }


def state_from_json(data: dict[str, Any]) -> CardState:
    """The card state `state_to_json` wrote."""
    last = data.get("last_review")
    return CardState(
        state=int(data["state"]),
        step=data.get("step"),
        stability=data.get("stability"),
        difficulty=data.get("difficulty"),
        due=datetime.fromisoformat(data["due"]),
        last_review=None if last is None else datetime.fromisoformat(last),
    )
