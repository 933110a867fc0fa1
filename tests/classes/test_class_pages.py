"""The class pages at a glance: the roster's stages and search, the class's questions searched,
filtered, sorted by what the class will forget soonest and paged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import State
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks.models import Question
from quizapp.classes import questions, roster, roster_table
from quizapp.classes import services as classes
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.study.models import Card
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "a long password"


def _card(student: int, question: int, state: State, stability: float | None, clock: Clock) -> None:
    last = clock.now - timedelta(days=2)
    db.session.add(
        Card(
            user_id=student,
            question_id=question,
            state=state.value,
            step=0 if state != State.Review else None,
            stability=stability,
            difficulty=5.0,
            due=clock.now + timedelta(days=1),
            last_review=last,
            first_seen_at=last,
            reps=1,
        )
    )


@pytest.fixture
def class_of_two(ctx: None, clock: Clock) -> tuple[int, int, list[int]]:
    """ms_lee's class with sam and kim on the sample bank; (teacher, class, question ids)."""
    teacher = accounts.register("ms_lee", PASSWORD, "UTC", role="teacher").id
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    classes.set_banks(teacher, class_id, ["sample"])
    code = classes.class_detail(teacher, class_id).join_code
    for name in ("sam", "kim"):
        classes.join(accounts.register(name, PASSWORD, "UTC").id, code, clock.now)
    ids = list(
        db.session.scalars(
            select(Question.id).where(Question.retired_at.is_(None)).order_by(Question.id)
        )
    )
    return teacher, class_id, ids


def test_each_question_is_in_one_stage_new_learning_young_or_mastered(
    class_of_two: tuple[int, int, list[int]], clock: Clock
) -> None:
    teacher, class_id, ids = class_of_two
    sam = db.session.scalars(select(User.id).where(User.username == "sam")).one()
    with tx.write():
        _card(sam, ids[0], State.Learning, 0.5, clock)
        _card(sam, ids[1], State.Relearning, 30.0, clock)  # lapsed: learning, whatever stability
        _card(sam, ids[2], State.Review, 20.9, clock)  # young: just under 21 days
        _card(sam, ids[3], State.Review, 21.0, clock)  # mastered from 21 days
        _card(sam, ids[4], State.Review, 90.0, clock)
    found = roster.roster(teacher, class_id, clock.now)
    total = found.banks[0].questions
    by_name = {r.username: r.banks["sample"] for r in found.rows}
    sam_cell, kim_cell = by_name["sam"], by_name["kim"]
    assert (sam_cell.new, sam_cell.learning, sam_cell.young, sam_cell.mastered) == (
        total - 5,
        2,
        1,
        2,
    )
    assert sam_cell.in_words() == f"{total - 5} new, 2 learning, 1 young, 2 mastered of {total}"
    assert kim_cell.in_words() == f"{total} new, 0 learning, 0 young, 0 mastered of {total}"
    csv = roster_table.as_csv(found, clock.now).splitlines()
    assert csv[0].endswith("Sample bank: new,Sample bank: learning,Sample bank: young")
    sam_line = next(line for line in csv if line.startswith("sam,"))
    assert sam_line.endswith(f",5,2,0,0,{total - 5},2,1")


def test_the_roster_search_keeps_only_matching_names_in_any_case(
    class_of_two: tuple[int, int, list[int]], clock: Clock
) -> None:
    teacher, class_id, _ = class_of_two
    found = roster.roster(teacher, class_id, clock.now, query="SA")
    assert [r.username for r in found.rows] == ["sam"] and found.students == 2
    assert roster.roster(teacher, class_id, clock.now, query="zed").rows == []


def _review_card(
    student: int, question: int, stability: float, days_ago: int, clock: Clock
) -> None:
    last = clock.now - timedelta(days=days_ago)
    db.session.add(
        Card(
            user_id=student,
            question_id=question,
            state=State.Review.value,
            step=None,
            stability=stability,
            difficulty=5.0,
            due=last + timedelta(days=stability),
            last_review=last,
            first_seen_at=last,
            reps=1,
        )
    )


def _ids(*names: str) -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.username.in_(names))))


def test_questions_sort_by_what_the_class_will_forget_soonest(
    class_of_two: tuple[int, int, list[int]], clock: Clock
) -> None:
    teacher, class_id, ids = class_of_two
    sam = _ids("sam")[0]
    kim = _ids("kim")[0]
    # FSRS's stability is the gap at which recall falls to 90%: a gap of S days gives 90%, no gap
    # 100%, and three times S less than 90%.
    with tx.write():
        _review_card(sam, ids[0], 10.0, 10, clock)  # 90%
        _review_card(sam, ids[1], 4.0, 0, clock)  # 100%
        _review_card(sam, ids[2], 5.0, 5, clock)  # 90% and 100%: a mean of 95%
        _review_card(kim, ids[2], 5.0, 0, clock)
        _review_card(sam, ids[3], 2.0, 6, clock)  # below 90%: forgotten soonest
    shown = questions.questions_page(teacher, class_id, clock.now, "forget")
    order = [(q.question_id, q.mean_recall) for q in shown.page.rows]
    assert order[:4] == [(ids[3], order[0][1]), (ids[0], 90), (ids[2], 95), (ids[1], 100)]
    assert order[0][1] is not None and order[0][1] < 90
    # the questions nobody has seen come after, in bank order
    assert [qid for qid, _ in order[4:]] == ids[4:] and {r for _, r in order[4:]} == {None}


def test_questions_are_searched_by_prompt_and_filtered_by_tag(
    class_of_two: tuple[int, int, list[int]], clock: Clock
) -> None:
    teacher, class_id, _ = class_of_two

    def prompts(**asked: str) -> list[str]:
        shown = questions.questions_page(teacher, class_id, clock.now, **asked)  # type: ignore[arg-type]
        return [q.prompt for q in shown.page.rows]

    assert prompts(query="AGENCY") == [
        "Which agency signed for Russia?",
        "Match each signer with the agency they led.",
    ]
    assert prompts(tag="hard") == ["Put these in the order they happened."]
    assert prompts(query="agency", tag="easy") == ["Which agency signed for Russia?"]
    assert prompts(query="nothing like this") == []
    shown = questions.questions_page(teacher, class_id, clock.now)
    assert shown.tags[:3] == ["agencies", "easy", "hard"] and shown.page.total == 9
