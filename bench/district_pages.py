"""Every page of a seeded district, timed over HTTP through gunicorn, with its SQL explained.

Usage: .venv/bin/python bench/district_pages.py [--database-url URL] [--requests 400]
           [--workers 2] [--page-seconds 0] [--only study,answer,...] [--no-analyze] [--sql]
           [--strict] [--json FILE]

The database is a schema seeded by bench/district.py (`--keep` prints its URL; DATABASE_URL is
read when --database-url is not given). quizapp is served under gunicorn as production serves it
(`quizapp.wsgi:app` with quizapp.gunicorn_config, --workers sync workers), and the hello-world app
of bench/hello.py the same way beside it (access log to a file, app loaded before the fork). One
client, one connection a request, requests one after the other: what is timed is the server.

The pages, with ids picked from the data by SQL: as the heavy student (20,000 answers at full
size) the study page of the bank where most of their cards are due, an answer to it (read from
the page and posted as a browser does; each answer's question page is loaded first, untimed), the
feedback page of an answer, the bank list, the progress page and the history of their most
answered question; as the teacher of the class with the most quiz attempts, its roster, its
question view, its gradebook, its open homework's page and the teacher's home; as the teacher of
the quiz with the most attempts, that quiz's item analysis; as a student of another class, a
quiz page and a save of its answer, in a quiz this bench opens for the run (a copy of one of
the class's quizzes, open for a day, deleted at the end with its attempt); as a teacher allowed
to edit its bank, the save of a question editor that regrades a question of 10,000 answers, and
the count the editor shows before it (see district_regrade.py: the question is put back as seeded
before each one, and at the end). The heavy student's answers stay: a few hundred among 20,000.

Each page is requested a few times untimed (each worker's first rendering), then --requests
times (400: 20 samples in the 5% tail of a p95; fewer if --page-seconds run out first; a regrade
takes seconds: --regrade-samples, 10);
hello-world's GET / as many times, half before the pages and half after. It prints the rows
each table actually holds, then one table: p50 and p95 in ms, both as multiples of hello-world's
p50, the statements the request sent (through the cursor: BEGIN is one, a COMMIT is the
driver's and is not), and the sequential scans of a big table in their plans (see
district_explain.py); then each page's slowest statement and each such scan. --strict exits 1
when there is any; --json writes the table's figures and the scans to a file. On a small
district the planner rightly reads a small table whole: the scans that matter are those at full
size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import psycopg
from browser import Client, Reply
from district import PASSWORD, psycopg_url
from district_explain import BIG_TABLES, Explained, Sent, capturing, explain
from district_regrade import (
    EditorForm,
    RegradePick,
    Restoring,
    allow_teacher,
    disallow_teacher,
    pick_regrade,
    print_regrade_pick,
    with_accepted,
)
from flask import Flask
from harness import app_environment, gunicorn, production_app
from pages import Form, Page, answer_fields
from werkzeug.datastructures import MultiDict

from quizapp.extensions import db

BENCH = Path(__file__).resolve().parent
HELLO_OPTIONS = ("--pythonpath", str(BENCH), "--access-logfile", "-", "--preload")
WARM_UP = 4  # untimed requests a page: each of two workers renders its templates once
CHOSEN_BY_STUDENT = {"go", "flagged"}  # a quiz's own buttons: the answer moves on to the next
SIZES = {"users": '"user"', "reviews": "review", "cards": "card", "attempts": "attempt"}
BENCH_QUIZ_TITLE = "Opened by bench/district_pages.py"


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


def log_in(browser: Browser, username: str) -> None:
    form = get(browser, "/auth/login").form(field="username")
    assert form is not None, "the log-in page shows no form"
    call = Call(
        "POST", "/auth/login", [*form.hidden(), ("username", username), ("password", PASSWORD)], 302
    )
    checked(call, browser.send(call))


# ---- what the pages are timed on -------------------------------------------------------------


@dataclass
class Picks:
    """The ids the pages are requested with, chosen from the seeded data."""

    heavy_answers: int = 0
    slugs: list[tuple[str, int]] = field(default_factory=list)  # (bank, heavy's due cards)
    history_question: int = 0
    class_id: int = 0
    class_members: int = 0
    class_attempts: int = 0
    teacher: str = ""
    analysed_quiz: int = 0
    analysed_attempts: int = 0
    analysis_teacher: str = ""
    homework_id: int = 0
    quiz_taker: str = ""
    quiz_class: int = 0
    quiz_template: int = 0


def one(conn: psycopg.Connection[Any], sql: str, *params: Any) -> tuple[Any, ...]:
    row = conn.execute(sql, params).fetchone()
    if row is None:
        raise SystemExit(f"the seeded data has nothing for: {' '.join(sql.split())[:120]}")
    return tuple(row)


def pick_student(conn: psycopg.Connection[Any], p: Picks, now: datetime) -> None:
    heavy, p.heavy_answers = one(
        conn,
        'SELECT u.id, (SELECT count(*) FROM review r WHERE r.user_id = u.id) FROM "user" u '
        "WHERE u.username = 'heavy'",
    )
    p.slugs = [
        (slug, count)
        for slug, count in conn.execute(
            "SELECT b.slug, count(*) FROM card c JOIN question q ON q.id = c.question_id "
            "JOIN bank b ON b.id = q.bank_id WHERE c.user_id = %s AND c.due <= %s "
            "GROUP BY b.slug ORDER BY 2 DESC, 1",
            (heavy, now),
        )
    ]
    if not p.slugs:
        raise SystemExit("the heavy student has no card due")
    (p.history_question,) = one(
        conn,
        "SELECT question_id FROM review WHERE user_id = %s GROUP BY 1 ORDER BY count(*) DESC, 1 "
        "LIMIT 1",
        heavy,
    )


def teacher_of(conn: psycopg.Connection[Any], class_id: int) -> str:
    (name,) = one(
        conn,
        'SELECT u.username FROM classroom_teacher t JOIN "user" u ON u.id = t.user_id '
        "WHERE t.classroom_id = %s ORDER BY t.is_owner DESC, u.id LIMIT 1",
        class_id,
    )
    return str(name)


def pick_class(conn: psycopg.Connection[Any], p: Picks) -> None:
    p.class_id, p.class_members, p.class_attempts = one(
        conn,
        "WITH sizes AS (SELECT classroom_id, count(*) AS members FROM membership GROUP BY 1), "
        "tries AS (SELECT z.classroom_id, count(*) AS attempts FROM attempt a "
        "JOIN quiz z ON z.id = a.quiz_id GROUP BY 1) "
        "SELECT s.classroom_id, s.members, coalesce(t.attempts, 0) FROM sizes s "
        "LEFT JOIN tries t USING (classroom_id) ORDER BY 3 DESC, 2 DESC, 1 LIMIT 1",
    )
    p.teacher = teacher_of(conn, p.class_id)
    p.analysed_quiz, p.analysed_attempts, analysed_class = one(
        conn,
        "SELECT a.quiz_id, count(*), min(z.classroom_id) FROM attempt a "
        "JOIN quiz z ON z.id = a.quiz_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
    )
    p.analysis_teacher = teacher_of(conn, analysed_class)
    (p.homework_id,) = one(
        conn,
        "SELECT id FROM homework WHERE classroom_id = %s "
        "ORDER BY closed_at IS NULL DESC, set_at DESC LIMIT 1",
        p.class_id,
    )
    # The quiz taker: a student of another class (of another teacher if there is one), so that
    # the quiz this bench opens shows on none of the pages timed as the class's teacher.
    p.quiz_taker, p.quiz_class, p.quiz_template = one(
        conn,
        'SELECT u.username, m.classroom_id, min(z.id) FROM membership m JOIN "user" u '
        "ON u.id = m.user_id JOIN quiz z ON z.classroom_id = m.classroom_id "
        "JOIN classroom_teacher t ON t.classroom_id = m.classroom_id "
        "WHERE u.username <> 'heavy' GROUP BY u.id, u.username, m.classroom_id "
        "ORDER BY bool_or(t.user_id IN (SELECT user_id FROM classroom_teacher "
        "WHERE classroom_id = %s)), m.classroom_id = %s, m.classroom_id, u.id LIMIT 1",
        p.class_id,
        p.class_id,
    )


def open_quiz(conn: psycopg.Connection[Any], p: Picks, now: datetime) -> int:
    """A copy of one of the quiz taker's class's quizzes, open now, without a time limit."""
    (quiz_id,) = one(
        conn,
        "INSERT INTO quiz (classroom_id, title, selection, draw_count, stratify, "
        "shuffle_questions, shuffle_options, opens_at, closes_at, time_limit_s, "
        "attempts_allowed, grading, reveal, layout, question_time_s, created_by, created_at) "
        "SELECT classroom_id, %s, selection, draw_count, stratify, shuffle_questions, "
        "shuffle_options, %s, %s, NULL, NULL, grading, 'submit', 'paged', NULL, created_by, %s "
        "FROM quiz WHERE id = %s RETURNING id",
        BENCH_QUIZ_TITLE,
        now - timedelta(hours=1),
        now + timedelta(days=1),
        now - timedelta(hours=1),
        p.quiz_template,
    )
    conn.execute(
        "INSERT INTO quiz_question (quiz_id, question_id, position) "
        "SELECT %s, question_id, position FROM quiz_question WHERE quiz_id = %s",
        (quiz_id, p.quiz_template),
    )
    return int(quiz_id)


def drop_quiz(conn: psycopg.Connection[Any], quiz_id: int) -> None:
    attempts = "SELECT id FROM attempt WHERE quiz_id = %s"
    conn.execute(f"DELETE FROM attempt_item WHERE attempt_id IN ({attempts})", (quiz_id,))
    for table in ("attempt", "quiz_question", "quiz_accommodations"):
        conn.execute(f"DELETE FROM {table} WHERE quiz_id = %s", (quiz_id,))
    conn.execute("DELETE FROM quiz WHERE id = %s", (quiz_id,))


def print_sizes(conn: psycopg.Connection[Any]) -> None:
    counts = [one(conn, f"SELECT count(*) FROM {table}")[0] for table in SIZES.values()]
    print("data: " + ", ".join(f"{n:,} {name}" for name, n in zip(SIZES, counts, strict=True)))


def print_picks(p: Picks) -> None:
    slug, due = p.slugs[0]
    print(
        f"heavy student: {p.heavy_answers:,} answers; study bank {slug} ({due} cards due); "
        f"history of question {p.history_question}\n"
        f"class {p.class_id}: {p.class_members} students, {p.class_attempts:,} quiz attempts, "
        f"taught by {p.teacher}; homework {p.homework_id}\n"
        f"item analysis: quiz {p.analysed_quiz} ({p.analysed_attempts} attempts) of "
        f"{p.analysis_teacher}; quiz taken by {p.quiz_taker} of class {p.quiz_class}",
        flush=True,
    )


# ---- the pages -------------------------------------------------------------------------------


Prepare = Callable[[Browser], Call]


@dataclass(frozen=True)
class PageSpec:
    key: str
    name: str
    user: str
    prepare: Prepare
    requests: int | None = None  # its own count, for a page that takes seconds
    warm_up: int = WARM_UP


def fixed(path: str) -> Prepare:
    return lambda _: Call("GET", path)


class Studying:
    """The heavy student's next answer: the question page loaded, then a valid answer to it; a
    bank with nothing due is left for the next one."""

    def __init__(self, slugs: list[str], rng: random.Random) -> None:
        self.slugs = slugs
        self.rng = rng
        self.feedback = ""  # an answer's feedback page, once one is given
        self.asked: set[str] = set()  # banks whose new questions for today were asked for

    def answer(self, browser: Browser) -> Call:
        while self.slugs:
            page = get(browser, f"/study/{self.slugs[0]}/next")
            form = page.form(action="/answer", field="token")
            if form is not None and page.qtype is not None:
                return Call("POST", form.action, answer_fields(form, page.qtype, self.rng), 303)
            more = page.form(action="/more-new")  # "all done for now": new questions, if any
            if more is not None and self.slugs[0] not in self.asked:
                self.asked.add(self.slugs[0])
                call = Call("POST", more.action, more.hidden(), 303)
                checked(call, browser.send(call))
                continue
            self.slugs.pop(0)
        raise SystemExit("the heavy student has no question left to answer")

    def feedback_page(self, browser: Browser) -> Call:
        if not self.feedback:  # no answer timed before: give one
            call = self.answer(browser)
            self.feedback = checked(call, browser.send(call)).location
        return Call("GET", self.feedback)


class QuizTaking:
    """A quiz page, and saving an answer to its first question (which moves on to the next)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.item = ""

    def start(self, browser: Browser, quiz_id: int) -> None:
        form = get(browser, "/quizzes/").form(action=f"/{quiz_id}/start")
        assert form is not None, "the quiz list shows no Start button for the opened quiz"
        call = Call("POST", form.action, form.hidden(), 303)
        attempt = checked(call, browser.send(call)).location.split("/")[2]
        self.item = f"/attempts/{attempt}/1"

    def page(self, _: Browser) -> Call:
        return Call("GET", self.item)

    def save(self, browser: Browser) -> Call:
        page = get(browser, self.item)
        form = page.form(field="token")
        assert form is not None and page.qtype is not None, f"{self.item} shows no question"
        onward = [c.value for c in form.controls if c.name == "go"][-1]
        shown = Form(form.action, [c for c in form.controls if c.name not in CHOSEN_BY_STUDENT])
        fields = [*answer_fields(shown, page.qtype, self.rng), ("go", onward)]
        return Call("POST", form.action, fields, 303)


