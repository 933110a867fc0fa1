from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core.timefmt import day_start, humanize, local_label


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "now"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=10), "10 minutes"),
        (timedelta(hours=5), "5 hours"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=65), "2 months"),
        (timedelta(days=730), "2 years"),
    ],
)
def test_humanize(delta: timedelta, text: str) -> None:
    assert humanize(delta) == text


def test_day_starts_at_local_midnight() -> None:
    now = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # still 9 March in New York
    start = day_start(now, "America/New_York")
    assert start.astimezone(UTC) == datetime(2026, 3, 9, 4, 0, tzinfo=UTC)  # daylight time
    assert day_start(now, "Asia/Tokyo").astimezone(UTC) == datetime(2026, 3, 9, 15, 0, tzinfo=UTC)


def test_local_label() -> None:
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert local_label(now + timedelta(minutes=10), "UTC", now) == "today 09:10"
    assert local_label(now + timedelta(days=1), "Europe/Moscow", now) == "tomorrow 12:00"
    assert local_label(now + timedelta(days=5), "UTC", now) == "Sun 15 Mar 2026 09:00"
