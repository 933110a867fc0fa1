"""Benchmark a live class game: 60 phones polling each second, all answering within 2 seconds.

Usage: .venv/bin/python bench/game.py [--players 60] [--questions 20] [--workers 1]
           [--seconds 20] [--kill-at 10] [--database-url URL]

PostgreSQL is set up as production does it (`flask db upgrade`, `flask banks import`) in a
throwaway schema; a teacher, a class of --players students and two games of --questions questions
(the types in turn) are written directly. gunicorn serves `quizapp.wsgi:app` with --workers sync
workers (1 is gunicorn's own default: `workers = $WEB_CONCURRENCY or 1`; `make serve` runs 4).

Every player is a thread with its own cookie jar (http.client, one connection per request, as
gunicorn's sync workers close them). The players log in through the real form, open the game and
join it; then, like static/game.js, each polls /games/<id>/state a second after its last poll
ended (with If-None-Match) and loads the phone page again when the state's version changes. The
teacher's client clicks the projector's buttons: start, and after each question's reveal, next.
Each question is answered by every player at a moment drawn uniformly from the same 2 seconds
(1.5 s to 3.5 s after the teacher's click, which the threads share); the answer is a valid one
read from the phone page and sent as game.js sends it (asking for JSON: the page shows "Answer
sent" in place and is not loaded again).

The first game runs undisturbed; in the second, a gunicorn worker gets SIGKILL in the middle of the
answers to question --kill-at (gunicorn starts another). A request cut off by the kill is sent again
unchanged until answered (the answer's one-time token makes a resend count once).

It prints, per game: answer p50/p95/p99 (POST to its reply), for each question the delay from the
teacher's click to each player's first poll that shows it (p50 and max over the questions), the
answers acknowledged, lost (acknowledged, no game_answer row) and doubled (more game_answer or
review rows than answers sent), and the requests a second and server CPU the game costs while idle
(the lobby: polling only) and while answering (the 2-second windows). A hello-world Flask app is
polled the same way in the same run, as the floor. Server CPU is gunicorn's processes plus the
PostgreSQL backends of quizapp's connections (found by application_name); the client threads run on
the same 2 cores, so they take CPU from the server, but none of theirs is counted in it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain, zip_longest
from pathlib import Path

import sqlalchemy as sa
from browser import Client, Reply
from faults import server_errors_logged
from harness import (
    app_environment,
    children,
    gunicorn,
    prepare_database,
    process_cpu,
    production_app,
    throwaway_database,
)
from pages import Form, Page, answer_fields
from quiz import PASSWORD, enroll

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.classes import services as classes
from quizapp.config import database_url
from quizapp.extensions import db
from quizapp.games import setup as game_setup
from quizapp.games.models import GameAnswer, GamePlayer
from quizapp.study.models import Review

APP_NAME = "quizapp_gamebench"
VERSION = re.compile(r'data-version="([^"]*)"')
ANSWER_FROM, ANSWER_SPREAD = 1.5, 2.0  # seconds after the click: every player answers in there
REVEAL_PAUSE = 2.0  # seconds the teacher leaves the answer on screen
IDLE_SECONDS = 10.0


# --- the class and its games, written directly ------------------------------------------------


@dataclass(frozen=True)
class Setup:
    games: list[int]
    usernames: list[str]
    teacher: str


def set_up(url: str, players: int, questions: int, seconds: int) -> Setup:
    app = production_app(url)
    with app.app_context():
        now = datetime.now(UTC)
        teacher = accounts.register("game_teacher", PASSWORD, "UTC", role="teacher")
        class_id = classes.create_class(teacher.id, "Class at the game", "", now)
        usernames = enroll(class_id, players, now)
        by_type: dict[str, list[int]] = {}
        for q in game_setup.game_pool(teacher.id, class_id):
            by_type.setdefault(q.type, []).append(q.id)
        taken = [q for q in chain.from_iterable(zip_longest(*by_type.values())) if q]
        settings = game_setup.GameSettings(
            mode="classic", seconds=seconds, question_ids=taken[:questions]
        )
        games = [game_setup.create_game(teacher.id, class_id, settings, now) for _ in range(2)]
        db.session.remove()
        db.engine.dispose()
    return Setup(games, usernames, "game_teacher")


# --- what every client records ----------------------------------------------------------------


@dataclass
class Log:
    """Requests as (start, end, kind, status), in perf_counter seconds; appends are atomic."""

    requests: list[tuple[float, float, str, int]] = field(default_factory=list)
    clicks: dict[int, float] = field(default_factory=dict)  # position -> the teacher's click
    seen: dict[int, list[float]] = field(default_factory=dict)  # position -> delays, seconds
    answer_ms: list[float] = field(default_factory=list)
    acknowledged: set[tuple[str, int]] = field(default_factory=set)  # (username, position)
    unexpected: list[str] = field(default_factory=list)

    def timed(self, kind: str, send: Callable[[], Reply]) -> Reply:
        started = time.perf_counter()
        reply = send()
        self.requests.append((started, time.perf_counter(), kind, reply.status))
        return reply


def log_in(client: Client, username: str) -> None:
    form = Page("/auth/login", client.get("/auth/login").body).form(field="username")
    assert form is not None, "the log-in page shows no form"
    reply = client.post(
        "/auth/login", [*form.hidden(), ("username", username), ("password", PASSWORD)]
    )
    if reply.status != 302:
        raise SystemExit(f"{username} could not log in (HTTP {reply.status})")


def poll(port: int, path: str, client: Client, etag: str) -> tuple[int, str, dict | None]:
    """One state read as game.js makes it: (status, etag, state or None); status 0 on an error."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}
    if etag:
        headers["If-None-Match"] = etag
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException):
        return 0, etag, None
    finally:
        conn.close()
    if response.status != 200:
        return response.status, etag, None
    return 200, response.getheader("ETag", ""), json.loads(body)


