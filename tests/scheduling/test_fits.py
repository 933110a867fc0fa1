"""`flask scheduling fit`: fits of the school, its classes and its students, recorded with their
judgement, and the one in force for each student."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from fsrs.scheduler import DEFAULT_PARAMETERS
from sqlalchemy import select

from quizapp.core import fitting
from quizapp.extensions import db
from quizapp.scheduling import services
from quizapp.scheduling.models import SchedulerFit, StudentSchedule
from tests.conftest import Clock
from tests.scheduling.history import seed


def _fit(app: Flask, runner: Any) -> Result:
    result: Result = runner.invoke(args=["scheduling", "fit"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.remove()
    return result


def _fits() -> list[SchedulerFit]:
    db.session.expire_all()
    return list(db.session.scalars(select(SchedulerFit).order_by(SchedulerFit.id)))


def _schedules() -> dict[int, StudentSchedule]:
    db.session.expire_all()
    return {s.user_id: s for s in db.session.scalars(select(StudentSchedule))}


def test_the_cli_fits_the_school_the_class_and_students_with_enough_answers(
    app: Flask, ctx: None, runner: Any, clock: Clock
) -> None:
    app.config["SCHEDULING_OWN_ANSWERS"] = 10**6  # nobody has enough for a fit of their own
    class_id, students, _ = seed(clock.now)
    result = _fit(app, runner)
    assert "2 fits tried, 2 passed their checks; 3 students scheduled" in result.output
    school, klass = _fits()
    assert (school.scope, klass.scope, klass.classroom_id) == ("school", "class", class_id)
    assert klass.status == "in use" and klass.reason is None
    assert klass.parameters != pytest.approx(list(DEFAULT_PARAMETERS), abs=1e-3)
    assert klass.log_loss is not None and klass.default_log_loss is not None
    assert klass.log_loss < klass.default_log_loss
    assert klass.rmse is not None and klass.held_out > 50 and klass.answers > klass.held_out
    schedules = _schedules()
    assert sorted(schedules) == sorted(students)
    assert {(s.scope, s.fit_id, s.since) for s in schedules.values()} == {
        ("class", klass.id, clock.now)
    }


def test_a_student_with_enough_answers_gets_their_own_fit(
    app: Flask, ctx: None, runner: Any, clock: Clock
) -> None:
    app.config["SCHEDULING_OWN_ANSWERS"] = 1
    _, students, _ = seed(clock.now)
    _fit(app, runner)
    own = {f.user_id: f for f in _fits() if f.scope == "student"}
    assert sorted(own) == sorted(students)
    schedules = _schedules()
    for student, fit in own.items():
        expected = ("student", fit.id) if fit.status == "in use" else ("class", None)
        assert (schedules[student].scope, fit.id if fit.status == "in use" else None) == expected
    assert any(f.status == "in use" for f in own.values())


def test_a_failed_fit_leaves_the_last_good_one_in_force(
    app: Flask, ctx: None, runner: Any, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["SCHEDULING_OWN_ANSWERS"] = 10**6
    _, students, _ = seed(clock.now)
    _fit(app, runner)
    before = {s.user_id: (s.fit_id, s.parameters, s.since) for s in _schedules().values()}
    broken = [float("nan")] * len(DEFAULT_PARAMETERS)
    monkeypatch.setattr(fitting.rs.FSRS, "compute_parameters", lambda *a, **k: broken)
    clock.advance(days=1)
    result = _fit(app, runner)
    assert "2 fits tried, 0 passed" in result.output
    assert [(f.status, f.reason) for f in _fits()[2:]] == [
        ("refused", "parameter 0 is not a number")
    ] * 2
    after = {s.user_id: (s.fit_id, s.parameters, s.since) for s in _schedules().values()}
    assert after == before and len(after) == len(students)


def test_with_no_answers_nobody_is_tuned(app: Flask, ctx: None, runner: Any) -> None:
    result = _fit(app, runner)
    assert "0 fits tried" in result.output
    assert _schedules() == {}


def test_work_runs_only_a_queued_fit(app: Flask, ctx: None, runner: Any, clock: Clock) -> None:
    app.config["SCHEDULING_OWN_ANSWERS"] = 10**6
    seed(clock.now)
    assert "No fit was asked for." in runner.invoke(args=["scheduling", "work"]).output
    assert _fits() == []
    assert services.queue_fit(services.Actor(None, "admin"), clock.now)  # type: ignore[arg-type]
    assert not services.queue_fit(services.Actor(None, "admin"), clock.now)  # type: ignore[arg-type]
    result = runner.invoke(args=["scheduling", "work"])
    assert "2 fits tried" in result.output, result.output
    assert len(_fits()) == 2
    assert "No fit was asked for." in runner.invoke(args=["scheduling", "work"]).output
