"""Running a prebuilt Core statement on the session's connection, without the ORM's machinery;
the SQL functions quizapp needs that the databases spell differently."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CursorResult,
    Date,
    DateTime,
    Dialect,
    Executable,
    FromClause,
    Integer,
    Table,
    TypeDecorator,
    bindparam,
    insert,
    text,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine

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


def update_each(
    model_table: FromClause, keys: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    """Set each row of a model's table whose `keys` columns hold a dict's values to the dict's
    other values (every dict has the same names, all columns of the table).

    On PostgreSQL in one statement that reads the dicts from one JSON parameter: thousands of
    rows in one round trip and one plan instead of a statement each; elsewhere (SQLite, in the
    same process) as an executemany.
    """
    if not rows:
        return
    table = cast(Table, model_table)
    connection = db.session.connection()
    values = [n for n in rows[0] if n not in keys]
    if connection.dialect.name != "postgresql":
        where = [table.c[k] == bindparam(f"key_{k}") for k in keys]
        statement = update(table).where(*where).values({n: bindparam(n) for n in values})
        renamed = [{(f"key_{k}" if k in keys else k): v for k, v in r.items()} for r in rows]
        connection.execute(statement, renamed)
        return
    records, document = _recordset(table, rows, connection.dialect)
    sets = ", ".join(f'"{n}" = v."{n}"' for n in values)
    matched = " AND ".join(f't."{k}" = v."{k}"' for k in keys)
    connection.execute(
        text(f'UPDATE "{table.name}" AS t SET {sets} FROM {records} WHERE {matched}'),
        {"rows": document},
    )


def insert_each(model_table: FromClause, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert a row into a model's table for each dict (every dict has the same names): on
    PostgreSQL in one statement reading them from one JSON parameter, as update_each does.
    Columns left out take their server default or NULL, not a Python-side default."""
    if not rows:
        return
    table = cast(Table, model_table)
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), list(rows))
        return
    records, document = _recordset(table, rows, connection.dialect)
    names = ", ".join(f'"{n}"' for n in rows[0])
    connection.execute(
        text(f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM {records}'),
        {"rows": document},
    )


def _recordset(
    table: Table, rows: Sequence[Mapping[str, Any]], dialect: Dialect
) -> tuple[str, str]:
    """The rows as PostgreSQL's json_to_recordset of the `:rows` parameter (aliased `v`, each
    column of its table's type), and that parameter."""
    names = list(rows[0])
    kinds = {n: table.c[n].type for n in names}
    columns = ", ".join(f'"{n}" {kinds[n].compile(dialect=dialect)}' for n in names)
    ready = [(n, _json_ready(kinds[n], dialect)) for n in names]
    document = json.dumps(
        [{n: v if f is None else f(v) for n, f in ready for v in (r[n],)} for r in rows]
    )
    return f"json_to_recordset(CAST(:rows AS JSON)) AS v({columns})", document


def _json_ready(kind: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """How a value of this column type goes into JSON as the type binds it (None: as it is): a
    time as ISO 8601, which PostgreSQL reads back to the microsecond. A float goes as Python's
    repr, which PostgreSQL reads back exactly."""

    def bound(value: Any) -> Any:
        if isinstance(kind, TypeDecorator):
            value = kind.process_bind_param(value, dialect)
        return value.isoformat() if isinstance(value, datetime) else value

    return bound if isinstance(kind, TypeDecorator | DateTime) else None