class Regrading:
    """The teacher's save of the question editor with "regrade past answers", the new key
    accepting a wrong answer students gave; before each, the question as seeded (untimed, by
    SQL). The count the editor shows first (Preview) is a request of its own."""

    def __init__(self, pick: RegradePick, restoring: Restoring | None) -> None:
        self.pick = pick
        self.restoring = restoring
        self.path = f"/editor/banks/{pick.slug}/questions/{pick.question_id}"

    def _edited(self, browser: Browser) -> list[tuple[str, str]]:
        assert self.restoring is not None
        self.restoring.restore()
        call = Call("GET", self.path)
        fields = EditorForm(checked(call, browser.send(call)).body).fields
        return with_accepted(fields, self.pick.qtype, self.pick.accepted)

    def count(self, browser: Browser) -> Call:
        return Call("POST", self.path, [*self._edited(browser), ("preview", "1")], 200)

    def save(self, browser: Browser) -> Call:
        return Call("POST", self.path, [*self._edited(browser), ("save_regrade", "1")], 303)


def page_specs(
    p: Picks, studying: Studying, quiz: QuizTaking, regrading: Regrading, samples: int
) -> list[PageSpec]:
    slug, c, t = p.slugs[0][0], p.class_id, regrading.pick.teacher
    return [
        PageSpec("study", "study page", "heavy", fixed(f"/study/{slug}/next")),
        PageSpec("answer", "answer (POST)", "heavy", studying.answer),
        PageSpec("feedback", "feedback", "heavy", studying.feedback_page),
        PageSpec("banks", "bank list", "heavy", fixed("/banks/")),
        PageSpec("progress", "progress (heavy)", "heavy", fixed("/progress/")),
        PageSpec(
            "history",
            "question history",
            "heavy",
            fixed(f"/progress/questions/{p.history_question}"),
        ),
        PageSpec("roster", "class roster", p.teacher, fixed(f"/classes/{c}/")),
        PageSpec("questions", "class questions", p.teacher, fixed(f"/classes/{c}/questions/")),
        PageSpec("gradebook", "gradebook", p.teacher, fixed(f"/classes/{c}/gradebook")),
        PageSpec(
            "analysis",
            "item analysis",
            p.analysis_teacher,
            fixed(f"/quizzes/{p.analysed_quiz}/analysis"),
        ),
        PageSpec("quiz", "quiz page", p.quiz_taker, quiz.page),
        PageSpec("save", "quiz save (POST)", p.quiz_taker, quiz.save),
        PageSpec("home", "teacher's home", p.teacher, fixed("/")),
        PageSpec("homework", "homework page", p.teacher, fixed(f"/homework/{p.homework_id}")),
        PageSpec("regrade-count", "regrade count (preview)", t, regrading.count, samples, 2),
        PageSpec("regrade", "regrade (POST)", t, regrading.save, samples, 2),
    ]


