"""Benchmark what a teacher reads after the quizzes: the class's gradebook and a quiz's analysis.

Usage: .venv/bin/python bench/gradebook.py [--database sqlite|postgresql|both] [--requests 400]
           [--sizes 40,400] [--quizzes 10] [--questions 20] [--database-url URL] [--workers 2]

PostgreSQL is a throwaway schema on --database-url (default DATABASE_URL); without one, SQLite
only. Each database is set up as production does it (`flask db upgrade`, `flask banks import`).
For each class size a teacher and a class are made, with --quizzes quizzes of --questions
questions taken from the shipped banks' questions that a quiz may ask (no flashcards; gradings
highest, last and mean in turn). Every student has submitted one or two attempts at every quiz,
each answer plausible for its question's type (right about 70% of the time, a stronger student
more often) and graded by quizapp's own graders; these rows are written directly with bulk
inserts.

It prints the students, attempts and answers each class holds (counted in the database), then
serves quizapp under gunicorn beside hello-world (bench/over_http.py) and, logged in as the teacher
through the real form, requests the gradebook and the first quiz's item analysis of each class
--requests times over HTTP, one request after the other (hello-world's GET / as many times, half
before and half after). One table: p50, p95 (from 400 requests) and max in ms, as multiples of
hello-world's p50, and the SQL statements a request sent (caught in-process). The statement
counts of the small and the large class should be the same.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain, zip_longest
from typing import Any

import sqlalchemy as sa
from flask import Flask
from harness import (
    add_database_options,
    database_names,
    prepared_database,
    production_app,
)
from over_http import (
    Measured,
    Users,
    add_serving_options,
    fixed,
    measure_page,
    time_pages,
)

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks.models import Question
from quizapp.classes import services as classes
from quizapp.classes.models import Membership
from quizapp.core.grading import cloze_blanks, grade
from quizapp.extensions import db
from quizapp.quizzes import services as quizzes
from quizapp.quizzes.models import Attempt, AttemptItem, QuizQuestion

PASSWORD = "a long password for the bench"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WRONG_TEXT = "I am not sure"

Row = dict[str, Any]


def right_response(qtype: str, spec: dict[str, Any]) -> Any:
    """What a student who knows the answer gives, in the shape the quiz pages save."""
    if qtype == "choice":
        return spec["answer"]
    if qtype == "truefalse":
        return "true" if spec["answer"] else "false"
    if qtype == "short":
        return spec["answers"][0]
    if qtype == "multi":
        return list(spec["answers"])
    if qtype == "numeric":
        return str(spec["answer"])
    if qtype == "matching":
        return [right for _, right in spec["pairs"]]
    if qtype == "ordering":
        return list(spec["items"])
    return [forms[0] for forms in cloze_blanks(spec["prompt"])]  # cloze


def wrong_response(qtype: str, spec: dict[str, Any], rng: random.Random) -> Any:
    """A mistaken answer: another option, the other truth value, a partly wrong list, or text."""
    if qtype == "choice":
        return rng.choice([o for o in spec["options"] if o != spec["answer"]])
    if qtype == "truefalse":
        return "false" if spec["answer"] else "true"
    if qtype == "multi":
        wrong = [o for o in spec["options"] if o not in spec["answers"]]
        return [*spec["answers"][1:], *rng.sample(wrong, min(1, len(wrong)))]
    if qtype == "numeric":
        return str(float(spec["answer"]) * 2 + float(spec.get("tolerance", 0)) + 7)
    if qtype in {"matching", "ordering"}:
        right = right_response(qtype, spec)
        return right[1:] + right[:1]  # every one moved one place
    if qtype == "cloze":
        blanks = cloze_blanks(spec["prompt"])
        return [forms[0] for forms in blanks[:-1]] + [WRONG_TEXT]
    return WRONG_TEXT  # short


class Grader:
    """Quizapp's graders, remembered per question and response (the bench repeats them a lot)."""

    def __init__(self, questions: dict[int, Question]) -> None:
        self.questions = questions
        self.known: dict[tuple[int, str], tuple[float, bool]] = {}

    def __call__(self, question_id: int, response: Any) -> tuple[float, bool]:
        key = (question_id, json.dumps(response))
        if key not in self.known:
            question = self.questions[question_id]
            found = grade(question.type, question.spec, response)
            self.known[key] = (found.score, found.correct)
        return self.known[key]


def pick(pool: list[quizzes.PoolQuestion]) -> list[int]:
    """The quiz questions of the class's banks, types taken in turn."""
    by_type: dict[str, list[int]] = {}
    for question in pool:
        by_type.setdefault(question.type, []).append(question.id)
    return [q for q in chain.from_iterable(zip_longest(*by_type.values())) if q is not None]


