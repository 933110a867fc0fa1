"""Two app hosts behind HAProxy, one PostgreSQL and one Redis: everything works whichever host
answers, and a host killed mid-run loses nothing.

Usage: .venv/bin/python bench/two_hosts.py [--workers 2] [--students 30] [--seconds 20]
           [--database-url URL] [--redis-url URL] [--json FILE]

PostgreSQL (--database-url, or DATABASE_URL) gets a throwaway schema migrated and with the banks
imported as production does (`flask db upgrade`, `flask banks import`). Two gunicorn instances
serve `quizapp.wsgi:app` on two free ports with the same SECRET_KEY, DATABASE_URL and REDIS_URL
(--redis-url, or REDIS_URL), QUIZAPP_PROXY_HOPS=1 and a log-in limit of 5 a minute. HAProxy
(Debian's, `make haproxy`) runs in the foreground with a generated configuration: round robin, no
stickiness, a health check on `/` each second, at most --workers requests at once per host
(gunicorn's sync workers take one each; HAProxy queues the rest), and an X-Served-By header
naming the host that answered. Every request below goes through HAProxy only.

Checks, each needing both hosts to have answered part of it:
- session: a student signs up, then eight pages show them signed in;
- rate limit: the sixth log-in try in a minute is refused (429), not the eleventh;
- two-factor: an authenticator code that signed in on one host is refused by the other;
- answer resent: a study answer sent twice, unchanged, is told the same by both hosts and is
  recorded once (what the resends after the kill below count on);
- quiz: four students take an eight-question quiz; every saved answer and submission is recorded,
  one attempt each;
- game: five players answer a three-question live game; every answer recorded once;
- host killed: --students students sign up and answer questions back to back (GET the question,
  POST an answer, GET the feedback: the answer cycle) for 10 s on host2 alone (host1 put in
  maintenance through HAProxy's runtime API), 10 s on both hosts, then --seconds s during which
  host1's gunicorn (master and workers) gets SIGKILL, then 10 s on host2 alone again.
  A request cut off by the kill gets a 502 or a reset and is sent again unchanged; the answer's
  one-time token makes a resend count once. Every answer acknowledged (303 to its feedback) must
  be in the database exactly once, and each card's reps must equal its reviews.

Redis is shared as it is: quizapp's limits have no key prefix setting, so nothing is flushed; every
account here has a fresh random name, so no count is shared with anyone else's. It prints one table
(the checks, then the answer cycle's capacity with two hosts and with one, with the CPU the
scripted students themselves used on the same cores, in % of one core) and exits with status 1
when a check fails. --json writes the checks, the answer cycle's rows and the answers lost and
doubled to a file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket as socketlib
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any

import pyotp
import sqlalchemy as sa
from browser import Client, Reply
from faults import Student as StudyingStudent
from faults import check_database as check_reviews
from faults import server_errors_logged
from game import Log, Phone, Teacher, log_in
from game import check_database as check_game
from harness import (
    app_environment,
    free_port,
    gunicorn,
    prepare_database,
    production_app,
    throwaway_database,
    wait_until_serving,
)
from pages import Page, answer_fields
from quiz import PASSWORD, Pace, enroll, pick
from quiz import Student as QuizStudent
from quiz import check_database as check_quiz

from quizapp.accounts import services as accounts
from quizapp.accounts import twofactor
from quizapp.accounts.models import User
from quizapp.classes import services as classes
from quizapp.config import database_url
from quizapp.extensions import db
from quizapp.games import setup as game_setup
from quizapp.quizzes import services as quizzes
from quizapp.study.models import Review

LOGIN_LIMIT = 5  # a minute, for this run
HOSTS = ("host1", "host2")
CAPACITY_SECONDS = 10.0
KILL_AFTER = 0.4  # of the kill phase


@dataclass
class Result:
    name: str
    passed: bool
    numbers: str
    served: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        hosts = " ".join(f"{h} {self.served[h]}" for h in HOSTS)
        verdict = "pass" if self.passed else "FAIL"
        return f"{self.name:<14}{verdict:<8}{hosts:<22}{self.numbers}"


def both_served(served: Counter[str]) -> bool:
    return all(served[host] for host in HOSTS)


# --- HAProxy ------------------------------------------------------------------------------------


HAPROXY = """\
global
    log stdout format raw local0
    stats socket {socket} mode 600 level admin
    maxconn 2000
