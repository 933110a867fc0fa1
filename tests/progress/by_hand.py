"""The progress page's figures worked out answer by answer, from plain rows: what the tests hold
the database's counts (`progress.services`, `core.progress`'s *_of functions) equal to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from quizapp.core import progress as p


@dataclass(frozen=True)
class ReviewRow:
    question_id: int
    answered_at: datetime
    correct: bool
    previous_at: datetime | None  # the student's previous answer to this question, if any


def answer_kind(review: ReviewRow) -> str:
    if review.previous_at is None:
        return p.NEW
    return p.SPACED if review.answered_at - review.previous_at >= timedelta(days=1) else p.REPEAT


def daily_answers(times: Iterable[datetime], now: datetime, tz: str, days: int) -> list[int]:
    zone = ZoneInfo(tz)
    return p.daily_counts(((p.local_date(moment, zone), 1) for moment in times), now, tz, days)


def retention(reviews: Sequence[ReviewRow], now: datetime, tz: str) -> list[p.RetentionRow]:
    zone = ZoneInfo(tz)
    counted = (
        p.AnswerCount(p.local_date(r.answered_at, zone), answer_kind(r), r.correct, 1)
        for r in reviews
    )
    return p.retention_of(counted, now, tz)


def accuracy_by_tag(
    reviews: Iterable[ReviewRow], tags: dict[int, Sequence[str]], wanted: Iterable[str] | None
) -> dict[str, p.Share]:
    per_question: dict[int, list[int]] = {}
    for review in reviews:
        counts = per_question.setdefault(review.question_id, [0, 0])
        counts[0] += review.correct
        counts[1] += 1
    shares = {qid: p.Share(right, total) for qid, (right, total) in per_question.items()}
    return p.accuracy_by_tag_of(shares, tags, wanted)
