"""Benchmark a class at the bell: 40 students start the same 20-question quiz at the same moment.

Usage: .venv/bin/python bench/quiz.py [--database sqlite|postgresql|both] [--students 40]
           [--questions 20] [--workers 4] [--think 0] [--start-within 0] [--database-url URL]
           [--json FILE]

PostgreSQL is a throwaway schema on --database-url (default DATABASE_URL); without one, SQLite
only. Each database is set up as production does it (`flask db upgrade`, `flask banks
import`), then a teacher, a class of --students students and a quiz of --questions questions are
written directly: a fixed selection from the shipped banks' questions that a quiz may ask (no
flashcards), the types taken in turn, with a 30-minute time limit and one attempt. gunicorn
serves `quizapp.wsgi:app` with --workers workers.

Every student logs in through the real form (not timed) and waits for the bell; then all of them
at once (or each at a moment drawn from the --start-within seconds after it) open their quiz list,
start the quiz, and go through its pages as a browser does: GET the question, POST a valid answer
with "Save and next" (timed, until its 303), and at the end GET the review page and POST "Submit
the quiz" (timed), then GET the result. --think T adds a pause of 0 to 2T seconds before each
answer, --think A-B one of A to B seconds (default 0: as fast as the server allows).

Afterwards the database is read directly: every answer the server acknowledged with a 303 must be
saved (its attempt item has answered_at), every student must have exactly one attempt, and every
acknowledged submission must be recorded. It prints a table (p50 and p99 of the saves and of the
submissions, in milliseconds; requests during the timed part; errors, i.e. replies a browser would
not expect, 5xx included; lost answers), the server's CPU from the bell to the last result
(gunicorn's master and workers, and on PostgreSQL the backends of its connections, told apart by
their application_name) and the students per core it gives: students / cores used on average.
--json writes the same figures to a file. It exits with status 1 if anything was lost or doubled
or a submission is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain, zip_longest
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from browser import Client, GaveUp, Reply, Traffic
from faults import server_errors_logged
from harness import (
    CpuMeter,
    add_database_options,
    app_environment,
    database_names,
    gunicorn,
    prepare_database,
    production_app,
    throwaway_database,
)
from pages import Form, Page, answer_fields

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.classes import services as classes
from quizapp.classes.models import Membership
from quizapp.config import database_url
from quizapp.extensions import db
from quizapp.quizzes import services as quizzes
from quizapp.quizzes.models import Attempt, AttemptItem

PASSWORD = "a long password for the bench"
ITEM = re.compile(r"^/attempts/(?P<attempt>[0-9]+)/(?P<position>[0-9]+)$")
REVIEW = re.compile(r"^/attempts/(?P<attempt>[0-9]+)/$")
CHOSEN_BY_STUDENT = {"go", "flagged"}  # not left to the random answer: the student moves on
BELL_TIMEOUT = 300.0  # seconds the logged-in students wait for the others


# --- the class and its quiz, written directly -------------------------------------------------


@dataclass(frozen=True)
class Setup:
    quiz_id: int
    usernames: list[str]
    types: list[str]  # of the quiz's questions


def enroll(class_id: int, students: int, now: datetime, prefix: str = "bell") -> list[str]:
    """`students` students in the class, all with the bench's password (hashed once)."""
    password_hash = PasswordHasher().hash(PASSWORD)
    names = [f"{prefix}{n:03d}" for n in range(students)]
    users = [
        {"username": name, "password_hash": password_hash, "role": "student",
         "session_token": secrets.token_hex(16), "timezone": "UTC", "extra_new_count": 0,
         "created_at": now}
        for name in names
    ]  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(sa.insert(User), users)
        ids = conn.scalars(sa.select(User.id).where(User.username.in_(names))).all()
        conn.execute(
            sa.insert(Membership),
            [{"classroom_id": class_id, "user_id": uid, "joined_at": now} for uid in ids],
        )
    return names


