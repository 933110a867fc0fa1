"""Running a prebuilt Core statement on the session's connection, without the ORM's machinery;
the SQL functions quizapp needs that the databases spell differently."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, Date, Executable, Integer
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


def _spelled(function: type[FunctionElement[Any]], postgresql: str, sqlite: str) -> None:
    """Compile `function` from one template per database, its arguments put in by position."""

    def compiled(template: str) -> Callable[..., str]:
        def compile_(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
            return template.format(*(compiler.process(c, **kw) for c in element.clauses))

        return compile_

    compiles(function, "postgresql")(compiled(postgresql))
    compiles(function, "sqlite")(compiled(sqlite))


class whole_days(FunctionElement[int]):
    """The whole days from `earlier` to `later` (two naive UTC times), rounded down as Python's
    `timedelta.days` does; negative spans may round towards zero instead, so compare it only
    with numbers of 0 or more."""

    type = Integer()
    inherit_cache = True
    name = "whole_days"


_spelled(
    whole_days,
    # The days field of the difference, which PostgreSQL keeps under 24 hours of time: a float,
    # where `extract(epoch ...)` is a numeric, ten times slower over a year of answers.
    postgresql="CAST(date_part('day', ({0}) - ({1})) AS INTEGER)",
    # In whole milliseconds first, as SQLite keeps its times: a float of days would put a span
    # of exactly three days at 2.9999999999 on some dates.
    sqlite="(CAST(round((julianday({0}) - julianday({1})) * 86400000) AS INTEGER) / 86400000)",
)


class local_date(FunctionElement[date]):
    """The date in a time zone (an IANA name, e.g. 'Europe/Paris') of a naive UTC time: the
    database's own zone rules on PostgreSQL, Python's (`sqlite_local_date`) on SQLite."""

    type = Date()
    inherit_cache = True
    name = "local_date"


_spelled(
    local_date,
    postgresql="CAST(timezone({1}, timezone('UTC', {0})) AS DATE)",
    sqlite="quizapp_local_date({0}, {1})",
)


def sqlite_local_date(moment: str | None, zone: str) -> str | None:
    """SQLite's `quizapp_local_date` (registered on each connection): a stored naive UTC time's
    date in the zone, as SQLite keeps dates."""
    if moment is None:
        return None
    utc = datetime.fromisoformat(moment).replace(tzinfo=UTC)
    return utc.astimezone(_zone(zone)).date().isoformat()


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
