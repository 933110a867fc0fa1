"""The admin's audit log page: every staff member's entries, newest first, filtered, paged and as
CSV, for admins only, in a fixed number of statements; nothing on it changes an entry."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.audit.models import AuditEntry
from quizapp.audit.services import COMMAND_LINE
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.web.access import POLICY, Audience
from tests.conftest import signed_in
from tests.statements import counting

START = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
SCORE = "Quiz, attempt 1: 0.0% → 80.0%"


def _regrades(count: int) -> list[tuple[str, str, str, str, datetime]]:
    return [
        ("ms_lee", "regrade", f"question q{i}", "", START + timedelta(minutes=i))
        for i in range(count)
    ]


def _add(app: Flask, *entries: tuple[str, str, str, str, datetime]) -> None:
    with app.app_context(), tx.write() as session:
        for actor, action, target, detail, at in entries:
            session.add(
                AuditEntry(
                    at=at,
                    actor_id=None,
                    actor=actor,
                    action=action,
                    target=target,
                    detail=detail,
                    address="198.51.100.8" if actor != COMMAND_LINE else COMMAND_LINE,
                )
            )


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    """An admin in New York (UTC-4 or -5) and a few entries by several people."""
    client = signed_in(app, "root", "admin", "America/New_York")
    late = datetime(2026, 3, 11, 3, 0, tzinfo=UTC)  # still the 10th in New York
    _add(
        app,
        ("root", "role changed", "user kim", "student → teacher", START),
        ("ms_lee", "manual score", "student sam", SCORE, START + timedelta(hours=1)),
        (
            COMMAND_LINE,
            "role changed",
            "user ms_lee",
            "student → teacher",
            START - timedelta(days=2),
        ),
        ("mr_ng", "bank editor allowed", "teacher ms_lee", "may edit sample", late),
    )
    return client


def _shown(client: FlaskClient, query: str = "") -> tuple[str, list[str]]:
    response = client.get(f"/admin/audit/{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    whos = re.findall(r'<td data-label="Who">([^<]*)</td>', html)
    return html, whos


def test_only_admins_see_the_log_and_no_route_changes_an_entry(app: Flask) -> None:
    assert POLICY["audit.log"] is POLICY["audit.log_csv"] is Audience.ADMIN
    teacher = signed_in(app, "ms_lee", "teacher")
    student = signed_in(app, "sam", "student")
    for url in ("/admin/audit/", "/admin/audit/log.csv"):
        assert teacher.get(url).status_code == 403
        assert student.get(url).status_code == 403
        assert "/auth/login" in (app.test_client().get(url).location or "")
    methods = {
        method
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("audit.")
        for method in rule.methods or ()
    }
    assert methods == {"GET", "HEAD", "OPTIONS"}


def test_everyones_entries_newest_first_in_the_admins_time_zone(admin: FlaskClient) -> None:
    html, whos = _shown(admin)
    assert whos == ["mr_ng", "ms_lee", "root", COMMAND_LINE]
    assert "4 entries." in html and "aria-invalid" not in html
    # 13:00 UTC on 9 March is 09:00 in New York (daylight saving time began on the 8th)
    assert '<time datetime="2026-03-09T13:00:00+00:00">Mon 9 Mar 2026 09:00</time>' in html
    assert '<td data-label="What">Manual score</td>' in html
    assert SCORE in html and "198.51.100.8" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?action=role+changed", ["root", COMMAND_LINE]),
        ("?actor=MS_", ["ms_lee"]),
        ("?target=ms_lee", ["mr_ng", COMMAND_LINE]),
        ("?action=role+changed&target=kim", ["root"]),
        # days in New York: the 11th 03:00 UTC belongs to the 10th, the 7th to the 7th
        ("?since=2026-03-10", ["mr_ng"]),
        ("?until=2026-03-09", ["ms_lee", "root", COMMAND_LINE]),
        ("?since=2026-03-08&until=2026-03-09", ["ms_lee", "root"]),
        ("?actor=%25", []),
    ],
)
def test_filters_narrow_the_list(admin: FlaskClient, query: str, expected: list[str]) -> None:
    html, whos = _shown(admin, query)
    assert whos == expected
    if expected:
        assert "Show everything" in html


def test_a_filter_that_is_not_right_is_shown_next_to_its_field_and_ignored(
    admin: FlaskClient,
) -> None:
    html, whos = _shown(admin, "?since=2026-03-10&until=2026-03-01")
    assert 'id="until-error"' in html and "The end is before the start." in html
    assert whos == ["mr_ng"]
    html, whos = _shown(admin, "?action=deleted+everything&since=0001-01-01")
    assert "Not a valid choice" in html and "between the years 2000 and 2999" in html
    assert len(whos) == 4


def test_pages_of_fifty_keep_the_filters(app: Flask, admin: FlaskClient) -> None:
    _add(app, *_regrades(60))
    html, whos = _shown(admin, "?actor=lee")
    assert len(whos) == 50 and "61 entries matching, page 1 of 2." in html
    assert 'href="/admin/audit/?actor=lee&amp;page=2"' in html
    html, whos = _shown(admin, "?actor=lee&page=2")
    assert len(whos) == 11 and whos[-1] == "ms_lee" and "q0" in html


def test_the_csv_holds_the_filtered_entries_and_runs_no_formula(
    app: Flask, admin: FlaskClient
) -> None:
    _add(app, ("root", "role changed", "=HYPERLINK(1)", "", START + timedelta(days=5)))
    response = admin.get("/admin/audit/log.csv?action=role+changed")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["when (UTC)", "who", "what", "to whom", "detail", "address"]
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        ("2026-03-14T12:00:00+00:00", "root", "'=HYPERLINK(1)"),
        ("2026-03-09T12:00:00+00:00", "root", "user kim"),
        ("2026-03-07T12:00:00+00:00", COMMAND_LINE, "user ms_lee"),
    ]
    page = admin.get("/admin/audit/?action=role+changed").get_data(as_text=True)
    assert 'href="/admin/audit/log.csv?action=role+changed"' in page


def test_the_page_is_reached_from_the_users_page(admin: FlaskClient) -> None:
    assert 'href="/admin/audit/"' in admin.get("/admin/users").get_data(as_text=True)


def test_the_page_sends_the_same_statements_for_4_or_64_entries(
    app: Flask, admin: FlaskClient
) -> None:
    with app.app_context():
        engine = db.engine
    with counting(engine) as few:
        admin.get("/admin/audit/?target=e")
    _add(app, *_regrades(60))
    with counting(engine) as many:
        html = admin.get("/admin/audit/?target=e").get_data(as_text=True)
    assert len(few) == len(many) <= 3, many.sent  # the admin, the count, the page
    assert "64 entries matching" in html
