"""The plain rows homework progress is computed from, each in one statement whatever the number
of students, homeworks or answers: questions in scope, cards, and answers since setting."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    and_,
    case,
    func,
    literal,
    select,
    true,
    type_coerce,
)

from quizapp.banks.models import Question
from quizapp.core import homework as core
from quizapp.core.progress import recall_from
from quizapp.core.scheduling import Recallable
from quizapp.database.sql import run, whole_days
from quizapp.database.types import UTCDateTime
from quizapp.extensions import db
from quizapp.homework.models import Homework
from quizapp.study.models import Card, Review

# (student id, question id) -> (answers, correct answers)
Answers = dict[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class ScopeQuestion:
    id: int
    bank_id: int
    tags: list[str]
    prompt: str


def questions(bank_ids: Collection[int]) -> dict[int, list[ScopeQuestion]]:
    """The active questions of these banks, by bank, in the bank's order."""
    found: dict[int, list[ScopeQuestion]] = {b: [] for b in bank_ids}
    if not bank_ids:
        return found
    rows = db.session.execute(
        select(Question.id, Question.bank_id, Question.tags, Question.prompt)
        .where(Question.bank_id.in_(bank_ids), Question.retired_at.is_(None))
        .order_by(Question.position, Question.id)
    )
    for qid, bank_id, tags, prompt in rows:
        found[bank_id].append(ScopeQuestion(qid, bank_id, list(tags or []), prompt))
    return found


def in_scope(homework: Homework, bank_questions: dict[int, list[ScopeQuestion]]) -> list[int]:
    """The ids of the homework's questions: its bank's, or those with one of its tags."""
    return [
        q.id
        for q in bank_questions.get(homework.bank_id, [])
        if core.in_scope(homework.tags, q.tags)
    ]


class Memory(NamedTuple):
    """What homework reads of a card: enough for FSRS to tell the chance of recall."""

    stability: float | None
    last_review: datetime | None


def cards(students: Select[int], bank_ids: Collection[int]) -> dict[tuple[int, int], Memory]:
    """The students' cards for the banks' questions, by (student id, question id); only what
    recall needs is loaded, since a year group's page reads tens of thousands of them."""
    if not bank_ids:
        return {}
    rows = db.session.execute(
        select(Card.user_id, Card.question_id, Card.stability, Card.last_review)
        .join(Question, Question.id == Card.question_id)
        .where(Question.bank_id.in_(bank_ids), Card.user_id.in_(students))
    )
    return {(row[0], row[1]): Memory(row[2], row[3]) for row in rows}


def answers(students: Select[int], homeworks: Sequence[Homework]) -> dict[int, Answers]:
    """Each homework's answers since it was set, by (student id, question id)."""
    found: dict[int, Answers] = {h.id: {} for h in homeworks}
    if not homeworks:
        return found
    # Said twice on purpose: the join's own bound cannot use the index of answers by student
    # and time, this one can, so a year group's older answers are never read.
    since = min(h.set_at for h in homeworks)
    rows = db.session.execute(
        select(
            Homework.id,
            Review.user_id,
            Review.question_id,
            func.count(Review.id),
            func.sum(case((Review.correct, 1), else_=0)),
        )
        .join(Question, Question.id == Review.question_id)
        .join(
            Homework,
            and_(Homework.bank_id == Question.bank_id, Review.answered_at >= Homework.set_at),
        )
        .where(
            Homework.id.in_(list(found)),
            Review.user_id.in_(students),
            Review.answered_at >= since,
        )
        .group_by(Homework.id, Review.user_id, Review.question_id)
    )
    for homework_id, student, qid, count, correct in rows:
        found[homework_id][(student, qid)] = (int(count), int(correct or 0))
    return found


def _card_rows(
    question_ids: list[int], students: Select[int]
) -> Iterator[tuple[int, int, float | None, datetime | None]]:
    """(student, question, stability, last review in naive UTC) of the students' cards of these
    questions, streamed a thousand rows at a time: no list of them all is ever kept."""
    rows = run(
        select(
            Card.user_id,
            Card.question_id,
            Card.stability,
            type_coerce(Card.last_review, DateTime()),
        ).where(Card.question_id.in_(question_ids), Card.user_id.in_(students)),
        {},
    )
    for batch in rows.partitions(1000):
        yield from batch