def make_quizzes(teacher_id: int, class_id: int, count: int, length: int) -> list[int]:
    ids = pick(quizzes.question_pool(teacher_id, class_id))
    if len(ids) < length:
        raise SystemExit(f"the shipped banks have {len(ids)} quiz questions, not {length}")
    made = []
    for k in range(count):
        chosen = [ids[(k * length + i) % len(ids)] for i in range(length)]
        settings = quizzes.QuizSettings(
            title=f"Quiz {k + 1}",
            question_ids=chosen,
            attempts_allowed=None,
            grading=quizzes.GRADINGS[k % len(quizzes.GRADINGS)],
            studied_ok=True,  # the shipped banks are studied banks
        )
        made.append(quizzes.create_quiz(teacher_id, class_id, settings, NOW))
    return made


def enroll(conn: sa.Connection, class_id: int, size: int) -> list[int]:
    users = [
        {"username": f"g{size}s{i:03d}", "password_hash": "x", "role": "student",
         "session_token": f"g{size}t{i}", "timezone": "UTC", "extra_new_count": 0,
         "created_at": NOW}
        for i in range(size)
    ]  # fmt: skip
    conn.execute(sa.insert(User), users)
    ids = list(conn.scalars(sa.select(User.id).where(User.username.like(f"g{size}s%"))))
    conn.execute(
        sa.insert(Membership),
        [{"classroom_id": class_id, "user_id": uid, "joined_at": NOW} for uid in ids],
    )
    return ids


def plan_attempts(students: list[int], quiz_ids: list[int], rng: random.Random) -> list[Row]:
    """One or two submitted attempts by every student at every quiz, over the last weeks."""
    rows = []
    for k, quiz_id in enumerate(quiz_ids):
        for user_id in students:
            started = NOW - timedelta(days=7 * (len(quiz_ids) - k), minutes=rng.uniform(0, 600))
            for number in range(1, rng.choice((1, 2)) + 1):
                at = started + timedelta(days=number - 1)
                rows.append(
                    {"user_id": user_id, "quiz_id": quiz_id, "number": number,
                     "started_at": at, "submitted_at": at + timedelta(minutes=12),
                     "score": 0.0}
                )  # fmt: skip
    return rows


def answer(
    attempt: Row, questions: list[int], ability: float, grader: Grader, rng: random.Random
) -> list[Row]:
    """The attempt's answers; sets its score to their mean, as submitting does."""
    items = []
    for position, question_id in enumerate(questions):
        question = grader.questions[question_id]
        knows = rng.random() < ability + 0.05 * (attempt["number"] - 1)
        if knows:
            response = right_response(question.type, question.spec)
        else:
            response = wrong_response(question.type, question.spec, rng)
        score, correct = grader(question_id, response)
        items.append(
            {"attempt_id": attempt["id"], "position": position, "question_id": question_id,
             "version_id": question.version_id, "response": response, "score": score,
             "correct": correct, "flagged": False,
             "answered_at": attempt["started_at"] + timedelta(seconds=30 * (position + 1))}
        )  # fmt: skip
    attempt["score"] = sum(item["score"] for item in items) / len(items)
    return items


def write_attempts(conn: sa.Connection, attempts: list[Row], quiz_ids: list[int]) -> None:
    """Insert the attempts and note each one's id in its row."""
    conn.execute(sa.insert(Attempt), attempts)
    found = conn.execute(
        sa.select(Attempt.id, Attempt.user_id, Attempt.quiz_id, Attempt.number).where(
            Attempt.quiz_id.in_(quiz_ids)
        )
    )
    ids = {(user, quiz, number): id_ for id_, user, quiz, number in found}
    for attempt in attempts:
        attempt["id"] = ids[(attempt["user_id"], attempt["quiz_id"], attempt["number"])]