def pick(pool: list[quizzes.PoolQuestion], count: int) -> list[quizzes.PoolQuestion]:
    """A fixed selection: each type in turn, in the order the class's banks list them."""
    by_type: dict[str, list[quizzes.PoolQuestion]] = {}
    for question in pool:
        by_type.setdefault(question.type, []).append(question)
    taken = [q for q in chain.from_iterable(zip_longest(*by_type.values())) if q is not None]
    if len(taken) < count:
        raise SystemExit(f"the shipped banks have {len(taken)} quiz questions, not {count}")
    return taken[:count]


def set_up(url: str, students: int, questions: int) -> Setup:
    app = production_app(url)
    with app.app_context():
        now = datetime.now(UTC)
        teacher = accounts.register("bell_teacher", PASSWORD, "UTC", role="teacher")
        class_id = classes.create_class(teacher.id, "Class at the bell", "", now)
        usernames = enroll(class_id, students, now)
        chosen = pick(quizzes.question_pool(teacher.id, class_id), questions)
        settings = quizzes.QuizSettings(
            title="The lunar station agreement",
            question_ids=[q.id for q in chosen],
            time_limit_minutes=30,
            attempts_allowed=1,
            studied_ok=True,  # the shipped banks are studied banks
        )
        quiz_id = quizzes.create_quiz(teacher.id, class_id, settings, now)
        db.session.remove()
        db.engine.dispose()  # SQLite: nothing of this process stays open next to gunicorn
    return Setup(quiz_id, usernames, [q.type for q in chosen])


# --- a scripted student -----------------------------------------------------------------------


@dataclass(frozen=True)
class Pace:
    think: tuple[float, float] = (0.0, 0.0)  # seconds before each answer, drawn uniformly
    start_within: float = 0.0  # seconds after the bell in which each student starts


def think_range(text: str) -> tuple[float, float]:
    """--think: "T" is 0 to 2T seconds (T on average), "A-B" is A to B seconds."""
    low, dash, high = text.partition("-")
    if not dash:
        return 0.0, 2 * float(text)
    if not 0 <= float(low) <= float(high):
        raise argparse.ArgumentTypeError(f"{text!r}: not a range of seconds like 5-20")
    return float(low), float(high)


@dataclass
class Tally:
    traffic: Traffic = field(default_factory=Traffic)
    requests_logging_in: int = 0  # left out of the count: the timed part starts at the bell
    start_ms: list[float] = field(default_factory=list)
    save_ms: list[float] = field(default_factory=list)
    submit_ms: list[float] = field(default_factory=list)
    acknowledged: set[tuple[int, int]] = field(default_factory=set)  # (attempt, position)
    submitted: int | None = None  # the attempt whose submission was acknowledged
    unexpected: list[str] = field(default_factory=list)
    failed: str | None = None


