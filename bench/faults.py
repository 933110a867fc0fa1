"""Fault benchmark: students answer through gunicorn while its workers are killed at random.

Usage: .venv/bin/python bench/faults.py [--students 20] [--seconds 30] [--workers 3]
           [--kill-every 0.4-4] [--database-url URL] [--seed N]

The database is set up as production does it (`flask db upgrade`, `flask banks import`) and served
by gunicorn with `quizapp.wsgi:app`. Scripted students sign up and answer questions through the real
HTML forms while a killer sends SIGKILL to a random gunicorn worker every few seconds (uniformly
drawn from --kill-every; 0 kills nothing). A request cut off by a kill (a refused or reset
connection, an empty reply, a 5xx) is sent again unchanged, same token and same answer, until the
server answers it; an answer counts as acknowledged once the server redirects it (303) to its
feedback page.

Afterwards the database is read directly and the run fails (exit status 1) when an acknowledged
answer is missing (lost), more answers are recorded than were acknowledged (doubled), a card's
`reps` differs from its number of reviews, or the students met a reply they did not expect (an
answer refused, say) or a request that never got an answer.

Without --database-url a SQLite file in a temporary directory is used; a PostgreSQL URL (such as
postgresql://postgres@127.0.0.1:5432/test) gets a throwaway schema that is dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import secrets
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from browser import Client, GaveUp, Reply, Traffic
from harness import app_environment, gunicorn, prepare_database, throwaway_database
from pages import Form, Page, answer_fields

from quizapp.accounts.models import User
from quizapp.config import database_url
from quizapp.study.models import Card, Review

ANSWERED = re.compile(r"^/study/(?P<slug>[^/]+)/answers/(?P<id>[0-9]+)$")
BANK_LINK = re.compile(r"^/study/(?P<slug>[^/]+)/$")


# --- one student's browser ----------------------------------------------------------------------


@dataclass
class Tally:
    traffic: Traffic = field(default_factory=Traffic)
    answers_retried: int = 0  # answer posts among the retried requests
    acknowledged: set[int] = field(default_factory=set)
    types: Counter[str] = field(default_factory=Counter)  # acknowledged answers by question type
    unexpected: list[str] = field(default_factory=list)
    failed: str | None = None


# --- a scripted student -------------------------------------------------------------------------


class Student:
    """Signs up, then answers questions bank after bank until the time is up."""

    def __init__(self, number: int, port: int, deadline: float, abort: threading.Event, seed: int):
        self.username = f"faults{number:03d}-{secrets.token_hex(3)}"
        self.password = secrets.token_urlsafe(18)
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.client = Client(port, abort, random.Random(seed + 1), self.tally.traffic)

    def run(self) -> None:
        try:
            self.sign_up()
            self.study()
        except GaveUp as exc:
            self.tally.failed = str(exc)
        except Exception as exc:  # a bug here must reach the report, not die with the thread
            self.tally.failed = f"{type(exc).__name__}: {exc}"

    def _credentials(self, path: str) -> list[tuple[str, str]]:
        page = Page(path, self.client.get(path).body)
        form = page.form(field="username")
        if form is None:
            raise GaveUp(f"{path} shows no form")
        return [*form.hidden(), ("username", self.username), ("password", self.password)]

    def sign_up(self) -> None:
        fields = [*self._credentials("/auth/register"), ("confirm", self.password)]
        if self.client.post("/auth/register", fields).status == 302:
            return
        # A sign-up cut off after its commit and sent again finds the name taken: log in instead.
        reply = self.client.post("/auth/login", self._credentials("/auth/login"))
        if reply.status != 302:
            raise GaveUp(f"could not sign up or log in ({reply.status})")

    def study(self) -> None:
        banks = self.bank_slugs()
        self.rng.shuffle(banks)
        while banks and time.monotonic() < self.deadline:
            if not self.answer_one(banks[0]):
                banks.pop(0)  # nothing more in this bank today

    def bank_slugs(self) -> list[str]:
        page = Page("/banks/", self.client.get("/banks/").body)
        found = (BANK_LINK.match(link) for link in page.links)
        return sorted({match["slug"] for match in found if match})

    def unexpected(self, what: str, reply: Reply) -> None:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reply.body))[:160]
        self.tally.unexpected.append(f"{what}: HTTP {reply.status} {reply.location} {text}")

    def answer_one(self, slug: str) -> bool:
        """Answer the next question of a bank; False when the bank has nothing left to give."""
        path = f"/study/{slug}/next"
        reply = self.client.get(path)
        if reply.status != 200:
            self.unexpected(f"GET {path}", reply)
            return False
        page = Page(path, reply.body)
        form = page.form(action="/answer", field="token")
        if form is None or page.qtype is None:
            return self.ask_for_more(page)
        self.submit(form, page.qtype)
        return True

    def submit(self, form: Form, qtype: str) -> None:
        retried_before = self.tally.traffic.retried
        reply = self.client.post(form.action, answer_fields(form, qtype, self.rng))
        self.tally.answers_retried += self.tally.traffic.retried - retried_before
        found = ANSWERED.match(reply.location) if reply.status == 303 else None
        if found is None:
            self.unexpected(f"answer ({qtype})", reply)
            return
        self.tally.acknowledged.add(int(found["id"]))
        self.tally.types[qtype] += 1
        feedback = self.client.get(reply.location)  # as a browser follows the redirect
        if feedback.status != 200:
            self.unexpected(f"GET {reply.location}", feedback)

    def ask_for_more(self, page: Page) -> bool:
        """On 'All done for now', ask for more new questions when the page offers them."""
        form = page.form(action="/more-new")
        if form is None:
            return False
        reply = self.client.post(form.action, form.hidden())
        if reply.status != 303:
            self.unexpected(f"POST {form.action}", reply)
            return False
        return True


# --- the killer ---------------------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's children: its workers."""
    with contextlib.suppress(OSError):
        return [
            int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()
        ]
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The command name may hold spaces: the parent pid is the second field after its ')'.
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(stat.parent.name))
    return children


