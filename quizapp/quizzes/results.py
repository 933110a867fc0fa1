"""A student's quizzes and results: what is open and due, each attempt's score, and the right
answers once the quiz's setting shows them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import func, select

from quizapp.classes.models import Classroom, Membership
from quizapp.core import accommodation, quiztime
from quizapp.core.grading import blanks_hidden, correct_answer, feedback_for
from quizapp.core.item_analysis import grade_attempt
from quizapp.extensions import db
from quizapp.quizzes.accommodations import as_rules
from quizapp.quizzes.attempts import QuizClosed, _content, _items, _own_attempt
from quizapp.quizzes.models import Accommodation, Attempt, Quiz
from quizapp.sources.services import Cited, cited_many
from quizapp.study.feedback import your_answer


@dataclass(frozen=True)
class ResultItem:
    position: int
    prompt: str
    your_answer: str
    score: float | None
    correct: bool | None
    right_answer: str | None  # None until the quiz's setting shows it
    explanation: str = ""  # with the right answer, and as late
    sources: list[Cited] = field(default_factory=list)
    answer_feedback: tuple[str, ...] = ()  # the teacher's feedback on this answer, as late


@dataclass(frozen=True)
class Result:
    attempt_id: int
    quiz_id: int
    quiz_title: str
    number: int
    submitted_at: datetime | None
    score: float | None
    override_score: float | None
    override_reason: str
    answers_shown: bool
    answers_from: datetime | None  # when right answers will be shown (reveal after closing)
    items: list[ResultItem]


def last_close(quiz: Quiz) -> datetime | None:
    """When the quiz closes for the last student to have it open: its close, or a later one a
    student was given. Answers shown "after the quiz closes" wait for it, so that nobody still
    taking the quiz can be handed them (one statement, only for such quizzes)."""
    if quiz.closes_at is None:
        return None
    later = db.session.scalar(
        select(func.max(Accommodation.closes_at)).where(Accommodation.quiz_id == quiz.id)
    )
    return max(quiz.closes_at, later) if later else quiz.closes_at


def answers_visible(
    quiz: Quiz, attempt: Attempt, now: datetime, closes: datetime | None = None
) -> bool:
    """Whether right answers may be on the page: never before the teacher's setting allows
    (`closes`: the last close, see last_close)."""
    if attempt.submitted_at is None:
        return False
    if quiz.reveal in {"each", "submit"}:
        return True
    return closes is None or now >= closes


def result(student_id: int, attempt_id: int, now: datetime) -> Result:
    session = db.session()
    attempt, quiz = _own_attempt(session, student_id, attempt_id)
    if attempt.submitted_at is None:
        raise QuizClosed("This attempt is not submitted yet.")
    closes = last_close(quiz) if quiz.reveal == "close" else None
    shown = answers_visible(quiz, attempt, now, closes)
    items = []
    taken = [(item, _content(session, item)) for item in _items(session, attempt.id)]
    cites = cited_many([c.get("cite", []) if shown else [] for _, c in taken])
    for (item, content), item_cites in zip(taken, cites, strict=True):
        spec = content["spec"]
        given = your_answer(content["type"], spec, item.response) if item.answered_at else "—"
        right = correct_answer(content["type"], spec) if shown else None
        prompt = blanks_hidden(content["prompt"])  # a blank holds its answers
        explanation, sources = (content.get("explanation", ""), item_cites) if shown else ("", [])
        said = (
            feedback_for(spec, content["type"], item.response or "")
            if shown and item.answered_at
            else []
        )
        items.append(
            ResultItem(
                item.position,
                prompt,
                given,
                item.score,
                item.correct,
                right,
                explanation,
                sources,
                tuple(said),
            )
        )
    return Result(
        attempt.id,
        quiz.id,
        quiz.title,
        attempt.number,
        attempt.submitted_at,
        attempt.score,
        attempt.override_score,
        attempt.override_reason,
        shown,
        closes,
        items,
    )


@dataclass(frozen=True)
class StudentQuiz:
    id: int
    title: str
    class_name: str
    status: str  # upcoming, open, closed
    opens_at: datetime | None
    closes_at: datetime | None
    time_limit_s: int | None
    attempts_used: int
    attempts_allowed: int | None
    in_progress: int | None  # an attempt to resume
    last_submitted: int | None  # the latest submitted attempt, for its results
    grade: float | None  # by the quiz's grading, manual scores included
    accommodated: bool = False  # times and attempts above are the student's own

    @property
    def can_start(self) -> bool:
        left = self.attempts_allowed is None or self.attempts_used < self.attempts_allowed
        return self.status == "open" and (self.in_progress is not None or left)


class Scored(Protocol):
    """An attempt, or a row of its score columns."""

    score: float | None
    override_score: float | None


def effective(attempt: Scored) -> float | None:
    """The score that counts: a teacher's manual score over the computed one."""
    return attempt.override_score if attempt.override_score is not None else attempt.score


def graded(policy: str, attempts: Sequence[Scored]) -> float | None:
    """A student's grade on a quiz from their submitted attempts, in order."""
    return grade_attempt(policy, [s for s in map(effective, attempts) if s is not None])


def student_quizzes(student_id: int, now: datetime) -> list[StudentQuiz]:
    """The quizzes of the student's classes, with what they have done of each and the times and
    attempts their own accommodation gives them (2 statements)."""
    session = db.session()
    quizzes = session.execute(
        select(Quiz, Classroom.name, Accommodation)
        .join(Classroom, Classroom.id == Quiz.classroom_id)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .outerjoin(  # only this student's own: never another student's
            Accommodation,
            (Accommodation.quiz_id == Quiz.id) & (Accommodation.student_id == student_id),
        )
        .where(Membership.user_id == student_id)
        .order_by(Quiz.closes_at.is_(None), Quiz.closes_at, Quiz.id)
    ).all()
    mine: dict[int, list[Attempt]] = {}
    ids = [quiz.id for quiz, _, _ in quizzes]
    if ids:
        for attempt in session.scalars(
            select(Attempt)
            .where(Attempt.user_id == student_id, Attempt.quiz_id.in_(ids))
            .order_by(Attempt.number)
        ):
            mine.setdefault(attempt.quiz_id or 0, []).append(attempt)
    found = []
    for quiz, class_name, row in quizzes:
        found.append(_student_quiz(quiz, class_name, row, mine.get(quiz.id, []), now))
    return found


def _student_quiz(
    quiz: Quiz, class_name: str, row: Accommodation | None, attempts: list[Attempt], now: datetime
) -> StudentQuiz:
    given = as_rules(row)
    window = accommodation.window(quiz.opens_at, quiz.closes_at, given)
    limit = accommodation.time_limit(
        timedelta(seconds=quiz.time_limit_s) if quiz.time_limit_s else None, given
    )
    running = [
        a for a in attempts if a.submitted_at is None and not quiztime.is_over(a.deadline, now)
    ]
    done = [a for a in attempts if a.submitted_at is not None]
    return StudentQuiz(
        quiz.id,
        quiz.title,
        class_name,
        quiztime.status(window, now),
        quiz.opens_at,
        window.closes_at,
        int(limit.total_seconds()) if limit else None,
        len(attempts),
        accommodation.attempts_allowed(quiz.attempts_allowed, given),
        running[0].id if running else None,
        done[-1].id if done else None,
        graded(quiz.grading, done),
        not given.is_none,
    )