# --- a player's phone -------------------------------------------------------------------------


class Phone:
    """Polls the state each second, loads the page again on a new version, answers when due."""

    def __init__(self, username: str, port: int, game_id: int, log: Log, stop: threading.Event):
        self.username, self.port, self.game_id, self.log, self.stop = (
            username, port, game_id, log, stop,
        )  # fmt: skip
        self.rng = random.Random(username)
        self.client = Client(port, stop, random.Random(username + "retry"))
        self.version = ""
        self.etag = ""
        self.form: Form | None = None
        self.qtype: str | None = None
        self.position = 0
        self.answer_at: float | None = None

    def open(self) -> None:
        base = f"/games/{self.game_id}/"
        page = Page(base, self.load().body)
        join = page.form(action="/join")
        if join is not None:
            self.log.timed("join", lambda: self.client.post(join.action, join.hidden()))
            self.load()

    def load(self) -> Reply:
        reply = self.log.timed("page", lambda: self.client.get(f"/games/{self.game_id}/"))
        found = VERSION.search(reply.body)
        self.version = found.group(1) if found else ""
        self.form, self.qtype = None, None
        if 'name="token"' in reply.body:  # parse only a page with a question: it costs the client
            page = Page("/", reply.body)
            self.form = page.form(action="/answer", field="token")
            self.qtype = page.qtype
        return reply

    def run(self) -> None:
        next_poll = time.perf_counter() + self.rng.random()
        while not self.stop.is_set():
            now = time.perf_counter()
            if self.answer_at is not None and self.answer_at <= min(now, next_poll):
                self.answer()
                continue
            if now >= next_poll:
                self.read_state()
                next_poll = time.perf_counter() + 1.0
                continue
            wake = min(next_poll, self.answer_at or next_poll)
            self.stop.wait(max(0.0, wake - now))

    def read_state(self) -> None:
        path = f"/games/{self.game_id}/state"
        started = time.perf_counter()
        status, self.etag, state = poll(self.port, path, self.client, self.etag)
        ended = time.perf_counter()
        self.log.requests.append((started, ended, "state", status))
        if state is None or state["version"] == self.version:
            return
        position = state["position"]
        if state["phase"] == "question" and position > self.position:
            self.position = position
            click = self.log.clicks.get(position)
            if click is not None:
                self.log.seen.setdefault(position, []).append(ended - click)
                self.answer_at = click + ANSWER_FROM + self.rng.uniform(0, ANSWER_SPREAD)
        self.load()

    def answer(self) -> None:
        self.answer_at = None
        form, position = self.form, self.position
        if form is None or not form.has("position"):
            self.load()  # the page was loaded before the question opened
            form = self.form
        if form is None or self.qtype is None:
            self.log.unexpected.append(f"{self.username}: no question to answer at {position}")
            return
        fields = answer_fields(form, self.qtype, self.rng)
        started = time.perf_counter()
        reply = self.log.timed(
            "answer", lambda: self.client.post(form.action, fields, accept="application/json")
        )
        self.log.answer_ms.append((time.perf_counter() - started) * 1000)
        if reply.status == 200 and json.loads(reply.body).get("taken"):
            self.log.acknowledged.add((self.username, position))
        else:
            self.log.unexpected.append(f"{self.username}: answer to {position}: {reply.status}")
        self.form = None  # like game.js: "Answer sent" shows in place, no page is loaded


