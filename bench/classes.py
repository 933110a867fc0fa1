"""Benchmark what a teacher sees: their home, a class's roster, its memory of each question, and a
homework.

Usage: .venv/bin/python bench/classes.py [--database sqlite|postgresql|both] [--requests 30]

For a class of 40 students and one of 400 (a year group), each student having answered the 100
questions of the shipped banks 200 times in all over the last months, it requests the teacher's
home, the class page (with the roster), the question view and the page of a homework on the
shipped banks ("every question recalled at 80 % on the due date", which reads every card of the
class) through the app (test client) and prints p50 and p95 in milliseconds with the SQL
statements each page sent.
"""

from __future__ import annotations

import argparse
import random
from datetime import timedelta

import sqlalchemy as sa
from harness import database_names, prepared_app
from inprocess import HEADER, log_in, time_page
from progress import NOW, history

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks.models import Bank, Question
from quizapp.classes import services as classes
from quizapp.classes.models import Membership
from quizapp.core.homework import RECALLED
from quizapp.extensions import db
from quizapp.homework import services as homework
from quizapp.study.models import Card, Review

PASSWORD = "a long password for the bench"


def _homework(teacher_id: int, class_id: int) -> int:
    """The class studies the shipped banks, and has a homework on the largest one."""
    banks = list(db.session.execute(sa.select(Bank.slug, Bank.id).where(~Bank.quiz_only)))
    classes.set_banks(teacher_id, class_id, [slug for slug, _ in banks])
    largest = max(
        banks,
        key=lambda b: db.session.scalar(sa.select(sa.func.count()).where(Question.bank_id == b[1])),
    )
    due = (NOW + timedelta(days=5)).replace(tzinfo=None, microsecond=0)
    settings = homework.HomeworkSettings("Recall by Friday", largest[1], RECALLED, due, 80)
    return homework.create_homework(teacher_id, class_id, settings, NOW)


def fill(size: int, answers: int) -> tuple[int, str, int]:
    """A teacher and a class of `size` students with their histories; (class id, teacher name,
    homework id)."""
    rng = random.Random(size)
    teacher = accounts.register(f"teacher{size}", PASSWORD, "UTC", role="teacher")
    class_id = classes.create_class(teacher.id, f"Class of {size}", "", NOW)
    homework_id = _homework(teacher.id, class_id)
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
        # The planner's statistics, as a database in use has them (autovacuum would gather them
        # within a minute of such a load; measured without, the plans are a bulk load's).
        conn.exec_driver_sql("ANALYZE")
    db.session.remove()
    return class_id, teacher.username, homework_id


def measure(app: object, class_id: int, teacher: str, homework_id: int, requests: int) -> None:
    client = app.test_client()  # type: ignore[attr-defined]
    log_in(client, teacher, PASSWORD)
    with app.app_context():  # type: ignore[attr-defined]
        engine = db.engine
    time_page(client, engine, "/", requests, "/ (the teacher's home)")
    for path in (f"/classes/{class_id}/", f"/classes/{class_id}/questions/"):
        time_page(client, engine, path, requests, path.replace(str(class_id), "<id>"))
    path = f"/homework/{homework_id}"
    time_page(client, engine, path, requests, path.replace(str(homework_id), "<id>"))


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
                    class_id, teacher, homework_id = fill(size, args.answers)
                    reviews = db.session.scalar(sa.select(sa.func.count(Review.id)))
                print(f"class of {size} students ({reviews} answers in the database)")
                print(HEADER)
                measure(app, class_id, teacher, homework_id, args.requests)


if __name__ == "__main__":
    main()