class Killer(threading.Thread):
    """Sends SIGKILL to a random worker at random intervals until the deadline or `stop`."""

    def __init__(
        self, master: int, every: tuple[float, float], deadline: float, stop: threading.Event
    ):
        super().__init__(daemon=True)
        self.master, self.every, self.deadline, self.stop = master, every, deadline, stop
        self.rng = random.Random()
        self.killed = 0

    def run(self) -> None:
        if self.every[1] <= 0:
            return
        while not self.stop.wait(self.rng.uniform(*self.every)):
            if time.monotonic() >= self.deadline:
                return
            pids = worker_pids(self.master)
            if pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.rng.choice(pids), signal.SIGKILL)
                    self.killed += 1


# --- the database and the server ----------------------------------------------------------------


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    students: list[Student]
    killed: int
    seconds: float
    log: str


def serve_and_study(args: argparse.Namespace, env: dict[str, str], log: Path) -> Outcome:
    seeds = random.Random(args.seed)
    stop = threading.Event()
    with gunicorn(env, args.workers, log) as (master, port):
        started = time.monotonic()
        deadline = started + args.seconds
        students = [
            Student(n, port, deadline, stop, seeds.randrange(2**32)) for n in range(args.students)
        ]
        killer = Killer(master, args.kill_every, deadline, stop)
        threads = [threading.Thread(target=s.run, daemon=True) for s in students]
        killer.start()
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.5)  # a join without a timeout would not see Ctrl-C
        finally:
            stop.set()  # ends the killer, and any student still retrying after an interruption
            killer.join()
        seconds = time.monotonic() - started
    return Outcome(students, killer.killed, seconds, log.read_text(errors="replace"))


@dataclass
class Check:
    lost: int
    doubled: int
    mismatched: list[str]


def check_database(url: str, students: list[Student]) -> Check:
    """Compare what the students were told with what the database holds."""
    engine = sa.create_engine(database_url(url, Path("unused.db")))
    try:
        with engine.connect() as conn:
            user_ids = dict(conn.execute(sa.select(User.username, User.id)).all())
            reviews = conn.execute(sa.select(Review.id, Review.user_id, Review.question_id)).all()
            cards = conn.execute(sa.select(Card.user_id, Card.question_id, Card.reps)).all()
    finally:
        engine.dispose()
    recorded: dict[int, set[int]] = defaultdict(set)
    for review in reviews:
        recorded[review.user_id].add(review.id)
    lost = doubled = 0
    for student in students:
        mine = recorded[user_ids.get(student.username, -1)]
        lost += len(student.tally.acknowledged - mine)
        doubled += max(0, len(mine) - len(student.tally.acknowledged))
    counts = Counter((review.user_id, review.question_id) for review in reviews)
    reps = {(card.user_id, card.question_id): card.reps for card in cards}
    mismatched = [
        f"user {user} question {question}: reps {reps.get((user, question), 'no card')}, "
        f"{counts[(user, question)]} reviews"
        for user, question in sorted(counts.keys() | reps.keys())
        if counts[(user, question)] != reps.get((user, question), 0)
    ]
    return Check(lost, doubled, mismatched)