# --- the teacher's projector ------------------------------------------------------------------


class Teacher:
    def __init__(self, port: int, game_id: int, log: Log, stop: threading.Event) -> None:
        self.port, self.game_id, self.log = port, game_id, log
        self.client = Client(port, stop, random.Random(0))
        self.csrf: list[tuple[str, str]] = []
        self.etag = ""

    def open(self, username: str) -> None:
        log_in(self.client, username)
        page = Page("/", self.client.get(f"/games/{self.game_id}/host").body)
        form = page.form(action="/control")
        assert form is not None, "the projector shows no buttons"
        self.csrf = [(k, v) for k, v in form.hidden() if k != "action"]

    def click(self, action: str, position: int | None = None) -> None:
        if position is not None:
            self.log.clicks[position] = time.perf_counter()
        path = f"/games/{self.game_id}/control"
        reply = self.log.timed(
            "control", lambda: self.client.post(path, [*self.csrf, ("action", action)])
        )
        if reply.status != 303:
            raise SystemExit(f"the teacher's {action} got HTTP {reply.status}")
        self.log.timed("page", lambda: self.client.get(f"/games/{self.game_id}/host"))

    def state(self) -> dict | None:
        started = time.perf_counter()
        status, self.etag, state = poll(self.port, f"/games/{self.game_id}/state", self.client, "")
        self.log.requests.append((started, time.perf_counter(), "state", status))
        return state

    def wait_for_reveal(self, position: int, limit: float) -> None:
        """Poll each second, as the projector does, until the question is revealed."""
        while time.perf_counter() < limit:
            state = self.state()
            if state and (state["phase"] != "question" or state["position"] != position):
                return
            time.sleep(1.0)


# --- the server's CPU -------------------------------------------------------------------------


class CpuMeter:
    """CPU seconds used by gunicorn's processes and quizapp's PostgreSQL backends, sampled in a
    thread; a process that ends keeps what it used."""

    def __init__(self, master: int, url: str) -> None:
        self.master = master
        own = url.replace(APP_NAME, APP_NAME + "_meter")  # its own backend is not the server's
        self.engine = sa.create_engine(database_url(own, Path("unused.db")))
        self.used: dict[int, float] = {}
        self.samples: list[tuple[float, float, float]] = []  # (when, gunicorn, PostgreSQL)
        self.stop = threading.Event()
        self.backends: list[int] = []
        self.seen_backends: set[int] = set()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        last_lookup = 0.0
        while not self.stop.wait(0.2):
            if time.perf_counter() - last_lookup > 1.0:
                with self.engine.connect() as conn:
                    self.backends = list(
                        conn.scalars(
                            sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :n"),
                            {"n": APP_NAME},
                        )
                    )
                self.seen_backends.update(self.backends)
                last_lookup = time.perf_counter()
            for pid in [self.master, *children(self.master), *self.backends]:
                cpu = process_cpu(pid)
                if cpu:
                    self.used[pid] = max(cpu, self.used.get(pid, 0.0))
            database = sum(self.used.get(pid, 0.0) for pid in self.seen_backends)
            self.samples.append((time.perf_counter(), sum(self.used.values()) - database, database))

    def between(self, start: float, end: float) -> tuple[float, float]:
        """CPU seconds (gunicorn, PostgreSQL) used from start to end."""

        def at(moment: float) -> tuple[float, float]:
            before = [(app, database) for t, app, database in self.samples if t <= moment]
            return before[-1] if before else (0.0, 0.0)

        (app_end, db_end), (app_start, db_start) = at(end), at(start)
        return app_end - app_start, db_end - db_start

    def __enter__(self) -> CpuMeter:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.engine.dispose()


