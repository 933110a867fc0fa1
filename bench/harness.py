"""Serving quizapp for a benchmark: a throwaway database set up as production does, and gunicorn."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from quizapp import create_app
from quizapp.config import ROOT, ProductionConfig, database_url

BIN = Path(sys.executable).parent
RATE_LIMITS = (
    "QUIZAPP_LOGIN_RATE_LIMIT",
    "QUIZAPP_SIGNUP_RATE_LIMIT",
    "QUIZAPP_PASSWORD_RATE_LIMIT",
)
GENEROUS = "10000 per minute"
STOP_TIMEOUT = 30.0


@contextlib.contextmanager
def throwaway_database(
    url: str | None, tmp: Path, keep: bool = False, prefix: str = "quizapp_faults"
) -> Iterator[tuple[str, str]]:
    """(name, url) of a fresh database: a SQLite file, or a PostgreSQL schema dropped at the end
    (unless `keep`, for a later run to reuse)."""
    if not url:
        yield "sqlite", f"sqlite:///{tmp / 'faults.db'}"
        return
    base = database_url(url, tmp / "unused.db")
    engine = sa.create_engine(base)
    if engine.dialect.name != "postgresql":
        raise SystemExit("--database-url must be a PostgreSQL URL (SQLite is the default)")
    schema = f"{prefix}_{secrets.token_hex(4)}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        sep = "&" if "?" in base else "?"
        yield "postgresql", f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        if not keep:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


def app_environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK_APP": "quizapp",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "QUIZAPP_INSECURE_COOKIES": "1",  # plain HTTP: the session cookie must not be Secure
        "QUIZAPP_BANKS_DIR": str(ROOT / "question_banks"),
        **dict.fromkeys(RATE_LIMITS, GENEROUS),
    }


def prepare_database(env: dict[str, str], cwd: Path = ROOT) -> str:
    """Migrate and import the banks as production does; returns what the import said."""
    said = ""
    for command in (["db", "upgrade"], ["banks", "import"]):
        done = subprocess.run(
            [str(BIN / "flask"), *command], cwd=cwd, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
        said = done.stdout.strip()
    return said


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    give_up = time.monotonic() + 30
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status < 500:
                return
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not serve within 30 s:\n{log.read_text()}")


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    workers: int,
    log: Path,
    app: str = "quizapp.wsgi:app",
    options: tuple[str, ...] = ("--config", "python:quizapp.gunicorn_config"),
    cwd: Path = ROOT,
) -> Iterator[tuple[int, int]]:
    """(master pid, port) of gunicorn serving `app`; its process group is killed at the end."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"), *options,
        "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app,
    ]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_serving(server, port, log)
        yield server.pid, port
        server.terminate()  # a graceful stop: workers finish what they are doing
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(STOP_TIMEOUT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the session leader's pid is the group id
        server.wait()


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """--database and --database-url (DATABASE_URL when not given): where a bench's throwaway
    databases are made."""
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql", "both"],
        default=None,
        help="both when a PostgreSQL URL is given, else sqlite",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="the PostgreSQL server for a throwaway schema (default: DATABASE_URL)",
    )


def database_names(args: argparse.Namespace) -> list[str]:
    """The databases to run on, from --database and --database-url."""
    url = args.database_url or ""
    postgresql = url.startswith(("postgres:", "postgresql:", "postgresql+"))
    choice = args.database or ("both" if postgresql else "sqlite")
    if choice != "sqlite" and not postgresql:
        needs = "a PostgreSQL URL: --database-url or DATABASE_URL"
        raise SystemExit(f"--database {choice} needs {needs}")
    return ["sqlite", "postgresql"] if choice == "both" else [choice]


@contextlib.contextmanager
def prepared_database(name: str, postgresql_url: str | None) -> Iterator[str]:
    """The URL of a fresh database of this kind, migrated and with the banks imported as
    production does; the database is dropped afterwards."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        throwaway_database(postgresql_url if name == "postgresql" else None, Path(tmp)) as (_, url),
    ):
        prepare_database(app_environment(url))
        yield url


@contextlib.contextmanager
def prepared_app(name: str, postgresql_url: str | None) -> Iterator[Flask]:
    """quizapp in production configuration on a fresh database of this kind (prepared_database)."""
    with prepared_database(name, postgresql_url) as url:
        yield production_app(url)


def production_app(url: str) -> Flask:
    """quizapp in production configuration on the database at `url`, for writing a benchmark's
    data as the app does (plain HTTP: the cookie is not marked secure)."""
    return create_app(
        ProductionConfig,
        SQLALCHEMY_DATABASE_URI=database_url(url, Path("unused.db")),
        SECRET_KEY=secrets.token_hex(32),
        SESSION_COOKIE_SECURE=False,
    )
