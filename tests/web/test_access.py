"""Every route against the declared policy table, for every kind of visitor.

A route missing from `quizapp.web.access.POLICY` fails here; each visitor gets what the table
says: the page (or its own redirect or 404), a redirect to log in, or 403.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.accounts import services as accounts
from quizapp.web.access import POLICY, Audience
from tests.conftest import Auth
from tests.web.test_headers import EXAMPLE_ARGS

pytestmark = pytest.mark.usefixtures("sample_banks")

PASSWORD = "correct horse battery"
ROLES = ("anonymous", "student", "teacher", "admin")
ALLOWED = {
    Audience.ANYONE: set(ROLES),
    Audience.SIGNED_IN: {"student", "teacher", "admin"},
    Audience.TEACHER: {"teacher", "admin"},
    Audience.ADMIN: {"admin"},
}


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every route, with example values in its URL."""
    found = []
    for rule in app.url_map.iter_rules():
        url = app.url_map.bind("localhost").build(
            rule.endpoint, {n: EXAMPLE_ARGS[n] for n in rule.arguments}
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return found


def test_every_route_is_in_the_policy_table(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - POLICY.keys() == set(), "routes without a declared audience"
    assert POLICY.keys() - endpoints == set(), "policy entries for routes that do not exist"


def _client_for(app: Flask, role: str) -> FlaskClient:
    client = app.test_client()
    if role != "anonymous":
        with app.app_context():
            accounts.register(role, PASSWORD, "UTC", role=role)
        assert Auth(client).login(role, PASSWORD).status_code == 302
    return client


def test_each_visitor_gets_what_the_table_says(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # reach the access check with any method
    clients = {role: _client_for(app, role) for role in ROLES}
    wrong = []
    for endpoint, method, url in _routes(app):
        if endpoint == "auth.logout":
            continue  # would sign the visitor out for the rest of the walk; checked below
        audience = POLICY[endpoint]
        for role, client in clients.items():
            response = client.open(url, method=method)
            response.close()  # static files are streamed from disk
            login = response.status_code == 302 and "/auth/login" in response.location
            if role in ALLOWED[audience]:
                # a public page may send a visitor to log in itself (the home page does)
                ok = response.status_code != 403 and (audience is Audience.ANYONE or not login)
            elif role == "anonymous":
                ok = login
            else:
                ok = response.status_code == 403
            if not ok:
                wrong.append(f"{role} {method} {url}: {response.status_code}")
    assert wrong == []


def test_logging_out_needs_a_session(client: FlaskClient, app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/auth/logout")
    assert response.status_code == 302 and "/auth/login" in response.location


CLASS_PAGES = [
    "/classes/{c}/",
    "/classes/{c}/roster.csv",
    "/classes/{c}/questions/",
    "/classes/{c}/questions/1",
    "/classes/{c}/students/{s}/",
    "/classes/{c}/students/{s}/banks/sample/",
    "/classes/{c}/students/{s}/questions/1",
]
CLASS_ACTIONS = ["/classes/{c}/code", "/classes/{c}/joining", "/classes/{c}/banks"]
# What each relation to the class gets from its teacher's pages: the class's own teachers see
# them; another teacher, even an admin who does not teach it, gets 404 (ids are not confirmed);
# students are refused the teachers' pages whatever their class; visitors are sent to log in.
EXPECTED = {
    "owner": 200,
    "co-teacher": 200,
    "other teacher": 404,
    "admin": 404,
    "student of the class": 403,
    "student of another class": 403,
    "anonymous": 302,
}


def test_class_pages_for_each_relation_to_the_class(app: Flask) -> None:
    from datetime import UTC, datetime

    from quizapp.classes import services as classes

    now = datetime.now(UTC)
    people = {}
    with app.app_context():
        for name, role in (
            ("owner", "teacher"),
            ("co-teacher", "teacher"),
            ("other teacher", "teacher"),
            ("admin", "admin"),
            ("student of the class", "student"),
            ("student of another class", "student"),
        ):
            username = name.replace(" ", "_").replace("-", "_")
            people[name] = (username, accounts.register(username, PASSWORD, "UTC", role=role).id)
        mine = classes.create_class(people["owner"][1], "Mine", "", now)
        theirs = classes.create_class(people["other teacher"][1], "Theirs", "", now)
        classes.add_co_teacher(people["owner"][1], mine, "co_teacher")
        classes.join(
            people["student of the class"][1],
            classes.class_detail(people["owner"][1], mine).join_code,
            now,
        )
        code = classes.class_detail(people["other teacher"][1], theirs).join_code
        classes.join(people["student of another class"][1], code, now)
    student = people["student of the class"][1]
    wrong = []
    for relation, status in EXPECTED.items():
        client = app.test_client()
        if relation != "anonymous":
            assert Auth(client).login(people[relation][0], PASSWORD).status_code == 302
        for pattern in CLASS_PAGES:
            response = client.get(pattern.format(c=mine, s=student))
            response.close()
            if response.status_code != status:
                wrong.append(f"{relation} GET {pattern}: {response.status_code}")
    assert wrong == []


def test_class_actions_by_outsiders_change_nothing(app: Flask) -> None:
    from datetime import UTC, datetime

    from quizapp.classes import services as classes

    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        owner = accounts.register("owner", PASSWORD, "UTC", role="teacher").id
        accounts.register("other", PASSWORD, "UTC", role="teacher")
        accounts.register("pupil", PASSWORD, "UTC", role="student")
        class_id = classes.create_class(owner, "Mine", "", datetime.now(UTC))
        before = classes.class_detail(owner, class_id)
    for username, status in (("other", 404), ("pupil", 403)):
        client = app.test_client()
        Auth(client).login(username, PASSWORD)
        for pattern in CLASS_ACTIONS:
            response = client.post(pattern.format(c=class_id), data={"open": "0", "banks": []})
            assert response.status_code == status, (username, pattern)
    with app.app_context():
        assert classes.class_detail(owner, class_id) == before