# --- one game ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    log: Log
    idle: tuple[float, float]
    answering: list[tuple[float, float]]
    cpu: CpuMeter
    killed: str = ""
    client_cpu: float = 0.0  # seconds of CPU the benchmark's own threads used during the game


def in_parallel(work: Callable[[object], None], items: list) -> None:
    threads = [threading.Thread(target=work, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def play(name: str, port: int, master: int, url: str, setup: Setup, game_id: int,
         args: argparse.Namespace, kill_at: int) -> Outcome:  # fmt: skip
    log, stop = Log(), threading.Event()
    phones = [Phone(u, port, game_id, log, stop) for u in setup.usernames]
    batches = [phones[n::8] for n in range(8)]  # log in 8 at a time: argon2 is slow on purpose
    in_parallel(lambda batch: [log_in(p.client, p.username) for p in batch], batches)
    in_parallel(lambda phone: phone.open(), phones)
    teacher = Teacher(port, game_id, log, stop)
    teacher.open(setup.teacher)
    threads = [threading.Thread(target=p.run, daemon=True) for p in phones]
    answering, killed = [], ""
    client_before = time.process_time()
    with CpuMeter(master, url) as cpu:
        for thread in threads:
            thread.start()
        time.sleep(2.0)  # the polls spread over the second
        idle = (time.perf_counter(), time.perf_counter() + IDLE_SECONDS)
        time.sleep(IDLE_SECONDS)
        for position in range(1, args.questions + 1):
            teacher.click("start" if position == 1 else "next", position)
            click = log.clicks[position]
            answering.append((click + ANSWER_FROM, click + ANSWER_FROM + ANSWER_SPREAD))
            if position == kill_at:
                time.sleep(max(0.0, click + ANSWER_FROM + ANSWER_SPREAD / 2 - time.perf_counter()))
                worker = random.choice(children(master))
                os.kill(worker, signal.SIGKILL)
                after = time.perf_counter() - click
                killed = f"worker {worker} killed {after:.2f} s after click {position}"
            time.sleep(max(0.0, click + ANSWER_FROM + ANSWER_SPREAD - time.perf_counter()))
            teacher.wait_for_reveal(position, click + args.seconds + 3)
            time.sleep(REVEAL_PAUSE)
        teacher.click("next")  # the last one: the game ends
        time.sleep(1.5)
        game_seconds = time.perf_counter() - idle[0]
    client_cpu = (time.process_time() - client_before) / game_seconds
    stop.set()
    for thread in threads:
        thread.join()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"{name}: {len(log.requests)} requests; {killed or 'nothing killed'}; load {load}")
    return Outcome(name, log, idle, answering, cpu, killed, client_cpu)


# --- what the database holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    acknowledged: int
    stored: int
    lost: int
    doubled: int


def check_database(url: str, game_id: int, log: Log) -> Check:
    """Compare what the players were told with the game's answers and their reviews."""
    engine = sa.create_engine(database_url(url, Path("unused.db")))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(User.username, GameAnswer.position, GameAnswer.review_id)
                .join(GamePlayer, GamePlayer.id == GameAnswer.player_id)
                .join(User, User.id == GamePlayer.user_id)
                .where(GameAnswer.game_id == game_id)
            ).all()
            review_ids = [r.review_id for r in rows]
            reviews = conn.scalar(
                sa.select(sa.func.count()).select_from(Review).where(Review.id.in_(review_ids))
            )
    finally:
        engine.dispose()
    stored = {(r.username, r.position) for r in rows}
    return Check(
        acknowledged=len(log.acknowledged),
        stored=len(rows),
        lost=len(log.acknowledged - stored) + (len(rows) - int(reviews or 0)),
        doubled=len(rows) - len(stored) + len(review_ids) - len(set(review_ids)),
    )


