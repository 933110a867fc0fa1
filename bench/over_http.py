"""Timing quizapp's pages over HTTP through gunicorn, beside hello-world served the same way.

served() runs quizapp as production serves it (`quizapp.wsgi:app` with quizapp.gunicorn_config,
sync workers) and the hello-world app of bench/hello.py the same way beside it (access log to a
file, app loaded before the fork). A browser on gunicorn's port (OverHttp) sends each request
once, on its own connection, one after the other: what is timed is the server. The same request
made in-process (InProcess, statements_of) gives the SQL statements it sends.

A percentile is printed only when at least TAIL samples lie beyond it (p95 from 400 samples, p99
from 2,000); with fewer, the table shows "-" and the max is the figure to read.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from browser import Client, Reply
from district_explain import Explained, Sent, capturing
from flask import Flask
from harness import app_environment, gunicorn
from pages import Page
from werkzeug.datastructures import MultiDict

from quizapp.extensions import db

BENCH = Path(__file__).resolve().parent
HELLO_OPTIONS = ("--pythonpath", str(BENCH), "--access-logfile", "-", "--preload")
WARM_UP = 4  # untimed requests a page: each of two workers renders its templates once
TAIL = 20  # samples beyond a percentile for it to be printed
REQUESTS = 400  # enough for a p95


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    fields: list[tuple[str, str]] | None = None
    expect: int = 200


class Browser(Protocol):
    def send(self, call: Call) -> Reply: ...


class OverHttp:
    """A browser on gunicorn's port: each request once, on its own connection."""

    def __init__(self, port: int) -> None:
        self.client = Client(port, threading.Event(), random.Random(0))

    def send(self, call: Call) -> Reply:
        return self.client.once(call.method, call.path, call.fields)


class InProcess:
    """A browser on the app's test client, for catching the statements a request sends."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()

    def send(self, call: Call) -> Reply:
        if call.method == "GET":
            answer = self.client.get(call.path)
        else:
            answer = self.client.post(call.path, data=MultiDict(call.fields or []))
        location = urlsplit(answer.headers.get("Location", "")).path
        return Reply(answer.status_code, location, answer.get_data(as_text=True))


def checked(call: Call, reply: Reply) -> Reply:
    if reply.status != call.expect:
        text = " ".join(reply.body.split())[:300]
        raise SystemExit(
            f"{call.method} {call.path} answered HTTP {reply.status} (not {call.expect}) "
            f"{reply.location}: {text}"
        )
    return reply


def get(browser: Browser, path: str) -> Page:
    call = Call("GET", path)
    return Page(path, checked(call, browser.send(call)).body)


def log_in(browser: Browser, username: str, password: str) -> None:
    form = get(browser, "/auth/login").form(field="username")
    assert form is not None, "the log-in page shows no form"
    fields = [*form.hidden(), ("username", username), ("password", password)]
    call = Call("POST", "/auth/login", fields, 302)
    checked(call, browser.send(call))


Prepare = Callable[[Browser], Call]


def fixed(path: str) -> Prepare:
    return lambda _: Call("GET", path)


def timed(
    browser: Browser, prepare: Prepare, requests: int, seconds: float = 0, warm_up: int = WARM_UP
) -> list[float]:
    """`requests` timings in ms, fewer if `seconds` (when not 0) run out first."""
    for _ in range(warm_up):
        call = prepare(browser)
        checked(call, browser.send(call))
    timings: list[float] = []
    give_up = time.monotonic() + seconds if seconds else float("inf")
    while len(timings) < requests and time.monotonic() < give_up:
        call = prepare(browser)
        started = time.perf_counter()
        reply = browser.send(call)
        timings.append((time.perf_counter() - started) * 1000)
        checked(call, reply)
    return timings


def timed_once(browser: Browser, call: Call) -> tuple[float, Reply]:
    """One request's time in ms, and its checked reply."""
    started = time.perf_counter()
    reply = browser.send(call)
    took = (time.perf_counter() - started) * 1000
    return took, checked(call, reply)


def percentile(timings: Sequence[float], pct: int) -> float | None:
    """The nearest-rank percentile, or None when fewer than TAIL samples lie beyond it."""
    if pct != 50 and len(timings) * (100 - pct) < TAIL * 100:
        return None
    if pct == 50:
        return statistics.median(timings) if timings else None
    ordered = sorted(timings)
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]


@dataclass
class Measured:
    name: str
    timings: list[float]
    sent: list[Sent] | None = None  # one request's statements, caught in-process
    explained: Explained | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.timings)

    def at(self, pct: int) -> float | None:
        return percentile(self.timings, pct)


class Users:
    """One logged-in browser a user over HTTP and one in-process, made when first needed."""

    def __init__(self, port: int, app: Flask, password: str) -> None:
        self.port, self.app, self.password = port, app, password
        self.browsers: dict[tuple[str, bool], Browser] = {}

    def browser(self, username: str, http: bool = True) -> Browser:
        key = (username, http)
        if key not in self.browsers:
            made: Browser = OverHttp(self.port) if http else InProcess(self.app)
            log_in(made, username, self.password)
            self.browsers[key] = made
        return self.browsers[key]


