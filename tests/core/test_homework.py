"""Homework goals, progress and status from plain rows, with recall worked out by hand."""

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating
from fsrs.scheduler import FSRS_DEFAULT_DECAY

from quizapp.core import homework as hw
from quizapp.core.scheduling import CardState, new_card, review

MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 3, 13, 17, 0, tzinfo=UTC)
# fsrs 6.3's defaults, from its scheduler.py: DECAY = -w[20] = -0.1542 and
# FACTOR = 0.9 ** (1 / DECAY) - 1 = 0.98035 (so that R is 90 % after S days).
DECAY = -0.1542
FACTOR = 0.9 ** (1 / DECAY) - 1


def _good_twice() -> CardState:
    """Right on Monday at 09:00 (a new card: S = w[2] = 2.3065 days), right again at 09:10 (the
    same day: S grows by max(1, e^(w17 * w18) * S^-w19) = max(1, 0.9945) = 1, so stays)."""
    card = review(new_card(MONDAY), Rating.Good, MONDAY)
    return review(card, Rating.Good, MONDAY + timedelta(minutes=10))


def _wrong_once() -> CardState:
    """Wrong on Monday at 09:00: a new card answered Again has S = w[0] = 0.212 days."""
    return review(new_card(MONDAY), Rating.Again, MONDAY)


def test_recall_on_friday_is_fsrs_formula_worked_by_hand() -> None:
    # Friday 17:00 is 4 days 7 h 50 min after 09:10 on Monday; FSRS counts 4 whole days.
    assert abs(FACTOR - 0.98035) < 1e-5
    assert -FSRS_DEFAULT_DECAY == DECAY  # the package's constant, should an upgrade change it
    by_hand_good = (1 + 0.98035 * 4 / 2.3065) ** -0.1542  # = 2.70016 ** -0.1542 = 0.8580
    by_hand_wrong = (1 + 0.98035 * 4 / 0.212) ** -0.1542  # = 19.4972 ** -0.1542 = 0.6325
    assert hw.recall_at(_good_twice(), FRIDAY) == pytest.approx(by_hand_good, abs=1e-4)
    assert hw.recall_at(_good_twice(), FRIDAY) == pytest.approx(0.8580, abs=1e-4)
    assert hw.recall_at(_wrong_once(), FRIDAY) == pytest.approx(by_hand_wrong, abs=1e-4)
    assert hw.recall_at(_wrong_once(), FRIDAY) == pytest.approx(0.6325, abs=1e-4)
    assert hw.recall_at(None, FRIDAY) == 0.0


def test_recalled_at_80_percent_on_friday_counts_recall_at_the_due_date_not_now() -> None:
    goal = hw.Goal(hw.RECALLED, 80)
    cards = {1: _good_twice(), 2: _wrong_once()}
    answers = {1: (2, 2), 2: (1, 0)}
    on_friday = hw.progress(goal, [1, 2, 3], cards, answers, FRIDAY)
    assert (on_friday.studied, on_friday.recalled, on_friday.not_studied) == (2, 1, 1)
    assert on_friday.forgotten == 1  # 0.6325 < 0.80 on Friday
    assert on_friday.fraction == pytest.approx(1 / 3)
    # Due the same Monday, both answered cards are still fresh (0 whole days: R = 1).
    same_day = hw.progress(goal, [1, 2, 3], cards, answers, MONDAY + timedelta(hours=8))
    assert same_day.recalled == 2
    words = hw.left_in_words(goal, on_friday, "Friday")
    assert words == "1 question not yet studied, 1 likely forgotten by Friday."


def test_a_goal_of_85_percent_is_missed_by_the_card_at_858_and_met_at_80() -> None:
    cards = {1: _good_twice()}
    assert hw.progress(hw.Goal(hw.RECALLED, 85), [1], cards, {}, FRIDAY).met
    assert not hw.progress(hw.Goal(hw.RECALLED, 86), [1], cards, {}, FRIDAY).met


def test_studied_goal_counts_questions_answered_and_ignores_other_questions() -> None:
    goal = hw.Goal(hw.STUDIED)
    cards = {1: _wrong_once(), 9: _good_twice()}  # 9 is outside the homework
    done = hw.progress(goal, [1, 2], cards, {9: (5, 5)}, FRIDAY)
    assert (done.studied, done.answered, done.percent) == (1, 0, 50)
    assert hw.left_in_words(goal, done, "Friday") == "1 question not yet studied."


