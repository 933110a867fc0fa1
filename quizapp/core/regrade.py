"""Regrading past answers under a corrected answer key, and replaying a card through FSRS.

Pure: the service loads the answers, calls these, and writes what they return.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

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
    dont_know: bool  # "I don't know" (stored as an empty response): wrong whatever the key


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


Graded = tuple[float, bool, int]  # score, correct, rating


def _regraded(review: PastReview, graded: Graded) -> Change | None:
    score, correct, rating = graded
    if graded == (review.score, review.correct, review.rating):
        return None
    return Change(
        review_id=review.id,
        user_id=review.user_id,
        old_score=review.score,
        old_correct=review.correct,
        old_rating=review.rating,
        new_score=score,
        new_correct=correct,
        new_rating=rating,
    )


def regrade_reviews(
    qtype: str, new_spec: Mapping[str, Any], reviews: Iterable[PastReview]
) -> list[Change]:
    """The answers whose score, correctness or rating changes under `new_spec`, in the order
    given; self-graded (flashcard), overridden and "I don't know" answers keep their grade."""
    if qtype in SELF_GRADED:
        return []
    # Grading is pure and most students give one of a few answers: each is graded once.
    by_response: dict[tuple[bool, str], Graded] = {}
    changes = []
    for review in reviews:
        if review.overridden or review.dont_know:
            continue
        response = review.response
        seen = (True, response) if isinstance(response, str) else (False, json.dumps(response))
        graded = by_response.get(seen)
        if graded is None:
            result = grade(qtype, new_spec, response)
            graded = by_response[seen] = (
                result.score,
                result.correct,
                int(scheduling.rating_for(result)),
            )
        change = _regraded(review, graded)
        if change is not None:
            changes.append(change)
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


def replay(
    reviews: Sequence[tuple[datetime, int]],
    parameters: scheduling.Parameters = None,
    retention: float | None = None,
) -> Replayed:
    """One student's answers to one question, (answered_at, rating) in order, through FSRS from
    a new card, as the answer path schedules them. A lapse is an Again on a card answered
    before, in any state, learning included; the first answer creates the card and counts none.
    All of them go through the parameters and desired retention in force for the student now."""
    if not reviews:
        raise ValueError("a card is replayed from at least one answer")
    card = scheduling.new_card(reviews[0][0])
    steps = []
    lapses = 0
    for n, (at, rating) in enumerate(reviews):
        after = scheduling.review(card, Rating(rating), at, parameters, retention)
        steps.append(ReplayStep(card, after.due))
        lapses += int(n > 0 and rating == Rating.Again)
        card = after
    return Replayed(card, len(reviews), lapses, tuple(steps))


class CardFigures(NamedTuple):
    score_sum: float
    last_wrong_review_id: int | None


def card_figures(graded: Iterable[tuple[int, float, bool]]) -> CardFigures:
    """A card's running figures from its answers' final (review id, score, correct): the sum of
    the scores and the id of the latest wrong answer, as the answer path keeps them."""
    rows = list(graded)
    wrong = [review_id for review_id, _, correct in rows if not correct]
    return CardFigures(sum(score for _, score, _ in rows), max(wrong) if wrong else None)
