"""Benchmark a regrade: one question with 10,000 past answers by 400 students.

Usage: .venv/bin/python bench/regrade.py [--database sqlite|postgresql|both] [--students 400]
       [--answers 25] [--rounds 3]

Each student has answered the short-answer question `agreement.signer-china` 25 times over the
last months, a third of the answers being "Zhang K." (wrong under the shipped key). A teacher then
adds "Zhang K." to the accepted answers and saves with "regrade past answers": the bench prints how
long the editor's count ("… answers by … students become right") and the save with its regrade
(new grades, FSRS replay of every affected student's answers, notices, one transaction) take.
Each round restores the old key first, without regrading, and regrades again.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from harness import database_names, prepared_app

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.audit.services import Actor
from quizapp.banks import question_edit
from quizapp.banks.models import Question
from quizapp.banks.versions import content_of, raw_of
from quizapp.core import scheduling
from quizapp.core.grading import grade
from quizapp.extensions import db
from quizapp.study.models import Card, Review

KEY = "agreement.signer-china"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RIGHT, OTHER_FORM, FIXED = "Zhang Kejian", "Kejian Zhang", "Zhang K."


Row = dict[str, object]


def _history(
    user_id: int, question: Question, answers: int, rng: random.Random
) -> tuple[list[Row], Row]:
    reviews: list[Row] = []
    at = NOW - timedelta(days=150)
    state = scheduling.new_card(at)
    score_sum, lapses = 0.0, 0
    for n in range(answers):
        at += timedelta(days=rng.uniform(1, 6))
        response = rng.choice([RIGHT, OTHER_FORM, FIXED])
        result = grade(question.type, question.spec, response)
        rating = scheduling.rating_for(result)
        after = scheduling.review(state, rating, at)
        reviews.append(
            {"token": f"r{user_id}-{n}", "user_id": user_id, "question_id": question.id,
             "response": response, "score": result.score, "correct": result.correct,
             "rating": int(rating), "duration_ms": 4000, "shown_at": at, "answered_at": at,
             "due_after": after.due, "before": scheduling.state_to_json(state),
             "version_id": question.version_id}
        )  # fmt: skip
        lapses += int(n > 0 and int(rating) == 1)
        score_sum += result.score
        state = after
    card = {"user_id": user_id, "question_id": question.id, "state": state.state,
            "step": state.step, "stability": state.stability, "difficulty": state.difficulty,
            "due": state.due, "last_review": state.last_review,
            "first_seen_at": reviews[0]["answered_at"],
            "reps": answers, "lapses": lapses, "score_sum": score_sum}  # fmt: skip
    return reviews, card


def fill(students: int, answers: int) -> tuple[int, int]:
    rng = random.Random(students)
    teacher = accounts.register("bench_admin", "a long password for the bench", "UTC", role="admin")
    question = db.session.scalars(sa.select(Question).where(Question.key == KEY)).one()
    users = [
        {"username": f"s{i}", "password_hash": "x", "role": "student", "session_token": f"t{i}",
         "timezone": "UTC", "extra_new_count": 0, "created_at": NOW}
        for i in range(students)
    ]  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(sa.insert(User), users)
        ids = list(conn.scalars(sa.select(User.id).where(User.role == "student")))
        for uid in ids:
            reviews, card = _history(uid, question, answers, rng)
            conn.execute(sa.insert(Review), reviews)
            conn.execute(sa.insert(Card), [card])
    db.session.remove()
    return teacher.id, question.id


def _raw(question_id: int, extra: list[str]) -> dict[str, object]:
    question = db.session.get_one(Question, question_id)
    raw = raw_of(question.key, content_of(question))
    raw["answers"] = [RIGHT, OTHER_FORM, *extra]
    db.session.remove()
    return raw


def measure(app: object, teacher: int, question_id: int, rounds: int) -> None:
    counts, saves = [], []
    with app.app_context():  # type: ignore[attr-defined]
        for n in range(rounds):
            at = NOW + timedelta(minutes=n)
            fixed = _raw(question_id, [FIXED])
            started = time.perf_counter()
            problems, summary, _ = question_edit.check(teacher, "agreement", question_id, fixed)
            counts.append(time.perf_counter() - started)
            db.session.remove()
            started = time.perf_counter()
            saved = question_edit.save(
                Actor(teacher, "bench_admin"), "agreement", question_id, fixed, at, "regrade"
            )
            saves.append(time.perf_counter() - started)
            db.session.remove()
            assert not problems and isinstance(saved, question_edit.Saved) and saved.regraded
            if n == 0 and summary is not None:
                print(
                    f"count shown before saving: {summary.answers} answers by "
                    f"{summary.students} students become right ({summary.became_right})"
                )
            back = _raw(question_id, [])
            question_edit.save(
                Actor(teacher, "bench_admin"), "agreement", question_id, back, at, "regrade"
            )
            db.session.remove()
    print(f"editor's count (preview):  median {statistics.median(counts) * 1000:7.0f} ms")
    print(f"save with regrade:         median {statistics.median(saves) * 1000:7.0f} ms, "
          f"max {max(saves) * 1000:.0f} ms over {rounds} rounds")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--students", type=int, default=400)
    parser.add_argument("--answers", type=int, default=25, help="answers per student")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    for name in database_names(args.database):
        with prepared_app(name, args.database_url) as app:
            with app.app_context():
                teacher, question_id = fill(args.students, args.answers)
                total = db.session.scalar(sa.select(sa.func.count(Review.id)))
            print(f"\n{name}: {args.students} students, {total} answers to {KEY}")
            measure(app, teacher, question_id, args.rounds)


if __name__ == "__main__":
    main()
