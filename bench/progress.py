"""Benchmark the progress pages of a student with a long history, in a school-sized database.

Usage: .venv/bin/python bench/progress.py [--database sqlite|postgresql|both] [--students 500]
           [--reviews 100000] [--heavy 5000] [--requests 60]

Builds a throwaway database (migrated and imported as production does), fills it with `--students`
students and `--reviews` answers spread over the last year, `--heavy` of them by one student, then
requests that student's progress page, a bank's progress and one question's history through the
app (test client: routing, session, queries and templates, without an HTTP server) and prints p50
and p95 in milliseconds, with the SQL statements each page sent.
"""

from __future__ import annotations

import argparse
import random
import secrets
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from harness import app_environment, prepare_database, throwaway_database
from inprocess import HEADER, log_in, time_page

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks.models import Question
from quizapp.config import ProductionConfig
from quizapp.extensions import db
from quizapp.study.models import Card, Review

NOW = datetime.now(UTC)
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
    heavy_user = accounts.register("heavy", "a long password for the bench", "Europe/Moscow")
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


def measure(url: str, students: int, total: int, heavy: int, requests: int) -> None:
    app = create_app(
        ProductionConfig,
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY=secrets.token_hex(32),
        SESSION_COOKIE_SECURE=False,
    )
    with app.app_context():
        _, question = fill(students, total, heavy)
        reviews = db.session.scalar(sa.select(sa.func.count(Review.id)))
        db.session.remove()
        engine = db.engine
    print(f"{students} students, {reviews} answers, {heavy} of them by the measured student")
    client = app.test_client()
    log_in(client, "heavy", "a long password for the bench")
    print(HEADER)
    for path in PAGES:
        time_page(
            client,
            engine,
            path.format(question=question),
            requests,
            path.replace("{question}", "<id>"),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--heavy", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    names = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            pg = args.database_url if name == "postgresql" else None
            with throwaway_database(pg, Path(tmp)) as (_, url):
                prepare_database(app_environment(url))
                print(f"\n{name}:")
                measure(url, args.students, args.reviews, args.heavy, args.requests)


if __name__ == "__main__":
    main()
