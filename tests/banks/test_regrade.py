"""Regrading past answers after a key is corrected: new grades, FSRS replay, notices, all or none.

The expected card is computed here with the fsrs package's own scheduler, step by step, apart
from quizapp's replay code; the first step is also pinned as a literal (a first Good comes back
after the 10-minute learning step).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler
from sqlalchemy import func, select

from quizapp.accounts import services as accounts
from quizapp.audit.services import Actor
from quizapp.banks import question_edit, regrade
from quizapp.banks.models import Question, Regrade, RegradedAnswer
from quizapp.banks.versions import content_of, raw_of
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.progress import services as report
from quizapp.study import answers, feedback, notices
from quizapp.study import services as study
from quizapp.study.models import Card, Review
from quizapp.study.regraded import Regraded
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")
KEY = "sample.short"  # accepts "Dmitry Rogozin" and "Rogozin"


def _answer(student: int, clock: Clock, response: str) -> int:
    shown = study.next_question(accounts.get_account(student), "sample", clock.now, "s", 1)
    assert isinstance(shown, study.Shown) and shown.type == "short", shown
    return answers.submit_answer(student, "sample", shown.token, response, clock.now, "s").review_id


def _question() -> Question:
    db.session.expire_all()
    return db.session.scalars(select(Question).where(Question.key == KEY)).one()


def _fixed_key(*accepted: str) -> dict[str, Any]:
    question = _question()
    return raw_of(question.key, content_of(question)) | {"answers": list(accepted)}


def _history(ctx: None, clock: Clock) -> tuple[int, int, list[Any]]:
    """A student answers the short question wrong twice ("Gagarin") then right; another student
    answers it right once. Returns (teacher, student, answer times)."""
    with tx.write():
        _question().position = -1  # studied first
    teacher = accounts.register("ms_lee", "a long teacher password", "UTC", role="admin").id
    student = accounts.register("sam", "a long password", "UTC").id
    other = accounts.register("kim", "a long password", "UTC").id
    times = []
    for response in ("Gagarin", "Gagarin", "Dmitry Rogozin"):
        times.append(clock.now)
        _answer(student, clock, response)
        clock.advance(minutes=2)
    _answer(other, clock, "Rogozin")
    return teacher, student, times


def test_the_count_before_saving_and_the_regrade_with_its_fsrs_replay(
    ctx: None, clock: Clock
) -> None:
    teacher, student, times = _history(ctx, clock)
    question_id = _question().id
    raw = _fixed_key("Dmitry Rogozin", "Rogozin", "Gagarin")
    problems, summary, _ = question_edit.check(teacher, "sample", question_id, raw)
    assert problems == [] and summary is not None
    assert (summary.answers, summary.students, summary.became_right) == (2, 1, 2)
    assert isinstance(
        question_edit.save(Actor(teacher, "ms_lee"), "sample", question_id, raw, clock.now),
        (question_edit.NeedsDecision),
    )
    saved = question_edit.save(
        Actor(teacher, "ms_lee"), "sample", question_id, raw, clock.now, "regrade"
    )
    assert isinstance(saved, question_edit.Saved) and saved.regraded == summary

    # The fsrs package's own scheduler, answer by answer: Good, Good, Good.
    scheduler = Scheduler(enable_fuzzing=False)
    expected = FsrsCard(card_id=0, due=times[0])
    dues = []
    for at in times:
        expected, _ = scheduler.review_card(expected, Rating.Good, review_datetime=at)
        dues.append(expected.due)
    assert dues[0] == times[0] + timedelta(minutes=10)  # a first Good: the 10-minute step

    db.session.expire_all()
    card = db.session.scalars(select(Card).where(Card.user_id == student)).one()
    assert (card.state, card.step, card.due) == (expected.state.value, expected.step, expected.due)
    assert card.stability == pytest.approx(expected.stability)
    assert card.difficulty == pytest.approx(expected.difficulty)
    assert (card.reps, card.lapses, card.score_sum, card.last_wrong_review_id) == (3, 0, 3.0, None)
    reviews = list(
        db.session.scalars(select(Review).where(Review.user_id == student).order_by(Review.id))
    )
    assert [(r.correct, r.rating) for r in reviews] == [(True, 3)] * 3
    assert [r.due_after for r in reviews] == dues
    kept = list(db.session.scalars(select(RegradedAnswer).order_by(RegradedAnswer.id)))
    assert [(k.review_id, k.old_correct, k.old_rating, k.new_correct) for k in kept] == [
        (reviews[0].id, False, 1, True),
        (reviews[1].id, False, 1, True),
    ]
    [notice, _] = notices.pending(student)
    assert notice.now_right and notice.bank_slug == "sample"
    page = feedback.feedback(student, "sample", reviews[0].id)
    assert page.correct and page.regraded == Regraded(clock.now, False, 0.0, 1, 2)
    assert page.regraded.old_verdict == "✗ Wrong"
    history = report.question_history(student, question_id)
    assert [a.regraded for a in history.attempts] == [  # newest first
        None,
        Regraded(clock.now, False, 0.0, 1, 2),
        Regraded(clock.now, False, 0.0, 1, 2),
    ]
    notices.dismiss(student, clock.now)
    assert notices.pending(student) == []


def test_a_regrade_that_fails_half_way_changes_nothing(
    ctx: None, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher, _, _ = _history(ctx, clock)
    question_id = _question().id
    before = {r.id: (r.score, r.correct, r.due_after) for r in db.session.scalars(select(Review))}

    def broken(*_args: object) -> object:
        raise RuntimeError("the replay failed")

    monkeypatch.setattr(regrade, "replay", broken)
    raw = _fixed_key("Dmitry Rogozin", "Rogozin", "Gagarin")
    with pytest.raises(RuntimeError):
        question_edit.save(
            Actor(teacher, "ms_lee"), "sample", question_id, raw, clock.now, "regrade"
        )
    db.session.remove()
    after = {r.id: (r.score, r.correct, r.due_after) for r in db.session.scalars(select(Review))}
    assert after == before
    assert _question().spec["answers"] == [
        "Dmitry Rogozin",
        "Rogozin",
    ]
    assert db.session.scalar(select(func.count(Regrade.id))) == 0
    assert db.session.scalar(select(func.count(RegradedAnswer.id))) == 0


def test_saving_without_regrading_keeps_past_grades(ctx: None, clock: Clock) -> None:
    teacher, student, _ = _history(ctx, clock)
    question_id = _question().id
    raw = _fixed_key("Dmitry Rogozin", "Rogozin", "Gagarin")
    saved = question_edit.save(
        Actor(teacher, "ms_lee"), "sample", question_id, raw, clock.now, "keep"
    )
    assert isinstance(saved, question_edit.Saved) and saved.regraded is None
    wrong = select(func.count(Review.id)).where(
        Review.user_id == student, Review.correct.is_(False)
    )
    assert db.session.scalar(wrong) == 2
    assert notices.pending(student) == []


def test_partial_credit_added_to_a_wrong_option_regrades_its_past_answers(
    ctx: None, clock: Clock
) -> None:
    """Credit is part of the answer key: the editor asks, and a regrade gives the share, while
    the answer stays wrong (and the card keeps its Again)."""
    teacher = accounts.register("ms_lee", "a long teacher password", "UTC", role="admin").id
    student = accounts.register("sam", "a long password", "UTC").id
    shown = study.next_question(accounts.get_account(student), "sample", clock.now, "s", 1)
    assert isinstance(shown, study.Shown) and shown.type == "choice", shown
    review_id = answers.submit_answer(
        student, "sample", shown.token, "NASA", clock.now, "s"
    ).review_id
    question = db.session.scalars(select(Question).where(Question.key == "sample.choice")).one()
    raw = raw_of(question.key, content_of(question)) | {"credit": {"NASA": 0.5}}
    problems, summary, _ = question_edit.check(teacher, "sample", question.id, raw)
    assert problems == [] and summary is not None
    assert (summary.answers, summary.became_right, summary.became_wrong, summary.other) == (
        1,
        0,
        0,
        1,
    )
    needs = question_edit.save(Actor(teacher, "ms_lee"), "sample", question.id, raw, clock.now)
    assert isinstance(needs, question_edit.NeedsDecision)
    saved = question_edit.save(
        Actor(teacher, "ms_lee"), "sample", question.id, raw, clock.now, "regrade"
    )
    assert isinstance(saved, question_edit.Saved) and saved.regraded == summary
    page = feedback.feedback(student, "sample", review_id)
    assert (page.score, page.correct, page.rating) == (0.5, False, "Again")
