"""Benchmark what a teacher sees: a class's roster and its memory of each question.

Usage: .venv/bin/python bench/classes.py [--database sqlite|postgresql|both] [--requests 30]

For a class of 40 students and one of 400 (a year group), each student having answered the 100
questions of the shipped banks 200 times in all over the last months, it requests the class page
(with the roster) and the question view through the app (test client) and prints p50 and p95 in
milliseconds with the SQL statements each page sent.
"""

from __future__ import annotations

import argparse
import random

import sqlalchemy as sa
from harness import database_names, prepared_app
from inprocess import HEADER, log_in, time_page
from progress import NOW, history

from quizapp.extensions import db
from quizapp.models import Card, Membership, Question, Review, User
from quizapp.services import accounts, classes

PASSWORD = "a long password for the bench"


def fill(size: int, answers: int) -> tuple[int, str]:
    """A teacher and a class of `size` students with their histories; (class id, teacher name)."""
    rng = random.Random(size)
    teacher = accounts.register(f"teacher{size}", PASSWORD, "UTC", role="teacher")
    class_id = classes.create_class(teacher.id, f"Class of {size}", "", NOW)
    questions = list(db.session.scalars(sa.select(Question.id)))
    users = [
        {"username": f"c{size}s{i}", "password_hash": "x", "role": "student",
         "session_token": f"c{size}t{i}", "timezone": "UTC", "extra_new_count": 0,
         "created_at": NOW}
        for i in range(size)
    ]  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(sa.insert(User), users)
        ids = list(conn.scalars(sa.select(User.id).where(User.username.like(f"c{size}s%"))))
        conn.execute(
            sa.insert(Membership),
            [{"classroom_id": class_id, "user_id": uid, "joined_at": NOW} for uid in ids],
        )
        for uid in ids:
            reviews, cards = history(uid, questions, answers, rng)
            conn.execute(sa.insert(Review), reviews)
            conn.execute(sa.insert(Card), cards)
    db.session.remove()
    return class_id, teacher.username


def measure(app: object, class_id: int, teacher: str, requests: int) -> None:
    client = app.test_client()  # type: ignore[attr-defined]
    log_in(client, teacher, PASSWORD)
    with app.app_context():  # type: ignore[attr-defined]
        engine = db.engine
    for path in (f"/classes/{class_id}/", f"/classes/{class_id}/questions/"):
        time_page(client, engine, path, requests, path.replace(str(class_id), "<id>"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--sizes", default="40,400", help="class sizes, comma-separated")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    for name in database_names(args.database):
        with prepared_app(name, args.database_url) as app:
            print(f"\n{name}:")
            for size in (int(n) for n in args.sizes.split(",")):
                with app.app_context():
                    class_id, teacher = fill(size, args.answers)
                    reviews = db.session.scalar(sa.select(sa.func.count(Review.id)))
                print(f"class of {size} students ({reviews} answers in the database)")
                print(HEADER)
                measure(app, class_id, teacher, args.requests)


if __name__ == "__main__":
    main()