def reviews_without_game_answer(url: str, usernames: list[str]) -> int:
    """The players study only through the games: each of their reviews is a game answer's."""
    engine = sa.create_engine(database_url(url, Path("unused.db")))
    try:
        with engine.connect() as conn:
            return int(
                conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(Review)
                    .join(User, User.id == Review.user_id)
                    .where(
                        User.username.in_(usernames),
                        ~sa.exists().where(GameAnswer.review_id == Review.id),
                    )
                )
                or 0
            )
    finally:
        engine.dispose()


# --- the hello-world floor --------------------------------------------------------------------


def hello_floor(players: int, workers: int, seconds: float, tmp: Path) -> tuple[list[float], float]:
    """Latencies (ms) and server CPU ms per request of `players` clients each GETting / a second
    after the last reply, on the smallest Flask app, served the same way."""
    env = {**os.environ}
    log = tmp / "hello.log"
    options = ("--worker-class", "sync", "--access-logfile", "-", "--pythonpath", str(BENCH))
    latencies: list[float] = []
    with gunicorn(env, workers, log, app="hello:app", options=options) as (master, port):
        stop = threading.Event()

        def client(n: int) -> None:
            time.sleep(random.Random(n).random())
            while not stop.is_set():
                started = time.perf_counter()
                with contextlib.suppress(OSError, http.client.HTTPException):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    conn.request("GET", "/")
                    conn.getresponse().read()
                    conn.close()
                    latencies.append((time.perf_counter() - started) * 1000)
                stop.wait(1.0)

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(players)]
        cpu_before = sum(process_cpu(p) for p in [master, *children(master)])
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        cpu = sum(process_cpu(p) for p in [master, *children(master)]) - cpu_before
    return latencies, cpu * 1000 / max(1, len(latencies))


# --- the report -------------------------------------------------------------------------------


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def rate(log: Log, windows: list[tuple[float, float]], cpu: CpuMeter) -> str:
    """Requests a second and the server's CPU (gunicorn + PostgreSQL) over these windows."""
    seconds = sum(end - start for start, end in windows)
    count = sum(1 for start, *_ in log.requests for a, b in windows if a <= start < b)
    used = [cpu.between(a, b) for a, b in windows]
    app, database = sum(u[0] for u in used), sum(u[1] for u in used)
    return (
        f"{count / seconds:.1f} req/s, server CPU {100 * (app + database) / seconds:.1f}% of a "
        f"core (gunicorn {100 * app / seconds:.1f}%, PostgreSQL {100 * database / seconds:.1f}%), "
        f"{1000 * (app + database) / max(1, count):.2f} ms CPU/request"
    )


