"""Count the round trips a request makes to the database: statements, and the COMMIT or ROLLBACK
of each transaction that was really begun (autocommit reads send neither)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


class Statements:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self._open: set[int] = set()

    def executed(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.sent.append(" ".join(statement.split())[:120])
        if statement.startswith("BEGIN"):
            self._open.add(id(conn))

    def ended(self, word: str) -> Any:
        def listener(conn: Any) -> None:
            if id(conn) in self._open:
                self._open.discard(id(conn))
                self.sent.append(word)

        return listener

    def __len__(self) -> int:
        return len(self.sent)


@contextmanager
def counting(engine: Engine) -> Iterator[Statements]:
    """Every statement `engine` sends while the block runs."""
    seen = Statements()
    commit, rollback = seen.ended("COMMIT"), seen.ended("ROLLBACK")
    event.listen(engine, "before_cursor_execute", seen.executed)
    event.listen(engine, "commit", commit)
    event.listen(engine, "rollback", rollback)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", seen.executed)
        event.remove(engine, "commit", commit)
        event.remove(engine, "rollback", rollback)
