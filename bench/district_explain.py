"""The SQL statements a page sends, captured in-process, and what PostgreSQL plans for each.

A page's statements are caught with a SQLAlchemy `before_cursor_execute` listener while the app's
test client makes the request once; each one is then explained on a connection of its own with
the parameters it was sent with (EXPLAIN ANALYZE in a transaction that is rolled back, so that a
write changes nothing; plain EXPLAIN where ANALYZE fails, as for an INSERT the request has
already made). A sequential scan of one of the big tables is a finding: such a page's cost grows
with the district. So is a scan of a whole index of one: an index scan whose condition leaves the
index's first column free (PostgreSQL 15 then reads the index from end to end, which a plan shows
only as an "Index Cond" on a later column), or one with no condition that reads WALKED rows or more.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import Engine, event

# The tables that grow with a district's people and their year: 10 million answers, 2 million
# cards. Not `question` (2,265 rows in the district's 33 banks): it grows with the banks a school
# writes, and a page that lists every question in view, such as the progress page of a student
# who studies every bank, rightly reads it whole.
BIG_TABLES = frozenset({"review", "card", "attempt", "attempt_item", "membership", "user"})
EXPLAINABLE = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"})
STATEMENT_TIMEOUT = "30s"
WALKED = 1000  # index rows read in order without a condition that count as a whole index read


@dataclass(frozen=True)
class Sent:
    statement: str
    parameters: Any


@dataclass(frozen=True)
class SeqScan:
    table: str  # the table, with "(whole index NAME)" when it was an index read end to end
    rows: float  # rows read (ANALYZE: returned and filtered out, over all loops), else planned
    statement: str


# Each index of a big table: (its table, its first column).
_LEADING = """
SELECT c.relname, t.relname, a.attname
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
WHERE t.relname = ANY(%s) AND pg_table_is_visible(c.oid)
"""
Leading = dict[str, tuple[str, str]]


@dataclass
class Explained:
    """What a page's statements cost the database, as PostgreSQL plans and runs them."""

    statements: int = 0
    seq_scans: list[SeqScan] = field(default_factory=list)
    sql_ms: float = 0.0  # ANALYZE's execution times, summed
    slowest_ms: float = 0.0
    slowest: str = ""
    failed: list[str] = field(default_factory=list)


@contextlib.contextmanager
def capturing(engine: Engine) -> Iterator[list[Sent]]:
    """The statements sent on `engine` while the block runs (an executemany's first row)."""
    sent: list[Sent] = []

    def keep(*args: Any) -> None:
        _conn, _cursor, statement, parameters, _context, executemany = args
        if executemany and parameters:
            parameters = parameters[0]
        sent.append(Sent(statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def _rows_read(plan: dict[str, Any], analyzed: bool) -> float:
    if not analyzed:
        return float(plan.get("Plan Rows", 0))
    per_loop = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
    return float(per_loop * plan.get("Actual Loops", 1))


def _scans(plan: dict[str, Any], analyzed: bool, leading: Leading) -> Iterator[tuple[str, float]]:
    node, relation = plan.get("Node Type"), plan.get("Relation Name")
    if node == "Seq Scan" and relation in BIG_TABLES:
        yield relation, _rows_read(plan, analyzed)
    index = plan.get("Index Name")
    if node in {"Index Scan", "Index Only Scan", "Bitmap Index Scan"} and index in leading:
        table, first = leading[index]
        condition, rows = plan.get("Index Cond"), _rows_read(plan, analyzed)
        # No condition: the index walked in its order, which a merge join or a LIMIT may stop
        # after a few rows; a condition on later columns only: the whole index, always.
        if (condition is None and rows >= WALKED) or (
            condition is not None and not re.search(rf"\b{re.escape(first)}\b", condition)
        ):
            yield f"{table} (whole index {index})", rows
    for child in plan.get("Plans", []):
        yield from _scans(child, analyzed, leading)


def _plan(conn: psycopg.Connection[Any], sent: Sent, analyze: bool) -> dict[str, Any]:
    options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
    try:
        with psycopg.ClientCursor(conn) as cursor:
            cursor.execute(f"EXPLAIN ({options}) {sent.statement}", sent.parameters)
            row = cursor.fetchone()
    finally:
        conn.rollback()  # EXPLAIN ANALYZE of a write made it: undo it
    assert row is not None
    found: dict[str, Any] = row[0][0]
    return found


def explain(url: str, sent: list[Sent], analyze: bool = True) -> Explained:
    """Explain each statement of `sent` on the database at `url` (a psycopg URL)."""
    result = Explained(statements=len(sent))
    with psycopg.connect(url) as conn:
        conn.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
        found = conn.execute(_LEADING, (sorted(BIG_TABLES),)).fetchall()
        leading = {index: (table, first) for index, table, first in found}
        conn.commit()
        for one in sent:
            words = one.statement.lstrip().split(None, 1)
            if not words or words[0].upper() not in EXPLAINABLE:
                continue  # BEGIN, COMMIT, SAVEPOINT, SET...
            _explain_one(conn, one, analyze, result, leading)
    return result


def _explain_one(
    conn: psycopg.Connection[Any], one: Sent, analyze: bool, result: Explained, leading: Leading
) -> None:
    short = " ".join(one.statement.split())
    try:
        found, analyzed = _plan(conn, one, analyze), analyze
    except psycopg.Error:
        try:
            found, analyzed = _plan(conn, one, False), False
        except psycopg.Error as exc:
            result.failed.append(f"{short[:120]}: {str(exc).strip()[:120]}")
            return
    took = float(found.get("Execution Time", 0.0))
    result.sql_ms += took
    if took > result.slowest_ms:
        result.slowest_ms, result.slowest = took, short
    result.seq_scans += [
        SeqScan(table, rows, short) for table, rows in _scans(found["Plan"], analyzed, leading)
    ]
