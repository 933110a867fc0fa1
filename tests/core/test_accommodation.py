"""An accommodation's rules with times worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.core import accommodation as rules
from quizapp.core.accommodation import Accommodation

NINE = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
TWENTY_MINUTES = timedelta(minutes=20)


def test_one_and_a_half_times_a_20_minute_quiz_is_30_minutes() -> None:
    given = Accommodation(time_multiplier=1.5)
    assert rules.time_limit(TWENTY_MINUTES, given) == timedelta(minutes=30)
    assert rules.deadline(NINE, TWENTY_MINUTES, None, given) == datetime(
        2026, 12, 7, 9, 30, tzinfo=UTC
    )


def test_extra_minutes_add_after_the_multiplier() -> None:
    # 20 min x 1.25 = 25 min, + 10 min = 35 min: 09:00 -> 09:35.
    given = Accommodation(time_multiplier=1.25, extra_minutes=10)
    assert rules.deadline(NINE, TWENTY_MINUTES, None, given) == NINE + timedelta(minutes=35)


def test_no_accommodation_leaves_the_quiz_as_it_is() -> None:
    closes = NINE + timedelta(minutes=10)
    assert rules.deadline(NINE, TWENTY_MINUTES, closes, rules.NONE) == closes
    assert rules.attempts_allowed(2, rules.NONE) == 2
    assert rules.closes_at(closes, rules.NONE) == closes


def test_the_deadline_is_capped_by_the_close_and_a_later_close_lifts_the_cap() -> None:
    # Started 09:00, 30 min with 1.5x, but the quiz closes 09:20: the close wins.
    closes = NINE + timedelta(minutes=20)
    given = Accommodation(time_multiplier=1.5)
    assert rules.deadline(NINE, TWENTY_MINUTES, closes, given) == closes
    # This student's own close at 10:00: the 30 minutes run in full, to 09:30.
    later = Accommodation(time_multiplier=1.5, closes_at=NINE + timedelta(hours=1))
    assert rules.deadline(NINE, TWENTY_MINUTES, closes, later) == NINE + timedelta(minutes=30)
    # Untimed: the student's own close is the deadline.
    assert rules.deadline(NINE, None, closes, later) == NINE + timedelta(hours=1)


def test_a_later_close_never_shortens_and_never_closes_an_open_ended_quiz() -> None:
    closes = NINE + timedelta(hours=2)
    earlier = Accommodation(closes_at=NINE + timedelta(hours=1))
    assert rules.closes_at(closes, earlier) == closes
    assert rules.closes_at(None, earlier) is None
    window = rules.window(None, closes, Accommodation(closes_at=NINE + timedelta(hours=3)))
    assert window.closes_at == NINE + timedelta(hours=3)


def test_extra_time_on_an_untimed_quiz_changes_nothing() -> None:
    assert rules.time_limit(None, Accommodation(time_multiplier=2, extra_minutes=15)) is None


def test_attempts_allowed_are_the_quizs_plus_the_extra_ones() -> None:
    assert rules.attempts_allowed(1, Accommodation(extra_attempts=2)) == 3
    assert rules.attempts_allowed(None, Accommodation(extra_attempts=2)) is None


def test_a_question_limit_runs_from_when_it_is_first_shown_with_the_grace() -> None:
    # 60 s per question, x1.5 = 90 s; shown 09:00:00: answers count to 09:01:30 + 30 s grace.
    seconds = rules.question_seconds(60, Accommodation(time_multiplier=1.5))
    assert seconds == 90
    assert rules.question_deadline(NINE, seconds) == NINE + timedelta(seconds=90)
    assert rules.question_accepts(NINE, seconds, NINE + timedelta(seconds=120))
    assert not rules.question_accepts(NINE, seconds, NINE + timedelta(seconds=121))
    assert rules.question_accepts(NINE, None, NINE + timedelta(days=1))  # no limit