class Student:
    """Logs in, waits for the bell, then takes the quiz from its first question to the result."""

    def __init__(
        self, username: str, port: int, bell: threading.Barrier, pace: Pace, seed: int
    ) -> None:
        self.username = username
        self.bell = bell
        self.pace = pace
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.tally = Tally()
        self.client = Client(port, self.stop, random.Random(seed + 1), self.tally.traffic)

    def run(self, quiz_id: int) -> None:
        try:
            self.log_in()
            self.tally.requests_logging_in = self.tally.traffic.requests
            self.bell.wait(BELL_TIMEOUT)
            if self.pace.start_within:
                time.sleep(random.Random(self.username).uniform(0, self.pace.start_within))
            self.take(quiz_id)
        except Exception as exc:  # a failure here must reach the report, not die with the thread
            self.bell.abort()  # nobody waits for a student who is not coming
            self.tally.failed = f"{type(exc).__name__}: {exc}"

    def log_in(self) -> None:
        page = Page("/auth/login", self.get("/auth/login").body)
        form = page.form(field="username")
        if form is None:
            raise GaveUp("the log-in page shows no form")
        fields = [*form.hidden(), ("username", self.username), ("password", PASSWORD)]
        reply = self.client.post("/auth/login", fields)
        if reply.status != 302:
            raise GaveUp(f"could not log in (HTTP {reply.status})")

    def take(self, quiz_id: int) -> None:
        path = self.start(quiz_id)
        while found := ITEM.match(path):
            path = self.answer(path, found)
        if not REVIEW.match(path):
            raise GaveUp(f"the last answer led to {path!r}, not to the review page")
        self.submit(path)

    def get(self, path: str) -> Reply:
        reply = self.client.get(path)
        if reply.status != 200:
            self.unexpected(f"GET {path}", reply)
        return reply

    def timed_post(self, path: str, fields: list[tuple[str, str]], into: list[float]) -> Reply:
        started = time.perf_counter()
        reply = self.client.post(path, fields)
        into.append((time.perf_counter() - started) * 1000)
        if reply.status != 303:
            self.unexpected(f"POST {path}", reply)
        return reply

    def unexpected(self, what: str, reply: Reply) -> None:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reply.body))[:160]
        self.tally.unexpected.append(f"{what}: HTTP {reply.status} {reply.location} {text}")

    def start(self, quiz_id: int) -> str:
        form = Page("/quizzes/", self.get("/quizzes/").body).form(action=f"/{quiz_id}/start")
        if form is None:
            raise GaveUp("the quiz list shows no Start button")
        reply = self.timed_post(form.action, form.hidden(), self.tally.start_ms)
        if reply.status != 303:
            raise GaveUp(f"the quiz did not start (HTTP {reply.status})")
        return reply.location

    def answer(self, path: str, found: re.Match[str]) -> str:
        """Answer the question at `path` and move on; returns the page to go to next."""
        page = Page(path, self.get(path).body)
        form = page.form(field="token")
        if form is None or page.qtype is None:
            raise GaveUp(f"{path} shows no question")
        onward = [c.value for c in form.controls if c.name == "go"][-1]  # next, or review
        shown = Form(form.action, [c for c in form.controls if c.name not in CHOSEN_BY_STUDENT])
        fields = [*answer_fields(shown, page.qtype, self.rng), ("go", onward)]
        if self.pace.think[1]:
            time.sleep(self.rng.uniform(*self.pace.think))
        reply = self.timed_post(form.action, fields, self.tally.save_ms)
        if reply.status == 303:
            self.tally.acknowledged.add((int(found["attempt"]), int(found["position"])))
        going = onward if onward.isdigit() else ""
        return f"/attempts/{found['attempt']}/{going}"

    def submit(self, path: str) -> None:
        form = Page(path, self.get(path).body).form(action="/submit")
        if form is None:
            raise GaveUp(f"{path} shows no Submit button")
        reply = self.timed_post(form.action, form.hidden(), self.tally.submit_ms)
        if reply.status == 303:
            self.tally.submitted = int(path.split("/")[2])
            self.get(reply.location)  # the result page, as a browser follows the redirect


# --- the bell ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    tallies: list[Tally]
    seconds: float  # from the bell to the last result page
    log: str
    cpu_seconds: float = float("nan")  # the server's, over the same time
    processes: tuple[int, int] = (0, 0)  # gunicorn's and PostgreSQL's, that it counts


def ring(port: int, setup: Setup, pace: Pace, log: Path, meter: CpuMeter) -> Outcome:
    count = len(setup.usernames)
    rang: list[float] = []

    def at_the_bell() -> None:
        rang.append(time.perf_counter())
        meter.start()

    bell = threading.Barrier(count, action=at_the_bell)
    students = [Student(name, port, bell, pace, n) for n, name in enumerate(setup.usernames)]
    threads = [threading.Thread(target=s.run, args=(setup.quiz_id,), daemon=True) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)  # a join without a timeout would not see Ctrl-C
    cpu, seconds = meter.stop() if rang else (float("nan"), float("nan"))
    counted = (len(meter.last) - len(meter.backends_seen), len(meter.backends_seen))
    return Outcome(
        [s.tally for s in students], seconds, log.read_text(errors="replace"), cpu, counted
    )


# --- what the database holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    acknowledged: int
    lost: int
    attempts: int
    doubled: int  # attempts beyond one per student
    submissions: int
    submissions_lost: int  # acknowledged, yet not recorded


