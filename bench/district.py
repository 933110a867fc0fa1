"""Seed PostgreSQL with a district's school year, for the benches that time every page at size.

Usage: .venv/bin/python bench/district.py [--scale 1.0] [--database-url URL] [--keep] [--check]

At --scale 1.0: 20,000 students (one of them, `heavy`, with 20,000 answers of their own), 60
teachers of 10 classes each, 600 classes of about 33 students (one in ten students is also in a
second class of the same school), 30 banks of 50-100 questions (copies of the shipped banks'
questions with new keys, each with its version), 2-4 banks per class, 10 million answers over the
last whole school year (1 September to 30 June) in the students' local afternoons and evenings
(four schools, one in each of four time zones), a card per student and question answered, 2,000
quizzes taken by their classes, and five pieces of homework a class. --scale multiplies every
count but the banks (a class's students and a teacher's classes stay about the same).

The database is a fresh schema of --database-url (or DATABASE_URL), migrated and with the shipped
banks imported as production does (bench/harness.py); the rest is written with COPY. The big
tables' secondary indexes, unique and foreign-key constraints are dropped for the load and made
again from their own definitions afterwards, so the schema is the migrations' own. --keep leaves
the schema in place and prints its URL; --check loads a student's, the heavy student's and a
teacher's page through the app (production configuration), logged in through the real form.

Cards: each answer's rating moves the card as FSRS does (the library's formulas with its default
parameters, ported to floats: see district_memory.py); the chance of a right answer is FSRS's
chance of recall at that moment times the student's own skill; --check replays some students'
answers through the app's scheduler and grades them again with its graders, and both must agree
with what was seeded. Every user's password is PASSWORD.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import os
import random
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from argon2 import PasswordHasher
from district_check import check
from district_memory import Answer, CardRow, Item, Student, study_year
from district_rows import CARD_COLUMNS, REVIEW_COLUMNS, card_line, copy_json, review_line
from harness import app_environment, prepare_database, throwaway_database
from psycopg.types.json import Json

from quizapp.core import joincode, quizdraw
from quizapp.core.grading import cloze_blanks, grade, right_options
from quizapp.core.scheduling import rating_for

PASSWORD = "a district bench password"
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
FULL = {"students": 20_000, "teachers": 60, "classes": 600, "answers": 10_000_000}
FULL_QUIZZES, FULL_HEAVY = 2_000, 20_000
BANKS = 30
BATCH = 100  # students whose answers are sorted by time together (see write_answers)
QUIZ_QUESTIONS = 10
HOMEWORK_PER_CLASS = 5
# Loaded with their secondary indexes and constraints dropped, made again afterwards.
LOOSENED = ("review", "card", "attempt", "attempt_item")
TABLES = (
    "user",
    "classroom",
    "membership",
    "classroom_bank",
    "bank",
    "question",
    "question_version",
    "review",
    "card",
    "quiz",
    "quiz_question",
    "attempt",
    "attempt_item",
    "homework",
)
# Those with an id of their own, whose sequences are set to follow the rows written.
ID_TABLES = tuple(
    t for t in TABLES if t not in {"membership", "classroom_bank", "quiz_question", "attempt_item"}
)


@dataclass(frozen=True)
class Plan:
    students: int
    teachers: int
    classes: int
    answers: int
    quizzes: int
    heavy: int

    @classmethod
    def at(cls, scale: float) -> Plan:
        counts = {name: max(1, round(n * scale)) for name, n in FULL.items()}
        return cls(
            **counts,
            quizzes=max(1, round(FULL_QUIZZES * scale)),
            heavy=max(1, round(FULL_HEAVY * scale)),
        )


@dataclass(frozen=True)
class Year:
    """The last whole school year before today, with each zone's UTC offset day by day."""

    start: date
    days: int
    offsets: dict[str, list[float]]

    @classmethod
    def last(cls, today: date) -> Year:
        ends = today.year if today >= date(today.year, 7, 1) else today.year - 1
        start, end = date(ends - 1, 9, 1), date(ends, 6, 30)
        days = (end - start).days + 1
        offsets = {
            zone: [_offset(start + timedelta(days=n), zone) for n in range(days + 40)]
            for zone in ZONES
        }
        return cls(start, days, offsets)

    @property
    def epoch(self) -> float:
        return float(calendar.timegm(self.start.timetuple()))

    def clock(self, zone: str) -> Callable[[float], float]:
        """Local seconds since the year's first midnight in `zone` -> UTC epoch seconds."""
        offsets, epoch = self.offsets[zone], self.epoch
        return lambda local: epoch + local - offsets[max(0, int(local // 86400))]

    def utc(self, zone: str, day: int, hour: float) -> datetime:
        return datetime.fromtimestamp(self.clock(zone)(day * 86400 + hour * 3600), UTC)


def _offset(day: date, zone: str) -> float:
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(zone))
    offset = noon.utcoffset()
    assert offset is not None
    return offset.total_seconds()


def naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


@dataclass
class District:
    """What later steps need of what earlier ones wrote."""

    plan: Plan
    year: Year
    rng: random.Random
    teacher_ids: list[int] = field(default_factory=list)
    teacher_zone: dict[int, str] = field(default_factory=dict)
    student_ids: list[int] = field(default_factory=list)
    student_zone: dict[int, str] = field(default_factory=dict)
    skill: dict[int, float] = field(default_factory=dict)
    class_ids: list[int] = field(default_factory=list)
    class_teacher: dict[int, int] = field(default_factory=dict)
    class_zone: dict[int, str] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=dict)
    classes_of: dict[int, list[int]] = field(default_factory=dict)
    bank_ids: list[int] = field(default_factory=list)
    bank_items: dict[int, list[Item]] = field(default_factory=dict)
    class_banks: dict[int, list[int]] = field(default_factory=dict)
    all_items: list[Item] = field(default_factory=list)


# ---- responses the app grades ------------------------------------------------------------------


def responses(qtype: str, spec: dict[str, Any]) -> tuple[Any, Any]:
    """A right and a wrong response to a question of this type."""
    if qtype == "choice":
        wrong = [o for o in spec["options"] if o not in right_options(spec)]
        return spec["answer"], (wrong[0] if wrong else "")
    if qtype == "truefalse":
        return ("true", "false") if spec["answer"] else ("false", "true")
    if qtype == "flashcard":
        return "3", "1"
    if qtype == "multi":
        wrong = [o for o in spec["options"] if o not in spec["answers"]]
        return list(spec["answers"]), wrong[:1]
    if qtype == "numeric":
        return str(spec["answer"]), str(spec["answer"] + spec.get("tolerance", 0) + 1)
    if qtype == "matching":
        targets = [right for _, right in spec["pairs"]]
        return targets, targets[1:] + targets[:1]
    if qtype == "ordering":
        return list(spec["items"]), list(reversed(spec["items"]))
    if qtype == "cloze":
        blanks = cloze_blanks(spec["prompt"])
        return [forms[0] for forms in blanks], [""] * len(blanks)
    return spec["answers"][0], "no idea"  # short


def item_for(question_id: int, version_id: int, qtype: str, spec: dict[str, Any]) -> Item:
    right, wrong = responses(qtype, spec)
    right_grade, wrong_grade = grade(qtype, spec, right), grade(qtype, spec, wrong)
    if not right_grade.correct or wrong_grade.correct:
        raise SystemExit(f"cannot answer a {qtype} question right and wrong: {spec}")
    flashcard = qtype == "flashcard"
    return Item(
        id=question_id,
        version_id=version_id,
        quiz_ok=not flashcard,
        flashcard=flashcard,
        right=copy_json(right),
        right_response=right,
        right_score=right_grade.score,
        right_rating=3 if flashcard else int(rating_for(right_grade)),
        wrong=copy_json(wrong),
        wrong_response=wrong,
        wrong_score=wrong_grade.score,
    )


# ---- writing -----------------------------------------------------------------------------------


def next_id(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()
    assert row is not None
    return int(row[0])


def copy_rows(conn: psycopg.Connection[Any], table: str, columns: str, rows: Any) -> None:
    with conn.cursor().copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def people(conn: psycopg.Connection[Any], d: District) -> None:
    """Teachers, then students (the first is `heavy`), in the zones of their schools."""
    first = next_id(conn, "user")
    password_hash = PasswordHasher().hash(PASSWORD)  # argon2's defaults, as production hashes
    joined = naive(d.year.utc(ZONES[0], -10, 12))
    plan, rows = d.plan, []
    for n in range(plan.teachers + plan.students):
        user_id, teacher = first + n, n < plan.teachers
        zone = ZONES[n % len(ZONES)] if teacher else ZONES[0]  # students: set with their class
        name = f"teacher{n:03d}" if teacher else f"student{n - plan.teachers:05d}"
        if n == plan.teachers:
            name = "heavy"
        (d.teacher_ids if teacher else d.student_ids).append(user_id)
        rows.append(
            [
                user_id,
                name,
                password_hash,
                "teacher" if teacher else "student",
                secrets.token_urlsafe(32),
                zone,
                0,
                joined,
            ]
        )
    for teacher in d.teacher_ids:
        d.teacher_zone[teacher] = ZONES[(teacher - first) % len(ZONES)]
    d.classes_of = {s: [] for s in d.student_ids}
    assign_classes(conn, d)
    for row in rows:
        if row[3] == "student":
            row[5] = d.student_zone[row[0]]
    columns = (
        "id, username, password_hash, role, session_token, timezone, extra_new_count, created_at"
    )
    copy_rows(conn, "user", columns, rows)
    d.skill = {s: d.rng.uniform(0.85, 1.02) for s in d.student_ids}


def assign_classes(conn: psycopg.Connection[Any], d: District) -> None:
    """Classes (the first few by each teacher), then every student in one class and one in ten
    in a second class of the same school (zone)."""
    first = next_id(conn, "classroom")
    plan = d.plan
    for c in range(plan.classes):
        class_id = first + c
        teacher = d.teacher_ids[c * plan.teachers // plan.classes]
        d.class_ids.append(class_id)
        d.class_teacher[class_id] = teacher
        d.class_zone[class_id] = d.teacher_zone[teacher]
        d.members[class_id] = []
    by_zone: dict[str, list[int]] = {}
    for class_id in d.class_ids:
        by_zone.setdefault(d.class_zone[class_id], []).append(class_id)
    for n, student in enumerate(d.student_ids):
        home = d.class_ids[n % plan.classes]
        d.student_zone[student] = d.class_zone[home]
        chosen = [home]
        same_school = [c for c in by_zone[d.class_zone[home]] if c != home]
        if same_school and d.rng.random() < 0.1:
            chosen.append(d.rng.choice(same_school))
        for class_id in chosen:
            d.members[class_id].append(student)
            d.classes_of[student].append(class_id)


def classrooms(conn: psycopg.Connection[Any], d: District) -> None:
    codes: set[str] = set()
    while len(codes) < len(d.class_ids):
        codes.add(joincode.new_code())
    created = naive(d.year.utc(ZONES[0], -7, 10))
    copy_rows(
        conn,
        "classroom",
        "id, name, description, join_code, joining_open, created_at, timezone, desired_retention",
        (
            (c, f"Class {n + 1}", "", code, True, created, d.class_zone[c], 0.9)
            for n, (c, code) in enumerate(zip(d.class_ids, sorted(codes), strict=True))
        ),
    )
    copy_rows(
        conn,
        "classroom_teacher",
        "classroom_id, user_id, is_owner",
        ((c, d.class_teacher[c], True) for c in d.class_ids),
    )
    joined = d.year.epoch
    copy_rows(
        conn,
        "membership",
        "classroom_id, user_id, joined_at",
        (
            (
                c,
                s,
                datetime.fromtimestamp(joined + d.rng.uniform(0, 9 * 86400), UTC).replace(
                    tzinfo=None
                ),
            )
            for c in d.class_ids
            for s in d.members[c]
        ),
    )


def banks(conn: psycopg.Connection[Any], d: District) -> None:
    """30 school banks of 50-100 questions copied from the shipped banks' questions."""
    shipped = conn.execute(
        "SELECT b.slug, b.title, b.description, q.key, q.type, q.prompt, q.explanation, q.tags, "
        "q.cite, q.spec FROM question q JOIN bank b ON b.id = q.bank_id "
        "WHERE q.retired_at IS NULL ORDER BY b.position, q.position, q.id"
    ).fetchall()
    bank_id, question_id = next_id(conn, "bank"), next_id(conn, "question")
    version_id = next_id(conn, "question_version")
    made = naive(d.year.utc(ZONES[0], -14, 10))
    bank_rows, question_rows, version_rows = [], [], []
    for n in range(BANKS):
        size = d.rng.randint(50, 100)
        picked = [shipped[(n * 7 + k) % len(shipped)] for k in range(size)]
        slug = f"district-{n + 1:02d}"
        bank_rows.append(
            (
                bank_id,
                slug,
                f"District bank {n + 1}",
                picked[0][2],
                200 + n,
                "",
                made,
                None,
                False,
                False,
            )
        )
        d.bank_ids.append(bank_id)
        d.bank_items[bank_id] = []
        for position, (source, _, _, key, qtype, prompt, expl, tags, cite, spec) in enumerate(
            picked
        ):
            content = {
                "type": qtype,
                "prompt": prompt,
                "explanation": expl,
                "tags": tags,
                "cite": cite,
                "spec": spec,
            }
            new_key = f"{slug}.{key.split('.', 1)[-1]}-{position}"
            question_rows.append(
                (
                    question_id,
                    bank_id,
                    new_key,
                    qtype,
                    prompt,
                    expl,
                    Json(tags),
                    Json(cite),
                    Json(spec),
                    position,
                    made,
                    version_id,
                )
            )
            version_rows.append(
                (
                    version_id,
                    question_id,
                    1,
                    Json(content),
                    "copy",
                    f"copied from {source}",
                    None,
                    made,
                )
            )
            item = item_for(question_id, version_id, qtype, spec)
            d.bank_items[bank_id].append(item)
            d.all_items.append(item)
            question_id, version_id = question_id + 1, version_id + 1
        bank_id += 1
    copy_rows(
        conn,
        "bank",
        "id, slug, title, description, position, source_path, updated_at, "
        "owner_id, quiz_only, require_citations",
        bank_rows,
    )
    copy_rows(
        conn,
        "question",
        "id, bank_id, key, type, prompt, explanation, tags, cite, spec, "
        "position, updated_at, version_id",
        question_rows,
    )
    copy_rows(
        conn,
        "question_version",
        "id, question_id, number, content, source, source_detail, author_id, created_at",
        version_rows,
    )
    for class_id in d.class_ids:
        d.class_banks[class_id] = d.rng.sample(d.bank_ids, d.rng.randint(2, 4))
    copy_rows(
        conn,
        "classroom_bank",
        "classroom_id, bank_id",
        ((c, b) for c in d.class_ids for b in d.class_banks[c]),
    )


# ---- answers -----------------------------------------------------------------------------------


def targets(d: District) -> dict[int, int]:
    """Each student's share of the answers (the heavy student's set apart), by a log-normal
    activity: a few students answer several times as much as most."""
    others = d.student_ids[1:]
    weights = [d.rng.lognormvariate(0, 0.7) for _ in others]
    total, rest = sum(weights), d.plan.answers - d.plan.heavy
    return {s: round(rest * w / total) for s, w in zip(others, weights, strict=True)}


def pool_of(d: District, student: int) -> list[Item]:
    seen = {b for c in d.classes_of[student] for b in d.class_banks[c]}
    return [item for b in sorted(seen) for item in d.bank_items[b]]


def heavy_answers(d: District) -> list[list[Answer]]:
    """The heavy student's year, studying every district bank (all school banks are theirs to
    study), cut in time order into one slice for each batch of other students."""
    student = d.student_ids[0]
    who = Student(student, d.year.clock(d.student_zone[student]), 1.0, 2.0)
    answers, _ = study_year(who, d.all_items, d.plan.heavy, d.year.days, d.rng)
    answers.sort(key=lambda a: a[0])
    batches = max(1, -(-(len(d.student_ids) - 1) // BATCH))
    size = -(-len(answers) // batches)
    return [answers[n * size : (n + 1) * size] for n in range(batches)]


def write_answers(url: str, d: District) -> tuple[int, int]:
    """Reviews and cards by batches of students: a batch's answers go in by time, so that a
    student's rows lie scattered among others' as a year of real answers leaves them (and the
    ids of one student's answers grow with time, as the app's do)."""
    shares = targets(d)
    heavy = heavy_answers(d)
    others = d.student_ids[1:]
    review_id, card_id, carry = 1, 1, 0
    with (
        psycopg.connect(url) as reviews_conn,
        psycopg.connect(url) as cards_conn,
        reviews_conn.cursor().copy(f"COPY review ({REVIEW_COLUMNS}) FROM STDIN") as reviews,
        cards_conn.cursor().copy(f"COPY card ({CARD_COLUMNS}) FROM STDIN") as cards,
    ):
        for n, heavy_slice in enumerate(heavy):
            answers, batch_cards = list(heavy_slice), []
            for student in others[n * BATCH : (n + 1) * BATCH]:
                who = Student(
                    student, d.year.clock(d.student_zone[student]), d.skill[student], 0.8, 6.0
                )
                wanted = shares[student] + carry
                done, made = study_year(who, pool_of(d, student), wanted, d.year.days, d.rng)
                carry = wanted - len(done)  # a student who ran out of questions: others answer more
                answers.extend(done)
                batch_cards.extend(made)
            answers.sort(key=lambda a: a[0])
            lines = []
            for answer in answers:
                if not answer[3]:
                    answer[1].last_wrong = review_id
                lines.append(review_line(review_id, answer))
                review_id += 1
            reviews.write("".join(lines))
            if n == len(heavy) - 1:
                batch_cards.extend(heavy_cards(heavy))
            batch_cards.sort(key=lambda c: c.first)
            cards.write("".join(card_line(card_id + k, c) for k, c in enumerate(batch_cards)))
            card_id += len(batch_cards)
    return review_id - 1, card_id - 1


def heavy_cards(heavy: list[list[Answer]]) -> list[CardRow]:
    found: dict[int, CardRow] = {}
    for part in heavy:
        for answer in part:
            found[id(answer[1])] = answer[1]
    return list(found.values())


# ---- quizzes and homework ----------------------------------------------------------------------


@dataclass
class QuizRows:
    quizzes: list[tuple[Any, ...]] = field(default_factory=list)
    questions: list[tuple[int, int, int]] = field(default_factory=list)
    attempts: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)


def quizzes(conn: psycopg.Connection[Any], d: District) -> None:
    """Quizzes of ten questions of the class's banks (a practice check, open a week), each taken
    once (some twice) by nine in ten of the class, answers saved and the attempt submitted."""
    quiz_id, attempt_id = next_id(conn, "quiz"), next_id(conn, "attempt")
    rows = QuizRows()
    for n in range(d.plan.quizzes):
        class_id = d.class_ids[n % len(d.class_ids)]
        items = [i for b in d.class_banks[class_id] for i in d.bank_items[b] if i.quiz_ok]
        chosen = d.rng.sample(items, min(QUIZ_QUESTIONS, len(items)))
        zone, day = d.class_zone[class_id], d.rng.randrange(7, d.year.days - 10)
        opens, closes = d.year.utc(zone, day, 8), d.year.utc(zone, day + 7, 17)
        allowed = 2 if d.rng.random() < 0.2 else 1
        rows.quizzes.append(
            (
                quiz_id,
                class_id,
                f"Quiz {n + 1}",
                "fixed",
                Json([]),
                True,
                True,
                naive(opens),
                naive(closes),
                1200,
                allowed,
                "highest",
                "submit",
                "paged",
                d.class_teacher[class_id],
                naive(opens - timedelta(days=2)),
            )
        )
        rows.questions.extend((quiz_id, item.id, k) for k, item in enumerate(chosen))
        for student in d.members[class_id]:
            if d.rng.random() < 0.9:
                tries = 2 if allowed == 2 and d.rng.random() < 0.3 else 1
                for number in range(1, tries + 1):
                    ids = (quiz_id, attempt_id, student, number)
                    take(d, rows, ids, chosen, (zone, day, closes))
                    attempt_id += 1
        quiz_id += 1
    copy_rows(
        conn,
        "quiz",
        "id, classroom_id, title, selection, stratify, shuffle_questions, "
        "shuffle_options, opens_at, closes_at, time_limit_s, attempts_allowed, grading, "
        "reveal, layout, created_by, created_at",
        rows.quizzes,
    )
    copy_rows(conn, "quiz_question", "quiz_id, question_id, position", rows.questions)
    copy_rows(
        conn,
        "attempt",
        "id, user_id, quiz_id, number, started_at, deadline, submitted_at, score, override_reason",
        rows.attempts,
    )
    copy_rows(
        conn,
        "attempt_item",
        "attempt_id, position, question_id, version_id, response, "
        "score, correct, answered_at, flagged",
        rows.items,
    )


def take(
    d: District,
    rows: QuizRows,
    ids: tuple[int, int, int, int],
    chosen: list[Item],
    when: tuple[str, int, datetime],
) -> None:
    quiz_id, attempt_id, student, number = ids
    zone, day, closes = when
    started = d.year.utc(zone, day + d.rng.randrange(0, 7) + (number - 1), d.rng.uniform(15, 21))
    started = min(started, closes - timedelta(minutes=30))
    deadline = min(started + timedelta(seconds=1200), closes)
    seed = f"quiz {quiz_id} student {student} attempt {number}"
    order = quizdraw.order_for([i.id for i in chosen], seed, True)
    by_id = {i.id: i for i in chosen}
    at, total = started, 0.0
    for position, question_id in enumerate(order, start=1):
        item = by_id[question_id]
        at += timedelta(seconds=d.rng.uniform(20, 90))
        right = d.rng.random() < 0.75 * d.skill[student]
        response = item.right_response if right else item.wrong_response
        score = item.right_score if right else item.wrong_score
        total += score
        rows.items.append(
            (
                attempt_id,
                position,
                question_id,
                item.version_id,
                Json(response),
                score,
                right,
                naive(at),
                False,
            )
        )
    submitted = min(at + timedelta(seconds=30), deadline)
    rows.attempts.append(
        (
            attempt_id,
            student,
            quiz_id,
            number,
            naive(started),
            naive(deadline),
            naive(submitted),
            total / len(order),
            "",
        )
    )


def homework(conn: psycopg.Connection[Any], d: District) -> int:
    """Five pieces of homework a class over the year, over its banks; all but the last closed."""
    first = next_id(conn, "homework")
    kinds = (("studied", None), ("recalled", 80), ("correct", 20))
    rows = []
    for class_id in d.class_ids:
        zone = d.class_zone[class_id]
        for k in range(HOMEWORK_PER_CLASS):
            bank = d.class_banks[class_id][k % len(d.class_banks[class_id])]
            kind, number = kinds[k % len(kinds)]
            day = 14 + k * (d.year.days - 30) // HOMEWORK_PER_CLASS
            set_at, due = d.year.utc(zone, day, 9), d.year.utc(zone, day + 7, 17)
            closed = naive(due + timedelta(days=2)) if k < HOMEWORK_PER_CLASS - 1 else None
            rows.append(
                (
                    first + len(rows),
                    class_id,
                    bank,
                    Json([]),
                    f"Homework {k + 1}",
                    kind,
                    number,
                    naive(due),
                    naive(set_at),
                    closed,
                    d.class_teacher[class_id],
                )
            )
    copy_rows(
        conn,
        "homework",
        "id, classroom_id, bank_id, tags, title, goal_kind, goal_number, "
        "due_at, set_at, closed_at, set_by",
        rows,
    )
    return len(rows)


# ---- the load: constraints off and on, sequences, sizes ----------------------------------------


def loosen(conn: psycopg.Connection[Any], tables: tuple[str, ...]) -> list[str]:
    """Drop the tables' secondary indexes, unique and foreign-key constraints (primary keys stay);
    returns the statements that make them again, as they were."""
    again: list[str] = []
    for table in tables:
        constraints = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid), conindid FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
            (table,),
        ).fetchall()
        indexes = conn.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            (table,),
        ).fetchall()
        for name, definition, _ in constraints:
            conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            again.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            conn.execute(f"DROP INDEX {name}")
            again.append(definition)
    # Unique constraints and indexes first: the foreign keys of other tables may need them.
    return sorted(again, key=lambda s: "FOREIGN KEY" in s)


def restore_sequences(conn: psycopg.Connection[Any]) -> None:
    for table in ID_TABLES:
        seq = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", (f'"{table}"',)).fetchone()
        if seq and seq[0]:
            conn.execute(
                f'SELECT setval(%s, (SELECT coalesce(max(id), 1) FROM "{table}"))', (seq[0],)
            )


def report_sizes(conn: psycopg.Connection[Any]) -> None:
    print(f"\n{'table':<20}{'rows':>12}{'disk':>12}")
    for table in TABLES:
        count, size = conn.execute(
            f'SELECT count(*), pg_size_pretty(pg_total_relation_size(%s)) FROM "{table}"',
            (f'"{table}"',),
        ).fetchone() or (0, "")
        print(f"{table:<20}{count:>12,}{size:>12}")
    total = conn.execute(
        "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    ).fetchone()
    print(f"{'all tables':<20}{'':>12}{total[0] if total else '':>12}")


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"{name:<44}{time.perf_counter() - start:>8.1f} s", flush=True)


def seed(url: str, plan: Plan) -> District:
    """Write the district into the migrated schema at `url` (a psycopg URL)."""
    d = District(plan, Year.last(date.today()), random.Random(23))
    with psycopg.connect(url) as conn:
        with step("people, classes"):
            people(conn, d)
            classrooms(conn, d)
        with step("banks and questions"):
            banks(conn, d)
        conn.commit()
        conn.execute("SET maintenance_work_mem = '256MB'")
        again = loosen(conn, LOOSENED)
        conn.commit()
        with step("answers and cards (COPY)"):
            write_answers(url, d)
        with step("quizzes, attempts, homework"):
            quizzes(conn, d)
            homework(conn, d)
        with step("indexes and constraints made again"):
            for statement in again:
                conn.execute(statement)
        with step("sequences, VACUUM ANALYZE"):
            restore_sequences(conn)
            conn.commit()
            conn.autocommit = True
            # A year-old database has been vacuumed by autovacuum, which also marks the pages
            # whose rows every transaction sees: index-only scans read no table rows. Said here
            # because a server may run with autovacuum off (this bench's machine does).
            conn.execute("VACUUM (ANALYZE)")
    return d


def psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--keep", action="store_true", help="leave the seeded schema in place")
    parser.add_argument("--check", action="store_true", help="load pages on the seeded data")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("give --database-url or set DATABASE_URL (a PostgreSQL URL)")
    plan = Plan.at(args.scale)
    print(f"seeding at scale {args.scale}: {plan}")
    with (
        tempfile.TemporaryDirectory() as tmp,
        throwaway_database(
            args.database_url, Path(tmp), keep=args.keep, prefix="quizapp_district"
        ) as (_, url),
    ):
        with step("migrations and shipped banks (flask)"):
            prepare_database(app_environment(url))
        started = time.perf_counter()
        seed(psycopg_url(url), plan)
        print(f"{'seeding in all':<44}{time.perf_counter() - started:>8.1f} s")
        with psycopg.connect(psycopg_url(url)) as conn:
            report_sizes(conn)
        if args.check:
            check(url, PASSWORD)
        if args.keep:
            print(f"\nkept: DATABASE_URL='{psycopg_url(url)}'")
            print(f"users: heavy, student00001..., teacher000...; password {PASSWORD!r}")


if __name__ == "__main__":
    main()
