"""The class's questions page through the browser's eyes: search, tag filter and pages, each a
plain GET link or form, at the same cost in statements whatever is asked."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quizapp.accounts.models import User
from quizapp.banks.importing import import_files
from quizapp.classes import services as classes
from quizapp.extensions import db
from tests.conftest import REPO, Clock, signed_in
from tests.statements import counting

pytestmark = pytest.mark.usefixtures("sample_banks")


def _class_on_every_bank(app: Flask, clock: Clock) -> tuple[FlaskClient, str]:
    """ms_lee's class on the sample bank and the three bundled ones: 100 questions."""
    teacher = signed_in(app, "ms_lee", "teacher")
    with app.app_context():
        import_files(sorted((REPO / "question_banks").glob("*.toml")), clock.now)
        owner = db.session.scalars(sa.select(User.id).where(User.username == "ms_lee")).one()
        class_id = classes.create_class(owner, "Year 9", "", clock.now)
        classes.set_banks(owner, class_id, ["sample", "agreement", "reactions", "space-powers"])
        db.session.remove()
    return teacher, f"/classes/{class_id}/questions/"


def _prompts(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page)


def test_a_hundred_questions_come_25_to_a_page_with_links_either_way(
    app: Flask, clock: Clock
) -> None:
    teacher, url = _class_on_every_bank(app, clock)
    first = teacher.get(url).get_data(as_text=True)
    assert len(_prompts(first)) == 25 and "page 1 of 4" in first
    assert re.search(r'<span class="muted">\W+Previous</span>', first)  # not a link
    assert f'href="{url}?page=2" rel="next"' in first
    second = teacher.get(url + "?page=2").get_data(as_text=True)
    assert "Page 2 of 4" in second and not set(_prompts(second)) & set(_prompts(first))
    assert f'href="{url}" rel="prev"' in second and f'href="{url}?page=3" rel="next"' in second
    past_the_end = teacher.get(url + "?page=99").get_data(as_text=True)
    assert "Page 4 of 4" in past_the_end and len(_prompts(past_the_end)) == 25
    assert re.search(r'<span class="muted">Next\W+</span>', past_the_end)
    assert teacher.get(url + "?page=-1").get_data(as_text=True).count("Page 1 of 4") == 1


def test_search_tag_and_sort_carry_over_to_the_next_page(app: Flask, clock: Clock) -> None:
    teacher, url = _class_on_every_bank(app, clock)
    page = teacher.get(url + "?q=AGENCY&tag=signing").get_data(as_text=True)
    found = _prompts(page)
    assert found[0] == "Which agency signed for Russia?" and len(found) >= 2
    assert all("agency" in prompt.lower() for prompt in found)
    assert "Which two agencies signed the memorandum?" not in found  # "agencies": no match
    assert 'value="AGENCY"' in page and '<option value="signing" selected>' in page
    sorted_page = teacher.get(url + "?sort=forget&tag=easy").get_data(as_text=True)
    assert '<strong aria-current="true">the class will forget soonest</strong>' in sorted_page
    hostile = teacher.get(url + "?q=<script>x</script>").get_data(as_text=True)
    assert "<script>x" not in hostile and "No question matches." in hostile


def test_the_questions_page_costs_the_same_however_it_is_searched_or_paged(
    app: Flask, clock: Clock
) -> None:
    teacher, url = _class_on_every_bank(app, clock)
    with app.app_context():
        engine = db.engine
    counts = []
    for asked in ("", "?page=3", "?q=agency&tag=easy&sort=forget", "?page=99&sort=struggling"):
        with counting(engine) as seen:
            assert teacher.get(url + asked).status_code == 200
        counts.append(len(seen))
    assert len(set(counts)) == 1, counts
