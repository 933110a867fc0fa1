"""A student's schedule follows the parameters in force for them: answers, flashcard buttons,
"I was right" and regrades; a card carries its memory state over a change of parameters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.audit.services import Actor
from quizapp.banks import question_edit
from quizapp.banks.models import Question
from quizapp.banks.versions import content_of, raw_of
from quizapp.core import scheduling
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.scheduling.models import SchedulerFit, StudentSchedule
from quizapp.study import overrides
from quizapp.study import services as study
from quizapp.study.answers import submit_answer
from quizapp.study.models import Card, Review
from tests.conftest import Clock, signed_in

pytestmark = pytest.mark.usefixtures("sample_banks")
# Easy on a new card: FSRS starts its stability at w3 days, and at the desired retention of 0.9
# the interval is the stability, rounded: 8 days by default, 12 with w3 = 12.
EASY_12 = [*DEFAULT_PARAMETERS[:3], 12.0, *DEFAULT_PARAMETERS[4:]]
# The first stabilities of Again, Hard and Good much longer than the defaults'.
LONG_MEMORY = [4.0, 8.0, 20.0, *DEFAULT_PARAMETERS[3:]]
# Stability grows faster after a recall than by default (w8).
GROWS_FAST = [*DEFAULT_PARAMETERS[:8], 3.0, *DEFAULT_PARAMETERS[9:]]


RIGHT = {"choice": "Roscosmos", "truefalse": "true", "short": "Rogozin"}


def _tune(student: int, parameters: list[float], clock: Clock) -> None:
    with tx.write() as session:
        fit = SchedulerFit(
            fitted_at=clock.now, scope="student", user_id=student, answers=1000, held_out=200,
            parameters=parameters, status="in use",
        )  # fmt: skip
        session.add(fit)
        session.flush()
        found = session.get(StudentSchedule, student)
        if found is None:
            found = StudentSchedule(user_id=student, since=clock.now)
            session.add(found)
        found.fit_id, found.scope, found.parameters = fit.id, "student", parameters
    db.session.remove()


def _next(student: int, clock: Clock) -> study.Shown:
    shown = study.next_question(accounts.get_account(student), "sample", clock.now, "k", 20)
    assert isinstance(shown, study.Shown)
    return shown


def _answer(student: int, clock: Clock, response: str) -> int:
    shown = _next(student, clock)
    return submit_answer(student, "sample", shown.token, response, clock.now, "k").review_id


def _flashcard_card(student: int) -> Card:
    db.session.expire_all()
    flashcard = select(Question.id).where(Question.key == "sample.flashcard").scalar_subquery()
    return db.session.scalars(
        select(Card).where(Card.user_id == student, Card.question_id == flashcard)
    ).one()


@pytest.fixture
def student(ctx: None) -> int:
    return accounts.register("sam", "a long password", "UTC").id


def _to_the_flashcard(student: int, clock: Clock) -> study.Shown:
    for response in ("Roscosmos", "true", "Rogozin"):  # the three questions before it
        _answer(student, clock, response)
    shown = _next(student, clock)
    assert shown.type == "flashcard"
    return shown


def test_a_tuned_student_s_easy_flashcard_comes_back_after_12_days(
    student: int, clock: Clock
) -> None:
    _tune(student, EASY_12, clock)
    shown = _to_the_flashcard(student, clock)
    assert shown.button_intervals[int(Rating.Easy)] == "12 days"
    submit_answer(student, "sample", shown.token, "4", clock.now, "k")
    card = _flashcard_card(student)
    assert card.due - clock.now == timedelta(days=12)
    assert card.stability == pytest.approx(12.0)


def test_an_untuned_student_s_easy_flashcard_comes_back_after_8_days(
    student: int, clock: Clock
) -> None:
    shown = _to_the_flashcard(student, clock)
    assert shown.button_intervals[int(Rating.Easy)] == "8 days"
    submit_answer(student, "sample", shown.token, "4", clock.now, "k")
    assert _flashcard_card(student).due - clock.now == timedelta(days=8)


def test_a_card_keeps_its_memory_state_when_the_parameters_change(
    student: int, clock: Clock
) -> None:
    """The card's stability and difficulty carry over; the next answer goes on from them with
    the new parameters (the history is not replayed)."""
    shown = _to_the_flashcard(student, clock)
    submit_answer(student, "sample", shown.token, "4", clock.now, "k")  # defaults: 8 days
    before = _flashcard_card(student)
    kept = scheduling.CardState(
        before.state, before.step, before.stability, before.difficulty, before.due,
        before.last_review,
    )  # fmt: skip
    assert before.stability == pytest.approx(DEFAULT_PARAMETERS[3])
    _tune(student, GROWS_FAST, clock)
    clock.advance(days=8)
    shown = _next(student, clock)
    while shown.type != "flashcard":  # the three still in learning are more overdue
        submit_answer(student, "sample", shown.token, RIGHT[shown.type], clock.now, "k")
        shown = _next(student, clock)
    submit_answer(student, "sample", shown.token, "3", clock.now, "k")
    after = _flashcard_card(student)
    tuned = scheduling.review(kept, Rating.Good, clock.now, GROWS_FAST)
    assert (after.due, after.stability) == (tuned.due, pytest.approx(tuned.stability))
    default = scheduling.review(kept, Rating.Good, clock.now)
    assert after.stability != pytest.approx(default.stability)


def test_i_was_right_reschedules_with_the_parameters_in_force(student: int, clock: Clock) -> None:
    for response in ("Roscosmos", "true"):
        _answer(student, clock, response)
    review_id = _answer(student, clock, "the head of the agency")  # the short one, wrong
    _tune(student, LONG_MEMORY, clock)
    clock.advance(minutes=2)
    overrides.claim_right(student, "sample", review_id, clock.now)
    review = db.session.get_one(Review, review_id)
    assert review.before is not None
    before = scheduling.state_from_json(review.before)
    expected = scheduling.review(before, Rating.Hard, review.answered_at, LONG_MEMORY)
    assert review.due_after == expected.due
    card = db.session.scalars(select(Card).where(Card.question_id == review.question_id)).one()
    assert card.stability == pytest.approx(expected.stability)
    default = scheduling.review(before, Rating.Hard, review.answered_at)
    assert card.stability != pytest.approx(default.stability)


def test_a_regrade_replays_with_the_parameters_in_force(ctx: None, clock: Clock) -> None:
    with tx.write():
        question = db.session.scalars(select(Question).where(Question.key == "sample.short")).one()
        question.position = -1  # studied first
    teacher = accounts.register("ms_lee", "a long teacher password", "UTC", role="admin").id
    student = accounts.register("sam", "a long password", "UTC").id
    times = []
    for response in ("Gagarin", "Gagarin"):  # wrong, then regraded right
        times.append(clock.now)
        _answer(student, clock, response)
        clock.advance(minutes=11)
    _tune(student, LONG_MEMORY, clock)
    question = db.session.scalars(select(Question).where(Question.key == "sample.short")).one()
    raw = raw_of(question.key, content_of(question)) | {"answers": ["Rogozin", "Gagarin"]}
    actor = Actor(teacher, "ms_lee")
    question_edit.save(actor, "sample", question.id, raw, clock.now, "regrade")
    # The fsrs package's scheduler with the student's parameters: Good, Good.
    scheduler = Scheduler(parameters=LONG_MEMORY, enable_fuzzing=False)
    expected = FsrsCard(card_id=0, due=times[0])
    for at in times:
        expected, _ = scheduler.review_card(expected, Rating.Good, review_datetime=at)
    db.session.expire_all()
    card = db.session.scalars(select(Card).where(Card.user_id == student)).one()
    assert (card.state, card.due) == (expected.state.value, expected.due)
    assert card.stability == pytest.approx(expected.stability)
    assert expected.stability != pytest.approx(2.3065, abs=0.5)  # not the defaults' Good


def test_the_progress_page_says_whose_answers_tune_the_schedule_and_since_when(
    app: Flask, clock: Clock
) -> None:
    client = signed_in(app, "sam", "student")
    with app.app_context():
        student = accounts.find_user("sam").id  # type: ignore[union-attr]
        _answer(student, clock, "Roscosmos")
    page = client.get("/progress/").get_data(as_text=True)
    assert "Your schedule follows FSRS's usual settings until there are enough" in page
    with app.app_context():
        _tune(student, EASY_12, clock)
    page = client.get("/progress/").get_data(as_text=True)
    assert "Your schedule is tuned to your own answers, since" in page
    assert f'<time datetime="{clock.now.isoformat()}">' in page
