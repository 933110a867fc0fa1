"""Quiz times and draws: the class's wall clock across clock changes, the grace, seeded draws."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core import quizdraw, quiztime

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local", "zone", "utc"),
    [
        (datetime(2026, 10, 23, 17, 0), "Europe/London", datetime(2026, 10, 23, 16, 0, tzinfo=UTC)),
        (datetime(2026, 10, 30, 17, 0), "Europe/London", datetime(2026, 10, 30, 17, 0, tzinfo=UTC)),
        (
            datetime(2026, 10, 30, 17, 0),
            "America/New_York",
            datetime(2026, 10, 30, 21, 0, tzinfo=UTC),
        ),
        (
            datetime(2026, 11, 6, 17, 0),
            "America/New_York",
            datetime(2026, 11, 6, 22, 0, tzinfo=UTC),
        ),
    ],
)
def test_friday_1700_is_1700_on_the_class_clock_either_side_of_a_change(
    local: datetime, zone: str, utc: datetime
) -> None:
    assert quiztime.local_to_utc(local, zone) == utc
    assert quiztime.utc_to_local(utc, zone).replace(tzinfo=None) == local


def test_times_the_clocks_skip_or_repeat_are_refused_with_a_reason() -> None:
    with pytest.raises(quiztime.NonexistentTime, match="does not exist"):
        quiztime.local_to_utc(datetime(2026, 3, 29, 1, 30), "Europe/London")
    with pytest.raises(quiztime.AmbiguousTime, match="happens twice"):
        quiztime.local_to_utc(datetime(2026, 10, 25, 1, 30), "Europe/London")


def test_status_deadline_and_the_grace() -> None:
    window = quiztime.Window(T0, T0 + timedelta(days=1))
    assert quiztime.status(window, T0 - timedelta(seconds=1)) == "upcoming"
    assert quiztime.status(window, T0) == "open"
    assert quiztime.status(window, T0 + timedelta(days=1)) == "closed"
    limit = timedelta(minutes=30)
    assert quiztime.deadline(T0, limit, None) == T0 + limit
    assert quiztime.deadline(T0, limit, T0 + timedelta(minutes=10)) == T0 + timedelta(minutes=10)
    assert quiztime.deadline(T0, None, None) is None
    ends = T0 + limit
    assert quiztime.accepts_answer(ends, ends + timedelta(seconds=30))
    assert not quiztime.accepts_answer(ends, ends + timedelta(seconds=31))
    assert quiztime.is_over(ends, ends + timedelta(seconds=31))
    assert (
        quiztime.seconds_left(ends, T0) == 1800 and quiztime.seconds_left(ends, ends + limit) == 0
    )


def _candidates() -> list[quizdraw.Candidate]:
    tags = ["easy"] * 10 + ["medium"] * 5 + ["hard"] * 5
    return [quizdraw.Candidate(n, (tag, "topic")) for n, tag in enumerate(tags)]


def test_draws_are_seeded_and_stratified() -> None:
    candidates = _candidates()
    first = quizdraw.draw(candidates, 8, "quiz 1 student 2", ["easy", "medium", "hard"])
    assert first == quizdraw.draw(candidates, 8, "quiz 1 student 2", ["easy", "medium", "hard"])
    level = {c.question_id: c.tags[0] for c in candidates}
    assert Counter(level[q] for q in first) == {"easy": 4, "medium": 2, "hard": 2}
    seeds = {tuple(quizdraw.draw(candidates, 8, f"student {n}")) for n in range(5)}
    assert len(seeds) > 1  # other students, other draws
    assert sorted(quizdraw.draw(candidates, None, "all")) == list(range(20))
    assert sorted(quizdraw.draw(candidates, 99, "all")) == list(range(20))


def test_a_one_question_stratum_still_gets_its_rounded_share() -> None:
    candidates = [quizdraw.Candidate(0, ("hard",))] + [
        quizdraw.Candidate(n, ("easy",)) for n in range(1, 11)
    ]
    drawn = quizdraw.draw(candidates, 6, "seed", ["hard", "easy"])
    assert len(drawn) == 6 and 0 in drawn
