"""What an attacker (or a confused browser) sends gets a safe, clear answer and records nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from quizapp.banks.models import Question
from quizapp.extensions import db
from quizapp.study.models import Card, Review
from tests.conftest import Auth, Clock, csrf_token, submit_form
from tests.study.sample_answers import answer, form_of, question_type, reach

pytestmark = pytest.mark.usefixtures("sample_banks")

# `next` values that must never lead off this site (and must not break the log-in).
REDIRECT_PAYLOADS = [
    "//evil.example",
    "///evil.example",
    "////evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example/phish",
    "/\n/x",
    "/\r\nLocation: https://evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\u3000/evil.example",
    "/\u2028/evil.example",
    "https:evil.example",
    "https://evil.example/",
    "HTTPS://evil.example",
    "http:/evil.example",
    "ftp://evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "/nowhere-in-quizapp",
    "",
]
# The same attacks as a browser's address bar sends them, already percent-encoded.
RAW_QUERIES = ["next=/%09/evil.example/phish", "next=/%0a/x", "next=/%5cx", "next=/%5c/evil"]


@pytest.fixture
def student(auth: Auth) -> Auth:
    auth.register("ada")
    return auth


def _log_in_with(client: FlaskClient, query: str | dict[str, str]) -> str:
    html = client.get("/auth/login").get_data(as_text=True)
    data = {"username": "ada", "password": "correct horse battery", "csrf_token": csrf_token(html)}
    response = client.post("/auth/login", query_string=query, data=data)
    assert response.status_code == 302, (query, response.status_code)
    return response.location


def _is_local(location: str) -> bool:
    parts = urlsplit(location)
    unsafe = any(ord(ch) < 32 or ch == "\\" for ch in location)
    return (
        location.startswith("/")
        and not location.startswith("//")
        and not unsafe
        and (not parts.scheme and not parts.netloc)
    )


def test_log_in_never_redirects_off_the_site(student: Auth, client: FlaskClient) -> None:
    student.logout()
    bad = {}
    for payload in REDIRECT_PAYLOADS:
        location = _log_in_with(client, {"next": payload})
        if location != "/":
            bad[payload] = location
        student.logout()
    for query in RAW_QUERIES:
        location = _log_in_with(client, query)
        if location != "/":
            bad[query] = location
        student.logout()
    assert bad == {}
    assert len(REDIRECT_PAYLOADS) + len(RAW_QUERIES) >= 20


def test_log_in_still_returns_to_a_page_of_this_site(student: Auth, client: FlaskClient) -> None:
    student.logout()
    assert _log_in_with(client, {"next": "/settings/"}) == "/settings/"
    student.logout()
    location = _log_in_with(client, {"next": "/study/sample/?from=mail"})
    assert location == "/study/sample/?from=mail" and _is_local(location)


# --- what a student may send ------------------------------------------------------------------


def test_an_oversized_request_gets_a_friendly_413_and_records_nothing(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    html = reach(client, "multi")
    picks = ["Roscosmos", "x" * 100_000]
    response = client.post("/study/sample/answer", data={**form_of(html), "picks": picks})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "too large" in page and "<h1>" in page
    assert count_rows(Review) == 4  # the four questions before the multi one


def test_picks_must_be_among_the_options_shown(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    html = reach(client, "multi")
    response = client.post(
        "/study/sample/answer", data={**form_of(html), "picks": ["Roscosmos", "Mars One"]}
    )
    assert response.status_code == 422
    assert "Choose from the options shown." in response.get_data(as_text=True)
    assert count_rows(Review) == 4


def test_a_choice_must_be_one_of_the_options(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    html = reach(client, "choice")
    response = client.post("/study/sample/answer", data={**form_of(html), "answer": "<b>x</b>"})
    assert response.status_code == 422 and count_rows(Review) == 0


def test_a_match_must_be_one_of_the_targets(student: Auth, client: FlaskClient, count_rows) -> None:
    html = reach(client, "matching")
    response = client.post(
        "/study/sample/answer",
        data={**form_of(html), "parts-0": "Roscosmos", "parts-1": "y" * 400},
    )
    assert response.status_code == 422 and count_rows(Review) == 6


def test_an_ordering_records_only_the_items_of_the_question(
    app: Flask, student: Auth, client: FlaskClient
) -> None:
    html = reach(client, "ordering")
    forged = {f"shown-{i}": f"forged item {i}" for i in range(3)}
    response = answer(client, html, **forged)
    assert response.status_code in {303, 422}
    with app.app_context():
        last = db.session.scalar(select(Review).order_by(Review.id.desc()).limit(1))
        assert last is not None
        items = db.session.get_one(Question, last.question_id).spec["items"]
        assert sorted(last.response) == sorted(items)


def test_a_typed_answer_that_is_too_long_is_shown_next_to_the_field(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    html = reach(client, "short")
    response = client.post("/study/sample/answer", data={**form_of(html), "answer": "R" * 501})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="answer-error"' in page
    assert "at most 500 characters" in page and count_rows(Review) == 2


# --- one showing, one answer ------------------------------------------------------------------


def test_reloading_a_question_cannot_inflate_the_score(
    app: Flask, student: Auth, client: FlaskClient, count_rows
) -> None:
    pages = [client.get("/study/sample/next").get_data(as_text=True) for _ in range(6)]
    assert {question_type(page) for page in pages} == {"choice"}
    first = answer(client, pages[0], answer="NASA")  # wrong, then the right answer is shown
    later = [answer(client, page) for page in pages[1:]]
    assert {r.location for r in later} == {first.location}
    assert count_rows(Review) == 1
    with app.app_context():
        card = db.session.scalar(select(Card))
        assert card is not None and (card.reps, card.lapses) == (1, 0)
    page = client.get(later[-1].location).get_data(as_text=True)
    assert "already answered" in page and "✗ Not quite" in page


def test_a_double_submit_still_shows_the_same_feedback_without_a_notice(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    html = client.get("/study/sample/next").get_data(as_text=True)
    first, second = answer(client, html), answer(client, html)
    assert first.location == second.location and count_rows(Review) == 1
    assert "already answered" not in client.get(second.location).get_data(as_text=True)


def test_a_token_older_than_a_day_is_refused_clearly(
    student: Auth, client: FlaskClient, clock: Clock, count_rows
) -> None:
    html = client.get("/study/sample/next").get_data(as_text=True)
    clock.advance(days=1, seconds=1)
    response = answer(client, html)
    assert response.status_code == 400
    assert "more than a day ago" in response.get_data(as_text=True)
    assert count_rows(Review) == 0


def test_a_question_retired_after_it_was_shown_records_nothing(
    app: Flask, student: Auth, client: FlaskClient, clock: Clock, count_rows
) -> None:
    html = client.get("/study/sample/next").get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(Question).values(retired_at=clock.now))
        db.session.commit()
    response = answer(client, html)
    assert response.status_code == 410
    assert "no longer in use" in response.get_data(as_text=True)
    assert count_rows(Review) == 0


def test_an_answer_posted_under_another_bank_is_a_404(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    html = client.get("/study/sample/next").get_data(as_text=True)
    data = {**form_of(html), "answer": "Roscosmos"}
    assert client.post("/study/doesnotexist/answer", data=data).status_code == 404
    assert count_rows(Review) == 0


# --- inputs that used to give a 500 ---------------------------------------------------------


def test_non_ascii_digit_indexes_are_a_form_error(student: Auth, client: FlaskClient) -> None:
    html = reach(client, "matching")
    data = {**form_of(html), "parts-\u00b2": "Roscosmos", "parts-0": "Roscosmos"}
    assert client.post("/study/sample/answer", data=data).status_code == 422
    html = reach(client, "ordering")
    response = answer(client, html, **{"shown-\u00b9": "x", "parts-\u0663": "1"})
    assert response.status_code in {303, 422}


@pytest.mark.parametrize(
    "url",
    [
        "/study/sample/answers/9223372036854775808",
        "/study/sample/answers/2147483648",
        "/study/sample/answers/0",
        "/study/sample/answers/%D9%A3",  # an Arabic-Indic digit three
        "/study/sa%00mple/",
        "/study/sa%00mple/next",
        "/study/SAMPLE/",
        "/study/" + "a" * 300 + "/",
    ],
)
def test_out_of_range_ids_and_bad_slugs_are_404(
    student: Auth, client: FlaskClient, url: str
) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("username", ["ada\x00", "\x00", "a\x00' OR 1=1 --"])
def test_a_nul_byte_in_the_username_is_a_form_error(
    student: Auth, client: FlaskClient, username: str
) -> None:
    student.logout()
    data = {"username": username, "password": "correct horse battery"}
    response = submit_form(client, "/auth/login", "/auth/login", data)
    assert response.status_code == 200
    assert 'id="username-error"' in response.get_data(as_text=True)
