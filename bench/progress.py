"""Benchmark the progress pages of a student with a long history, in a school-sized database.

Usage: .venv/bin/python bench/progress.py [--database sqlite|postgresql|both] [--students 500]
           [--reviews 100000] [--heavy 5000] [--requests 400] [--database-url URL] [--workers 2]

Builds a throwaway database (SQLite, and a PostgreSQL schema on --database-url, default
DATABASE_URL, when there is one; migrated and imported as production does), fills it with about
`--students` students and `--reviews` answers spread over the last year, about `--heavy` of them
by one student (whole answers per question: it prints the counts the database holds). It then
serves quizapp under gunicorn beside hello-world (bench/over_http.py) and requests that
student's progress page, the agreement bank's progress and one question's history --requests
times each over HTTP, one after the other (hello-world's GET / as many times, half before and
half after), and prints p50, p95 (from 400 requests) and max in ms, as multiples of
hello-world's p50, with the SQL statements each page sent (caught in-process).
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from harness import (
    add_database_options,
    database_names,
    prepared_database,
    production_app,
)
from over_http import Measured, Users, add_serving_options, fixed, measure_page, time_pages

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks.models import Question
from quizapp.extensions import db
from quizapp.study.models import Card, Review

NOW = datetime.now(UTC)
PASSWORD = "a long password for the bench"
PAGES = ("/progress/", "/progress/agreement/", "/progress/questions/{question}")


Rows = list[dict[str, object]]


def history(
    user_id: int, questions: list[int], count: int, rng: random.Random
) -> tuple[Rows, Rows]:
    """`count` answers by one student over the last year, and the cards they leave behind."""
    reviews: Rows = []
    cards: Rows = []
    per_question = max(1, count // len(questions))
    for question_id in questions:
        times = sorted(NOW - timedelta(days=rng.uniform(0, 364)) for _ in range(per_question))
        wrong_ids = []
        for at in times:
            correct = rng.random() < 0.8
            reviews.append(
                {
                    "token": f"{user_id}-{question_id}-{len(reviews)}",
                    "user_id": user_id,
                    "question_id": question_id,
                    "response": "x",
                    "score": 1.0 if correct else 0.0,
                    "correct": correct,
                    "rating": 3 if correct else 1,
                    "duration_ms": 4000,
                    "shown_at": at,
                    "answered_at": at,
                    "due_after": at + timedelta(days=rng.uniform(0.01, 40)),
                }
            )
            wrong_ids.append(not correct)
        stability = rng.uniform(0.5, 60)
        cards.append(
            {
                "user_id": user_id,
                "question_id": question_id,
                "state": 2,
                "step": None,
                "stability": stability,
                "difficulty": rng.uniform(2, 8),
                "due": times[-1] + timedelta(days=stability),
                "last_review": times[-1],
                "first_seen_at": times[0],
                "reps": per_question,
                "lapses": sum(wrong_ids[1:]),
                "score_sum": float(per_question - sum(wrong_ids)),
            }
        )
    return reviews, cards


def fill(students: int, total: int, heavy: int) -> tuple[int, int]:
    """Students and answers; returns (the heavy student's id, one question they answered)."""
    rng = random.Random(7)
    heavy_user = accounts.register("heavy", PASSWORD, "Europe/Moscow")
    questions = list(db.session.scalars(sa.select(Question.id).order_by(Question.id)))
    users = [
        {"username": f"s{i}", "password_hash": "x", "role": "student", "session_token": f"t{i}",
         "timezone": "UTC", "extra_new_count": 0, "created_at": NOW}
        for i in range(students - 1)
    ]  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(sa.insert(User), users)
        ids = list(conn.scalars(sa.select(User.id).where(User.id != heavy_user.id)))
        plan = [(heavy_user.id, heavy)] + [(uid, (total - heavy) // len(ids)) for uid in ids]
        for user_id, count in plan:
            mine = rng.sample(questions, k=min(len(questions), max(1, count // 10)))
            reviews, cards = history(user_id, mine, count, rng)
            conn.execute(sa.insert(Review), reviews)
            conn.execute(sa.insert(Card), cards)
    return heavy_user.id, questions[0]


def made_sizes(heavy_id: int) -> str:
    """What the database holds, counted there: students, answers, and the heavy student's."""
    students = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == "student"))
    reviews = db.session.scalar(sa.select(sa.func.count(Review.id)))
    heavy = db.session.scalar(sa.select(sa.func.count(Review.id)).where(Review.user_id == heavy_id))
    return f"{students:,} students, {reviews:,} answers, {heavy:,} of them by the measured student"


def measure(name: str, url: str, args: argparse.Namespace) -> None:
    app = production_app(url)
    with app.app_context():
        heavy_id, question = fill(args.students, args.reviews, args.heavy)
        print(f"\n{name}: {made_sizes(heavy_id)}", flush=True)
        db.session.remove()

    shown = [(path.replace("{question}", "<id>"), path.format(question=question)) for path in PAGES]

    def pages(users: Users) -> list[Measured]:
        return [measure_page(users, n, "heavy", fixed(path), args.requests) for n, path in shown]

    time_pages(app, url, args, PASSWORD, pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_options(parser)
    add_serving_options(parser)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--heavy", type=int, default=5_000)
    args = parser.parse_args()
    for name in database_names(args):
        with prepared_database(name, args.database_url) as url:
            measure(name, url, args)


if __name__ == "__main__":
    main()