def regrade_wanted(only: set[str]) -> bool:
    return not only or "regrade" in only or "regrade-count" in only


def chosen(spec: PageSpec, only: set[str]) -> bool:
    """--only: a page by its key; "regrade" also brings the count shown before it."""
    return not only or spec.key in only or spec.key.split("-")[0] in only


# ---- timing and explaining -------------------------------------------------------------------


@dataclass
class Measured:
    name: str
    timings: list[float]
    explained: Explained | None = None
    requests: int = 0  # asked for (0: --requests)
    key: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.timings)

    @property
    def p95(self) -> float:
        ordered = sorted(self.timings)
        return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]  # nearest rank

    def figures(self) -> dict[str, object]:
        """What its row of the table prints, for --json."""
        e = self.explained
        return {
            "key": self.key,
            "name": self.name,
            "p50_ms": self.p50,
            "p95_ms": self.p95,
            "max_ms": max(self.timings),
            "samples": len(self.timings),
            "statements": e.statements if e else None,
            "seq_scans": len(e.seq_scans) if e else None,
        }


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


class Users:
    """One logged-in browser a user over HTTP and one in-process, made when first needed."""

    def __init__(self, port: int, app: Flask) -> None:
        self.port, self.app = port, app
        self.browsers: dict[tuple[str, bool], Browser] = {}

    def browser(self, username: str, http: bool) -> Browser:
        key = (username, http)
        if key not in self.browsers:
            made: Browser = OverHttp(self.port) if http else InProcess(self.app)
            log_in(made, username)
            self.browsers[key] = made
        return self.browsers[key]


