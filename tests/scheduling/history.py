"""A seeded school history for the fitting tests: the synthetic population's answers stored as
quizapp's reviews, one question per card."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert

from bench.population import Student, school
from quizapp.accounts import services as accounts
from quizapp.banks import editor
from quizapp.classes import services as classes
from quizapp.database import tx
from quizapp.study.models import Review
from tests.world import _content, _questions

PASSWORD = "correct horse battery"


def seed(now: datetime, students: int = 3, seed: int = 5) -> tuple[int, list[int], list[Student]]:
    """A teacher's class whose students answered as the synthetic population did:
    (class id, the students' ids, the population)."""
    population = school(classes=1, students=students, cards=(40, 50), days=90, seed=seed)
    teacher = accounts.register("ms_lee", PASSWORD, "UTC", role="teacher").id
    slug = editor.create_bank(teacher, "Recall", "", now)
    cards = max(len(s.histories) for s in population)
    contents = [_content("short", f"Q{i}?", "", {"answers": [f"a{i}"]}) for i in range(cards)]
    questions = _questions(slug, contents, now)
    class_id = classes.create_class(teacher, "Year 9", "", now)
    classes.set_banks(teacher, class_id, [slug])
    code = classes.class_detail(teacher, class_id).join_code
    ids = []
    rows = []
    for student in population:
        user_id = accounts.register(student.name, PASSWORD, "UTC").id
        classes.join(user_id, code, now)
        ids.append(user_id)
        for question_id, history in zip(questions, student.histories, strict=False):
            rows += [
                {
                    "token": secrets.token_hex(16),
                    "user_id": user_id,
                    "question_id": question_id,
                    "response": "x",
                    "score": float(rating > 1),
                    "correct": rating > 1,
                    "rating": rating,
                    "duration_ms": None,
                    "shown_at": at,
                    "answered_at": at,
                    "due_after": at + timedelta(days=1),
                }
                for at, rating in history
            ]
    with tx.write() as session:
        session.execute(insert(Review), rows)
    return class_id, ids, population