def report(outcome: Outcome, check: Check, server_log: str) -> bool:
    log = outcome.log
    firsts = [pct(d, 0.5) for d in log.seen.values()]
    lasts = [max(d) for d in log.seen.values()]
    seen_count = [len(d) for d in log.seen.values()]
    idle = rate(log, [outcome.idle], outcome.cpu)
    busy = rate(log, outcome.answering, outcome.cpu)
    states = [1000 * (b - a) for a, b, kind, status in log.requests if kind == "state" and status]
    failed_polls = sum(1 for *_, kind, status in log.requests if kind == "state" and not status)
    print(f"\n== {outcome.name} ({outcome.killed or 'no worker killed'})")
    print(f"answers: {len(log.answer_ms)} sent, p50 {pct(log.answer_ms, .5):.0f} ms, "
          f"p95 {pct(log.answer_ms, .95):.0f} ms, p99 {pct(log.answer_ms, .99):.0f} ms, "
          f"max {max(log.answer_ms, default=0):.0f} ms")  # fmt: skip
    print(f"state polls: {len(states)}, p50 {pct(states, .5):.1f} ms, p99 {pct(states, .99):.1f} "
          f"ms; {failed_polls} cut off")  # fmt: skip
    print(f"new question seen after the click: p50 over questions {statistics.median(firsts):.2f} s"
          f" (worst question's p50 {max(firsts):.2f} s), max {max(lasts):.2f} s; "
          f"players who saw each: {min(seen_count)}..{max(seen_count)}")  # fmt: skip
    print(f"database: {check.acknowledged} acknowledged, {check.stored} game answers, "
          f"lost {check.lost}, doubled {check.doubled}")  # fmt: skip
    print(f"idle (lobby, polling only): {idle}")
    print(f"answering (the 2-second windows): {busy}")
    kinds = sorted({kind for _, _, kind, _ in log.requests})
    by_kind = {k: [1000 * (b - a) for a, b, kind, _ in log.requests if kind == k] for k in kinds}
    print("by request:", ", ".join(
        f"{k} {len(v)} p50 {pct(v, 0.5):.0f} p99 {pct(v, 0.99):.0f} ms" for k, v in by_kind.items()
    ))  # fmt: skip
    print(f"the benchmark's own client used {100 * outcome.client_cpu:.0f}% of a core meanwhile")
    idle_polls = [1000 * (b - a) for a, b, kind, s in log.requests
                  if kind == "state" and outcome.idle[0] <= a < outcome.idle[1]]  # fmt: skip
    print(f"idle polls: p50 {pct(idle_polls, 0.5):.1f} ms, p99 {pct(idle_polls, 0.99):.1f} ms")
    for line in [*log.unexpected[:5], *server_errors_logged(server_log)[:5]]:
        print("  !", line)
    return bool(check.lost or check.doubled or log.unexpected)


BENCH = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--players", type=int, default=60)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="1 is gunicorn's own default")
    parser.add_argument("--seconds", type=int, default=20, help="each question's time")
    parser.add_argument("--kill-at", type=int, default=10, help="question of the second game")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    failed = False
    with (
        tempfile.TemporaryDirectory() as tmp,
        throwaway_database(args.database_url, Path(tmp)) as (_, url),
    ):
        url = f"{url}&application_name={APP_NAME}"
        env = app_environment(url)
        prepare_database(env)
        setup = set_up(url, args.players, args.questions, args.seconds)
        log = Path(tmp) / "gunicorn.log"
        print(f"{args.players} players, {args.questions} questions, {args.workers} worker(s)")
        outcomes = []
        with gunicorn(env, args.workers, log) as (master, port):
            for name, game_id, kill_at in [
                ("game", setup.games[0], 0), ("game, a worker killed", setup.games[1], args.kill_at)
            ]:  # fmt: skip
                outcomes.append(play(name, port, master, url, setup, game_id, args, kill_at))
        for outcome, game_id in zip(outcomes, setup.games, strict=True):
            check = check_database(url, game_id, outcome.log)
            failed |= report(outcome, check, log.read_text(errors="replace"))
        stray = reviews_without_game_answer(url, setup.usernames)
        print(f"reviews without their game answer (both games): {stray}")
        failed |= bool(stray)
        hello, cpu_ms = hello_floor(args.players, args.workers, IDLE_SECONDS, Path(tmp))
        print(
            f"\nhello-world polled alike: p50 {pct(hello, 0.5):.1f} ms, p99 "
            f"{pct(hello, 0.99):.1f} ms, {len(hello) / IDLE_SECONDS:.1f} req/s, "
            f"{cpu_ms:.2f} ms CPU/request"
        )
    sys.exit(int(failed))


if __name__ == "__main__":
    main()