def server_errors_logged(log: str) -> list[str]:
    """The last line of each traceback gunicorn's workers wrote: the exceptions raised."""
    errors = []
    for block in log.split("Traceback (most recent call last):")[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith(" ")]
        errors.append(lines[0] if lines else "?")
    return errors


def report(name: str, outcome: Outcome, check: Check) -> int:
    tallies = [student.tally for student in outcome.students]
    acknowledged = sum(len(t.acknowledged) for t in tallies)
    retried = sum(t.traffic.retried for t in tallies)
    unexpected = [line for t in tallies for line in t.unexpected]
    failed = [f"{s.username}: {s.tally.failed}" for s in outcome.students if s.tally.failed]
    tracebacks = server_errors_logged(outcome.log)
    rows = [
        ("acknowledged answers", acknowledged),
        ("answers per second", f"{acknowledged / outcome.seconds:.1f}"),
        ("requests", sum(t.traffic.requests for t in tallies)),
        ("workers killed", outcome.killed),
        ("gunicorn saw killed", outcome.log.count("was sent SIGKILL")),
        ("requests retried", f"{retried} ({sum(t.traffic.resends for t in tallies)} resends)"),
        ("answer posts retried", sum(t.answers_retried for t in tallies)),
        ("5xx replies", sum(t.traffic.server_errors for t in tallies)),
        ("tracebacks logged", len(tracebacks)),
        ("unexpected replies", len(unexpected)),
        ("students failed", len(failed)),
        ("lost", check.lost),
        ("doubled", check.doubled),
        ("reps mismatches", len(check.mismatched)),
        ("duration s", f"{outcome.seconds:.1f}"),
    ]
    for label, value in rows:
        print(f"{label:<24}{value:>12}")
    types = sum((t.types for t in tallies), Counter[str]())
    print("by type:", ", ".join(f"{qtype} {n}" for qtype, n in sorted(types.items())))
    for title, lines in [
        ("unexpected replies", unexpected),
        ("failed students", failed),
        ("server exceptions", [f"{n} x {e}" for e, n in Counter(tracebacks).most_common()]),
        ("reps mismatches", check.mismatched),
    ]:
        if lines:
            print(f"{title} (first 10):", *lines[:10], sep="\n  ")
    print(
        f"faults database={name} acknowledged={acknowledged} killed={outcome.killed} "
        f"retried={retried} lost={check.lost} doubled={check.doubled} "
        f"reps_mismatch={len(check.mismatched)} unexpected={len(unexpected)} "
        f"failed={len(failed)} seconds={outcome.seconds:.1f}"
    )
    return int(bool(check.lost or check.doubled or check.mismatched or failed or unexpected))


def interval(text: str) -> tuple[float, float]:
    """'0.4-4' -> (0.4, 4.0); '2' -> (2.0, 2.0); '0' kills nothing."""
    low, _, high = text.partition("-")
    bounds = (float(low), float(high or low))
    if not 0 <= bounds[0] <= bounds[1]:
        raise argparse.ArgumentTypeError(f"not an interval of seconds: {text}")
    return bounds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--kill-every", type=interval, default=(0.4, 4.0), metavar="LOW-HIGH")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--seed", type=int, default=None, help="for the students' answers")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        throwaway_database(args.database_url, Path(tmp)) as (name, url),
    ):
        low, high = args.kill_every
        print(
            f"{args.students} students, {args.workers} gunicorn workers, {args.seconds:g} s, "
            f"a worker killed every {low:g}-{high:g} s, on {name}"
        )
        env = app_environment(url)
        print(prepare_database(env))
        outcome = serve_and_study(args, env, Path(tmp) / "gunicorn.log")
        check = check_database(url, outcome.students)
    sys.exit(report(name, outcome, check))


if __name__ == "__main__":
    main()
