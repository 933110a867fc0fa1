"""The study loop, with an explicit clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Rating
from sqlalchemy import func, select

from quizapp.accounts import services as accounts
from quizapp.banks.models import Question
from quizapp.core import answer_token
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.study import answers
from quizapp.study import figures as progress
from quizapp.study import services as study
from quizapp.study.models import Card, Review
from tests.conftest import Clock

SECRET = "test-secret"

pytestmark = pytest.mark.usefixtures("sample_banks")


@pytest.fixture
def student(ctx: None) -> int:
    return accounts.register("sam", "a long password", "UTC").id


def _next(user: int, clock: Clock, limit: int = 20) -> study.Shown | study.NothingDue:
    return study.next_question(accounts.get_account(user), "sample", clock.now, SECRET, limit)


def _answer(
    user: int, clock: Clock, response: str | list[str], limit: int = 20
) -> tuple[study.Shown, int]:
    shown = _next(user, clock, limit)
    assert isinstance(shown, study.Shown)
    return shown, answers.submit_answer(
        user, "sample", shown.token, response, clock.now, SECRET
    ).review_id


def _key(question_id: int) -> str:
    return db.session.get_one(Question, question_id).key


def test_new_questions_come_in_file_order(student: int, clock: Clock) -> None:
    shown = _next(student, clock)
    assert isinstance(shown, study.Shown) and shown.is_new
    assert _key(shown.question_id) == "sample.choice"
    assert sorted(shown.choices) == ["CNSA", "NASA", "Roscosmos"]


def test_an_answer_appends_a_review_and_updates_the_card_together(
    student: int, clock: Clock
) -> None:
    shown, review_id = _answer(student, clock, "Roscosmos")
    review = db.session.get_one(Review, review_id)
    card = db.session.scalar(select(Card).where(Card.question_id == shown.question_id))
    assert card is not None
    assert (review.correct, review.score, review.rating) == (True, 1.0, int(Rating.Good))
    assert review.response == "Roscosmos" and review.answered_at == clock.now
    assert card.due == review.due_after == clock.now + timedelta(minutes=10)
    assert card.reps == 1 and card.first_seen_at == clock.now


def test_the_same_token_twice_records_one_review(student: int, clock: Clock) -> None:
    shown, first = _answer(student, clock, "Roscosmos")
    clock.advance(seconds=3)
    again = answers.submit_answer(student, "sample", shown.token, "NASA", clock.now, SECRET)
    assert again == answers.Recorded(first)
    assert db.session.scalar(select(func.count(Review.id))) == 1
    assert db.session.get_one(Review, first).response == "Roscosmos"


def test_a_token_of_another_student_is_refused(student: int, clock: Clock) -> None:
    other = accounts.register("kim", "another long password", "UTC").id
    shown = _next(student, clock)
    assert isinstance(shown, study.Shown)
    with pytest.raises(answer_token.InvalidToken):
        answers.submit_answer(other, "sample", shown.token, "Roscosmos", clock.now, SECRET)


def test_wrong_answer_is_rated_again_and_typo_hard(student: int, clock: Clock) -> None:
    _, wrong = _answer(student, clock, "NASA")  # choice
    _, right = _answer(student, clock, "true")  # truefalse
    _, typo = _answer(student, clock, "Dmitry Rogozn")  # short, one letter off
    ratings = [db.session.get_one(Review, r).rating for r in (wrong, right, typo)]
    assert ratings == [int(Rating.Again), int(Rating.Good), int(Rating.Hard)]


def test_time_taken_is_measured_from_showing_to_answer(student: int, clock: Clock) -> None:
    shown = _next(student, clock)
    assert isinstance(shown, study.Shown)
    clock.advance(seconds=12)
    recorded = answers.submit_answer(student, "sample", shown.token, "Roscosmos", clock.now, SECRET)
    assert db.session.get_one(Review, recorded.review_id).duration_ms == 12_000


def test_due_reviews_come_before_new_ones_most_overdue_first(student: int, clock: Clock) -> None:
    first, _ = _answer(student, clock, "NASA")  # wrong: back in 1 minute
    clock.advance(seconds=1)
    _answer(student, clock, "false")  # wrong too, a second later
    clock.advance(minutes=30)
    shown = _next(student, clock)
    assert isinstance(shown, study.Shown) and not shown.is_new
    assert shown.question_id == first.question_id


def test_daily_new_limit_follows_the_student_time_zone(ctx: None, clock: Clock) -> None:
    # 23:30 in Tokyo is 14:30 UTC: the next Tokyo day starts half an hour later.
    clock.now = clock.now.replace(hour=14, minute=30)
    user = accounts.register("yuki", "a long password", "Asia/Tokyo").id
    _answer(user, clock, "Roscosmos", limit=2)
    _answer(user, clock, "true", limit=2)
    clock.advance(minutes=10)  # 23:40: both are due again; right twice, they leave learning
    _answer(user, clock, "Roscosmos", limit=2)
    _answer(user, clock, "true", limit=2)
    held = _next(user, clock, limit=2)
    assert isinstance(held, study.NothingDue)
    assert held.new_left == 7 and held.next_due is not None
    assert held.next_due > clock.now + timedelta(days=1)
    clock.advance(minutes=21)  # 00:01: a new day in Tokyo, though still the same UTC day
    fresh = _next(user, clock, limit=2)
    assert isinstance(fresh, study.Shown) and fresh.is_new


def test_study_more_today_raises_the_limit_for_today_only(student: int, clock: Clock) -> None:
    _answer(student, clock, "Roscosmos", limit=1)
    _answer(student, clock, "Roscosmos", limit=1)  # learnt ahead: it leaves learning
    assert isinstance(_next(student, clock, limit=1), study.NothingDue)
    study.allow_more_new(student, "sample", clock.now)
    shown, _ = _answer(student, clock, "true", limit=1)
    assert shown.is_new
    clock.advance(days=1)
    new_today = 0
    for _ in range(30):  # wrong answers keep coming back within the learn-ahead limit
        item = _next(student, clock, limit=1)
        if not isinstance(item, study.Shown):
            break
        new_today += item.is_new
        answers.submit_answer(student, "sample", item.token, "x", clock.now, SECRET)
    assert new_today == 1


def test_settings_limit_overrides_the_default(student: int, clock: Clock) -> None:
    accounts.update_settings(student, "UTC", 0)
    assert isinstance(_next(student, clock), study.NothingDue)


def test_nothing_due_reports_the_next_due_time(student: int, clock: Clock) -> None:
    accounts.update_settings(student, "UTC", 1)
    _answer(student, clock, "Roscosmos")
    _answer(student, clock, "Roscosmos")  # learnt ahead of its 10-minute step
    item = _next(student, clock)
    assert isinstance(item, study.NothingDue)
    review = db.session.scalar(select(Review).order_by(Review.id.desc()).limit(1))
    assert review is not None and item.next_due == review.due_after
    assert item.today == study.Today(answers=2, right=2, seconds=0, coming_back_today=0)


def test_a_missed_question_comes_back_within_the_session(student: int, clock: Clock) -> None:
    accounts.update_settings(student, "UTC", 1)
    missed, _ = _answer(student, clock, "NASA")  # due again in a minute
    again = _next(student, clock)
    assert isinstance(again, study.Shown) and again.question_id == missed.question_id
    assert not again.is_new


def test_learning_due_beyond_the_learn_ahead_limit_waits(student: int, clock: Clock) -> None:
    accounts.update_settings(student, "UTC", 1)
    _answer(student, clock, "Roscosmos")  # due again in 10 minutes
    clock.advance(minutes=-11)  # seen from 11 minutes earlier, it is 21 minutes away
    assert isinstance(_next(student, clock), study.NothingDue)


def test_the_queue_counts_due_learning_and_new(student: int, clock: Clock) -> None:
    _answer(student, clock, "NASA")  # learning, due in a minute
    _answer(student, clock, "true")  # learning, due in 10 minutes
    shown = _next(student, clock)
    assert isinstance(shown, study.Shown) and shown.is_new
    assert shown.queue == study.Queue(due=0, learning=2, new=7, answered_today=2)
    assert shown.queue.done_percent == 18  # 2 of 11


def test_flashcard_buttons_show_what_each_rating_gives(student: int, clock: Clock) -> None:
    for response in ("Roscosmos", "true", "Dmitry Rogozin"):
        _answer(student, clock, response)
    shown = _next(student, clock)
    assert isinstance(shown, study.Shown) and shown.type == "flashcard"
    assert shown.back == "China National Space Administration"
    assert shown.button_intervals[int(Rating.Again)] == "1 minute"
    recorded = answers.submit_answer(student, "sample", shown.token, "4", clock.now, SECRET)
    review = db.session.get_one(Review, recorded.review_id)
    assert review.rating == int(Rating.Easy)
    assert shown.button_intervals[4] == f"{(review.due_after - clock.now).days} days"


def test_score_panel(student: int, clock: Clock) -> None:
    _answer(student, clock, "Roscosmos")  # right
    _answer(student, clock, "false")  # wrong
    _answer(student, clock, "Rogozin")  # right
    _answer(student, clock, "1")  # flashcard: Again, counts as wrong
    _answer(student, clock, ["Roscosmos"])  # multi: half right
    stats = progress.bank_stats(student, "UTC", "sample", clock.now)
    assert (stats.seen, stats.total, stats.answers) == (5, 9, 5)
    assert stats.accuracy == 50.0  # (1 + 0 + 1 + 0 + 0.5) / 5
    assert stats.streak == 0 and stats.reviews_today == 5
    assert stats.due_now == 0 and stats.mastered == 0
    clock.advance(hours=1)
    assert progress.bank_stats(student, "UTC", "sample", clock.now).due_now == 5


def test_streak_counts_right_answers_since_the_last_wrong(student: int, clock: Clock) -> None:
    _answer(student, clock, "NASA")
    _answer(student, clock, "true")
    _answer(student, clock, "Rogozin")
    assert progress.bank_stats(student, "UTC", "sample", clock.now).streak == 2


def test_mastered_counts_cards_stable_for_three_weeks(student: int, clock: Clock) -> None:
    shown, _ = _answer(student, clock, "Roscosmos")
    with tx.write() as session:
        card = session.scalar(select(Card).where(Card.question_id == shown.question_id))
        assert card is not None
        card.stability = 21.0
    assert progress.bank_stats(student, "UTC", "sample", clock.now).mastered == 1


def test_bank_list_counts(student: int, clock: Clock) -> None:
    _answer(student, clock, "NASA")
    clock.advance(minutes=2)
    listing = progress.list_banks(accounts.get_account(student), clock.now, 20)
    assert (listing.new_left, listing.new_limit) == (19, 20)
    [bank] = listing.banks
    assert (bank.slug, bank.total, bank.seen, bank.due, bank.new) == ("sample", 9, 1, 1, 8)


def test_a_true_or_false_answer_is_written_as_the_right_answer_is() -> None:
    from quizapp.core.grading import correct_answer
    from quizapp.study.feedback import your_answer

    spec = {"answer": True}
    assert your_answer("truefalse", spec, "true") == correct_answer("truefalse", spec) == "True"
    assert your_answer("truefalse", spec, "false") == "False"
