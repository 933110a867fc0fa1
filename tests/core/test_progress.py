"""Progress figures worked out by hand, with local days in the student's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Card, Scheduler, State

from quizapp.core import progress as p
from tests.progress import by_hand

NOW = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # 08:30 on 11 March in Tokyo (UTC+9)


def card(**fields: object) -> p.CardRow:
    base: dict[str, object] = {"question_id": 1, "bank_slug": "b", "prompt": "q", "tags": ()}
    return p.CardRow(**{**base, **fields})  # type: ignore[arg-type]


def review_card(days_apart: float, due: datetime = NOW) -> p.CardRow:
    last = due - timedelta(days=days_apart)
    return card(state=State.Review.value, stability=days_apart, difficulty=5.0, due=due,
                last_review=last)  # fmt: skip


def test_stages_split_by_state_and_interval() -> None:
    cards = [
        card(),
        card(state=State.Learning.value, due=NOW, last_review=NOW),
        card(state=State.Relearning.value, due=NOW, last_review=NOW),
        review_card(20.9),
        review_card(21),
        review_card(60),
    ]
    assert [p.stage(c) for c in cards] == [
        "new", "learning", "learning", "young", "mastered", "mastered"
    ]  # fmt: skip
    assert p.stage_counts(cards) == {"new": 1, "learning": 2, "young": 1, "mastered": 2}


def test_recall_is_certain_at_the_review_and_falls_with_time() -> None:
    assert p.recall_probability(card(), NOW) == 0.0
    at_review = p.recall_probability(
        card(state=2, stability=10.0, difficulty=5.0, due=NOW, last_review=NOW), NOW
    )
    assert at_review == 1.0
    # FSRS is built so that recall falls to 90% when the interval equals the stability.
    later = card(
        state=2, stability=10.0, difficulty=5.0, due=NOW, last_review=NOW - timedelta(days=10)
    )
    assert abs(p.recall_probability(later, NOW) - 0.9) < 0.001
    halfway = card(
        state=2, stability=10.0, difficulty=5.0, due=NOW, last_review=NOW - timedelta(days=5)
    )
    assert 0.9 < p.recall_probability(halfway, NOW) < 1.0


def test_forecast_counts_local_days_with_the_backlog_today() -> None:
    cards = [
        card(due=datetime(2026, 3, 1, tzinfo=UTC)),  # overdue: today
        card(due=datetime(2026, 3, 11, 14, 59, tzinfo=UTC)),  # 23:59 on 11 March in Tokyo
        card(due=datetime(2026, 3, 11, 15, 0, tzinfo=UTC)),  # midnight: 12 March
        card(due=NOW + timedelta(days=29, hours=12)),  # 9 April in Tokyo: day 29
        card(due=NOW + timedelta(days=40)),  # beyond the 30 days
        card(),  # never answered: not in the forecast
    ]
    counts = p.forecast(cards, NOW, "Asia/Tokyo")
    assert len(counts) == 30
    assert (counts[0], counts[1], counts[29], sum(counts)) == (2, 1, 1, 4)


def test_daily_answers_follow_the_time_zone() -> None:
    times = [
        datetime(2026, 3, 10, 14, 59, tzinfo=UTC),  # 23:59 on 10 March in Tokyo: yesterday
        datetime(2026, 3, 10, 15, 0, tzinfo=UTC),  # midnight, 11 March: today
        NOW,
        NOW - timedelta(days=400),  # over a year ago
    ]
    assert by_hand.daily_answers(times, NOW, "Asia/Tokyo", 3) == [0, 1, 2]
    assert by_hand.daily_answers(times, NOW, "UTC", 3) == [0, 0, 3]


def test_streaks_count_days_and_survive_until_today_ends() -> None:
    assert p.streaks([1, 1, 0, 1, 1, 1, 0]) == (3, 3)  # not yet studied today: still alive
    assert p.streaks([2, 2, 2, 0, 1, 1]) == (2, 3)
    assert p.streaks([1, 0, 0]) == (0, 1)
    assert p.streaks([0, 0]) == (0, 0)


def _review(qid: int, at: datetime, correct: bool, previous: datetime | None) -> by_hand.ReviewRow:
    return by_hand.ReviewRow(qid, at, correct, previous)


def test_retention_splits_first_answers_from_spaced_reviews() -> None:
    today = NOW - timedelta(hours=1)
    reviews = [
        _review(1, today, True, None),  # new, right
        _review(2, today, False, None),  # new, wrong
        _review(2, today + timedelta(minutes=5), True, today),  # a repeat the same day: neither
        _review(3, today, True, today - timedelta(days=2)),  # review, right
        _review(4, NOW - timedelta(days=10), False, NOW - timedelta(days=13)),  # review, wrong
        _review(5, NOW - timedelta(days=200), True, None),  # new, this year
    ]
    table = {row.period: row for row in by_hand.retention(reviews, NOW, "UTC")}
    assert table["Today"].new == p.Share(1, 2) and table["Today"].reviews == p.Share(1, 1)
    assert table["7 days"].reviews == p.Share(1, 1)
    assert table["30 days"].reviews == p.Share(1, 2) and table["30 days"].new == p.Share(1, 2)
    assert table["A year"].new == p.Share(2, 3)
    assert table["Today"].new.percent == 50.0 and p.Share(0, 0).percent is None


def test_accuracy_by_tag_counts_every_answer_under_each_of_its_tags() -> None:
    reviews = [
        _review(1, NOW, True, None),
        _review(1, NOW, False, NOW),
        _review(2, NOW, True, None),
    ]
    tags = {1: ["station", "easy"], 2: ["station", "hard"]}
    assert by_hand.accuracy_by_tag(reviews, tags, ["easy", "medium", "hard"]) == {
        "easy": p.Share(1, 2),
        "hard": p.Share(1, 1),
    }
    assert by_hand.accuracy_by_tag(reviews, tags, None)["station"] == p.Share(2, 3)


def test_the_cheap_recall_matches_fsrs() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    for days in (0, 1, 5, 30, 300):
        last = NOW - timedelta(days=days)
        fsrs_card = Card(
            state=State.Review, stability=7.5, difficulty=5.0, due=NOW, last_review=last
        )
        expected = scheduler.get_card_retrievability(fsrs_card, NOW)
        assert p.recall_from(7.5, last, NOW) == expected
        row = card(state=2, stability=7.5, difficulty=5.0, due=NOW, last_review=last)
        assert p.recall_probability(row, NOW) == expected
    assert p.recall_from(None, None, NOW) == 0.0


def test_a_question_slips_when_its_latest_answer_was_wrong_or_its_recall_is_under_90() -> None:
    studied = card(state=State.Review.value)
    assert not p.slipping(card(), 0.0)  # never answered: new, not slipping
    assert not p.slipping(card(state=State.Review.value, last_correct=True), 0.9)
    assert p.slipping(card(state=State.Review.value, last_correct=True), 0.89)
    assert p.slipping(card(state=State.Relearning.value, last_correct=False), 1.0)
    assert not p.slipping(studied, 0.95)