def _recalled(goal: core.Goal, due_at: datetime) -> ColumnElement[bool]:
    """A card recalled for the goal on the due date, in SQL: the rule of `core.recalled_within`."""
    reach = core.days_recalled(goal)
    if math.isinf(reach):
        return true()
    due = literal(due_at, UTCDateTime())
    return whole_days(due, Card.last_review) <= Card.stability * reach


def tallies(
    students: Select[int],
    homeworks: Sequence[Homework],
    scopes: Mapping[int, list[int]],
    answers: Mapping[int, Answers],
) -> dict[tuple[int, int], core.Progress]:
    """Every student's progress on every homework, by (homework id, student id): the cards are
    counted in the database, one row a student with two counts a homework, so a year group's
    home reads four hundred rows, not its tens of thousands of cards. The same figures as
    `progress_of` (a test holds them equal); students with no card and no answer in a homework
    are left out (`core.tally` with zeros is theirs)."""
    goals = {h.id: core.Goal(h.goal_kind, h.goal_number) for h in homeworks}
    asked = sorted({qid for h in homeworks for qid in scopes[h.id]})
    counts: dict[tuple[int, int], list[int]] = {}  # studied, recalled, correct, answered
    if asked:
        columns = []
        for h in homeworks:
            in_scope = Card.question_id.in_(scopes[h.id])
            columns.append(func.count(Card.id).filter(in_scope))
            recalled = _recalled(goals[h.id], h.due_at)
            columns.append(func.count(Card.id).filter(in_scope, recalled))
        found = db.session.execute(
            select(Card.user_id, *columns)
            .where(Card.question_id.in_(asked), Card.user_id.in_(students))
            .group_by(Card.user_id)
        )
        for student, *numbers in found:
            for n, h in enumerate(homeworks):
                if numbers[2 * n]:
                    counts[(h.id, student)] = [numbers[2 * n], numbers[2 * n + 1], 0, 0]
    for hid, given in answers.items():
        scope = set(scopes[hid])
        for (student, qid), (answered, correct) in given.items():
            if qid in scope:
                tally = counts.setdefault((hid, student), [0, 0, 0, 0])
                tally[2] += correct
                tally[3] += answered
    return {
        (hid, student): core.tally(goals[hid], len(scopes[hid]), *tally)
        for (hid, student), tally in counts.items()
    }


class Standing(NamedTuple):
    """A class on one homework, counted in one pass over its cards."""

    progress: dict[int, core.Progress]  # by student id; those with no card and no answer left out
    recalls: dict[int, list[float]]  # question id -> each studying student's recall at due date


def standing(
    students: Select[int], homework: Homework, scope: list[int], answers: Answers
) -> Standing:
    """Each student's progress on the homework and every question's chances of recall at the due
    date, worked out once a card while the class's cards stream past (a year group's homework
    reads some fourteen thousand and keeps none): the same figures as `progress_of` for each
    student and `core.weakest` for the class (a test holds them equal)."""
    goal = core.Goal(homework.goal_kind, homework.goal_number)
    reach = core.days_recalled(goal)
    # Naive UTC on both sides: the cards' times are read without making each one aware.
    due = homework.due_at.replace(tzinfo=None)
    recalls: dict[int, list[float]] = {qid: [] for qid in scope}
    counts: dict[int, list[int]] = {}  # student id -> studied, recalled, correct, answered
    for student, qid, stability, last_review in _card_rows(scope, students):
        recall = recall_from(stability, last_review, due)
        recalls[qid].append(recall)
        tally = counts.get(student)
        if tally is None:
            tally = counts[student] = [0, 0, 0, 0]
        tally[0] += 1
        if core.recalled_within(reach, stability, last_review, due):
            tally[1] += 1
    asked = set(scope)
    for (student, qid), (answered, correct) in answers.items():
        if qid in asked:
            tally = counts.setdefault(student, [0, 0, 0, 0])
            tally[2] += correct
            tally[3] += answered
    progress = {student: core.tally(goal, len(scope), *tally) for student, tally in counts.items()}
    return Standing(progress, recalls)


def progress_of(
    homework: Homework,
    student: int,
    scope: list[int],
    all_cards: Mapping[tuple[int, int], Recallable],
    all_answers: Answers,
) -> core.Progress:
    """One student's progress on one homework, from the rows above."""
    mine = {q: all_cards[(student, q)] for q in scope if (student, q) in all_cards}
    given = {q: all_answers[(student, q)] for q in scope if (student, q) in all_answers}
    goal = core.Goal(homework.goal_kind, homework.goal_number)
    return core.progress(goal, scope, mine, given, homework.due_at)
