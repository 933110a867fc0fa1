"""Running a prebuilt Core statement on the session's connection, without the ORM's machinery."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import CursorResult, Executable

from quizapp.extensions import db


def run(statement: Executable, params: Mapping[str, Any]) -> CursorResult[*tuple[Any, ...]]:
    """Execute a Core statement (one that loads no ORM objects) with these parameters.

    The session's connection is used, so a read inside `tx.write()` sees that transaction; going
    around `Session.execute` saves the ORM's per-statement work, a tenth of a study page's time.
    """
    return db.session.connection().execute(statement, params)