def statements_of(app: Flask, browser: Browser, prepare: Prepare) -> list[Sent]:
    """The statements of one request, the second of two (no connection ping after idling)."""
    call = prepare(browser)
    checked(call, browser.send(call))
    call = prepare(browser)
    with app.app_context():
        engine = db.engine
    with capturing(engine) as sent:
        checked(call, browser.send(call))
    return sent


def measure(spec: PageSpec, users: Users, args: argparse.Namespace, url: str) -> Measured:
    browser = users.browser(spec.user, True)
    requests = spec.requests or args.requests
    timings = timed(browser, spec.prepare, requests, args.page_seconds, spec.warm_up)
    sent = statements_of(users.app, users.browser(spec.user, False), spec.prepare)
    explained = explain(url, sent, analyze=args.analyze)
    found = Measured(spec.name, timings, explained, requests, spec.key)
    print(
        f"  {spec.name}: p50 {found.p50:.1f} ms, max {max(timings):.1f} ms over "
        f"{len(timings)}, {len(sent)} statements",
        flush=True,
    )
    for one_sent in sent if args.sql else []:
        print(f"    {' '.join(one_sent.statement.split())[:200]}")
    return found


def hello(port: int, requests: int) -> list[float]:
    return timed(OverHttp(port), fixed("/"), requests)


