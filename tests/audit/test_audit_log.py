"""The audit log keeps who did what from where, and nothing can change or remove an entry."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DatabaseError

from quizapp.audit.models import Action, AuditEntry
from quizapp.audit.services import client_address, record
from quizapp.database import tx
from quizapp.extensions import db


def _write_one() -> None:
    with tx.write() as session:
        record(session, (7, "ms.rivera"), Action.PASSWORD_RESET, "student amir", "a one-time code")


def test_an_entry_says_who_what_to_whom_and_from_where(ctx: None) -> None:
    token = client_address.set("203.0.113.9")
    try:
        _write_one()
    finally:
        client_address.reset(token)
    with tx.write() as session:
        record(session, None, Action.ROLE_CHANGED, "user kim", "student → teacher")
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor_id, e.actor, e.action, e.target, e.address) for e in entries] == [
        (7, "ms.rivera", "password reset", "student amir", "203.0.113.9"),
        (None, "command line", "role changed", "user kim", "command line"),
    ]
    assert entries[0].at is not None


def test_a_request_records_the_clients_address_and_only_for_itself(app: Flask) -> None:
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "198.51.100.4"}):
        assert app.preprocess_request() is None
        assert client_address.get() == "198.51.100.4"
    assert client_address.get() == "command line"  # what the same thread does next is not its
    app.test_client().get("/", environ_base={"REMOTE_ADDR": "198.51.100.5"})
    assert client_address.get() == "command line"


@pytest.mark.parametrize(
    "change",
    [
        update(AuditEntry).values(detail="nothing happened"),
        update(AuditEntry).values(actor="someone else"),
        delete(AuditEntry),
    ],
    ids=["detail", "actor", "delete"],
)
def test_the_database_refuses_to_change_or_remove_an_entry(ctx: None, change: object) -> None:
    _write_one()
    with pytest.raises(DatabaseError, match="append-only"), tx.write() as session:
        session.execute(change)  # type: ignore[call-overload]
    assert db.session.scalars(select(AuditEntry.detail)).all() == ["a one-time code"]