@contextmanager
def caught(app: Flask) -> Iterator[list[Sent]]:
    """The statements the app sends while the block runs."""
    with app.app_context():
        engine = db.engine
    with capturing(engine) as sent:
        yield sent


def statements_of(app: Flask, browser: Browser, prepare: Prepare) -> list[Sent]:
    """The statements of one request, the second of two (no connection ping after idling)."""
    call = prepare(browser)
    checked(call, browser.send(call))
    call = prepare(browser)
    with caught(app) as sent:
        checked(call, browser.send(call))
    return sent


def measure_page(
    users: Users,
    name: str,
    user: str,
    prepare: Prepare,
    requests: int,
    seconds: float = 0,
    warm_up: int = WARM_UP,
) -> Measured:
    """A page timed over HTTP, with the statements it sends in-process."""
    timings = timed(users.browser(user), prepare, requests, seconds, warm_up)
    sent = statements_of(users.app, users.browser(user, http=False), prepare)
    found = Measured(name, timings, sent)
    print(f"  {name}: p50 {found.p50:.1f} ms, {len(sent)} statements", flush=True)
    return found


def hello(port: int, requests: int) -> list[float]:
    return timed(OverHttp(port), fixed("/"), requests)


def beside_hello(
    hello_port: int, requests: int, measure: Callable[[], list[Measured]]
) -> tuple[list[Measured], Measured]:
    """What `measure` finds, and hello-world's GET / timed `requests` times, half before and
    half after it."""
    first = hello(hello_port, requests // 2)
    rows = measure()
    second = hello(hello_port, requests - requests // 2)
    return rows, Measured("hello-world GET /", first + second)


@contextmanager
def served(env: dict[str, str], workers: int) -> Iterator[tuple[int, int]]:
    """(quizapp's port, hello-world's port), both under gunicorn."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        _, app_port = stack.enter_context(gunicorn(env, workers, Path(tmp) / "quizapp.log"))
        _, hello_port = stack.enter_context(
            gunicorn(env, workers, Path(tmp) / "hello.log", app="hello:app", options=HELLO_OPTIONS)
        )
        yield app_port, hello_port


def time_pages(
    app: Flask,
    url: str,
    args: argparse.Namespace,
    password: str,
    measure: Callable[[Users], list[Measured]],
    title: str = "page",
) -> tuple[list[Measured], Measured]:
    """Serve quizapp on `url` beside hello-world (--workers), run `measure` with its users
    (logged in with `password`) between two halves of hello-world's --requests, print the table
    and return the rows with the baseline; `app`'s own connections are closed at the end."""
    with served(app_environment(url), args.workers) as (app_port, hello_port):
        users = Users(app_port, app, password)
        rows, baseline = beside_hello(hello_port, args.requests, lambda: measure(users))
    with app.app_context():
        db.engine.dispose()
    table = Table()
    for row in [baseline, *rows]:
        table.add(row, baseline)
    table.print(title)
    return rows, baseline


def add_serving_options(parser: argparse.ArgumentParser, requests: int = REQUESTS) -> None:
    parser.add_argument("--requests", type=int, default=requests, help="timed requests a page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's sync workers")


# ---- the report ------------------------------------------------------------------------------


@dataclass
class Table:
    """Rows of timings, each beside its hello-world baseline: the percentiles its samples bear,
    the max, the same as multiples of the baseline's p50, and the statements of one request."""

    percentiles: tuple[int, ...] = (50, 95)
    rows: list[tuple[Measured, Measured]] = field(default_factory=list)

    def add(self, row: Measured, baseline: Measured) -> None:
        self.rows.append((row, baseline))

    def print(self, title: str = "page") -> None:
        shown = self.percentiles
        statements = any(row.sent is not None or row.explained for row, _ in self.rows)
        scans = any(row.explained for row, _ in self.rows)
        print(
            f"\n{title:<28}{'n':>6}"
            + "".join(f"{f'p{p} ms':>10}" for p in shown)
            + f"{'max ms':>10}"
            + "".join(f"{f'p{p} x hello':>13}" for p in shown)
            + (f"{'statements':>12}" if statements else "")
            + (f"{'seq scans':>11}" if scans else "")
        )
        for row, base in self.rows:
            values = [row.at(p) for p in shown]
            print(
                f"{row.name:<28}{len(row.timings):>6}"
                + "".join(_cell(v, 10, 2) for v in values)
                + f"{max(row.timings):>10.2f}"
                + "".join(_cell(None if v is None else v / base.p50, 13, 1) for v in values)
                + (f"{_statements(row):>12}" if statements else "")
                + (f"{_scans(row):>11}" if scans else "")
            )


def _cell(value: float | None, width: int, digits: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def _statements(row: Measured) -> str:
    if row.explained:
        return str(row.explained.statements)
    return "-" if row.sent is None else str(len(row.sent))


def _scans(row: Measured) -> str:
    return str(len(row.explained.seq_scans)) if row.explained else "-"