def check_database(url: str, quiz_id: int, tallies: list[Tally]) -> Check:
    engine = sa.create_engine(database_url(url, Path("unused.db")))
    try:
        with engine.connect() as conn:
            answered = set(
                conn.execute(
                    sa.select(AttemptItem.attempt_id, AttemptItem.position)
                    .join(Attempt, Attempt.id == AttemptItem.attempt_id)
                    .where(Attempt.quiz_id == quiz_id, AttemptItem.answered_at.is_not(None))
                )
            )
            attempts = conn.execute(
                sa.select(Attempt.id, Attempt.user_id, Attempt.submitted_at).where(
                    Attempt.quiz_id == quiz_id
                )
            ).all()
    finally:
        engine.dispose()
    acknowledged = set().union(*(t.acknowledged for t in tallies))
    submitted = {a.id for a in attempts if a.submitted_at is not None}
    told = {t.submitted for t in tallies if t.submitted is not None}
    return Check(
        acknowledged=len(acknowledged),
        lost=len(acknowledged - answered),
        attempts=len(attempts),
        doubled=len(attempts) - len({a.user_id for a in attempts}),
        submissions=len(submitted),
        submissions_lost=len(told - submitted),
    )


# --- the report -------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (with 40 submissions, p99 is the slowest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


COLUMNS = (
    f"{'database':<11}{'saves':>7}{'p50 ms':>8}{'p99 ms':>8}{'submits':>9}{'p50 ms':>8}"
    f"{'p99 ms':>8}{'requests':>10}{'errors':>8}{'lost':>6}{'doubled':>9}{'seconds':>9}"
)


@dataclass(frozen=True)
class Row:
    name: str
    outcome: Outcome
    check: Check

    @property
    def errors(self) -> int:
        tallies = self.outcome.tallies
        return sum(len(t.unexpected) + t.traffic.server_errors for t in tallies)

    @property
    def failed(self) -> bool:
        check, students = self.check, len(self.outcome.tallies)
        missing = check.submissions < students or check.submissions_lost
        return bool(check.lost or check.doubled or missing)

    @property
    def cores(self) -> float:
        """The server's CPU cores used on average from the bell to the last result."""
        return self.outcome.cpu_seconds / self.outcome.seconds

    def figures(self) -> dict[str, object]:
        """What the table and the CPU line print, for --json."""
        tallies = self.outcome.tallies
        saves = [ms for t in tallies for ms in t.save_ms]
        submits = [ms for t in tallies for ms in t.submit_ms]
        students = len(tallies)
        return {
            "database": self.name,
            "students": students,
            "saves": len(saves),
            "save_p50_ms": percentile(saves, 0.5),
            "save_p99_ms": percentile(saves, 0.99),
            "submits": len(submits),
            "submit_p50_ms": percentile(submits, 0.5),
            "submit_p99_ms": percentile(submits, 0.99),
            "requests": sum(t.traffic.requests - t.requests_logging_in for t in tallies),
            "errors": self.errors,
            "lost": self.check.lost,
            "doubled": self.check.doubled,
            "submissions_missing": students - self.check.submissions,
            "submissions_lost": self.check.submissions_lost,
            "seconds": self.outcome.seconds,
            "server_cpu_seconds": self.outcome.cpu_seconds,
            "server_cores": self.cores,
            "students_per_core": students / self.cores if self.cores else float("nan"),
        }

    def line(self) -> str:
        f = self.figures()
        return (
            f"{self.name:<11}{f['saves']:>7}{f['save_p50_ms']:>8.0f}{f['save_p99_ms']:>8.0f}"
            f"{f['submits']:>9}{f['submit_p50_ms']:>8.0f}{f['submit_p99_ms']:>8.0f}"
            f"{f['requests']:>10}{self.errors:>8}{self.check.lost:>6}{self.check.doubled:>9}"
            f"{self.outcome.seconds:>9.1f}"
        )

    def cpu_line(self) -> str:
        f = self.figures()
        gunicorns, backends = self.outcome.processes
        return (
            f"{self.name}: server CPU {f['server_cpu_seconds']:.1f} s in {f['seconds']:.1f} s "
            f"({gunicorns} gunicorn processes, {backends} PostgreSQL backends; "
            f"{f['server_cores']:.2f} cores on average): {f['students_per_core']:,.0f} students "
            "per core at the bell"
        )


