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
import threading
import time
from collections.abc import Callable, Iterator
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
CLK_TCK = os.sysconf("SC_CLK_TCK")


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


# --- the server's CPU, read from /proc ---------------------------------------------------------


def process_cpu(pid: int) -> float:
    """CPU seconds used so far by a process (user and system)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def postgres_pids() -> list[int]:
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                pids.append(int(comm.parent.name))
        except OSError:
            continue
    return pids


def server_cpu(master: int, with_postgres: bool) -> float:
    pids = [master, *children(master)] + (postgres_pids() if with_postgres else [])
    return sum(process_cpu(pid) for pid in pids)


class CpuMeter:
    """CPU seconds used by gunicorn (its master and workers) and the PostgreSQL backends that
    `backends` names, between start() and stop(). Each process is read every `every` s, so one
    that exits in between (a worker restarted, a connection closed) counts up to its last
    reading, and one that appears counts from nothing."""

    def __init__(
        self, master: int, backends: Callable[[], list[int]] = list, every: float = 0.5
    ) -> None:
        self.master, self.backends, self.every = master, backends, every
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.backends_seen: set[int] = set()
        self.started = 0.0
        self.stopping = threading.Event()
        self.sampler = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def _sample(self) -> None:
        backends = self.backends()
        self.backends_seen.update(backends)
        for pid in [self.master, *children(self.master), *backends]:
            self.last[pid] = max(self.last.get(pid, 0.0), process_cpu(pid))  # 0 once it is gone

    def _sample_until_stopped(self) -> None:
        while not self.stopping.wait(self.every):
            self._sample()

    def start(self) -> None:
        self._sample()
        self.first = dict(self.last)
        self.started = time.perf_counter()
        self.sampler.start()

    def stop(self) -> tuple[float, float]:
        """(CPU seconds used, seconds elapsed) since start()."""
        self.stopping.set()
        self.sampler.join()
        self._sample()
        used = sum(cpu - self.first.get(pid, 0.0) for pid, cpu in self.last.items())
        return used, time.perf_counter() - self.started
