"""Benchmark what a teacher sees: their home, a class's roster, its memory of each question, and a
homework.

Usage: .venv/bin/python bench/classes.py [--database sqlite|postgresql|both] [--requests 400]
           [--sizes 40,400] [--answers 200] [--database-url URL] [--workers 2]

PostgreSQL is a throwaway schema on --database-url (default DATABASE_URL); without one, SQLite
only. For a class of 40 students and one of 400 (a year group), each student having answered the
questions of the shipped banks about --answers times in all over the last months (it prints the
students and answers the database holds), it serves quizapp under gunicorn beside hello-world
(bench/over_http.py) and requests, --requests times each over HTTP, the teacher's home, the class
page (with the roster), the question view and the page of a homework on the shipped banks ("every
question recalled at 80 % on the due date", which reads every card of the class). It prints p50,
p95 (from 400 requests) and max in ms, as multiples of hello-world's p50 (its GET / timed as many
times, half before and half after), with the SQL statements each page sent (caught in-process).
"""

from __future__ import annotations

import argparse
import random
from datetime import timedelta

import sqlalchemy as sa
from harness import add_database_options, database_names, prepared_database, production_app
from over_http import Measured, Users, add_serving_options, fixed, measure_page, time_pages
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


def made_sizes(class_id: int) -> str:
    """The class's students and their answers, as counted in the database."""
    students = sa.select(Membership.user_id).where(Membership.classroom_id == class_id)
    members = db.session.scalar(sa.select(sa.func.count()).select_from(students.subquery()))
    answers = db.session.scalar(
        sa.select(sa.func.count(Review.id)).where(Review.user_id.in_(students))
    )
    return f"class of {members:,} students, {answers:,} answers of theirs"


def measure(users: Users, size: int, made: tuple[int, str, int], requests: int) -> list[Measured]:
    class_id, teacher, homework_id = made
    pages = (
        (f"teacher's home ({size})", "/"),
        (f"class roster ({size})", f"/classes/{class_id}/"),
        (f"class questions ({size})", f"/classes/{class_id}/questions/"),
        (f"homework ({size})", f"/homework/{homework_id}"),
    )
    return [measure_page(users, name, teacher, fixed(path), requests) for name, path in pages]


def run(name: str, url: str, args: argparse.Namespace) -> None:
    print(f"\n{name}:")
    app = production_app(url)
    sizes = [int(n) for n in args.sizes.split(",")]
    made = {}
    for size in sizes:
        with app.app_context():
            made[size] = fill(size, args.answers)
            print(made_sizes(made[size][0]), flush=True)
            db.session.remove()

    def pages(users: Users) -> list[Measured]:
        return [row for size in sizes for row in measure(users, size, made[size], args.requests)]

    time_pages(app, url, args, PASSWORD, pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_options(parser)
    add_serving_options(parser)
    parser.add_argument("--sizes", default="40,400", help="class sizes, comma-separated")
    parser.add_argument("--answers", type=int, default=200, help="answers per student")
    args = parser.parse_args()
    for name in database_names(args):
        with prepared_database(name, args.database_url) as url:
            run(name, url, args)


if __name__ == "__main__":
    main()