def details(row: Row) -> None:
    """What the table leaves out: starts, retries, the database's counts, and what went wrong."""
    tallies, check = row.outcome.tallies, row.check
    starts = [ms for t in tallies for ms in t.start_ms]
    retried = sum(t.traffic.retried for t in tallies)
    print(
        f"{row.name}: starts p50 {percentile(starts, 0.5):.0f} ms, p99 "
        f"{percentile(starts, 0.99):.0f} ms; {check.acknowledged} answers acknowledged; "
        f"{check.attempts} attempts, {check.submissions} submitted "
        f"({check.submissions_lost} acknowledged but not recorded); {retried} requests retried"
    )
    unexpected = [line for t in tallies for line in t.unexpected]
    failed = [t.failed for t in tallies if t.failed]
    tracebacks = server_errors_logged(row.outcome.log)
    for title, lines in [
        ("unexpected replies", unexpected),
        ("students who could not finish", failed),
        ("server exceptions", tracebacks),
    ]:
        if lines:
            print(f"  {title} ({len(lines)}, first 5):", *lines[:5], sep="\n    ")


@contextlib.contextmanager
def backends_of(url: str, application: str) -> Iterator[Callable[[], list[int]]]:
    """The pids of the PostgreSQL backends of the connections that name themselves so."""
    engine = sa.create_engine(database_url(url, Path("unused.db")), poolclass=sa.pool.NullPool)
    query = sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :name")
    try:
        with engine.connect() as conn:
            yield lambda: list(conn.scalars(query, {"name": application}))
    finally:
        engine.dispose()


def bench(name: str, url: str, args: argparse.Namespace, tmp: Path) -> Row:
    application = f"quizapp_bell_{secrets.token_hex(4)}"
    if name == "postgresql":  # the server's own backends, told apart from the rest
        url = f"{url}{'&' if '?' in url else '?'}application_name={application}"
    env = app_environment(url)
    prepare_database(env)
    setup = set_up(url, args.students, args.questions)
    kinds = ", ".join(f"{t} {setup.types.count(t)}" for t in dict.fromkeys(setup.types))
    print(f"{name}: {len(setup.usernames)} students, quiz of {kinds}", flush=True)
    log = tmp / "gunicorn.log"
    pace = Pace(args.think, args.start_within)
    with gunicorn(env, args.workers, log) as (master, port), contextlib.ExitStack() as stack:
        backends: Callable[[], list[int]] = list  # SQLite: gunicorn's processes alone
        if name == "postgresql":
            backends = stack.enter_context(backends_of(url, application))
        outcome = ring(port, setup, pace, log, CpuMeter(master, backends))
    return Row(name, outcome, check_database(url, setup.quiz_id, outcome.tallies))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_options(parser)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--think",
        type=think_range,
        default=(0.0, 0.0),
        help="pause before an answer: T (0 to 2T s) or A-B (A to B s)",
    )
    parser.add_argument(
        "--start-within", type=float, default=0.0, help="students start within this many s"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    began = time.perf_counter()
    rows = []
    for name in database_names(args):
        with tempfile.TemporaryDirectory() as tmp:
            pg = args.database_url if name == "postgresql" else None
            with throwaway_database(pg, Path(tmp)) as (_, url):
                rows.append(bench(name, url, args, Path(tmp)))
        details(rows[-1])
    print(f"\n{COLUMNS}", *(row.line() for row in rows), sep="\n")
    for row in rows:
        print(row.cpu_line())
    if args.json:
        args.json.write_text(json.dumps({"bell": [row.figures() for row in rows]}, indent=2))
    print(f"whole run: {time.perf_counter() - began:.0f} s (seconds above: bell to last result)")
    sys.exit(int(any(row.failed for row in rows)))


if __name__ == "__main__":
    main()
