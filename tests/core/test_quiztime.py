"""Quiz times: the class's wall clock across clock changes, windows, deadlines and the grace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core import quiztime
from quizapp.core.quiztime import AmbiguousTime, NonexistentTime, Window

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LONDON, NEW_YORK = "Europe/London", "America/New_York"


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local", "zone", "expected"),
    [
        # Europe/London goes back on Sun 25 Oct 2026 and forward on Sun 29 Mar 2026.
        (datetime(2026, 10, 23, 17, 0), LONDON, utc(2026, 10, 23, 16, 0)),
        (datetime(2026, 10, 30, 17, 0), LONDON, utc(2026, 10, 30, 17, 0)),
        (datetime(2026, 3, 27, 17, 0), LONDON, utc(2026, 3, 27, 17, 0)),
        (datetime(2026, 4, 3, 17, 0), LONDON, utc(2026, 4, 3, 16, 0)),
        # America/New_York goes back on Sun 1 Nov 2026.
        (datetime(2026, 10, 30, 17, 0), NEW_YORK, utc(2026, 10, 30, 21, 0)),
        (datetime(2026, 11, 6, 17, 0), NEW_YORK, utc(2026, 11, 6, 22, 0)),
        (datetime(2026, 11, 6, 17, 0), "UTC", utc(2026, 11, 6, 17, 0)),
    ],
)
def test_friday_1700_closes_at_1700_on_the_class_clock_either_side_of_a_change(
    local: datetime, zone: str, expected: datetime
) -> None:
    moment = quiztime.local_to_utc(local, zone)
    assert moment == expected
    assert moment.tzinfo is UTC
    back = quiztime.utc_to_local(moment, zone)
    assert back.replace(tzinfo=None) == local
    assert str(back.tzinfo) == zone
    assert quiztime.local_label(moment, zone) == f"Fri {local.day} {local:%b} 17:00 ({zone})"


def test_the_label_shows_the_class_clock_not_utc() -> None:
    assert (
        quiztime.local_label(utc(2026, 11, 27, 17, 0), LONDON) == "Fri 27 Nov 17:00 (Europe/London)"
    )
    assert quiztime.local_label(utc(2026, 7, 3, 16, 0), LONDON) == "Fri 3 Jul 17:00 (Europe/London)"
    assert quiztime.local_label(utc(2026, 11, 27, 3, 30), NEW_YORK) == (
        "Thu 26 Nov 22:30 (America/New_York)"
    )


def test_a_time_the_clocks_skip_is_refused_saying_why() -> None:
    with pytest.raises(NonexistentTime) as refused:
        quiztime.local_to_utc(datetime(2026, 3, 29, 1, 30), LONDON)
    assert str(refused.value) == (
        "01:30 on Sun 29 Mar 2026 does not exist in Europe/London: the clocks go forward 1 hour "
        "then. Choose another time."
    )
    with pytest.raises(NonexistentTime, match="02:30 on Sun 8 Mar 2026 does not exist in America"):
        quiztime.local_to_utc(datetime(2026, 3, 8, 2, 30), NEW_YORK)


def test_a_time_the_clocks_repeat_is_refused_asking_for_another() -> None:
    with pytest.raises(AmbiguousTime) as refused:
        quiztime.local_to_utc(datetime(2026, 10, 25, 1, 30), LONDON)
    assert str(refused.value) == (
        "01:30 on Sun 25 Oct 2026 happens twice in Europe/London: the clocks go back 1 hour then. "
        "Choose another time."
    )
    with pytest.raises(AmbiguousTime, match="01:30 on Sun 1 Nov 2026 happens twice in America"):
        quiztime.local_to_utc(datetime(2026, 11, 1, 1, 30), NEW_YORK)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 3, 29, 0, 59), utc(2026, 3, 29, 0, 59)),
        (datetime(2026, 3, 29, 1, 0), NonexistentTime),
        (datetime(2026, 3, 29, 1, 59), NonexistentTime),
        (datetime(2026, 3, 29, 2, 0), utc(2026, 3, 29, 1, 0)),
        (datetime(2026, 10, 25, 0, 59), utc(2026, 10, 24, 23, 59)),
        (datetime(2026, 10, 25, 1, 0), AmbiguousTime),
        (datetime(2026, 10, 25, 1, 59), AmbiguousTime),
        (datetime(2026, 10, 25, 2, 0), utc(2026, 10, 25, 2, 0)),
    ],
)
def test_only_the_hour_of_the_change_is_refused(
    local: datetime, expected: datetime | type[ValueError]
) -> None:
    if isinstance(expected, datetime):
        assert quiztime.local_to_utc(local, LONDON) == expected
    else:
        with pytest.raises(expected):
            quiztime.local_to_utc(local, LONDON)


def test_changes_other_than_an_hour_are_named_by_their_size() -> None:
    # Lord Howe Island moves its clocks by half an hour; Samoa skipped 30 Dec 2011 altogether.
    with pytest.raises(NonexistentTime, match="forward 30 minutes then"):
        quiztime.local_to_utc(datetime(2026, 10, 4, 2, 15), "Australia/Lord_Howe")
    with pytest.raises(AmbiguousTime, match="back 30 minutes then"):
        quiztime.local_to_utc(datetime(2026, 4, 5, 1, 45), "Australia/Lord_Howe")
    with pytest.raises(NonexistentTime, match="forward 24 hours then"):
        quiztime.local_to_utc(datetime(2011, 12, 30, 12, 0), "Pacific/Apia")


def test_refusals_are_value_errors_a_form_can_show() -> None:
    assert issubclass(NonexistentTime, ValueError)
    assert issubclass(AmbiguousTime, ValueError)


def test_a_naive_moment_is_not_guessed_at() -> None:
    with pytest.raises(ValueError, match="naive"):
        quiztime.utc_to_local(datetime(2026, 11, 27, 17, 0), LONDON)


@pytest.mark.parametrize(
    ("window", "now", "expected"),
    [
        (Window(T0, T0 + timedelta(days=1)), T0 - timedelta(seconds=1), "upcoming"),
        (Window(T0, T0 + timedelta(days=1)), T0, "open"),
        (Window(T0, T0 + timedelta(days=1)), T0 + timedelta(days=1, seconds=-1), "open"),
        (Window(T0, T0 + timedelta(days=1)), T0 + timedelta(days=1), "closed"),
        (Window(None, None), T0, "open"),
        (Window(None, T0), T0 - timedelta(days=365), "open"),
        (Window(None, T0), T0, "closed"),
        (Window(T0, None), T0 - timedelta(microseconds=1), "upcoming"),
        (Window(T0, None), T0 + timedelta(days=365), "open"),
    ],
)
def test_status_of_a_window(window: Window, now: datetime, expected: str) -> None:
    assert quiztime.status(window, now) == expected


HOUR, LATER, SOONER = timedelta(hours=1), T0 + timedelta(hours=2), T0 + timedelta(minutes=20)


@pytest.mark.parametrize(
    ("limit", "closes_at", "expected"),
    [
        (None, None, None),
        (HOUR, None, T0 + HOUR),
        (None, LATER, LATER),
        (HOUR, LATER, T0 + HOUR),  # the limit runs out first
        (HOUR, SOONER, SOONER),  # the quiz closes first
        (HOUR, T0 + HOUR, T0 + HOUR),
        (timedelta(0), LATER, T0),
    ],
)
def test_deadline_is_the_earlier_of_limit_and_closing(
    limit: timedelta | None, closes_at: datetime | None, expected: datetime | None
) -> None:
    assert quiztime.deadline(T0, limit, closes_at) == expected


def test_an_answer_counts_up_to_thirty_seconds_after_the_deadline() -> None:
    ends = T0 + HOUR
    for late, counts in [(0, True), (29, True), (30, True), (31, False), (3600, False)]:
        now = ends + timedelta(seconds=late)
        assert quiztime.accepts_answer(ends, now) is counts, late
        assert quiztime.is_over(ends, now) is not counts, late
    just_over = ends + quiztime.GRACE + timedelta(microseconds=1)
    assert not quiztime.accepts_answer(ends, just_over)


def test_without_a_deadline_answers_always_count() -> None:
    far = T0 + timedelta(days=3650)
    assert quiztime.accepts_answer(None, far)
    assert not quiztime.is_over(None, far)
    assert quiztime.seconds_left(None, far) is None


def test_seconds_left_counts_down_to_zero_and_stays_there() -> None:
    ends = T0 + timedelta(minutes=30)
    assert quiztime.seconds_left(ends, T0) == 1800
    assert quiztime.seconds_left(ends, T0 + timedelta(seconds=0.4)) == 1799
    assert quiztime.seconds_left(ends, ends - timedelta(seconds=1)) == 1
    assert quiztime.seconds_left(ends, ends) == 0
    assert quiztime.seconds_left(ends, ends + timedelta(seconds=20)) == 0
    assert quiztime.seconds_left(ends, ends + timedelta(days=2)) == 0
