"""Regrading past answers under a corrected answer key, and replaying a card through FSRS.

Pure: the service loads the answers, calls these, and writes what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Rating

from quizapp.core import scheduling
from quizapp.core.grading import SELF_GRADED, Response, grade
from quizapp.core.scheduling import CardState


@dataclass(frozen=True)
class PastReview:
    id: int
    user_id: int
    response: Response
    score: float
    correct: bool
    rating: int
    answered_at: datetime
    overridden: bool  # the student said "I was right": their claim stands
    dont_know: bool  # "I don't know": wrong whatever the key


@dataclass(frozen=True)
class Change:
    review_id: int
    user_id: int
    old_score: float
    old_correct: bool
    old_rating: int
    new_score: float
    new_correct: bool
    new_rating: int


@dataclass(frozen=True)
class Summary:
    answers: int
    students: int
    became_right: int
    became_wrong: int

    @property
    def other(self) -> int:
        """Answers whose score or rating changed but not whether they are right."""
        return self.answers - self.became_right - self.became_wrong


def regrade_reviews(
    qtype: str, new_spec: Mapping[str, Any], reviews: Iterable[PastReview]
) -> list[Change]:
    """The answers whose grade changes under `new_spec`; self-graded (flashcard), overridden and
    "I don't know" answers keep theirs."""
    if qtype in SELF_GRADED:
        return []
    changes = []
    for review in reviews:
        if review.overridden or review.dont_know:
            continue
        result = grade(qtype, new_spec, review.response)
        rating = int(scheduling.rating_for(result))
        if (result.score, result.correct, rating) != (review.score, review.correct, review.rating):
            changes.append(
                Change(
                    review.id,
                    review.user_id,
                    review.score,
                    review.correct,
                    review.rating,
                    result.score,
                    result.correct,
                    rating,
                )
            )
    return changes


def count_summary(changes: Sequence[Change]) -> Summary:
    """The figures the editor shows before saving: "12 answers by 9 students become right"."""
    return Summary(
        answers=len(changes),
        students=len({c.user_id for c in changes}),
        became_right=sum(1 for c in changes if c.new_correct and not c.old_correct),
        became_wrong=sum(1 for c in changes if c.old_correct and not c.new_correct),
    )


@dataclass(frozen=True)
class ReplayStep:
    before: CardState  # the card as this answer found it
    due_after: datetime  # when this answer scheduled the card


@dataclass(frozen=True)
class Replayed:
    card: CardState
    reps: int
    lapses: int
    steps: tuple[ReplayStep, ...]


def replay(reviews: Sequence[tuple[datetime, int]]) -> Replayed:
    """One student's answers to one question, (answered_at, rating) in order, through FSRS from
    a new card, as the answer path schedules them. A lapse is an Again on a card already
    answered before (the first answer creates the card and counts none)."""
    if not reviews:
        raise ValueError("a card is replayed from at least one answer")
    card = scheduling.new_card(reviews[0][0])
    steps = []
    lapses = 0
    for n, (at, rating) in enumerate(reviews):
        after = scheduling.review(card, Rating(rating), at)
        steps.append(ReplayStep(card, after.due))
        lapses += int(n > 0 and rating == Rating.Again)
        card = after
    return Replayed(card, len(reviews), lapses, tuple(steps))


def card_figures(graded: Sequence[tuple[int, float, bool]]) -> tuple[float, int | None]:
    """A card's running figures from its answers' (review id, score, correct): the score sum and
    the latest wrong answer's id, as the answer path keeps them."""
    wrong = [review_id for review_id, _, correct in graded if not correct]
    return sum(score for _, score, _ in graded), max(wrong) if wrong else None
