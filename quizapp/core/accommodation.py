"""A student's accommodations on a quiz: more time (a multiplier and extra minutes), more
attempts, and a later close; and the optional time limit of each question. Pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.core import quiztime

MAX_MULTIPLIER = 5.0
MAX_EXTRA_MINUTES = 600
MAX_EXTRA_ATTEMPTS = 20


@dataclass(frozen=True)
class Accommodation:
    """What one student gets on one quiz beyond the quiz's own settings."""

    time_multiplier: float = 1.0
    extra_minutes: int = 0
    extra_attempts: int = 0
    closes_at: datetime | None = None  # a later close for this student only

    @property
    def is_none(self) -> bool:
        return self == NONE


NONE = Accommodation()


def time_limit(limit: timedelta | None, given: Accommodation) -> timedelta | None:
    """The student's time limit: the quiz's times the multiplier + the extra minutes (no limit stays
    no limit: extra time on an untimed quiz changes nothing)."""
    if limit is None:
        return None
    return limit * given.time_multiplier + timedelta(minutes=given.extra_minutes)


def closes_at(closes: datetime | None, given: Accommodation) -> datetime | None:
    """When the quiz closes for the student: their own close if it is later (a later close never
    shortens the quiz, and a quiz that never closes stays open)."""
    if closes is None or given.closes_at is None:
        return closes
    return max(closes, given.closes_at)


def window(
    opens: datetime | None, closes: datetime | None, given: Accommodation
) -> quiztime.Window:
    """The quiz's window as the student sees it."""
    return quiztime.Window(opens, closes_at(closes, given))


def deadline(
    started_at: datetime,
    limit: timedelta | None,
    closes: datetime | None,
    given: Accommodation,
) -> datetime | None:
    """When the student's attempt must end: started + limit * multiplier + extra minutes,
    capped by the (possibly later) close."""
    return quiztime.deadline(started_at, time_limit(limit, given), closes_at(closes, given))


def attempts_allowed(allowed: int | None, given: Accommodation) -> int | None:
    """The quiz's attempts plus the extra ones (unlimited stays unlimited)."""
    return None if allowed is None else allowed + given.extra_attempts


def question_seconds(seconds: int | None, given: Accommodation) -> int | None:
    """Each question's limit for the student: the multiplier applies to it too (extra minutes
    are for the whole quiz, not each question)."""
    if seconds is None:
        return None
    return int(seconds * given.time_multiplier)


def question_deadline(shown_at: datetime | None, seconds: int | None) -> datetime | None:
    """When a question's own time ends: its limit after it was first shown."""
    if seconds is None or shown_at is None:
        return None
    return shown_at + timedelta(seconds=seconds)


def question_accepts(shown_at: datetime | None, seconds: int | None, now: datetime) -> bool:
    """An answer to a question with its own limit counts until that limit (and the grace for the
    answer in flight) after the question was first shown."""
    return quiztime.accepts_answer(question_deadline(shown_at, seconds), now)
