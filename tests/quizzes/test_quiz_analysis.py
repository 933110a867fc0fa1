"""Item analysis when each student draws different questions: each question's figures come from
the attempts that drew it, not from zeros for the students who never saw it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks.models import Question
from quizapp.classes import services as classes
from quizapp.classes.models import Classroom
from quizapp.extensions import db
from quizapp.quizzes import attempts, item_stats
from quizapp.quizzes import services as quizzes
from quizapp.quizzes.models import AttemptItem
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")


def test_a_random_quiz_is_analysed_over_the_attempts_that_drew_each_question(
    ctx: None, clock: Clock
) -> None:
    teacher = accounts.register("ms_lee", "a long teacher password", "UTC", role="teacher").id
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    code = db.session.get_one(Classroom, class_id).join_code
    keys = {"sample.short": "Rogozin", "sample.numeric": "2011"}
    ids = dict(
        db.session.execute(select(Question.key, Question.id).where(Question.key.in_(keys))).all()
    )
    settings = quizzes.QuizSettings("Draw one", list(ids.values()), draw_count=1, studied_ok=True)
    quiz_id = quizzes.create_quiz(teacher, class_id, settings, clock.now)
    drew: dict[int, int] = {}
    for n in range(24):
        student = accounts.register(f"s{n}", "a long student password", "UTC").id
        classes.join(student, code, clock.now)
        attempt_id = attempts.start(student, quiz_id, clock.now)
        [item] = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id))
        key = next(k for k, qid in ids.items() if qid == item.question_id)
        drew[item.question_id] = drew.get(item.question_id, 0) + 1
        right = key == "sample.short" or n % 2 == 0  # the short question: everyone right
        answer = keys[key] if right else "1999"
        attempts.save_answer(student, attempt_id, 1, answer, False, clock.now)
        attempts.submit(student, attempt_id, clock.now)
    assert len(drew) == 2 and sum(drew.values()) == 24  # both questions were drawn
    found = item_stats.analysis(teacher, quiz_id, clock.now)
    by_id = {item.question_id: item for item in found.stats.items}
    short, numeric = by_id[ids["sample.short"]], by_id[ids["sample.numeric"]]
    assert short.attempts == drew[ids["sample.short"]] and short.facility == 1.0
    assert numeric.attempts == drew[ids["sample.numeric"]]
    assert 0.0 < (numeric.facility or 0) < 1.0