defaults
    mode http
    log global
    option httplog
    option dontlognull
    option dontlog-normal
    option forwardfor
    option redispatch 1
    retries 3
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    timeout queue 60s
frontend quizapp
    bind 127.0.0.1:{port}
    default_backend hosts
backend hosts
    balance roundrobin
    option httpchk GET /
    timeout check 5s
    default-server check inter 1s fall 2 rise 2 maxconn {workers}
    default-server observe layer4 error-limit 1 on-error mark-down
    http-response set-header X-Served-By %s
{servers}
"""


@dataclass(frozen=True)
class Balancer:
    port: int
    log: Path
    socket: Path  # HAProxy's runtime API

    def command(self, text: str) -> str:
        with socketlib.socket(socketlib.AF_UNIX) as conn:
            conn.connect(str(self.socket))
            conn.sendall(text.encode() + b"\n")
            return conn.recv(4096).decode()


@contextlib.contextmanager
def haproxy(ports: list[int], workers: int, tmp: Path) -> Iterator[Balancer]:
    """HAProxy balancing over the hosts at `ports`, in the foreground."""
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(binary).exists():
        raise SystemExit("HAProxy is not installed: `make haproxy` (as root) installs Debian's")
    balancer = Balancer(free_port(), tmp / "haproxy.log", tmp / "haproxy.sock")
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{p}" for name, p in zip(HOSTS, ports, strict=True)
    )
    config = tmp / "haproxy.cfg"
    config.write_text(
        HAPROXY.format(port=balancer.port, socket=balancer.socket, workers=workers, servers=servers)
    )
    with balancer.log.open("wb") as out:
        proxy = subprocess.Popen(
            [binary, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_serving(proxy, balancer.port, balancer.log)
        yield balancer
    finally:
        proxy.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proxy.wait(10)
        proxy.kill()
        proxy.wait()


# --- checks one student at a time --------------------------------------------------------------


def client(port: int, seed: int) -> Client:
    return Client(port, threading.Event(), random.Random(seed))


def form_fields(c: Client, path: str, reply: Reply | None = None) -> list[tuple[str, str]]:
    """The hidden fields (the CSRF token) of the first form on the page at `path`."""
    page = Page(path, (reply or c.get(path)).body)
    if not page.forms:
        raise SystemExit(f"{path} shows no form")
    return page.forms[0].hidden()


def signed_up(port: int, seed: int) -> tuple[Client, str]:
    c, username = client(port, seed), f"hosts-{secrets.token_hex(4)}"
    fields = [("username", username), ("password", PASSWORD), ("confirm", PASSWORD)]
    reply = c.post("/auth/register", [*form_fields(c, "/auth/register"), *fields])
    if reply.status != 302:
        raise SystemExit(f"sign-up failed with HTTP {reply.status}")
    return c, username


def check_session(port: int) -> Result:
    c, username = signed_up(port, 1)
    pages = ["/", "/banks/", "/quizzes/", "/settings/", "/", "/banks/", "/quizzes/", "/"]
    shown = sum(1 for path in pages if f">{username}<" in c.get(path).body)
    served = c.traffic.served_by
    passed = shown == len(pages) and both_served(served)
    return Result("session", passed, f"{shown}/{len(pages)} pages showed the student", served)


def check_rate_limit(port: int) -> Result:
    _, username = signed_up(port, 2)
    c = client(port, 3)
    fields = [*form_fields(c, "/auth/login"), ("username", username), ("password", "wrong")]
    statuses = [c.post("/auth/login", fields).status for _ in range(LOGIN_LIMIT + 3)]
    fields[-1] = ("password", PASSWORD)
    right = c.post("/auth/login", fields).status  # the right password is refused too
    before = statuses.index(429) if 429 in statuses else len(statuses)
    limited = [*statuses[before:], right]
    passed = before == LOGIN_LIMIT and set(limited) == {429} and both_served(c.traffic.served_by)
    numbers = (
        f"limit {LOGIN_LIMIT}/min: {before} tries answered before a 429, then "
        f"{limited.count(429)} of {len(limited)} refused (the right password last)"
    )
    return Result("rate limit", passed, numbers, c.traffic.served_by)


def two_factor_user(url: str) -> tuple[str, str]:
    """(username, authenticator secret) of a student with two-factor log-in on; the code that
    turned it on is from a minute ago, so the current one is still unused."""
    app = production_app(url)
    with app.app_context():
        username, secret = f"hosts-2fa-{secrets.token_hex(4)}", pyotp.random_base32()
        user = accounts.register(username, PASSWORD, "UTC")
        earlier = datetime.now(UTC) - timedelta(seconds=60)
        twofactor.enable(user.id, secret, pyotp.TOTP(secret).at(earlier), earlier)
        db.session.remove()
        db.engine.dispose()
    return username, secret


def send_code(c: Client, username: str, code: str, after: str) -> Reply:
    """Log in with the password and send `code`; the page before it is asked for until `after`
    serves it, so that (round robin) the other host gets the code."""
    fields = [*form_fields(c, "/auth/login"), ("username", username), ("password", PASSWORD)]
    reply = c.post("/auth/login", fields)
    if reply.location != "/auth/two-factor":
        raise SystemExit(f"the password did not lead to the code page (HTTP {reply.status})")
    for _ in range(4):
        page = c.get("/auth/two-factor")
        if not after or page.served_by == after:
            break
    return c.post("/auth/two-factor", [*form_fields(c, "", page), ("code", code)])


def check_two_factor(port: int, url: str) -> Result:
    username, secret = two_factor_user(url)
    code = pyotp.TOTP(secret).now()
    first, again = client(port, 4), client(port, 5)
    taken = send_code(first, username, code, "")
    signed_in = f">{username}<" in first.get("/").body
    replayed = send_code(again, username, code, taken.served_by)
    served = first.traffic.served_by + again.traffic.served_by
    passed = (
        taken.status == 302
        and signed_in
        and replayed.status == 422
        and replayed.served_by not in {"", taken.served_by}
        and both_served(served)
    )
    numbers = (
        f"code taken by {taken.served_by} ({taken.status}), the same code on "
        f"{replayed.served_by}: {replayed.status}"
    )
    return Result("two-factor", passed, numbers, served)


def check_answer_resent(port: int, url: str) -> Result:
    """One study answer sent twice, unchanged: the second goes to the other host (round robin)
    and is told the same, and the database holds one review."""
    student = StudyingStudent(0, port, 0.0, threading.Event(), 6)
    student.sign_up()
    slug = student.bank_slugs()[0]
    page = Page(f"/study/{slug}/next", student.client.get(f"/study/{slug}/next").body)
    form = page.form(action="/answer", field="token")
    if form is None or page.qtype is None:
        raise SystemExit(f"/study/{slug}/next shows no question")
    fields = answer_fields(form, page.qtype, student.rng)
    first, again = (student.client.post(form.action, fields) for _ in range(2))
    engine = sa.create_engine(database_url(url, Path("unused.db")))
    with engine.connect() as conn:
        reviews = conn.scalar(
            sa.select(sa.func.count())
            .select_from(Review)
            .join(User, User.id == Review.user_id)
            .where(User.username == student.username)
        )
    engine.dispose()
    passed = (
        first.status == again.status == 303
        and first.location == again.location
        and first.served_by != again.served_by
        and reviews == 1
    )
    numbers = (
        f"{first.served_by} {first.status} {first.location}, {again.served_by} {again.status} "
        f"{'the same' if first.location == again.location else again.location}; {reviews} review"
    )
    return Result("answer resent", passed, numbers, student.tally.traffic.served_by)


# --- a quiz and a game ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassSetup:
    teacher: str
    usernames: list[str]
    quiz_id: int
    game_id: int


def set_up_class(url: str, students: int) -> ClassSetup:
    """A teacher, a class, a quiz of 8 questions and a classic game of 3, written directly."""
    app = production_app(url)
    with app.app_context():
        now = datetime.now(UTC)
        teacher = f"hosts-teacher-{secrets.token_hex(3)}"
        teacher_id = accounts.register(teacher, PASSWORD, "UTC", role="teacher").id
        class_id = classes.create_class(teacher_id, "Two hosts", "", now)
        names = enroll(class_id, students, now, prefix=f"hosts-{secrets.token_hex(3)}-")
        chosen = pick(quizzes.question_pool(teacher_id, class_id), 8)
        settings = quizzes.QuizSettings(
            title="Two hosts",
            question_ids=[q.id for q in chosen],
            time_limit_minutes=30,
            attempts_allowed=1,
            studied_ok=True,
        )
        quiz_id = quizzes.create_quiz(teacher_id, class_id, settings, now)
        by_type: dict[str, list[int]] = {}
        for q in game_setup.game_pool(teacher_id, class_id):
            by_type.setdefault(q.type, []).append(q.id)
        taken = [q for q in chain.from_iterable(zip_longest(*by_type.values())) if q]
        game = game_setup.GameSettings(mode="classic", seconds=60, question_ids=taken[:3])
        game_id = game_setup.create_game(teacher_id, class_id, game, now)
        db.session.remove()
        db.engine.dispose()
    return ClassSetup(teacher, names, quiz_id, game_id)


def check_quiz_attempts(port: int, url: str, setup: ClassSetup) -> Result:
    names = setup.usernames[:4]
    bell = threading.Barrier(len(names))
    students = [QuizStudent(name, port, bell, Pace(), n) for n, name in enumerate(names)]
    in_threads([lambda s=s: s.run(setup.quiz_id) for s in students])
    tallies = [s.tally for s in students]
    found = check_quiz(url, setup.quiz_id, tallies)
    served = sum((t.traffic.served_by for t in tallies), Counter[str]())
    trouble = [t.failed for t in tallies if t.failed] + [u for t in tallies for u in t.unexpected]
    passed = (
        found.acknowledged == 8 * len(names)
        and not (found.lost or found.doubled or found.submissions_lost or trouble)
        and found.submissions == found.attempts == len(names)
        and both_served(served)
    )
    numbers = (
        f"{found.acknowledged} answers saved, {found.lost} lost; {found.attempts} attempts "
        f"for {len(names)} students, {found.submissions} submitted"
    )
    return Result("quiz", passed, numbers + "".join(f"; {t}" for t in trouble[:2]), served)


def check_live_game(port: int, url: str, setup: ClassSetup) -> Result:
    log, stop = Log(), threading.Event()
    phones = [Phone(name, port, setup.game_id, log, stop) for name in setup.usernames[4:9]]
    for phone in phones:
        log_in(phone.client, phone.username)
        phone.open()
    teacher = Teacher(port, setup.game_id, log, stop)
    teacher.open(setup.teacher)
    for position in (1, 2, 3):
        teacher.click("start" if position == 1 else "next", position)
        for phone in phones:  # the last answer reveals the question
            phone.position = position
            phone.load()
            phone.answer()
    teacher.click("next")  # after the last question: the game ends
    found = check_game(url, setup.game_id, log)
    served = sum((p.client.traffic.served_by for p in phones), teacher.client.traffic.served_by)
    passed = (
        found.acknowledged == found.stored == 3 * len(phones)
        and not (found.lost or found.doubled or log.unexpected)
        and both_served(served)
    )
    numbers = (
        f"{len(phones)} players x 3 questions: {found.acknowledged} acknowledged, "
        f"{found.stored} stored, {found.lost} lost, {found.doubled} doubled"
    )
    return Result("game", passed, numbers, served)


def in_threads(work: list[Callable[[], object]]) -> None:
    threads = [threading.Thread(target=w, daemon=True) for w in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)  # a join without a timeout would not see Ctrl-C


# --- students answering while a host is killed ------------------------------------------------


class Studier(StudyingStudent):
    """A student answering back to back, phase after phase, timing each answer cycle."""

    def __init__(self, number: int, port: int, abort: threading.Event) -> None:
        super().__init__(number, port, 0.0, abort, number)
        self.cycles: list[tuple[float, float]] = []  # (start, end), perf_counter seconds

    def answer_one(self, slug: str) -> bool:
        answered = len(self.tally.acknowledged)
        started = time.perf_counter()
        more = super().answer_one(slug)
        if len(self.tally.acknowledged) > answered:
            self.cycles.append((started, time.perf_counter()))
        return more

    def phase(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        if self.tally.failed is None:
            self.run_safely(self.study)

    def run_safely(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as exc:  # the report says so; the thread must not die silently
            self.tally.failed = f"{type(exc).__name__}: {exc}"


@dataclass
class Phase:
    name: str
    start: float
    end: float
    requests: int
    served: Counter[str]
    client_cpu: float  # seconds of CPU the students' threads used (on the same cores)


def run_phase(name: str, students: list[Studier], seconds: float) -> Phase:
    before = [s.tally.traffic.requests for s in students]
    served_before = sum((s.tally.traffic.served_by for s in students), Counter[str]())
    start, cpu = time.perf_counter(), time.process_time()
    in_threads([lambda s=s: s.phase(seconds) for s in students])
    served = sum((s.tally.traffic.served_by for s in students), Counter[str]()) - served_before
    requests = sum(s.tally.traffic.requests for s in students) - sum(before)
    cpu = time.process_time() - cpu
    return Phase(name, start, time.perf_counter(), requests, served, cpu)


def kill_later(master: int, after: float, killed: list[float]) -> threading.Thread:
    def kill() -> None:
        time.sleep(after)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(master, signal.SIGKILL)  # the master and its workers: the host is gone
        killed.append(time.perf_counter())

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def capacity(phase: Phase, students: list[Studier]) -> dict[str, float | str]:
    seconds = phase.end - phase.start
    cycles = [1000 * (b - a) for s in students for a, b in s.cycles if phase.start <= a < phase.end]
    return {
        "phase": phase.name,
        "answers_per_s": len(cycles) / seconds,
        "requests_per_s": phase.requests / seconds,
        "p50_ms": percentile(cycles, 0.5),
        "p99_ms": percentile(cycles, 0.99),
        "client_cpu_percent": 100 * phase.client_cpu / seconds,
    }


def capacity_line(row: dict[str, Any]) -> str:
    return (
        f"{row['phase']:<12}{row['answers_per_s']:>10.1f}{row['requests_per_s']:>12.1f}"
        f"{row['p50_ms']:>9.0f}{row['p99_ms']:>9.0f}{row['client_cpu_percent']:>11.0f}%"
    )


@dataclass
class KillRun:
    result: Result
    capacity: list[dict[str, Any]]
    details: list[str]
    lost: int = 0
    doubled: int = 0


def run_with_a_host_killed(
    balancer: Balancer, url: str, masters: list[int], args: argparse.Namespace
) -> KillRun:
    abort = threading.Event()
    students = [Studier(n, balancer.port, abort) for n in range(args.students)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda s: s.run_safely(s.sign_up), students))
    # host2 alone first as well as last: a difference between the two is the machine's, not
    # the number of hosts (the benchmark shares its cores with whatever else runs)
    balancer.command("set server hosts/host1 state maint")
    alone = run_phase("host2 alone", students, CAPACITY_SECONDS)
    balancer.command("set server hosts/host1 state ready")
    both = run_phase("two hosts", students, CAPACITY_SECONDS)
    killed: list[float] = []
    killer = kill_later(masters[0], KILL_AFTER * args.seconds, killed)
    kill = run_phase("host1 killed", students, args.seconds)
    killer.join()
    one = run_phase("host2 alone", students, CAPACITY_SECONDS)
    found = check_reviews(url, students)
    tallies = [s.tally for s in students]
    acknowledged = sum(len(t.acknowledged) for t in tallies)
    around = [1 for s in students for a, b in s.cycles if killed and a <= killed[0] <= b]
    trouble = [t.failed for t in tallies if t.failed] + [u for t in tallies for u in t.unexpected]
    passed = (
        not (found.lost or found.doubled or found.mismatched or trouble)
        and both_served(both.served)
        and alone.served["host1"] == one.served["host1"] == 0
        and bool(killed)
    )
    numbers = (
        f"{acknowledged} answers acknowledged, {found.lost} lost, {found.doubled} doubled, "
        f"{len(found.mismatched)} cards off; {len(around)} answer cycles under way at the kill, "
        f"{sum(t.answers_retried for t in tallies)} answers resent, "
        f"{sum(t.traffic.retried for t in tallies)} requests resent "
        f"({sum(t.traffic.resends for t in tallies)} times), "
        f"{sum(t.traffic.server_errors for t in tallies)} 5xx replies"
    )
    served = alone.served + both.served + kill.served + one.served
    details = [*trouble[:5], *found.mismatched[:5]]
    return KillRun(
        Result("host killed", passed, numbers, served),
        [capacity(phase, students) for phase in (alone, both, one)],
        details,
        found.lost,
        found.doubled,
    )


# --- the run -------------------------------------------------------------------------------------


def environment(url: str, redis_url: str) -> dict[str, str]:
    env = app_environment(url)  # one SECRET_KEY for both hosts
    env.update(
        REDIS_URL=redis_url,
        QUIZAPP_PROXY_HOPS="1",
        QUIZAPP_LOGIN_RATE_LIMIT=f"{LOGIN_LIMIT} per minute",
    )
    return env


def report(results: list[Result], kill_run: KillRun, args: argparse.Namespace) -> None:
    print(f"\n{'check':<14}{'result':<8}{'replies by host':<22}numbers")
    for result in results:
        print(result.line())
    print(
        f"\nanswer cycle (GET question, POST answer, GET feedback), {args.students} students "
        f"back to back, {args.workers} sync workers a host, {os.cpu_count()} cores in all"
    )
    print(
        f"{'':<12}{'answers/s':>10}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'client CPU':>12}"
    )
    for row in kill_run.capacity:
        print(capacity_line(row))
    if args.json:
        figures = {
            "checks": [{"name": r.name, "passed": r.passed, "numbers": r.numbers} for r in results],
            "answer_cycle": kill_run.capacity,
            "lost": kill_run.lost,
            "doubled": kill_run.doubled,
        }
        args.json.write_text(json.dumps(figures, indent=2))


CHANGE_TAIL = re.compile(r"(, check duration|\. \d+ active).*")  # timings and counts
STATUS = re.compile(r"\s-?\d+/-?\d+/-?\d+/-?\d+/-?\d+\s(\d{3})\s")


def proxy_summary(said: str) -> list[str]:
    """What HAProxy logged: hosts going down or up, and the replies it logged as errors."""
    lines = said.splitlines()
    changes = [
        "HAProxy: " + CHANGE_TAIL.sub("", line.removeprefix("Server hosts/"))
        for line in lines
        if line.startswith("Server hosts/")
    ]
    statuses = Counter(int(found[1]) for line in lines if (found := STATUS.search(line)))
    failed = ", ".join(f"{n} x {status}" for status, n in sorted(statuses.items()) if status >= 500)
    moved = sum(n for status, n in statuses.items() if status < 500)
    return [
        *changes,
        f"HAProxy: {failed or 'no'} replies of its own; {moved} requests sent again by it "
        "(to the other host) and answered",
    ]


def serve_and_check(url: str, args: argparse.Namespace, tmp: Path) -> list[Result]:
    env = environment(url, args.redis_url)
    prepare_database(env)
    setup = set_up_class(url, 9)
    logs = [tmp / f"{host}.log" for host in HOSTS]
    with (
        gunicorn(env, args.workers, logs[0]) as (master1, port1),
        gunicorn(env, args.workers, logs[1]) as (master2, port2),
        haproxy([port1, port2], args.workers, tmp) as balancer,
    ):
        port = balancer.port
        print(f"hosts on ports {port1} and {port2}, HAProxy on {port}", flush=True)
        results = [
            check_session(port),
            check_rate_limit(port),
            check_two_factor(port, url),
            check_answer_resent(port, url),
            check_quiz_attempts(port, url, setup),
            check_live_game(port, url, setup),
        ]
        kill_run = run_with_a_host_killed(balancer, url, [master1, master2], args)
        results.append(kill_run.result)
        proxy_said = balancer.log.read_text(errors="replace")
    report(results, kill_run, args)
    tracebacks = [e for log in logs for e in server_errors_logged(log.read_text(errors="replace"))]
    for line in proxy_summary(proxy_said):
        print(line)
    for line in [*kill_run.details, *tracebacks[:5]]:
        print("  !", line)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers a host")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20, help="of the run with the kill")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    began = time.perf_counter()
    with (
        tempfile.TemporaryDirectory() as tmp,
        throwaway_database(args.database_url, Path(tmp), prefix="quizapp_hosts") as (_, url),
    ):
        results = serve_and_check(url, args, Path(tmp))
    print(f"whole run: {time.perf_counter() - began:.0f} s")
    sys.exit(int(not all(r.passed for r in results)))


if __name__ == "__main__":
    main()
