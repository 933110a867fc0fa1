"""'Delete my account': every row naming the person goes or stops naming them; quiz answers stay
anonymous for the class's statistics; a teacher's classes and banks pass to the heirs chosen."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.audit.models import Action, AuditEntry
from quizapp.banks.models import Bank, Question
from quizapp.classes import services as classes
from quizapp.classes.models import Classroom, ClassroomTeacher
from quizapp.errors import InvalidCredentials
from quizapp.extensions import db
from quizapp.games.models import GameAnswer, GamePlayer
from quizapp.homework.models import Homework
from quizapp.pictures.models import Picture
from quizapp.privacy import deletion
from quizapp.privacy.subject import subject
from quizapp.quizzes import attempts, gradebook, item_stats
from quizapp.quizzes import services as quizzes
from quizapp.quizzes.models import Attempt, Quiz
from quizapp.sources.models import Source
from tests.conftest import Auth, Clock
from tests.games.test_games import _answer
from tests.privacy.history import build
from tests.world import PASSWORD

pytestmark = pytest.mark.usefixtures("sample_banks")


def _rows_naming(user_id: int) -> list[str]:
    """'table.column' wherever a row still points at the account, walking every foreign key."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.c:
            if any(key.target_fullname == "user.id" for key in column.foreign_keys):
                count = db.session.scalar(
                    select(func.count()).select_from(table).where(column == user_id)
                )
                if count:
                    found.append(f"{table.name}.{column.name}")
    return found


