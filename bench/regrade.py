"""Benchmark a regrade over HTTP: one question with 10,000 past answers by 400 students.

Usage: .venv/bin/python bench/regrade.py [--database sqlite|postgresql|both] [--students 400]
       [--answers 25] [--rounds 5] [--requests 400] [--database-url URL] [--workers 2]

PostgreSQL is a throwaway schema on --database-url (default DATABASE_URL); without one, SQLite
only. Each student has answered the short-answer question `agreement.signer-china` --answers times
over the last months, a third of the answers being "Zhang K." (wrong under the shipped key); it
prints the students and answers the database holds. quizapp is then served under gunicorn beside
hello-world (bench/over_http.py), and an admin does in the question editor what a browser does:
opens the question's page (it shows the answers given so far), adds a row to the accepted answers
with the page's button and types "Zhang K." in it (untimed), presses Preview (the count: "… answers
by … students would change grade") and then "Save and regrade past answers" (new grades, FSRS
replay of every affected student's answers, notices, one transaction). Each round starts from the
shipped key: the round before saves it back and regrades back, untimed.

One table: the editor page (--requests times: p50 and p95), the preview with its count and the
save with its regrade (--rounds times, seconds each: p50 and max; a p95 would take 400 rounds), as
multiples of hello-world's p50 (its GET / timed --requests times, half before and half after), and
the statements each request sent (caught in-process in an untimed round of its own).
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from browser import Reply
from district_explain import Sent
from flask import Flask
from harness import (
    add_database_options,
    database_names,
    prepared_database,
    production_app,
)
from over_http import (
    Browser,
    Call,
    Measured,
    Users,
    add_serving_options,
    caught,
    checked,
    fixed,
    get,
    measure_page,
    time_pages,
    timed_once,
)
from pages import Page

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks.models import Question
from quizapp.core import scheduling
from quizapp.core.grading import grade
from quizapp.extensions import db
from quizapp.study.models import Card, Review

KEY = "agreement.signer-china"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RIGHT, OTHER_FORM, FIXED = "Zhang Kejian", "Kejian Zhang", "Zhang K."
TEACHER, PASSWORD = "bench_admin", "a long password for the bench"
COUNT = re.compile(r"\d+ answers? by \d+ students?</strong> would change grade: \d+ become right")


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


def fill(students: int, answers: int) -> int:
    """The students and their answers; returns the question's id."""
    rng = random.Random(students)
    accounts.register(TEACHER, PASSWORD, "UTC", role="admin")
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
    question_id = int(question.id)
    db.session.remove()
    return question_id


@dataclass(frozen=True)
class Editor:
    """The question's editor page, and its form as a browser sends it: as shown (the shipped
    key) and with FIXED added as an accepted answer (through the page's "add" row button)."""

    path: str
    shipped: list[tuple[str, str]]
    changed: list[tuple[str, str]]


def editor_form(page: Page) -> list[tuple[str, str]]:
    form = page.form(field="prompt")
    assert form is not None, f"{page.path} shows no question form"
    return form.filled()


def editor_path(question_id: int) -> str:
    return f"/editor/banks/{KEY.split('.')[0]}/questions/{question_id}"


def open_editor(browser: Browser, question_id: int) -> Editor:
    path = editor_path(question_id)
    shipped = editor_form(get(browser, path))
    call = Call("POST", path, [*shipped, ("row", "add:answers")])
    changed = editor_form(Page(path, checked(call, browser.send(call)).body))
    blank = next(
        i for i, (name, value) in enumerate(changed) if name.startswith("answers-") and not value
    )
    changed[blank] = (changed[blank][0], FIXED)
    return Editor(path, shipped, changed)


def preview(editor: Editor) -> Call:
    """Preview: the page with the count of past answers whose grade would change."""
    return Call("POST", editor.path, [*editor.changed, ("preview", "1")])


def save_regrade(editor: Editor, previewed: Reply) -> Call:
    """The "Save and regrade past answers" button, pressed on the previewed page."""
    fields = editor_form(Page(editor.path, previewed.body))
    return Call("POST", editor.path, [*fields, ("save_regrade", "1")], 303)


def restore(browser: Browser, editor: Editor) -> None:
    """The shipped key back, its grades regraded back (untimed)."""
    call = Call("POST", editor.path, [*editor.shipped, ("save_regrade", "1")], 303)
    checked(call, browser.send(call))


def count_shown(previewed: Reply) -> str:
    found = COUNT.search(" ".join(previewed.body.split()))
    if found is None:
        raise SystemExit("the preview shows no past answer whose grade would change")
    return found.group(0).replace("</strong>", "")


def statements(app: Flask, browser: Browser, question_id: int) -> tuple[list[Sent], list[Sent]]:
    """The statements of the preview and of the save with its regrade, in-process, untimed."""
    editor = open_editor(browser, question_id)
    with caught(app) as counted:
        previewed = checked(preview(editor), browser.send(preview(editor)))
    save = save_regrade(editor, previewed)
    with caught(app) as saved:
        location = checked(save, browser.send(save)).location
    said = browser.send(Call("GET", location)).body
    if "Regraded" not in said:
        raise SystemExit('saving with "regrade past answers" did not regrade')
    restore(browser, editor)
    return counted, saved


def rounds(browser: Browser, question_id: int, count: int) -> tuple[list[float], list[float]]:
    """The preview's and the save's times in ms, each round starting from the shipped key."""
    editor = open_editor(browser, question_id)
    counts, saves = [], []
    for n in range(count):
        took, previewed = timed_once(browser, preview(editor))
        counts.append(took)
        if n == 0:
            print(f"count shown before saving: {count_shown(previewed)}", flush=True)
        took, _ = timed_once(browser, save_regrade(editor, previewed))
        saves.append(took)
        restore(browser, editor)
    return counts, saves


def measure(users: Users, question_id: int, args: argparse.Namespace) -> list[Measured]:
    page = measure_page(
        users, "editor page (GET)", TEACHER, fixed(editor_path(question_id)), args.requests
    )
    counted, saved = statements(users.app, users.browser(TEACHER, http=False), question_id)
    counts, saves = rounds(users.browser(TEACHER), question_id, args.rounds)
    return [
        page,
        Measured("preview with the count", counts, counted),
        Measured("save with regrade", saves, saved),
    ]


def made_sizes(question_id: int) -> str:
    answered = Review.question_id == question_id
    students = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Review.user_id))).where(answered)
    )
    total = db.session.scalar(sa.select(sa.func.count(Review.id)).where(answered))
    return f"{students:,} students, {total:,} answers to {KEY}"


def run(name: str, url: str, args: argparse.Namespace) -> None:
    app = production_app(url)
    with app.app_context():
        question_id = fill(args.students, args.answers)
        print(f"\n{name}: {made_sizes(question_id)}", flush=True)
        db.session.remove()
    time_pages(app, url, args, PASSWORD, lambda users: measure(users, question_id, args), "request")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_options(parser)
    add_serving_options(parser)
    parser.add_argument("--students", type=int, default=400)
    parser.add_argument("--answers", type=int, default=25, help="answers per student")
    parser.add_argument("--rounds", type=int, default=5, help="previews and saves timed")
    args = parser.parse_args()
    for name in database_names(args):
        with prepared_database(name, args.database_url) as url:
            run(name, url, args)


if __name__ == "__main__":
    main()
