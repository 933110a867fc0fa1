"""The one place that begins and commits a write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from quizapp.extensions import db

IMMEDIATE = "quizapp_begin_immediate"


@contextmanager
def write() -> Iterator[Session]:
    """Run a use case's changes as one transaction that commits once.

    Any read transaction still open (loading the user, say) is ended first, and on SQLite the write
    begins IMMEDIATE, so that concurrent writers wait for the lock instead of failing.
    """
    session: Session = db.session()
    if session.in_transaction():
        session.rollback()
    session.connection(execution_options={IMMEDIATE: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
