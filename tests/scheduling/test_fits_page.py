"""The admin's scheduler page: the fits made, and a button that queues one for the CLI."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from quizapp.audit.models import AuditEntry
from quizapp.extensions import db
from quizapp.scheduling.models import FitRequest
from tests.conftest import Clock, csrf_token, signed_in
from tests.scheduling.history import seed

URL = "/scheduling/fits"


def test_only_admins_see_the_page_and_queue_a_fit(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    student = signed_in(app, "sam", "student")
    for client in (teacher, student):
        token = csrf_token(client.get("/").get_data(as_text=True))  # their own session's
        assert client.get(URL).status_code == 403
        assert client.post(URL, data={"csrf_token": token}).status_code == 403
    assert "/auth/login" in (app.test_client().get(URL).location or "")
    anonymous = app.test_client()
    token = csrf_token(anonymous.get("/auth/login").get_data(as_text=True))
    queued = anonymous.post(URL, data={"csrf_token": token})
    assert "/auth/login" in (queued.location or "")
    with app.app_context():
        assert db.session.scalars(select(FitRequest)).all() == []


def test_the_button_queues_a_fit_that_the_cli_runs_and_the_page_lists(
    app: Flask, runner: Any, clock: Clock
) -> None:
    app.config["SCHEDULING_OWN_ANSWERS"] = 10**6
    with app.app_context():
        seed(clock.now)
        db.session.remove()
    admin = signed_in(app, "root", "admin")
    html = admin.get(URL).get_data(as_text=True)
    assert "No fit has run yet." in html
    posted = admin.post(URL, data={"csrf_token": csrf_token(html)})
    assert posted.status_code == 303
    html = admin.get(URL).get_data(as_text=True)
    assert "A fit is queued" in html and "waits to run" in html
    again = admin.post(URL, data={"csrf_token": csrf_token(html)}, follow_redirects=True)
    assert "A fit is already waiting to run." in again.get_data(as_text=True)
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry)).all()
        assert (entry.actor, entry.action) == ("root", "scheduler fit queued")
    assert "2 fits tried" in runner.invoke(args=["scheduling", "work"]).output
    html = admin.get(URL).get_data(as_text=True)
    assert "waits to run" not in html
    assert "Class: Year 9" in html and "School: the school" in html
    assert html.count("In use") == 2
    assert "by their class&#39;s: 3" in html or "by their class's: 3" in html


def test_a_form_without_its_token_queues_nothing(app: Flask) -> None:
    admin = signed_in(app, "root", "admin")
    assert admin.post(URL, data={}).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(FitRequest)).all() == []
