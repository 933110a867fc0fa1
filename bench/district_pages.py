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
each table actually holds, then one table (bench/over_http.py): p50, p95 ("-" from fewer than
400 requests) and max in ms, as multiples of hello-world's p50, the statements the request sent
(through the cursor: BEGIN is one, a COMMIT is the driver's and is not), and the sequential scans
of a big table in their plans (see district_explain.py); then each page's slowest statement and
each such scan. --strict exits 1 when there is any; --json writes the table's figures and the
scans to a file (a p95 from fewer than 400 requests is written as their max). On a small
district the planner rightly reads a small table whole: the scans that matter are those at full
size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from district import PASSWORD, psycopg_url
from district_explain import BIG_TABLES, explain
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
from harness import production_app
from over_http import (
    WARM_UP,
    Browser,
    Call,
    Measured,
    Prepare,
    Users,
    checked,
    fixed,
    get,
    measure_page,
    time_pages,
)
from pages import Form, answer_fields

CHOSEN_BY_STUDENT = {"go", "flagged"}  # a quiz's own buttons: the answer moves on to the next
SIZES = {"users": '"user"', "reviews": "review", "cards": "card", "attempts": "attempt"}
BENCH_QUIZ_TITLE = "Opened by bench/district_pages.py"


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


@dataclass(frozen=True)
class PageSpec:
    key: str
    name: str
    user: str
    prepare: Prepare
    requests: int | None = None  # its own count, for a page that takes seconds
    warm_up: int = WARM_UP


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


def measure(spec: PageSpec, users: Users, args: argparse.Namespace, url: str) -> Measured:
    requests = spec.requests or args.requests
    found = measure_page(
        users, spec.name, spec.user, spec.prepare, requests, args.page_seconds, spec.warm_up
    )
    found.explained = explain(url, found.sent or [], analyze=args.analyze)
    for one_sent in found.sent or [] if args.sql else []:
        print(f"    {' '.join(one_sent.statement.split())[:200]}")
    return found


def print_short(rows: list[Measured], specs: list[PageSpec], requests: int) -> None:
    for row, spec in zip(rows, specs, strict=True):
        if len(row.timings) < (spec.requests or requests):
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


def write_json(path: Path, rows: list[Measured], specs: list[PageSpec], baseline: Measured) -> None:
    def p95(row: Measured) -> float:
        found = row.at(95)
        return max(row.timings) if found is None else found

    scans = [
        {"page": spec.key, "table": scan.table, "rows": scan.rows, "statement": scan.statement}
        for row, spec in zip(rows, specs, strict=True)
        if row.explained
        for scan in row.explained.seq_scans
    ]
    pages = [
        {
            "key": spec.key,
            "name": row.name,
            "p50_ms": row.p50,
            "p95_ms": p95(row),
            "max_ms": max(row.timings),
            "samples": len(row.timings),
            "statements": row.explained.statements if row.explained else None,
            "seq_scans": len(row.explained.seq_scans) if row.explained else None,
        }
        for row, spec in zip(rows, specs, strict=True)
    ]
    figures = {"hello": {"p50_ms": baseline.p50, "p95_ms": p95(baseline)}, "pages": pages}
    path.write_text(json.dumps({**figures, "seq_scans": scans}, indent=2))


def run(args: argparse.Namespace, url: str, p: Picks, quiz_id: int, regrading: Regrading) -> int:
    rng = random.Random(23)
    studying = Studying([slug for slug, _ in p.slugs], rng)
    quiz = QuizTaking(rng)
    every = page_specs(p, studying, quiz, regrading, args.regrade_samples)
    specs = [s for s in every if chosen(s, args.only)]

    def measure_all(users: Users) -> list[Measured]:
        if any(s.key in {"quiz", "save"} for s in specs):
            quiz.start(users.browser(p.quiz_taker), quiz_id)
        print(
            f"timing {len(specs)} pages, {args.requests} requests each "
            f"({args.regrade_samples} for a regrade)",
            flush=True,
        )
        return [measure(spec, users, args, psycopg_url(url)) for spec in specs]

    rows, baseline = time_pages(production_app(url), url, args, PASSWORD, measure_all)
    print_short(rows, specs, args.requests)
    if args.json:
        write_json(args.json, rows, specs, baseline)
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