def _actions() -> list[tuple[str, str, str]]:
    return [
        (e.actor, e.action, e.target)
        for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def test_a_students_deletion_leaves_no_row_of_theirs(app: Flask, clock: Clock) -> None:
    world, _ = build(app, clock.now)
    student = world.a.student
    client = app.test_client()
    assert Auth(client).login("a_student", PASSWORD).status_code == 302
    assert _answer(client, world.a.game_id, right=False).status_code in {200, 303}
    with app.app_context():
        deletion.delete_account(subject(student, "a_student"), PASSWORD, {}, None, clock.now)
        assert db.session.get(User, student) is None
        assert _rows_naming(student) == []
        # The quiz attempt stays, under an anonymous account; the practice quiz is gone.
        kept = db.session.get_one(Attempt, world.a.attempt_id)
        holder = db.session.get_one(User, kept.user_id)
        assert holder.role == "removed" and "a_student" not in holder.username
        assert db.session.get(Attempt, world.a.practice_id) is None
        assert holder.username not in [u.username for u in accounts.list_accounts("", 1).users]
        with pytest.raises(InvalidCredentials):
            accounts.authenticate(holder.username, "!")
        book = gradebook.gradebook(world.a.owner, world.a.class_id, clock.now)
        assert "a_student" not in [row.username for row in book.rows]
        assert ("a_student", "account deleted", "student a_student") in _actions()
        # The live game's answer stays for its report, under an anonymous player.
        game_answer = db.session.scalars(
            select(GameAnswer).where(GameAnswer.game_id == world.a.game_id)
        ).one()
        assert game_answer.review_id is None
        player = db.session.get_one(GamePlayer, game_answer.player_id)
        assert db.session.get_one(User, player.user_id).role == "removed"


def _answered_quiz(clock: Clock) -> tuple[int, int, list[int]]:
    """A fixed quiz of two questions that six students answered, right and wrong."""
    teacher = accounts.register("ms_lee", PASSWORD, "UTC", role="teacher").id
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    code = db.session.get_one(Classroom, class_id).join_code
    keys = ["sample.short", "sample.numeric"]
    ids = [db.session.scalars(select(Question.id).where(Question.key == k)).one() for k in keys]
    settings = quizzes.QuizSettings(
        "Both", ids, shuffle_questions=False, studied_ok=True, attempts_allowed=2
    )
    quiz_id = quizzes.create_quiz(teacher, class_id, settings, clock.now)
    students = []
    for n in range(6):
        student = accounts.register(f"pupil{n}", PASSWORD, "UTC").id
        classes.join(student, code, clock.now)
        for attempt_number in range(2 if n % 2 else 1):  # some have two attempts
            attempt_id = attempts.start(student, quiz_id, clock.now)
            right = (n + attempt_number) % 3 != 0
            attempts.save_answer(
                student, attempt_id, 1, "Rogozin" if right else "x", False, clock.now
            )
            attempts.save_answer(
                student, attempt_id, 2, "2011" if n < 3 else "1999", False, clock.now
            )
            attempts.submit(student, attempt_id, clock.now)
        students.append(student)
    return teacher, quiz_id, students


def test_item_analysis_is_unchanged_after_students_delete_their_accounts(
    ctx: None, clock: Clock
) -> None:
    teacher, quiz_id, students = _answered_quiz(clock)
    before = item_stats.analysis(teacher, quiz_id, clock.now).stats
    for n in (1, 3, 4):
        deletion.delete_account(subject(students[n], f"pupil{n}"), PASSWORD, {}, None, clock.now)
    after = item_stats.analysis(teacher, quiz_id, clock.now).stats
    assert after == before
    assert before.attempts == 6


def test_a_teachers_classes_and_banks_pass_to_the_heirs_chosen(app: Flask, clock: Clock) -> None:
    world, _ = build(app, clock.now)
    owner, co = world.a.owner, world.users["co-teacher"][1]
    admin, other = world.users["admin"][1], world.b.owner
    with app.app_context():
        leaving = subject(owner, "a_owner")
        shown = deletion.preview(leaving)
        [owned] = shown.handover.classes
        assert [p.username for p in owned.choices] == ["a_co", "boss"]
        assert {p.username for p in shown.handover.heir_choices} == {"a_co", "boss"}
        for heirs, heir in (
            ({}, admin),
            ({world.a.class_id: other}, admin),
            ({world.a.class_id: co}, None),
        ):
            with pytest.raises(deletion.HeirMissing):
                deletion.delete_account(leaving, PASSWORD, heirs, heir, clock.now)
        with pytest.raises(InvalidCredentials):
            deletion.delete_account(leaving, "wrong", {world.a.class_id: co}, admin, clock.now)
        assert db.session.get(User, owner) is not None
        deletion.delete_account(leaving, PASSWORD, {world.a.class_id: co}, admin, clock.now)
        assert _rows_naming(owner) == []
        teachers = db.session.scalars(
            select(ClassroomTeacher).where(ClassroomTeacher.classroom_id == world.a.class_id)
        ).all()
        assert [(t.user_id, t.is_owner) for t in teachers] == [(co, True)]
        assert db.session.get_one(Quiz, world.a.quiz_id).created_by == co
        assert db.session.get_one(Homework, world.a.homework_id).set_by == co
        banks = db.session.scalars(
            select(Bank.owner_id).where(Bank.slug.in_([world.a.study_slug, world.a.quiz_slug]))
        )
        assert set(banks) == {admin}
        assert db.session.get_one(Source, world.a.source_id).owner_id == admin
        assert db.session.scalars(
            select(Picture.uploaded_by).where(Picture.sha256 == world.a.picture.split(".")[0])
        ).all() == [None]
        # The class goes on: its students and their attempt are untouched.
        assert db.session.get_one(Attempt, world.a.attempt_id).user_id == world.a.student
        assert classes.class_detail(co, world.a.class_id).name == "Class A"
        actions = _actions()
        assert ("a_owner", "class handed over", "class Class A") in actions
        assert ("a_owner", "account deleted", "teacher a_owner") in actions


def test_an_admin_deletes_a_teacher_and_chooses_the_heir(app: Flask, clock: Clock) -> None:
    world, _ = build(app, clock.now)
    admin, co = world.users["admin"][1], world.users["co-teacher"][1]
    with app.app_context():
        leaving = subject(admin, "a_owner")
        assert not leaving.own
        deletion.delete_account(leaving, PASSWORD, {world.a.class_id: admin}, co, clock.now)
        owners = db.session.scalars(
            select(ClassroomTeacher.user_id).where(
                ClassroomTeacher.classroom_id == world.a.class_id, ClassroomTeacher.is_owner
            )
        ).all()
        assert owners == [admin]
        detail = [
            e.detail
            for e in db.session.scalars(
                select(AuditEntry).where(AuditEntry.action == Action.CLASS_HANDED_OVER.value)
            )
        ]
        assert detail == ["from a_owner to boss"]
        assert ("boss", "account deleted", "teacher a_owner") in _actions()


def test_the_last_admin_cannot_be_deleted(ctx: None, clock: Clock) -> None:
    admin = accounts.register("root", PASSWORD, "UTC", role="admin").id
    me = subject(admin, "root")
    assert deletion.preview(me).refused
    with pytest.raises(deletion.DeletionRefused):
        deletion.delete_account(me, PASSWORD, {}, None, clock.now)
    second = accounts.register("root2", PASSWORD, "UTC", role="admin").id
    deletion.delete_account(subject(second, "root"), PASSWORD, {}, None, clock.now)
    assert db.session.get(User, admin) is None
    with pytest.raises(deletion.DeletionRefused):
        deletion.delete_account(subject(second, "root2"), PASSWORD, {}, None, clock.now)
