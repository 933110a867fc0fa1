"""The progress pages' figures for a student whose history is made by answering, with a clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.accounts import services as accounts
from quizapp.core.progress import Share
from quizapp.errors import NotFound
from quizapp.progress import services as report
from quizapp.study import services as study
from quizapp.study.answers import submit_answer
from tests.conftest import Clock
from tests.home import school as make

pytestmark = pytest.mark.usefixtures("sample_banks")

# Answers to the sample bank's first questions (a choice, a true/false), right and wrong.
ANSWERS = {"choice": ("Roscosmos", "NASA"), "truefalse": ("true", "false")}


def _answer(user: int, clock: Clock, right: bool) -> study.Shown:
    shown = study.next_question(accounts.get_account(user), "sample", clock.now, "k", 20)
    assert isinstance(shown, study.Shown)
    response = ANSWERS[shown.type][0 if right else 1]
    submit_answer(user, "sample", shown.token, response, clock.now, "k")
    return shown


@pytest.fixture
def student(ctx: None) -> int:
    return accounts.register("sam", "a long password", "Asia/Tokyo").id


def test_a_new_student_has_everything_new_and_no_activity(student: int, clock: Clock) -> None:
    p = report.student_progress(student, "Asia/Tokyo", clock.now, None)
    assert (p.seen, p.total, p.backlog, p.answers_this_year) == (0, 9, 0, 0)
    assert [b.stages for b in p.banks] == [{"new": 9, "learning": 0, "young": 0, "mastered": 0}]
    assert (p.streak, p.longest_streak, sum(p.forecast)) == (0, 0, 0)
    assert p.forgotten == [] and p.hardest == []


def test_figures_after_two_days_of_study(student: int, clock: Clock) -> None:
    clock.now = clock.now.replace(hour=14, minute=50)  # 23:50 in Tokyo
    _answer(student, clock, right=True)  # the choice
    _answer(student, clock, right=False)  # the true/false
    clock.advance(minutes=20)  # 00:10 the next day in Tokyo; both are due again
    _answer(student, clock, right=True)
    _answer(student, clock, right=True)
    p = report.student_progress(student, "Asia/Tokyo", clock.now, "sample")
    assert (p.title, p.seen, p.total, p.answers_this_year) == ("Sample bank", 2, 9, 4)
    assert p.activity[-2:] == [2, 2] and (p.streak, p.longest_streak) == (2, 2)
    # the choice, right twice, has graduated; the true/false, missed once, is still learning
    assert p.banks[0].stages == {"new": 7, "learning": 1, "young": 1, "mastered": 0}
    today = {row.period: row for row in p.retention}["Today"]
    assert today.new == Share(0, 0) and today.reviews == Share(0, 0)  # 20 minutes is not a day
    assert {row.period: row for row in p.retention}["7 days"].new == Share(1, 2)
    assert p.by_difficulty == {"easy": Share(3, 4)}
    assert [line.prompt for line in p.hardest] == [
        "The station is meant to be open to other interested countries."
    ]
    assert p.hardest[0].figure == "0 lapses, average score 50% over 2 answers"  # missed when new
    assert sum(p.forecast) == 2 and p.backlog == 0
    assert round(p.recall_expected) == 2


def test_answers_of_more_than_a_year_ago_count_for_no_tag_though_the_last_still_shows(
    student: int, clock: Clock
) -> None:
    _answer(student, clock, right=False)
    clock.advance(days=400)
    p = report.student_progress(student, "Asia/Tokyo", clock.now, "sample")
    assert (p.seen, p.answers_this_year) == (1, 0)
    assert p.by_difficulty == {} and p.by_topic == {}
    assert [line.figure for line in p.forgotten] == ["missed at the last answer"]


def test_the_latest_answer_alone_says_whether_a_question_was_just_missed(
    student: int, clock: Clock
) -> None:
    first, second = make._ids("sample")[:2]
    for question, outcomes in ((first, (True, False)), (second, (False, True))):
        make.card(student, question, clock.now, clock.now + timedelta(days=30))
        for minutes, correct in enumerate(outcomes):
            make.answer(student, question, clock.now + timedelta(minutes=minutes), correct)
    p = report.student_progress(student, "Asia/Tokyo", clock.now, "sample")
    assert [(line.question_id, line.figure) for line in p.forgotten] == [
        (first, "missed at the last answer")
    ]


def test_a_question_history_lists_every_answer_newest_first(student: int, clock: Clock) -> None:
    shown = _answer(student, clock, right=False)
    clock.advance(minutes=5)
    assert _answer(student, clock, right=True).question_id == shown.question_id
    history = report.question_history(student, shown.question_id)
    assert [(a.answer, a.correct, a.rating) for a in history.attempts] == [
        ("Roscosmos", True, "Good"),
        ("NASA", False, "Again"),
    ]
    assert history.attempts[1].interval == timedelta(minutes=1)
    assert history.correct_answer == "Roscosmos" and history.sources


def test_another_students_history_is_not_shown(student: int, clock: Clock) -> None:
    shown = _answer(student, clock, right=True)
    other = accounts.register("kim", "another long password", "UTC").id
    assert report.question_history(other, shown.question_id).attempts == []
    with pytest.raises(NotFound):
        report.question_history(student, 10_000)
    with pytest.raises(NotFound):
        report.student_progress(student, "UTC", clock.now, "no-such-bank")


def test_a_question_missed_just_now_is_slipping_though_fsrs_rates_it_certain(
    student: int, clock: Clock
) -> None:
    _answer(student, clock, right=True)  # the choice
    missed = _answer(student, clock, right=False)  # the true/false
    p = report.student_progress(student, "Asia/Tokyo", clock.now, None)
    assert [(line.question_id, line.figure) for line in p.forgotten] == [
        (missed.question_id, "missed at the last answer")
    ]
    clock.advance(minutes=20)
    _answer(student, clock, right=True)  # the choice again
    _answer(student, clock, right=True)  # the true/false, right this time
    assert report.student_progress(student, "Asia/Tokyo", clock.now, None).forgotten == []


def test_a_card_line_holds_the_cards_statement_column_for_column() -> None:
    columns = tuple(column.key for column in report._CARDS.selected_columns)
    assert report.CardLine._fields == columns
