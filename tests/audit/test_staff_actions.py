"""Each staff action writes its audit entry, in its own transaction, naming the staff member who
did it, what was done, to whom, and the address it came from."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.audit.models import AuditEntry
from quizapp.audit.services import Actor
from quizapp.banks import question_edit
from quizapp.extensions import db
from quizapp.quizzes import accommodations, attempts, gradebook
from tests.banks.test_regrade import _fixed_key, _history, _question
from tests.conftest import Clock, csrf_token, signed_in
from tests.home import school

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "correct horse battery"
ADDRESS = {"REMOTE_ADDR": "203.0.113.7"}


def _entries(app: Flask) -> list[tuple[int | None, str, str, str, str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return [(e.actor_id, e.actor, e.action, e.target, e.detail, e.address) for e in rows]


def _id(app: Flask, username: str) -> int:
    with app.app_context():
        return int(db.session.scalars(select(User.id).where(User.username == username)).one())


def _post(client: FlaskClient, page: str, url: str, **data: str) -> int:
    token = csrf_token(client.get(page).get_data(as_text=True))
    response = client.post(url, data={**data, "csrf_token": token}, environ_base=ADDRESS)
    return response.status_code


def test_an_admin_changing_a_role_is_recorded_with_their_address(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    signed_in(app, "kim", "student")
    assert _post(admin, "/admin/users", "/admin/users/kim/role", role="teacher") == 303
    assert _post(admin, "/admin/users", "/admin/users/kim/role", role="teacher") == 303  # same
    root, address = _id(app, "root"), ADDRESS["REMOTE_ADDR"]
    assert _entries(app) == [
        (root, "root", "role changed", "user kim", "student → teacher", address)
    ]


def test_a_role_changed_on_the_command_line_says_so(app: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        accounts.register("kim", PASSWORD, "UTC")
    assert runner.invoke(args=["users", "set-role", "kim", "admin"]).exit_code == 0
    assert _entries(app) == [
        (None, "command line", "role changed", "user kim", "student → admin", "command line")
    ]


def test_the_two_factor_policy_switch_is_recorded(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    assert _post(admin, "/admin/users", "/admin/two-factor", required="1") == 303
    with app.app_context():  # the admin, without two-factor log-in, is now sent to set it up
        accounts.require_staff_two_factor(False, Actor(_id(app, "root"), "root"))
    assert [(e[1], e[2], e[3], e[4]) for e in _entries(app)] == [
        ("root", "two-factor policy", "teachers and admins", "two-factor log-in required"),
        ("root", "two-factor policy", "teachers and admins", "two-factor log-in optional"),
    ]


def test_allowing_and_taking_back_a_bank_editor_are_recorded(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    signed_in(app, "ms_lee", "teacher")
    bank = "/editor/banks/sample/"
    assert _post(admin, bank, "/editor/banks/sample/editors", username="ms_lee") == 303
    assert _post(admin, bank, "/editor/banks/sample/editors/ms_lee/revoke") == 303
    root = _id(app, "root")
    address = ADDRESS["REMOTE_ADDR"]
    assert [(e[0], e[2], e[3], e[5]) for e in _entries(app)] == [
        (root, "bank editor allowed", "teacher ms_lee", address),
        (root, "bank editor revoked", "teacher ms_lee", address),
    ]
    details = [e[4] for e in _entries(app)]
    assert details[0].startswith("may edit the school bank sample (")
    assert details[1].startswith("may no longer edit the school bank sample (")


def _submitted_attempt(now: datetime) -> tuple[school.School, int, int]:
    built = school.build(now)
    student = school.join(built, "sam", now)
    attempt = attempts.start(student, built.quiz_id, now)
    attempts.submit(student, attempt, now)
    return built, student, attempt


def test_a_manual_score_is_recorded_with_the_old_and_new_score_and_the_reason(
    ctx: None, clock: Clock
) -> None:
    built, _, attempt = _submitted_attempt(clock.now)
    teacher = Actor(built.teacher, "ms_lee")
    gradebook.override(teacher, built.class_id, attempt, 80, "Spelling of a name", clock.now)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.actor, entry.action, entry.target) == (
        built.teacher,
        "ms_lee",
        "manual score",
        "student sam",
    )
    assert entry.detail == (f"{school.QUIZ}, attempt 1: 0.0% → 80.0%; why: Spelling of a name")


def test_a_regrade_is_recorded_with_what_it_changed_and_keeping_grades_is_not(
    ctx: None, clock: Clock
) -> None:
    teacher, _, _ = _history(ctx, clock)
    question_id = _question().id
    raw = _fixed_key("Dmitry Rogozin", "Rogozin", "Gagarin")
    by = Actor(teacher, "ms_lee")
    question_edit.save(by, "sample", question_id, raw, clock.now, "regrade")
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.actor, entry.action) == (teacher, "ms_lee", "regrade")
    assert entry.target == "question sample.short of the bank sample"
    assert entry.detail == "version 2: 2 answers of 1 students regraded, 2 now right, 0 now wrong"
    question_edit.save(by, "sample", question_id, _fixed_key("Rogozin"), clock.now, "keep")
    assert len(db.session.scalars(select(AuditEntry)).all()) == 1


def test_an_accommodation_is_recorded_for_one_student_or_the_whole_class(
    ctx: None, clock: Clock
) -> None:
    built = school.build(clock.now)
    sam = school.join(built, "sam", clock.now)
    school.join(built, "kim", clock.now)
    teacher = Actor(built.teacher, "ms_lee")
    asked = accommodations.Requested(time_multiplier=1.5, extra_attempts=1)
    accommodations.set_accommodation(teacher, built.quiz_id, sam, asked, clock.now)
    accommodations.set_accommodation(teacher, built.quiz_id, None, asked, clock.now)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.target) for e in entries] == [
        ("ms_lee", "accommodation", "student sam"),
        ("ms_lee", "accommodation", "every student of Year 9 (2)"),
    ]
    assert entries[0].detail.startswith(f"{school.QUIZ}: time x1.5 +0 min, +1 attempts, closes ")
