"""The one place that begins and commits a write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from quizapp.extensions import db

# The execution option that makes the engine's begin listener send a real BEGIN (see
# quizapp.database): its value is the statement, BEGIN IMMEDIATE on SQLite so that concurrent
# writers wait for the lock instead of failing half-way.
BEGIN = "quizapp_begin"
_WRITING = "quizapp_writing"


@contextmanager
def write() -> Iterator[Session]:
    """Run a use case's changes as one transaction that commits once.

    Connections are in autocommit mode, so the reads a request made before (loading the user, say)
    held no transaction; the write starts one on a connection of its own choosing.
    """
    session: Session = db.session()
    if session.in_transaction():
        session.commit()  # nothing to commit: ends the read-only use of the connection
    session.connection(execution_options={BEGIN: "BEGIN IMMEDIATE"})
    session.info[_WRITING] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(_WRITING, None)


@event.listens_for(Session, "before_flush")
def _only_inside_write(session: Session, _context: object, _instances: object) -> None:
    # With autocommit connections, a change flushed outside `write()` would be saved one
    # statement at a time, with no rollback if the use case fails half-way.
    if not session.info.get(_WRITING):
        raise RuntimeError("quizapp changes data only inside services.tx.write()")