# ---- the report ------------------------------------------------------------------------------


def print_table(rows: list[Measured], baseline: Measured, requests: int) -> None:
    base = baseline.p50
    print(
        f"\n{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'p50 x hello':>13}"
        f"{'p95 x hello':>13}{'statements':>12}{'seq scans':>11}"
    )
    for row in [baseline, *rows]:
        e = row.explained
        statements = str(e.statements) if e else "-"
        scans = str(len(e.seq_scans)) if e else "-"
        print(
            f"{row.name:<24}{row.p50:>9.2f}{row.p95:>9.2f}{max(row.timings):>9.2f}"
            f"{row.p50 / base:>13.1f}{row.p95 / base:>13.1f}{statements:>12}{scans:>11}"
        )
    for row in rows:
        if len(row.timings) < (row.requests or requests):
            print(f"  {row.name}: only {len(row.timings)} requests in --page-seconds")


def print_scans(rows: list[Measured]) -> int:
    """Each sequential scan of a big table; returns how many there are."""
    found = [(row.name, s) for row in rows if row.explained for s in row.explained.seq_scans]
    print(f"\nsequential scans of a big table ({', '.join(sorted(BIG_TABLES))}): {len(found)}")
    for name, scan in found:
        print(f"  {name}: {scan.table}, {scan.rows:,.0f} rows read: {scan.statement[:160]}")
    return len(found)


def print_slowest(rows: list[Measured]) -> None:
    print("\nslowest statement of each page (EXPLAIN ANALYZE ms, of the page's total):")
    for row in rows:
        e = row.explained
        if e is None:
            continue
        if e.slowest:
            print(f"  {row.name}: {e.slowest_ms:.2f} of {e.sql_ms:.2f}: {e.slowest[:140]}")
        for failure in e.failed:
            print(f"  {row.name}: not explained: {failure}")


