"""Item analysis of a quiz over the class's attempts: which questions work, which need checking."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.editor import may_edit
from quizapp.banks.models import Bank, Question, QuestionVersion
from quizapp.core.item_analysis import ItemInput, QuizStats, analyse
from quizapp.extensions import db
from quizapp.quizzes.attempts import finish_expired
from quizapp.quizzes.models import Attempt, AttemptItem
from quizapp.quizzes.results import effective
from quizapp.quizzes.services import teachers_quiz


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    prompt: str
    type: str
    bank_slug: str
    bank_title: str
    editable: bool  # the teacher may open it in the bank editor


@dataclass(frozen=True)
class Analysis:
    quiz_id: int
    quiz_title: str
    class_id: int
    stats: QuizStats
    questions: dict[int, QuestionInfo]


def _counted(attempts: list[Any], grading: str) -> Any:
    """The attempt whose answers represent the student: the one their grade comes from (the
    highest, or the last; for a mean, the last)."""
    if grading == "highest":
        return max(attempts, key=lambda a: (effective(a) or 0.0, -a.number))
    return attempts[-1]


def _answers(counted: list[Any]) -> dict[int, dict[str, Any]]:
    """Each question's scores and responses across the counted attempts (plain columns, and each
    question version's content read once: a year group's quiz is thousands of answers)."""
    session = db.session()
    index = {attempt.id: n for n, attempt in enumerate(counted)}
    items: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(
            AttemptItem.attempt_id,
            AttemptItem.question_id,
            AttemptItem.version_id,
            AttemptItem.score,
            AttemptItem.response,
            AttemptItem.answered_at,
        ).where(AttemptItem.attempt_id.in_(list(index)))
    )
    for attempt_id, question_id, version_id, score, response, answered_at in rows:
        entry = items.setdefault(
            question_id,
            {
                "version_id": version_id,
                "scores": [None] * len(counted),
                "responses": [None] * len(counted),
                "drawn": [False] * len(counted),
            },
        )
        n = index[attempt_id]
        entry["drawn"][n] = True
        entry["scores"][n] = score if answered_at else None
        entry["responses"][n] = response if answered_at else None
    wanted = {entry["version_id"] for entry in items.values()} - {None}
    contents: dict[int, dict[str, Any]] = dict(
        session.execute(
            select(QuestionVersion.id, QuestionVersion.content).where(
                QuestionVersion.id.in_(wanted)
            )
        ).all()
    )
    for entry in items.values():
        entry["content"] = contents.get(entry["version_id"])
    return items


def analysis(teacher_id: int, quiz_id: int, now: datetime) -> Analysis:
    """The figures of every question of the quiz, in a fixed number of statements."""
    quiz = teachers_quiz(teacher_id, quiz_id)
    finish_expired([quiz.id], now)
    session = db.session()
    by_student: dict[int, list[Any]] = {}
    for row in session.execute(
        select(Attempt.id, Attempt.user_id, Attempt.number, Attempt.score, Attempt.override_score)
        .where(Attempt.quiz_id == quiz.id, Attempt.submitted_at.is_not(None))
        .order_by(Attempt.user_id, Attempt.number)
    ):
        by_student.setdefault(row.user_id, []).append(row)
    counted = [_counted(attempts, quiz.grading) for attempts in by_student.values()]
    items = _answers(counted) if counted else {}
    user = session.get_one(User, teacher_id)
    questions = {}
    editable: dict[int, bool] = {}  # by bank: one check for each bank, not each question
    for qid, prompt, qtype, bank in session.execute(
        select(Question.id, Question.prompt, Question.type, Bank)
        .join(Bank, Bank.id == Question.bank_id)
        .where(Question.id.in_(list(items)))
    ):
        if bank.id not in editable:
            editable[bank.id] = may_edit(session, user, bank)
        questions[qid] = QuestionInfo(qid, prompt, qtype, bank.slug, bank.title, editable[bank.id])
    inputs = [
        ItemInput(
            qid,
            entry["content"]["type"] if entry["content"] else questions[qid].type,
            entry["content"]["spec"] if entry["content"] else {},
            entry["scores"],
            entry["responses"],
        )
        for qid, entry in sorted(items.items())
    ]
    stats = analyse(inputs)
    if quiz.selection == "random":
        drawn = [entry["drawn"] for _, entry in sorted(items.items())]
        stats = _over_drawn(stats, inputs, drawn)
    return Analysis(quiz.id, quiz.title, quiz.classroom_id, stats, questions)


def _over_drawn(whole: QuizStats, inputs: list[ItemInput], drawn: list[list[bool]]) -> QuizStats:
    """Each question's figures over the attempts that drew it, when students got different
    questions: its score against the rest of each of those attempts (an item of the remainder)."""
    totals = [
        sum(s or 0.0 for s in column) for column in zip(*(i.scores for i in inputs), strict=True)
    ]
    items = []
    for item, mask in zip(inputs, drawn, strict=True):
        keep = [n for n, was in enumerate(mask) if was]
        own = [item.scores[n] for n in keep]
        rest = [totals[n] - (item.scores[n] or 0.0) for n in keep]
        pair = analyse(
            [
                ItemInput(
                    item.question_id, item.qtype, item.spec, own, [item.responses[n] for n in keep]
                ),
                ItemInput(0, "short", {}, rest, [None] * len(keep)),
            ]
        )
        items.append(pair.items[0])
    return replace(whole, items=tuple(items))
