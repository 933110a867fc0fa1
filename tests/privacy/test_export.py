"""'Download my data': the archive holds the person's whole history, as JSON and as CSV, and
nothing of anyone else, in a fixed number of statements."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from flask import Flask

from quizapp.extensions import db
from quizapp.privacy import export
from quizapp.privacy.plan import REFERENCES, THROUGH
from quizapp.privacy.subject import subject
from tests.conftest import Clock
from tests.privacy.history import build, data, unzip
from tests.statements import counting

pytestmark = pytest.mark.usefixtures("sample_banks")


def _archive(app: Flask, user_id: int, username: str, now: datetime) -> dict[str, str]:
    with app.app_context():
        found = export.archive(subject(user_id, username), now)
    assert found.filename == f"quizapp-{username}-{now.date().isoformat()}.zip"
    return unzip(found.content)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_archive_holds_the_students_history_in_json_and_csv(app: Flask, clock: Clock) -> None:
    world, _ = build(app, clock.now)
    files = _archive(app, world.a.student, "a_student", clock.now)
    found = data(files)
    assert found["account"]["username"] == "a_student"
    assert found["account"]["timezone"] == "Europe/Paris"
    assert found["account"]["new_per_day"] == 7
    assert datetime.fromisoformat(found["account"]["created_at"]).tzinfo is not None
    tables = found["tables"]
    assert [r["response"] for r in tables["review"]] == ["wrong"]
    assert [r["question_id"] for r in tables["card"]] == [world.a.study_question]
    assert {r["id"] for r in tables["attempt"]} == {world.a.attempt_id, world.a.practice_id}
    [answered] = [r for r in tables["attempt_item"] if r["response"] == "guessA"]
    # The quiz is still being taken: whether the answer is right is not told yet.
    assert answered["score"] is None and answered["correct"] is None
    assert [r["classroom_id"] for r in tables["membership"]] == [world.a.class_id]
    assert [r["name"] for r in tables["classroom"]] == ["Class A"]
    # The same rows as CSV, one file per table.
    assert _csv(files["account.csv"])[0]["timezone"] == "Europe/Paris"
    assert [r["response"] for r in _csv(files["review.csv"])] == ["wrong"]
    assert "guessA" in files["attempt_item.csv"]
    assert [r["name"] for r in _csv(files["classroom.csv"])] == ["Class A"]
    assert len(_csv(files["attempt.csv"])) == 2
    readme = files["README.txt"]
    assert "password" in readme and "two-factor" in readme and "recovery codes" in readme


def test_the_archive_holds_nothing_of_anyone_else(app: Flask, clock: Clock) -> None:
    world, mate = build(app, clock.now)
    files = _archive(app, world.a.student, "a_student", clock.now)
    everything = "\n".join(files.values())
    for other in ("a_mate", "mateguess", "b_student", "guessB", "a_owner", "argon2"):
        assert other not in everything
    tables = data(files)["tables"]
    for name in ("review", "card", "attempt", "membership", "regraded_answer"):
        assert all(row["user_id"] == world.a.student for row in tables[name]), name
    # The teacher's archive: their class, bank and quiz, not their students' answers.
    teacher = "\n".join(_archive(app, world.a.owner, "a_owner", clock.now).values())
    assert "Exam quiz A" in teacher and "Study A" in teacher
    assert "guessA" not in teacher and "mateguess" not in teacher and "a_student" not in teacher
    assert mate


def test_the_export_makes_the_same_statements_whatever_the_history(
    app: Flask, clock: Clock
) -> None:
    world, _ = build(app, clock.now)
    with app.app_context():
        engine = db.engine
        loner = world.users["student in no class"][1]
    counts = []
    for user_id in (world.a.student, loner):
        with app.app_context(), counting(engine) as seen:
            export.collect(user_id)
        counts.append(len(seen))
    # The account, then one statement per table exported, its own rows or those reached through
    # them, and one for the live games' questions still open: never one per row.
    tables = {r.table for r in REFERENCES if r.exported} | {t[0] for t in THROUGH}
    assert counts[0] == counts[1] == 1 + len(tables) + 1
