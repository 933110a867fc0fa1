"""Random and hostile values in every form field and every URL parameter never give a 5xx.

Hypothesis picks a route of `app.url_map`, fills its URL parameters, query string and form with
values from a list of known troublemakers (NUL bytes, non-ASCII digits, huge numbers, markup,
redirect tricks, very long text) and random text, and posts them as an anonymous visitor or as a
logged-in student, usually with a valid CSRF token and answer token so that the request reaches the
view. It runs at least 1,000 requests on each database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.study.models import Review
from tests.conftest import Auth, Clock, csrf_token, hidden

pytestmark = pytest.mark.usefixtures("sample_banks")

EXAMPLES = 1200
TROUBLE = [
    "",
    " ",
    "\x00",
    "ada\x00",
    "\u00b2",
    "\u0663",
    "-1",
    "0",
    "1",
    "3",
    "2147483648",
    "9223372036854775808",
    "1e400",
    "nan",
    "true",
    "Roscosmos",
    "sample",
    "UTC",
    "Mars/Olympus",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "%0a",
    "//evil.example",
    "/\t/evil.example",
    "\r\nSet-Cookie: x=1",
    "\u202e\u0644\u0627",
    "x" * 600,
    "9" * 40,
]
FIELDS = [
    "username",
    "password",
    "confirm",
    "timezone",
    "token",
    "answer",
    "picks",
    "parts-0",
    "parts-1",
    "parts-2",
    "parts-\u00b2",
    "parts-99999999999999999999",
    "shown-0",
    "shown-\u00b9",
    "rating",
    "current",
    "new",
    "new_per_day",
    "next",
    "code",
    "email",
]
text = st.one_of(
    st.sampled_from(TROUBLE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=80),
)
values = st.one_of(text, st.lists(text, min_size=2, max_size=4))
forms = st.dictionaries(st.one_of(st.sampled_from(FIELDS), text), values, max_size=8)
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
# Real values for URL parameters, drawn half the time, so that requests reach the views' checks.
REAL = {
    "slug": ["sample"],
    "review_id": ["1", "2", "3"],
    "question_id": ["1", "2"],
    "username": ["ada", "nobody"],
    "account": ["student", "teacher", "nobody"],
    "class_id": ["1", "2"],
    "student_id": ["1", "2"],
    "code": ["ABCD2345", "abcd-2345"],
    "filename": ["style.css", "quizapp.js"],
    "qtype": ["choice", "cloze", "essay"],
    "fmt": ["toml", "gift", "csv", "apkg", "zip"],
    "number": ["1", "2"],
    "quiz_id": ["1", "2"],
    "attempt_id": ["1", "2"],
    "source_id": ["1", "2"],
    "homework_id": ["1", "2"],
    "game_id": ["1", "2"],
    "player_id": ["1", "2"],
    "picture": ["ab" * 32 + ".png", "0" * 64 + ".webp"],
    "position": ["1", "2", "99"],
    "token": ["not-a-real-token", "x" * 43],
    "provider": ["school", "google"],
}


@dataclass
class Visit:
    """What one fuzzed request looks like."""

    rule: str
    method: str
    arguments: dict[str, str]
    query: dict[str, str]
    form: dict[str, str | list[str]]
    student: bool
    real_csrf: bool
    real_token: bool


@dataclass
class Tally:
    requests: int = 0
    rules: set[str] = field(default_factory=set)
    statuses: dict[int, int] = field(default_factory=dict)


def _routes(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def _visits(app: Flask) -> st.SearchStrategy[Visit]:
    @st.composite
    def visit(draw: st.DrawFn) -> Visit:
        rule, method = draw(st.sampled_from(_routes(app)))
        names = ARGUMENT.findall(rule)
        return Visit(
            rule=rule,
            method=method,
            arguments={name: draw(st.one_of(st.sampled_from(REAL[name]), text)) for name in names},
            query=draw(st.dictionaries(st.sampled_from(["next", "page", "x"]), text, max_size=2)),
            form=draw(forms),
            student=draw(st.booleans()),
            real_csrf=draw(st.integers(0, 9)) > 0,
            real_token=draw(st.integers(0, 3)) > 0,
        )

    return visit()


def _url(visit: Visit) -> str:
    return ARGUMENT.sub(lambda m: quote(visit.arguments[m.group(1)], safe=""), visit.rule)


def _send(student: FlaskClient, anonymous: FlaskClient, visit: Visit, tally: Tally) -> int:
    client = student if visit.student else anonymous
    form = dict(visit.form)
    if visit.method == "POST":
        page = client.get("/study/sample/next" if visit.student else "/auth/login")
        tally.requests += 1
        html = page.get_data(as_text=True)
        if visit.real_csrf and 'name="csrf_token"' in html:
            form["csrf_token"] = csrf_token(html)
        if visit.real_token and 'name="token"' in html:
            form["token"] = hidden(html, "token")
    response = client.open(_url(visit), method=visit.method, query_string=visit.query, data=form)
    response.close()  # static files are streamed from disk
    tally.requests += 1
    tally.rules.add(visit.rule)
    tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
    return response.status_code


def test_hostile_requests_never_get_a_server_error(app: Flask) -> None:
    student, anonymous = app.test_client(), app.test_client()
    auth = Auth(student)
    auth.register("ada")
    tally = Tally()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same draws on every run: a failure comes back on rerun
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(_visits(app))
    def fuzz(visit: Visit) -> None:
        status = _send(student, anonymous, visit, tally)
        assert status < 500, (visit, status)
        logged_out = visit.student and visit.method == "POST"
        if logged_out and student.get("/settings/").status_code != 200:  # by a fuzzed log-out
            auth.login("ada")

    fuzz()
    # Random draws may miss a route or two of the ~80: each missed one gets a plain visit.
    for rule, method in _routes(app):
        if rule not in tally.rules:
            arguments = {name: REAL[name][0] for name in ARGUMENT.findall(rule)}
            visit = Visit(rule, method, arguments, {}, {}, True, True, True)
            assert _send(student, anonymous, visit, tally) < 500, visit
    assert tally.requests >= 1000
    assert tally.rules == {rule for rule, _ in _routes(app)}
    assert any(400 <= status < 500 for status in tally.statuses)  # hostile input was refused


OPTIONS = ["Roscosmos", "China National Space Administration", "NASA", "CNSA", "1", "2", "3"]
answer_values = st.one_of(st.sampled_from(OPTIONS), text)
answer_forms = st.fixed_dictionaries(
    {},
    optional={
        "answer": answer_values,
        "picks": st.lists(answer_values, max_size=5),
        "parts-0": answer_values,
        "parts-1": answer_values,
        "parts-2": answer_values,
        "parts-3": answer_values,
        "rating": answer_values,
    },
)


def test_a_hostile_answer_is_recorded_once_or_refused_next_to_its_field(
    app: Flask, clock: Clock, count_rows
) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    Auth(client).register("ada")
    outcomes: dict[int, int] = {}

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(answer_forms)
    def fuzz(form: dict[str, str | list[str]]) -> None:
        html = client.get("/study/sample/next").get_data(as_text=True)
        if 'name="token"' not in html:  # nothing due yet: come back when the reviews are
            clock.advance(days=30)
            html = client.get("/study/sample/next").get_data(as_text=True)
        real = {"csrf_token": csrf_token(html), "token": hidden(html, "token")}
        before = count_rows(Review)
        status = client.post("/study/sample/answer", data={**form, **real}).status_code
        assert status in {303, 422}, (form, status)
        assert count_rows(Review) == before + (status == 303)
        outcomes[status] = outcomes.get(status, 0) + 1

    fuzz()
    assert outcomes.get(303, 0) > 0 and outcomes.get(422, 0) > 0


# Integers at and past the edges of what a URL, Python, SQLite and PostgreSQL integers hold.
EDGES = [
    "0",
    "-1",
    "-2147483649",
    "2147483647",
    "2147483648",
    "99999999999",
    "9223372036854775807",
    "9223372036854775808",
    "1" + "0" * 30,
]
INTEGER_CONVERTERS = ("id", "num")


def _integer_rules(app: Flask) -> list[tuple[str, str, list[str]]]:
    """(rule, method, names of its integer arguments) for every route with one."""
    found = []
    for rule in app.url_map.iter_rules():
        names = [
            name
            for converter, name in re.findall(r"<([^:<>]+):([^<>]+)>", rule.rule)
            if converter in INTEGER_CONVERTERS
        ]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}) if names else ():
            found.append((rule.rule, method, names))
    return found


def test_out_of_range_integers_in_every_url_never_get_a_server_error(app: Flask) -> None:
    """Every integer argument of every route gets each edge value, the others a real id, from
    a student, a teacher and an admin (with CSRF off, so that posts reach their views)."""
    from tests.conftest import signed_in

    unbounded = [r.rule for r in app.url_map.iter_rules() if re.search(r"<(int|float)[:(]", r.rule)]
    assert unbounded == [], "use the bounded id and num converters"
    app.config["WTF_CSRF_ENABLED"] = False
    actors = [signed_in(app, name, name, "UTC") for name in ("student", "teacher", "admin")]
    rules = _integer_rules(app)
    assert {"quizzes.save", "editor.restore_version"} <= {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.rule in {r for r, _, _ in rules}
    }
    sent, errors = 0, []
    for rule, method, names in rules:
        for name in names:
            for edge in EDGES:
                values = {n: REAL[n][0] for n in ARGUMENT.findall(rule)} | {name: edge}
                url = ARGUMENT.sub(lambda m, v=values: quote(v[m.group(1)], safe=""), rule)  # type: ignore[misc]
                for client in actors:
                    status = client.open(url, method=method).status_code
                    sent += 1
                    if status >= 500:
                        errors.append(f"{method} {url}: {status}")
    assert errors == []
    assert sent == 3 * len(EDGES) * sum(len(names) for _, _, names in rules)
