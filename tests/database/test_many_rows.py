"""Writing many rows at once (update_each, insert_each): on PostgreSQL one statement reads them
from JSON; what is stored must be what a statement a row would store, to the microsecond and to
the last bit of a float."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks.models import Question
from quizapp.database import tx
from quizapp.database.sql import insert_each, update_each
from quizapp.extensions import db
from quizapp.study.models import Card, Review

pytestmark = pytest.mark.usefixtures("sample_banks")
AT = datetime(2026, 3, 10, 9, 0, 0, 123456, tzinfo=UTC)
EAST = timezone(timedelta(hours=9))  # an aware time in another zone is stored as UTC


def _reviews(user_id: int, question_id: int, n: int) -> list[dict[str, object]]:
    return [
        {
            "token": f"t{k}",
            "user_id": user_id,
            "question_id": question_id,
            "response": ["Zhang K.", "x"] if k % 2 else "Zhang K.",
            "score": 0.1 + 0.2 * k,
            "correct": bool(k % 2),
            "rating": 1 + k % 4,
            "duration_ms": None,
            "shown_at": AT + timedelta(microseconds=k),
            "answered_at": AT + timedelta(days=k),
            "due_after": AT,
            "before": {"state": 1, "stability": None, "due": AT.isoformat()},
        }
        for k in range(n)
    ]


def test_many_rows_inserted_and_updated_store_what_they_were_given(ctx: None) -> None:
    user = accounts.register("sam", "a long password", "UTC").id
    question = db.session.scalars(select(Question.id)).first()
    assert question is not None
    with tx.write():
        insert_each(Review.__table__, _reviews(user, question, 3))
        insert_each(Review.__table__, [])  # nothing to do
    db.session.remove()
    stored = list(db.session.scalars(select(Review).order_by(Review.token)))
    assert [(r.score, r.correct, r.rating, r.response) for r in stored] == [
        (0.1, False, 1, "Zhang K."),
        (0.1 + 0.2, True, 2, ["Zhang K.", "x"]),
        (0.1 + 0.2 * 2, False, 3, "Zhang K."),
    ]
    assert [r.shown_at for r in stored] == [
        AT,
        AT + timedelta(microseconds=1),
        AT + timedelta(microseconds=2),
    ]
    assert stored[0].before == {"state": 1, "stability": None, "due": AT.isoformat()}
    ids = [r.id for r in stored]
    db.session.remove()

    later = (AT + timedelta(hours=1, microseconds=7)).astimezone(EAST)
    with tx.write():
        update_each(
            Review.__table__,
            ["id"],
            [
                {"id": ids[0], "score": 1 / 3, "correct": True, "due_after": later, "before": None},
                {
                    "id": ids[2],
                    "score": 2.5e-7,
                    "correct": True,
                    "due_after": AT,
                    "before": {"a": [1]},
                },
            ],
        )
        update_each(Review.__table__, ["id"], [])
    db.session.remove()
    stored = list(db.session.scalars(select(Review).order_by(Review.token)))
    assert [(r.score, r.correct, r.due_after, r.before) for r in stored] == [
        (1 / 3, True, AT + timedelta(hours=1, microseconds=7), None),
        (0.1 + 0.2, True, AT, {"state": 1, "stability": None, "due": AT.isoformat()}),
        (2.5e-7, True, AT, {"a": [1]}),
    ]


def test_many_rows_updated_by_a_key_of_two_columns(ctx: None) -> None:
    sam = accounts.register("sam", "a long password", "UTC").id
    kim = accounts.register("kim", "a long password", "UTC").id
    first, second = db.session.scalars(select(Question.id).order_by(Question.id).limit(2))
    card = {"state": 1, "step": 0, "stability": None, "difficulty": None, "due": AT}
    card |= {"last_review": None, "first_seen_at": AT, "reps": 1, "lapses": 0, "score_sum": 0.0}
    with tx.write():
        insert_each(
            Card.__table__,
            [{"user_id": u, "question_id": q, **card} for u in (sam, kim) for q in (first, second)],
        )
    with tx.write():
        update_each(
            Card.__table__,
            ["user_id", "question_id"],
            [{"user_id": kim, "question_id": second, "stability": 3.7, "last_review": AT}],
        )
    db.session.remove()
    cards = {(c.user_id, c.question_id): c for c in db.session.scalars(select(Card))}
    assert [(k, c.stability, c.last_review) for k, c in cards.items() if c.stability] == [
        ((kim, second), 3.7, AT)
    ]
    assert cards[(sam, second)].last_review is None and cards[(kim, first)].stability is None
