"""Every route against the declared policy table, for every kind of visitor.

A route missing from `quizapp.views.access.POLICY` fails here; each visitor gets what the table
says: the page (or its own redirect or 404), a redirect to log in, or 403.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.services import accounts
from quizapp.views.access import POLICY, Audience
from tests.conftest import Auth
from tests.views.test_headers import EXAMPLE_ARGS

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
