"""Studying through the pages: the forms, the feedback, the settings."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.study.models import Card, Review
from tests.conftest import Auth, Clock, csrf_token, hidden, submit_form
from tests.study.sample_answers import answer, form_of, reach

pytestmark = pytest.mark.usefixtures("sample_banks")


@pytest.fixture
def student(auth: Auth) -> Auth:
    auth.register("ada")
    return auth


def _question(client: FlaskClient) -> tuple[str, dict[str, str]]:
    html = client.get("/study/sample/next").get_data(as_text=True)
    return html, {"csrf_token": csrf_token(html), "token": hidden(html, "token")}


def _stat(html: str, name: str) -> str:
    found = re.search(rf'data-stat="{name}">([^<]*)', html)
    assert found
    return found.group(1).strip()


def test_answer_then_feedback_shows_verdict_answer_source_and_next_time(
    student: Auth, client: FlaskClient
) -> None:
    html, form = _question(client)
    assert "Which agency signed for Russia?" in html
    response = client.post("/study/sample/answer", data={**form, "answer": "NASA"})
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "✗ Not quite" in page
    assert 'data-answer="correct">Roscosmos<' in page
    assert "Roscosmos is the Russian space agency." in page
    assert "NBC News" in page and "paragraph 5" in page
    assert "comes back <strong>today 09:01</strong>" in page
    assert _stat(page, "streak") == "0" and _stat(page, "accuracy") == "0%"


def test_resubmitting_the_same_form_records_one_review(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    _, form = _question(client)
    first = client.post("/study/sample/answer", data={**form, "answer": "Roscosmos"})
    second = client.post("/study/sample/answer", data={**form, "answer": "NASA"})
    assert first.location == second.location
    assert count_rows(Review) == 1 and count_rows(Card) == 1


def test_empty_answer_shows_an_error_next_to_the_field_and_records_nothing(
    student: Auth, client: FlaskClient, count_rows
) -> None:
    _, form = _question(client)
    response = client.post("/study/sample/answer", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose an answer." in html and "Which agency signed for Russia?" in html
    assert hidden(html, "token") == form["token"]  # the same showing, answered once
    assert count_rows(Review) == 0


def test_a_forged_token_is_refused(student: Auth, client: FlaskClient) -> None:
    _, form = _question(client)
    response = client.post("/study/sample/answer", data={**form, "token": "x" + form["token"]})
    assert response.status_code == 400


def test_someone_elses_answer_is_not_shown(student: Auth, client: FlaskClient, app) -> None:  # type: ignore[no-untyped-def]
    _, form = _question(client)
    location = client.post("/study/sample/answer", data={**form, "answer": "NASA"}).location
    other = app.test_client()
    Auth(other).register("eve")
    assert other.get(location).status_code == 404


def test_nothing_due_page_says_when_and_offers_more(
    student: Auth, client: FlaskClient, clock: Clock
) -> None:
    submit_form(
        client, "/settings/", "/settings/", {"timezone": "Europe/Moscow", "new_per_day": "1"}
    )
    for _ in range(2):  # right twice: the second time learnt ahead of its 10-minute step
        _, form = _question(client)
        client.post("/study/sample/answer", data={**form, "answer": "Roscosmos"})
    html = client.get("/study/sample/next").get_data(as_text=True)
    assert "All done for now" in html
    assert "The next question is due <strong>" in html
    assert "8 new questions wait" in html
    assert "2 answers, 2 right" in html
    client.post("/study/sample/more-new", data={"csrf_token": csrf_token(html)})
    assert "All done for now" not in client.get("/study/sample/next").get_data(as_text=True)


def test_settings_form_errors_next_to_field(student: Auth, client: FlaskClient) -> None:
    data = {"timezone": "Mars/Olympus", "new_per_day": "-3"}
    response = submit_form(client, "/settings/", "/settings/", data)
    html = response.get_data(as_text=True)
    assert 'id="timezone-error"' in html and "Not a valid choice" in html
    assert 'id="new_per_day-error"' in html and "between 0 and 500" in html


def test_bank_list_shows_counts(student: Auth, client: FlaskClient) -> None:
    html = client.get("/banks/").get_data(as_text=True)
    assert "Sample bank" in html
    assert 'data-count="new">9<' in html and 'data-count="due">0<' in html


def test_unknown_bank_is_a_404(student: Auth, client: FlaskClient) -> None:
    response = client.get("/study/nope/")
    assert response.status_code == 404 and "There is no bank called" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        ({"answer": "Roscosmos"}, "✓ Right"),
    ],
)
def test_score_panel_changes_after_an_answer(
    student: Auth, client: FlaskClient, fields: dict[str, str], verdict: str
) -> None:
    before = client.get("/study/sample/").get_data(as_text=True)
    assert _stat(before, "seen") == "0" and _stat(before, "accuracy") == "\u2013"
    _, form = _question(client)
    page = client.get(client.post("/study/sample/answer", data={**form, **fields}).location)
    html = page.get_data(as_text=True)
    assert verdict in html
    assert _stat(html, "seen") == "1" and _stat(html, "accuracy") == "100%"
    assert _stat(html, "streak") == "1" and _stat(html, "today") == "1"


def test_a_form_error_keeps_the_order_and_the_positions_already_chosen(
    student: Auth, client: FlaskClient, clock: Clock
) -> None:
    for typed in ("Roscosmos", "true", "Rogozin"):
        _, form = _question(client)
        client.post("/study/sample/answer", data={**form, "answer": typed})
    _, form = _question(client)
    client.post("/study/sample/answer", data={**form, "rating": "3"})
    _, form = _question(client)
    client.post("/study/sample/answer", data={**form, "picks": ["Roscosmos"]})
    _, form = _question(client)
    client.post("/study/sample/answer", data={**form, "answer": "2011"})
    _, form = _question(client)
    swapped = {"parts-0": "China National Space Administration", "parts-1": "Roscosmos"}
    client.post("/study/sample/answer", data={**form, **swapped})
    html, form = _question(client)
    items = re.findall(r'<label for="parts-\d+">([^<]*)</label>', html)
    assert len(items) == 3
    response = client.post(
        "/study/sample/answer", data={**form, "parts-0": "2", "parts-1": "2", "parts-2": "1"}
    )
    again = response.get_data(as_text=True)
    assert response.status_code == 422 and "Number the events 1 to 3" in again
    assert re.findall(r'<label for="parts-\d+">([^<]*)</label>', again) == items
    assert '<option value="2" selected>' in again


def test_matching_refuses_the_same_target_twice(
    student: Auth, client: FlaskClient, count_rows
) -> None:  # type: ignore[no-untyped-def]
    html = reach(client, "matching")
    response = answer(client, html, **{"parts-0": "Roscosmos", "parts-1": "Roscosmos"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use each match once: Roscosmos is chosen more than once." in page
    before = count_rows(Review)
    assert answer(client, html).status_code == 303
    assert count_rows(Review) == before + 1


@pytest.mark.parametrize("qtype", ["choice", "short", "multi", "cloze"])
def test_i_dont_know_records_a_miss_without_an_answer(
    student: Auth, client: FlaskClient, qtype: str, app
) -> None:  # type: ignore[no-untyped-def]
    html = reach(client, qtype)
    response = client.post("/study/sample/answer", data={**form_of(html), "dont_know": "1"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "✗ Not quite" in page
    assert 'data-answer="yours">I don&#39;t know<' in page
    with app.app_context():
        review = db.session.scalar(select(Review).order_by(Review.id.desc()).limit(1))
        assert review is not None and (review.rating, review.score) == (1, 0.0)


def test_feedback_marks_each_part(student: Auth, client: FlaskClient) -> None:
    html = reach(client, "cloze")
    response = answer(client, html, **{"parts-0": "Zhang Kejian", "parts-1": "NASA"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    marks = re.findall(r"<td>(✓ right|✗ wrong)</td>", page)
    assert marks == ["✓ right", "✗ wrong"]
    assert "◐ Partly right" in page


def test_i_was_right_regrades_a_wrong_typed_answer_everywhere(
    student: Auth, client: FlaskClient
) -> None:
    html = reach(client, "short")
    feedback_url = answer(client, html, answer="the head of the agency").headers["Location"]
    page = client.get(feedback_url).get_data(as_text=True)
    assert "✗ Not quite" in page and ">I was right</button>" in page
    claim = re.search(r'action="([^"]+/right)"', page)
    assert claim is not None
    response = client.post(claim.group(1), data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303 and response.headers["Location"] == feedback_url
    page = client.get(feedback_url).get_data(as_text=True)
    assert "(you said you were right)" in page and ">I was right</button>" not in page
    history_link = re.search(r'href="(/progress/questions/\d+)"', page)
    assert history_link is not None
    history = client.get(history_link.group(1)).get_data(as_text=True)
    assert "(your override)" in history


def test_plain_words_for_a_bank_not_yet_studied(student: Auth, client: FlaskClient) -> None:
    page = client.get("/study/sample/").get_data(as_text=True)
    assert "over 0 answers" not in page
    assert "You have not answered any question in this bank yet." in page
    assert "Right in a row" in page and "Answers today" in page
    banks = client.get("/banks/").get_data(as_text=True)
    assert "New today: 20 of 20 left" in banks


def test_a_revisited_feedback_page_says_the_question_is_due_again(
    student: Auth, client: FlaskClient, clock: Clock
) -> None:
    html, _ = _question(client)
    location = answer(client, html).headers["Location"]
    clock.advance(hours=1)
    page = client.get(location).get_data(as_text=True)
    assert "This question is due again now." in page and "(in now)" not in page


def test_every_page_names_a_favicon_that_exists(student: Auth, client: FlaskClient) -> None:
    page = client.get("/banks/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon is not None
    response = client.get(icon.group(1))
    assert response.status_code == 200 and b"<svg" in response.data
    response.close()


SAMPLE_ORDER = [
    "The U.S. bars NASA from working with China",
    "Russia and China sign a space cooperation programme",
    "The lunar station memorandum is signed",
]


def test_ordering_feedback_shows_the_right_order_once_beside_the_students(
    student: Auth, client: FlaskClient
) -> None:
    html = reach(client, "ordering")
    shown = re.findall(r'<label for="parts-\d+">([^<]*)</label>', html)
    # The first two events swapped, the last in its place.
    swapped = {SAMPLE_ORDER[0]: "2", SAMPLE_ORDER[1]: "1", SAMPLE_ORDER[2]: "3"}
    picks = {f"parts-{i}": swapped[item] for i, item in enumerate(shown)}
    response = answer(client, html, **picks)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "◐ Partly right" in page
    assert " → ".join(SAMPLE_ORDER) not in page  # not written out again under the comparison
    marked = re.findall(
        r'<li class="part-(right|wrong)"><span class="mark">(.)</span> '
        r'<span data-part="yours">([^<]*)</span>(?: <span class="should">right here: '
        r'<span data-part="right">([^<]*)</span></span>)?</li>',
        page,
    )
    assert marked == [
        ("wrong", "✗", SAMPLE_ORDER[1], SAMPLE_ORDER[0]),
        ("wrong", "✗", SAMPLE_ORDER[0], SAMPLE_ORDER[1]),
        ("right", "✓", SAMPLE_ORDER[2], ""),
    ]
    # Each event once as the student's and at most once as the right one where it differs.
    assert [page.count(item) for item in SAMPLE_ORDER] == [2, 2, 1]
