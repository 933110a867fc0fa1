"""The home counts a year group's homework progress while the cards stream past
(`rows.tallies`); every figure equals the one the homework's own page works out per student
(`rows.progress_of`), recall on the due date's boundaries included: whole days, and stabilities
whose chance of recall reaches the goal's exactly."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks.models import Bank, Question
from quizapp.classes import services as classes
from quizapp.classes.models import Membership
from quizapp.core import homework as core
from quizapp.core.progress import recall_reach
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.homework import board, rows
from quizapp.homework import services as homework
from quizapp.homework.models import Homework
from quizapp.study.models import Card, Review
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks", "ctx")


def _exactly_at(chance: float) -> list[tuple[float, int]]:
    """(stability, days) whose chance of recall falls exactly to `chance` after those whole days:
    the cards on which `<` and `<=` tell apart."""
    reach = recall_reach(chance)
    return [(days / reach, days) for days in range(4, 10) if days / reach * reach == days]


def _history(students: list[int], questions: list[int], clock: Clock) -> None:
    rng = random.Random(7)
    due = clock.now + timedelta(days=4)
    on_the_goals = _exactly_at(0.8) + _exactly_at(0.6)
    with tx.write() as session:
        for student in students:
            for qid in rng.sample(questions, rng.randint(0, len(questions))):
                # Around the due date's whole-day boundaries, where rounding would show.
                stability = rng.choice([0.5, 1.0, 2.3, 4.0, 9.0])
                last = due - timedelta(days=rng.randint(0, 9), seconds=rng.choice([-1, 0, 1]))
                if rng.random() < 0.2:  # or on the goals' own chance of recall
                    stability, days = rng.choice(on_the_goals)
                    last = due - timedelta(days=days)
                session.add(
                    Card(user_id=student, question_id=qid, state=2, step=None,
                         stability=stability, difficulty=5.0,
                         due=due, last_review=min(last, clock.now), first_seen_at=clock.now)
                )  # fmt: skip
            for n in range(rng.randint(0, 6)):
                at = clock.now + timedelta(hours=rng.choice([-2, 1, 2]))  # before and after setting
                session.add(
                    Review(token=f"{student}-{n}", user_id=student,
                           question_id=rng.choice(questions), response={}, score=1.0,
                           correct=rng.random() < 0.6, rating=3, duration_ms=None,
                           shown_at=at, answered_at=at, due_after=at)
                )  # fmt: skip


def _class_with_four_homeworks(clock: Clock) -> tuple[int, int, int, list[int]]:
    """(teacher id, class id, bank id, student ids): 12 students with a random history in the
    sample bank and four homeworks on it, one of each goal and one on a single topic."""
    teacher = accounts.register("ms_lee", "correct horse battery", "UTC", role="teacher").id
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    code = classes.class_detail(teacher, class_id).join_code
    students = [accounts.register(f"s{i}", "correct horse battery", "UTC").id for i in range(12)]
    for student in students:
        classes.join(student, code, clock.now)
    bank = db.session.scalars(select(Bank.id).where(Bank.slug == "sample")).one()
    questions = list(db.session.scalars(select(Question.id).where(Question.bank_id == bank)))
    tags = sorted({t for ts in db.session.scalars(select(Question.tags)) for t in ts or []})
    due = clock.now.replace(tzinfo=None) + timedelta(days=4)
    for title, kind, number, topics in [
        ("All", core.STUDIED, None, []),
        ("Recall", core.RECALLED, 80, []),
        ("Recall some", core.RECALLED, 60, tags[:1]),
        ("Correct", core.CORRECT, 5, []),
    ]:
        settings = homework.HomeworkSettings(title, bank, kind, due, number, topics)
        homework.create_homework(teacher, class_id, settings, clock.now)
    _history(students, questions, clock)
    return teacher, class_id, bank, students


def test_the_homes_counts_equal_each_students_own_progress(clock: Clock) -> None:
    _, class_id, bank, students = _class_with_four_homeworks(clock)

    members = select(Membership.user_id).where(Membership.classroom_id == class_id)
    found = list(db.session.scalars(select(Homework).order_by(Homework.id)))
    bank_questions = rows.questions({bank})
    scopes = {h.id: rows.in_scope(h, bank_questions) for h in found}
    answers = rows.answers(members, found)
    counted = rows.tallies(members, found, scopes, answers)
    cards = rows.cards(members, {bank})
    compared = 0
    for h in found:
        nothing = core.tally(core.Goal(h.goal_kind, h.goal_number), len(scopes[h.id]), 0, 0, 0, 0)
        for student in students:
            own = rows.progress_of(h, student, scopes[h.id], cards, answers[h.id])
            assert counted.get((h.id, student), nothing) == own, (h.title, student)
            compared += own.studied + own.answered
    assert compared > 100  # the history gave them something to count
    recalled = {p.recalled for (hid, _), p in counted.items() if hid == found[1].id}
    assert len(recalled) > 2  # and recall on the due date told students apart


def test_the_boards_one_pass_equals_each_students_progress_and_the_weakest_by_hand(
    clock: Clock,
) -> None:
    teacher, class_id, bank, students = _class_with_four_homeworks(clock)

    members = select(Membership.user_id).where(Membership.classroom_id == class_id)
    found = list(db.session.scalars(select(Homework).order_by(Homework.id)))
    bank_questions = rows.questions({bank})
    answers = rows.answers(members, found)
    cards = rows.cards(members, {bank})
    studied = 0
    for h in found:
        scope = rows.in_scope(h, bank_questions)
        shown = board.homework_board(teacher, h.id, clock.now)
        by_student = {s.student_id: s.progress for s in shown.students}
        assert by_student == {
            s: rows.progress_of(h, s, scope, cards, answers[h.id]) for s in students
        }, h.title
        # The weakest by hand: each question's recall at the due date, averaged over the class
        # (a student who never studied it recalls nothing), lowest first, ties by question.
        by_hand = []
        for qid in scope:
            held = [cards[(s, qid)] for s in students if (s, qid) in cards]
            recall = sum(core.recall_at(card, h.due_at) for card in held) / len(students)
            by_hand.append((recall, qid, len(held)))
            studied += len(held)
        by_hand.sort(key=lambda r: (round(r[0], 12), r[1]))
        weakest = [(w.mean_recall, w.question_id, w.studied_by) for w in shown.weakest]
        assert [(q, n) for _, q, n in weakest] == [(q, n) for _, q, n in by_hand[:10]], h.title
        assert [m for m, _, _ in weakest] == pytest.approx([m for m, _, _ in by_hand[:10]])
        assert shown.weakest and len(shown.weakest) == min(10, len(scope))
        counted = rows.standing(members, h, scope, answers[h.id])
        ranked = core.rank_weakest(counted.recalls, len(students), len(scope))
        assert ranked == core.weakest(scope, cards, students, h.due_at, len(scope)), h.title
    assert studied > 100  # the history gave them something to count
