"""Engine set-up: reads without a transaction, explicit write transactions, cheap liveness checks.

Every connection runs in autocommit mode, so a page that only reads sends its SELECTs and nothing
else: no BEGIN, no ROLLBACK. A use case that writes begins its transaction itself (`tx.write`,
BEGIN IMMEDIATE on SQLite) and commits once; migrations ask for a transaction the same way.
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from sqlalchemy import Engine, event, exc

from quizapp.database.sql import sqlite_local_date
from quizapp.database.tx import BEGIN

# A PostgreSQL connection idle for longer than this is checked before use, so that a server
# restart or a dropped connection costs one retry instead of an error page. A connection used
# a moment ago is trusted: checking it on every request would add a round trip to each page.
DEFAULT_PING_AFTER_IDLE = 10.0
_LAST_USED = "quizapp_last_used"


def configure_engine(engine: Engine, ping_after_idle: float = DEFAULT_PING_AFTER_IDLE) -> None:
    """Autocommit reads and explicit writes on every database; SQLite pragmas; idle pings."""
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    else:
        _ping_idle_connections(engine, ping_after_idle)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        statement = connection.get_execution_options().get(BEGIN)
        if statement:
            if engine.dialect.name != "sqlite":
                statement = "BEGIN"
            connection.exec_driver_sql(statement)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver never begins on its own
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.create_function(
            "quizapp_local_date", 2, sqlite_local_date, deterministic=True
        )


def _ping_idle_connections(engine: Engine, ping_after_idle: float) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_LAST_USED] = monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        last_used = record.info.get(_LAST_USED)
        if last_used is None or monotonic() - last_used < ping_after_idle:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except Exception as error:  # the pool replaces the connection and tries again
            raise exc.DisconnectionError(str(error)) from error