def test_correct_goal_counts_correct_answers_since_set_and_caps_at_the_goal() -> None:
    goal = hw.Goal(hw.CORRECT, 10)
    done = hw.progress(goal, [1, 2], {}, {1: (7, 4), 2: (3, 2)}, FRIDAY)
    assert (done.correct, done.answered, done.fraction) == (6, 10, 0.6)
    assert hw.left_in_words(goal, done, "Friday") == "4 more correct answers to go."
    more = hw.progress(goal, [1, 2], {}, {1: (20, 20)}, FRIDAY)
    assert more.fraction == 1.0 and more.met
    assert hw.left_in_words(goal, more, "Friday") == "Goal reached."


def test_status_rule() -> None:
    goal = hw.Goal(hw.CORRECT, 10)
    halfway = MONDAY + (FRIDAY - MONDAY) / 2

    def status(correct: int, answered: int, now: datetime) -> str:
        done = hw.progress(goal, [1], {}, {1: (answered, correct)}, FRIDAY)
        return hw.status(done, MONDAY, FRIDAY, now)

    assert status(10, 10, halfway) == hw.DONE
    assert status(0, 0, halfway) == hw.NOT_STARTED
    assert status(5, 9, halfway) == hw.ON_TRACK  # half the goal at half the time
    assert status(4, 9, halfway) == hw.BEHIND
    assert status(1, 3, MONDAY + timedelta(hours=1)) == hw.ON_TRACK
    assert status(0, 3, MONDAY + timedelta(hours=1)) == hw.BEHIND  # answered, none right yet
    assert status(9, 9, FRIDAY + timedelta(days=1)) == hw.BEHIND  # past due and short


def test_time_passed_is_clamped() -> None:
    assert hw.time_passed(MONDAY, FRIDAY, MONDAY - timedelta(days=1)) == 0.0
    assert hw.time_passed(MONDAY, FRIDAY, FRIDAY + timedelta(days=1)) == 1.0
    assert hw.time_passed(FRIDAY, MONDAY, MONDAY) == 1.0


def test_tags_scope() -> None:
    assert hw.in_scope([], ["anything"])
    assert hw.in_scope(["verbs", "nouns"], ["nouns"])
    assert not hw.in_scope(["verbs"], ["nouns"])


def test_weakest_questions_by_mean_recall_at_due_date_with_who_studied_them() -> None:
    cards = {(10, 1): _good_twice(), (11, 1): _good_twice(), (10, 2): _wrong_once()}
    found = hw.weakest([1, 2, 3], cards, [10, 11], FRIDAY)
    assert [(r.question_id, r.studied_by) for r in found] == [(3, 0), (2, 1), (1, 2)]
    assert found[1].mean_recall == pytest.approx(0.6325 / 2, abs=1e-4)
    assert found[2].mean_recall == pytest.approx(0.8580, abs=1e-4)
    assert hw.weakest([1], cards, [], FRIDAY) == []


def test_weakest_sums_each_questions_recall_exactly_whatever_the_order() -> None:
    # 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in floating point; the class's cards come in
    # any order, so the same chances must give the same mean, and a tie goes by question.
    found = hw.rank_weakest({2: [0.1, 0.2, 0.3], 1: [0.3, 0.2, 0.1], 3: []}, 4)
    assert [(r.question_id, r.studied_by) for r in found] == [(3, 0), (1, 3), (2, 3)]
    assert found[1].mean_recall == found[2].mean_recall == 0.15
    assert hw.rank_weakest({1: [0.5]}, 0) == []


def test_day_words_in_the_students_zone() -> None:
    now = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)  # Monday
    assert hw.day_words(FRIDAY, "UTC", now) == "Friday"
    assert hw.day_words(datetime(2026, 3, 9, 23, 30, tzinfo=UTC), "UTC", now) == "today"
    # 23:30 UTC Monday is already Tuesday in Tokyo.
    assert hw.day_words(datetime(2026, 3, 9, 23, 30, tzinfo=UTC), "Asia/Tokyo", now) == "tomorrow"
    assert hw.day_words(datetime(2026, 3, 27, 9, 0, tzinfo=UTC), "UTC", now) == "Fri 27 Mar"


def test_goals_in_plain_words() -> None:
    assert hw.Goal(hw.STUDIED).describe() == "Every question studied"
    assert hw.Goal(hw.RECALLED, 80).describe().startswith("Every question recalled at 80 %")
    assert hw.Goal(hw.CORRECT, 30).describe() == "30 correct answers"