@contextmanager
def served(url: str, workers: int) -> Iterator[tuple[int, int]]:
    """(quizapp's port, hello-world's port), both under gunicorn."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        env = app_environment(url)
        _, app_port = stack.enter_context(gunicorn(env, workers, Path(tmp) / "quizapp.log"))
        _, hello_port = stack.enter_context(
            gunicorn(env, workers, Path(tmp) / "hello.log", app="hello:app", options=HELLO_OPTIONS)
        )
        yield app_port, hello_port


def write_json(path: Path, rows: list[Measured], baseline: Measured) -> None:
    scans = [
        {"page": row.key, "table": scan.table, "rows": scan.rows, "statement": scan.statement}
        for row in rows
        if row.explained
        for scan in row.explained.seq_scans
    ]
    figures = {
        "hello": {"p50_ms": baseline.p50, "p95_ms": baseline.p95},
        "pages": [row.figures() for row in rows],
        "seq_scans": scans,
    }
    path.write_text(json.dumps(figures, indent=2))


def run(args: argparse.Namespace, url: str, p: Picks, quiz_id: int, regrading: Regrading) -> int:
    rng = random.Random(23)
    studying = Studying([slug for slug, _ in p.slugs], rng)
    quiz = QuizTaking(rng)
    every = page_specs(p, studying, quiz, regrading, args.regrade_samples)
    specs = [s for s in every if chosen(s, args.only)]
    with served(url, args.workers) as (app_port, hello_port):
        users = Users(app_port, production_app(url))
        if any(s.key in {"quiz", "save"} for s in specs):
            quiz.start(users.browser(p.quiz_taker, True), quiz_id)
        first = hello(hello_port, args.requests // 2)
        print(
            f"timing {len(specs)} pages, {args.requests} requests each "
            f"({args.regrade_samples} for a regrade)",
            flush=True,
        )
        rows = [measure(spec, users, args, psycopg_url(url)) for spec in specs]
        baseline = Measured("hello-world GET /", first + hello(hello_port, args.requests // 2))
    print_table(rows, baseline, args.requests)
    if args.json:
        write_json(args.json, rows, baseline)
    print_slowest(rows)
    return print_scans(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--requests", type=int, default=400, help="timed requests a page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--page-seconds", type=float, default=0, help="stop timing a page after this (0: never)"
    )
    parser.add_argument(
        "--only",
        type=lambda s: set(s.split(",")),
        default=set(),
        help="these pages: study, answer, feedback, banks, progress, history, roster, questions, "
        "gradebook, analysis, quiz, save, home, homework, regrade (with regrade-count)",
    )
    parser.add_argument(
        "--regrade-samples", type=int, default=10, help="timed regrades (each takes seconds)"
    )
    parser.add_argument("--no-analyze", dest="analyze", action="store_false")
    parser.add_argument("--sql", action="store_true", help="print each page's statements")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a seq scan of a big table")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("give --database-url or set DATABASE_URL (a seeded district's schema)")
    url = psycopg_url(args.database_url)
    now = datetime.now(UTC).replace(tzinfo=None)
    picks = Picks()
    with psycopg.connect(url, autocommit=True) as conn:
        print_sizes(conn)
        pick_student(conn, picks, now)
        pick_class(conn, picks)
        print_picks(picks)
        for (left,) in conn.execute("SELECT id FROM quiz WHERE title = %s", (BENCH_QUIZ_TITLE,)):
            drop_quiz(conn, left)  # left by a run that was killed
        quiz_id = open_quiz(conn, picks, now)
        regrade = RegradePick()
        if regrade_wanted(args.only):
            regrade = pick_regrade(conn)
            print_regrade_pick(regrade)
            allow_teacher(conn, regrade)
    restoring = Restoring(url, regrade) if regrade_wanted(args.only) else None
    try:
        scans = run(args, url, picks, quiz_id, Regrading(regrade, restoring))
    finally:
        with psycopg.connect(url) as conn:
            drop_quiz(conn, quiz_id)
            disallow_teacher(conn, regrade)
        if restoring is not None:
            restoring.close()
    if args.strict and scans:
        sys.exit(1)


if __name__ == "__main__":
    main()