def fill(size: int, quiz_count: int, length: int) -> tuple[int, int, str, int]:
    """A teacher, a class of `size` students, its quizzes and every student's submitted attempts:
    (class id, first quiz id, teacher name, answers written)."""
    rng = random.Random(size)
    teacher = accounts.register(f"teacher{size}", PASSWORD, "UTC", role="teacher")
    class_id = classes.create_class(teacher.id, f"Class of {size}", "", NOW)
    quiz_ids = make_quizzes(teacher.id, class_id, quiz_count, length)
    asked = quizzes_questions(quiz_ids)
    grader = Grader({q.id: q for q in db.session.scalars(sa.select(Question))})
    db.session.remove()
    with db.engine.begin() as conn:
        students = enroll(conn, class_id, size)
        ability = {uid: min(0.97, max(0.3, rng.gauss(0.7, 0.15))) for uid in students}
        attempts = plan_attempts(students, quiz_ids, rng)
        write_attempts(conn, attempts, quiz_ids)
        items = [
            item
            for a in attempts
            for item in answer(a, asked[a["quiz_id"]], ability[a["user_id"]], grader, rng)
        ]
        conn.execute(sa.insert(AttemptItem), items)
        conn.execute(
            sa.update(Attempt).where(Attempt.id == sa.bindparam("attempt_id")),
            [{"attempt_id": a["id"], "score": a["score"]} for a in attempts],
        )
    return class_id, quiz_ids[0], teacher.username, len(items)


def quizzes_questions(quiz_ids: list[int]) -> dict[int, list[int]]:
    asked: dict[int, list[int]] = {quiz_id: [] for quiz_id in quiz_ids}
    for quiz_id, question_id in db.session.execute(
        sa.select(QuizQuestion.quiz_id, QuizQuestion.question_id)
        .where(QuizQuestion.quiz_id.in_(quiz_ids))
        .order_by(QuizQuestion.quiz_id, QuizQuestion.position)
    ):
        asked[quiz_id].append(question_id)
    return asked


@dataclass(frozen=True)
class Made:
    size: int
    class_id: int
    quiz_id: int
    teacher: str


def made_sizes(class_id: int) -> tuple[int, int, int]:
    """(students, attempts, answers) the class holds, as counted in the database."""
    students = sa.select(Membership.user_id).where(Membership.classroom_id == class_id)
    attempts = sa.select(Attempt.id).where(Attempt.user_id.in_(students))
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(students.subquery())) or 0,
        db.session.scalar(sa.select(sa.func.count()).select_from(attempts.subquery())) or 0,
        db.session.scalar(sa.select(sa.func.count()).where(AttemptItem.attempt_id.in_(attempts)))
        or 0,
    )


def make(app: Flask, size: int, args: argparse.Namespace) -> Made:
    started = time.perf_counter()
    with app.app_context():
        class_id, quiz_id, teacher, _ = fill(size, args.quizzes, args.questions)
        students, attempts, answers = made_sizes(class_id)
        db.session.remove()
    print(
        f"class of {students} students x {args.quizzes} quizzes of {args.questions} questions: "
        f"{attempts:,} attempts, {answers:,} answers, written in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return Made(size, class_id, quiz_id, teacher)


def measure(users: Users, made: Made, requests: int) -> list[Measured]:
    """Both pages of one class, timed over HTTP with the statements each sends."""
    pages = (
        (f"gradebook ({made.size})", f"/classes/{made.class_id}/gradebook"),
        (f"item analysis ({made.size})", f"/quizzes/{made.quiz_id}/analysis"),
    )
    return [measure_page(users, name, made.teacher, fixed(path), requests) for name, path in pages]


def compare(rows: list[Measured], sizes: list[int]) -> None:
    """One line a page: its statements for each class size, and whether they stay the same."""
    print("statements a request by class size:")
    for page in ("gradebook", "item analysis"):
        counts = [len(row.sent or []) for row in rows if row.name.startswith(f"{page} (")]
        shown = ", ".join(f"{size}: {count}" for size, count in zip(sizes, counts, strict=True))
        verdict = "fixed" if len(set(counts)) == 1 else "GROWS with the class"
        print(f"  {page:<26}{shown}  ({verdict})")


def run(name: str, url: str, args: argparse.Namespace, took: float) -> None:
    print(f"\n{name}: database migrated and banks imported in {took:.1f} s")
    app = production_app(url)
    sizes = [int(n) for n in args.sizes.split(",")]
    made = [make(app, size, args) for size in sizes]

    def pages(users: Users) -> list[Measured]:
        return [row for one in made for row in measure(users, one, args.requests)]

    rows, _ = time_pages(app, url, args, PASSWORD, pages)
    compare(rows, sizes)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_options(parser)
    add_serving_options(parser)
    parser.add_argument("--sizes", default="40,400", help="class sizes, comma-separated")
    parser.add_argument("--quizzes", type=int, default=10)
    parser.add_argument("--questions", type=int, default=20, help="questions per quiz")
    args = parser.parse_args()
    started = time.perf_counter()
    for name in database_names(args):
        prepared = time.perf_counter()
        with prepared_database(name, args.database_url) as url:
            run(name, url, args, time.perf_counter() - prepared)
    print(f"\nran in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
