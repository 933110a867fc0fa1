"""Running a prebuilt Core statement on the session's connection, without the ORM's machinery;
the SQL functions quizapp needs that the databases spell differently."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import CursorResult, Executable, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from quizapp.extensions import db


def run(statement: Executable, params: Mapping[str, Any]) -> CursorResult[*tuple[Any, ...]]:
    """Execute a Core statement (one that loads no ORM objects) with these parameters.

    The session's connection is used, so a read inside `tx.write()` sees that transaction; going
    around `Session.execute` saves the ORM's per-statement work, a tenth of a study page's time.
    """
    return db.session.connection().execute(statement, params)


class whole_days(FunctionElement[int]):
    """The whole days from `earlier` to `later` (two naive UTC times), rounded down as Python's
    `timedelta.days` does; negative spans may round towards zero instead, so compare it only
    with numbers of 0 or more."""

    type = Integer()
    inherit_cache = True
    name = "whole_days"


@compiles(whole_days, "postgresql")
def _whole_days_postgresql(element: whole_days, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(floor(extract(epoch FROM ({later}) - ({earlier})) / 86400) AS INTEGER)"


@compiles(whole_days, "sqlite")
def _whole_days_sqlite(element: whole_days, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    # In whole milliseconds first, as SQLite keeps its times: a float of days would put a span
    # of exactly three days at 2.9999999999 on some dates.
    span_ms = f"CAST(round((julianday({later}) - julianday({earlier})) * 86400000) AS INTEGER)"
    return f"({span_ms} / 86400000)"


QUARTER_HOUR = 900  # seconds; every time zone is a whole number of quarter hours from UTC


class quarter_hours(FunctionElement[int]):
    """The quarter hours from 1970-01-01 00:00 to a naive UTC time: answers grouped by it can
    still be told apart by local day in any time zone."""

    type = Integer()
    inherit_cache = True
    name = "quarter_hours"


@compiles(quarter_hours, "postgresql")
def _quarter_hours_postgresql(element: quarter_hours, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(floor(extract(epoch FROM {moment}) / {QUARTER_HOUR}) AS INTEGER)"


@compiles(quarter_hours, "sqlite")
def _quarter_hours_sqlite(element: quarter_hours, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST(strftime('%s', {moment}) AS INTEGER) / {QUARTER_HOUR})"
