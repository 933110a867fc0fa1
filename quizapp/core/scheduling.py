"""The FSRS adapter: ratings from grades, and the next card state, with `now` passed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol, cast

from fsrs import Card, Rating, Scheduler, State

from quizapp.core.grading import Grade

MASTERED_STABILITY_DAYS = 21.0

# Fuzzing is off so that the interval a flashcard button promises is the one it gives.
_SCHEDULER = Scheduler(enable_fuzzing=False)

# A student's fitted parameters (quizapp.core.fitting), or None for FSRS's defaults.
Parameters = Sequence[float] | None
DEFAULT_RETENTION = 0.9
# The desired retention a teacher may choose for a class.
RETENTION_RANGE = (0.80, 0.95)


@lru_cache(maxsize=512)
def _tuned(parameters: tuple[float, ...] | None, retention: float) -> Scheduler:
    if parameters is None:
        return Scheduler(desired_retention=retention, enable_fuzzing=False)
    return Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=False)


def _scheduler(parameters: Parameters, retention: float | None = None) -> Scheduler:
    if parameters is None and retention in {None, DEFAULT_RETENTION}:
        return _SCHEDULER
    chosen = DEFAULT_RETENTION if retention is None else retention
    return _tuned(None if parameters is None else tuple(parameters), chosen)


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


def review(
    card: CardState,
    rating: Rating,
    now: datetime,
    parameters: Parameters = None,
    retention: float | None = None,
) -> CardState:
    """The card's state after a review with this rating at `now` (an aware UTC datetime), under
    the student's parameters. A card's memory state carries over a change of parameters: the
    next review goes on from its stability and difficulty with the new ones. `retention` is the
    class's desired retention (None: FSRS's 0.9)."""
    after, _ = _scheduler(parameters, retention).review_card(
        _to_fsrs(card), rating, review_datetime=now
    )
    return CardState(
        state=after.state.value,
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=after.due,
        last_review=after.last_review,
    )


class Recallable(Protocol):
    """What FSRS needs of a card to tell how likely it is recalled: a card state has it, and so
    has the lighter row a page reading a year group's cards loads."""

    @property
    def stability(self) -> float | None: ...

    @property
    def last_review(self) -> datetime | None: ...


def retrievability(card: Recallable, at: datetime) -> float:
    """FSRS's chance that the student recalls the card at `at` (0 for a card never reviewed);
    FSRS counts whole days since the last review."""
    # FSRS reads only the last review and the stability, which a CardState has under the same
    # names: a page reading a year group's cards is spared building an FSRS card for each.
    return float(_SCHEDULER.get_card_retrievability(cast(Card, card), current_datetime=at))


def preview(
    card: CardState, now: datetime, parameters: Parameters = None, retention: float | None = None
) -> dict[Rating, timedelta]:
    """How long until the card comes back for each rating, for the flashcard buttons."""
    return {r: review(card, r, now, parameters, retention).due - now for r in Rating}


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
