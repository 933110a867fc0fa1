"""Taking a quiz: starting or resuming an attempt, saving each answer as it is given, submitting
once (by the student, or when time runs out or the quiz closes), and the results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.core import quizdraw, quiztime
from quizapp.core.grading import CLOZE_BLANK, Response, correct_answer, grade
from quizapp.core.item_analysis import grade_attempt
from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    AttemptItem,
    Classroom,
    Membership,
    Question,
    QuestionVersion,
    Quiz,
    QuizQuestion,
)
from quizapp.services import tx
from quizapp.services.errors import NotFound, ServiceError
from quizapp.services.feedback import Source, sources, your_answer
from quizapp.services.study import BankInfo, Shown, show


class QuizClosed(ServiceError):
    """The quiz is not open, the attempts are used up, or the attempt's time is over."""


@dataclass(frozen=True)
class NavItem:
    position: int
    answered: bool
    flagged: bool


@dataclass(frozen=True)
class ItemPage:
    attempt_id: int
    quiz_title: str
    position: int
    count: int
    shown: Shown
    saved: Response | None  # the answer saved so far, to put back in the form
    flagged: bool
    nav: list[NavItem]
    deadline: datetime | None
    seconds_left: int | None
    locked: bool  # answered, and the quiz shows right answers after each question
    verdict: str | None  # with `locked`: "right", "partly right" or "wrong"
    right_answer: str | None


def _own_quiz(session: Session, student_id: int, quiz_id: int) -> tuple[Quiz, Classroom]:
    """The quiz, if it belongs to one of the student's classes (NotFound otherwise)."""
    quiz = session.get(Quiz, quiz_id)
    member = quiz and session.get(Membership, (quiz.classroom_id, student_id))
    if quiz is None or member is None:
        raise NotFound("That quiz was not found.")
    return quiz, session.get_one(Classroom, quiz.classroom_id)


def _own_attempt(session: Session, student_id: int, attempt_id: int) -> tuple[Attempt, Quiz]:
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != student_id or attempt.quiz_id is None:
        raise NotFound("That attempt was not found.")
    return attempt, session.get_one(Quiz, attempt.quiz_id)


def _items(session: Session, attempt_id: int) -> list[AttemptItem]:
    return list(
        session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt_id)
            .order_by(AttemptItem.position)
        )
    )


def _finish(session: Session, attempt: Attempt, now: datetime) -> None:
    """Submit and score what was saved; a submitted attempt is left as it is."""
    if attempt.submitted_at is not None:
        return
    items = _items(session, attempt.id)
    attempt.score = sum(item.score or 0.0 for item in items) / len(items) if items else 0.0
    attempt.submitted_at = quiztime.submitted_at(attempt.deadline, now)


def _finish_if_over(session: Session, attempt: Attempt, now: datetime) -> bool:
    if attempt.submitted_at is None and quiztime.is_over(attempt.deadline, now):
        _finish(session, attempt, now)
        return True
    return attempt.submitted_at is not None


def _draw(session: Session, quiz: Quiz, student_id: int, number: int) -> list[int]:
    rows = session.execute(
        select(QuizQuestion.question_id, Question.tags)
        .join(Question, Question.id == QuizQuestion.question_id)
        .where(QuizQuestion.quiz_id == quiz.id, Question.retired_at.is_(None))
        .order_by(QuizQuestion.position)
    ).all()
    seed = f"quiz {quiz.id} student {student_id} attempt {number}"
    if quiz.selection == "random":
        candidates = [quizdraw.Candidate(qid, tuple(tags)) for qid, tags in rows]
        return quizdraw.draw(candidates, quiz.draw_count, seed, quiz.stratify)
    return quizdraw.order_for([qid for qid, _ in rows], seed, quiz.shuffle_questions)


def start(student_id: int, quiz_id: int, now: datetime) -> int:
    """The attempt to work on: the one in progress, or a new one while the quiz is open and
    attempts are left. Two clicks at once start one attempt (the number is unique)."""
    try:
        return _start(student_id, quiz_id, now)
    except IntegrityError:
        return _start(student_id, quiz_id, now)


def _start(student_id: int, quiz_id: int, now: datetime) -> int:
    with tx.write() as session:
        quiz, _ = _own_quiz(session, student_id, quiz_id)
        attempts = list(
            session.scalars(
                select(Attempt)
                .where(Attempt.quiz_id == quiz.id, Attempt.user_id == student_id)
                .order_by(Attempt.number)
            )
        )
        for attempt in attempts:
            if not _finish_if_over(session, attempt, now):
                return attempt.id  # resume where it was
        if quiztime.status(quiztime.Window(quiz.opens_at, quiz.closes_at), now) != "open":
            raise QuizClosed("This quiz is not open.")
        if quiz.attempts_allowed is not None and len(attempts) >= quiz.attempts_allowed:
            raise QuizClosed("You have used all your attempts at this quiz.")
        number = len(attempts) + 1
        limit = timedelta(seconds=quiz.time_limit_s) if quiz.time_limit_s else None
        attempt = Attempt(
            user_id=student_id,
            quiz_id=quiz.id,
            number=number,
            started_at=now,
            deadline=quiztime.deadline(now, limit, quiz.closes_at),
        )
        session.add(attempt)
        session.flush()
        add_items(session, attempt.id, _draw(session, quiz, student_id, number))
        return attempt.id


def add_items(session: Session, attempt_id: int, question_ids: list[int]) -> None:
    """The attempt's questions in order, each fixed at its current version."""
    versions = dict(
        session.execute(
            select(Question.id, Question.version_id).where(Question.id.in_(question_ids))
        ).all()
    )
    for position, qid in enumerate(question_ids, start=1):
        session.add(
            AttemptItem(
                attempt_id=attempt_id,
                position=position,
                question_id=qid,
                version_id=versions.get(qid),
            )
        )


def _content(session: Session, item: AttemptItem) -> dict[str, Any]:
    """The question as this attempt asks it: the version current when the attempt began."""
    if item.version_id is not None:
        return dict(session.get_one(QuestionVersion, item.version_id).content)
    question = session.get_one(Question, item.question_id)
    return {
        "type": question.type,
        "prompt": question.prompt,
        "spec": question.spec,
        "explanation": question.explanation,
        "cite": question.cite,
    }


def _shown(quiz: Quiz, item: AttemptItem, content: dict[str, Any], now: datetime) -> Shown:
    question = SimpleNamespace(
        id=item.question_id, type=content["type"], prompt=content["prompt"], spec=content["spec"]
    )
    token = f"{item.attempt_id}-{item.position}"  # seeds this item's option order
    shown = show(BankInfo("", quiz.title), question, None, token, now)
    if not quiz.shuffle_options and shown.type in {"choice", "multi"}:
        shown = replace(shown, choices=list(content["spec"]["options"]))
    return shown


def _verdict(item: AttemptItem) -> str:
    if item.correct:
        return "right"
    return "partly right" if (item.score or 0) > 0 else "wrong"


def layout(student_id: int, attempt_id: int) -> str:
    """'paged' (one question a page) or 'single' (the whole quiz on one page)."""
    _, quiz = _own_attempt(db.session(), student_id, attempt_id)
    return quiz.layout


def item_page(student_id: int, attempt_id: int, position: int, now: datetime) -> ItemPage:
    pages = item_pages(student_id, attempt_id, now, only=position)
    if not pages:
        raise NotFound("That question is not in this attempt.")
    return pages[0]


def item_pages(
    student_id: int, attempt_id: int, now: datetime, only: int | None = None
) -> list[ItemPage]:
    """The attempt's questions as pages (or only the one at `only`), from one load of it."""
    session = db.session()
    attempt, quiz = _own_attempt(session, student_id, attempt_id)
    if attempt.submitted_at is not None or quiztime.is_over(attempt.deadline, now):
        raise QuizClosed("This attempt is finished.")
    items = _items(session, attempt.id)
    nav = [NavItem(i.position, i.answered_at is not None, i.flagged) for i in items]
    shown = [i for i in items if only is None or i.position == only]
    # Every version these pages show, in one statement.
    contents: dict[int, dict[str, Any]] = dict(
        session.execute(
            select(QuestionVersion.id, QuestionVersion.content).where(
                QuestionVersion.id.in_([i.version_id for i in shown if i.version_id])
            )
        ).all()
    )
    return [
        _page(quiz, attempt, item, nav, contents.get(item.version_id or 0)
              or _content(session, item), now)
        for item in shown
    ]  # fmt: skip


def _page(
    quiz: Quiz,
    attempt: Attempt,
    item: AttemptItem,
    nav: list[NavItem],
    content: dict[str, Any],
    now: datetime,
) -> ItemPage:
    locked = quiz.reveal == "each" and item.answered_at is not None
    return ItemPage(
        attempt_id=attempt.id,
        quiz_title=quiz.title,
        position=item.position,
        count=len(nav),
        shown=_shown(quiz, item, content, now),
        saved=item.response,
        flagged=item.flagged,
        nav=nav,
        deadline=attempt.deadline,
        seconds_left=quiztime.seconds_left(attempt.deadline, now),
        locked=locked,
        verdict=_verdict(item) if locked else None,
        right_answer=correct_answer(content["type"], content["spec"]) if locked else None,
    )


Given = tuple[Response | None, bool]  # an answer (None: keep the saved one) and the flag
# What a quiz page's form gives for the question as shown (and whether it is locked): the answer
# and the flag, or None when the form does not fit the question (nothing is saved).
Accept = Callable[[Shown, bool], Given | None]


def answer_item(
    student_id: int, attempt_id: int, position: int, accept: Accept, now: datetime
) -> bool:
    """Check the page's form against the question as shown and save it, in one transaction.
    False when the form was refused; QuizClosed when time is up (what was saved is submitted)."""
    with tx.write() as session:
        attempt, quiz = _own_attempt(session, student_id, attempt_id)
        closed = _finish_if_over(session, attempt, now)
        if not closed:
            item = session.get(AttemptItem, (attempt.id, position))
            if item is None:
                raise NotFound("That question is not in this attempt.")
            content = _content(session, item)
            shown = _shown(quiz, item, content, now)
            decided = accept(shown, quiz.reveal == "each" and item.answered_at is not None)
            if decided is None:
                session.rollback()
                return False
            _save(session, quiz, item, decided, now, content)
    if closed:
        raise QuizClosed("Time is up: your saved answers were submitted.")
    return True


def save_answer(
    student_id: int,
    attempt_id: int,
    position: int,
    response: Response | None,
    flagged: bool,
    now: datetime,
) -> None:
    """Save (and grade) one answer as it is given; None keeps the answer and sets the flag only.

    After the deadline and its grace, nothing more is saved: the attempt is submitted as it is.
    """
    save_answers(student_id, attempt_id, {position: (response, flagged)}, now)


def save_answers(student_id: int, attempt_id: int, given: dict[int, Given], now: datetime) -> None:
    """Save several answers at once (the whole quiz on one page), in one transaction."""
    with tx.write() as session:
        attempt, quiz = _own_attempt(session, student_id, attempt_id)
        closed = _finish_if_over(session, attempt, now)
        if not closed:
            for position, (response, flagged) in given.items():
                item = session.get(AttemptItem, (attempt.id, position))
                if item is None:
                    raise NotFound("That question is not in this attempt.")
                _save(session, quiz, item, (response, flagged), now)
    if closed:
        raise QuizClosed("Time is up: your saved answers were submitted.")


def _save(
    session: Session,
    quiz: Quiz,
    item: AttemptItem,
    given: Given,
    now: datetime,
    content: dict[str, Any] | None = None,
) -> None:
    response, item.flagged = given
    locked = quiz.reveal == "each" and item.answered_at is not None
    if response is not None and not locked:
        content = content or _content(session, item)
        result = grade(content["type"], content["spec"], response)
        item.response, item.score, item.correct = response, result.score, result.correct
        item.answered_at = now


def submit(student_id: int, attempt_id: int, now: datetime) -> None:
    """Submit the attempt; submitting it again changes nothing."""
    with tx.write() as session:
        attempt, _ = _own_attempt(session, student_id, attempt_id)
        _finish(session, attempt, now)


@dataclass(frozen=True)
class ResultItem:
    position: int
    prompt: str
    your_answer: str
    score: float | None
    correct: bool | None
    right_answer: str | None  # None until the quiz's setting shows it
    explanation: str = ""  # with the right answer, and as late
    sources: list[Source] = field(default_factory=list)


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


def answers_visible(quiz: Quiz, attempt: Attempt, now: datetime) -> bool:
    """Whether right answers may be on the page: never before the teacher's setting allows."""
    if attempt.submitted_at is None:
        return False
    if quiz.reveal in {"each", "submit"}:
        return True
    return quiz.closes_at is None or now >= quiz.closes_at


def result(student_id: int, attempt_id: int, now: datetime) -> Result:
    session = db.session()
    attempt, quiz = _own_attempt(session, student_id, attempt_id)
    if attempt.submitted_at is None:
        raise QuizClosed("This attempt is not submitted yet.")
    shown = answers_visible(quiz, attempt, now)
    items = []
    for item in _items(session, attempt.id):
        content = _content(session, item)
        spec = content["spec"]
        given = your_answer(content["type"], spec, item.response) if item.answered_at else "—"
        right = correct_answer(content["type"], spec) if shown else None
        prompt = CLOZE_BLANK.sub("_____", content["prompt"])  # a blank holds its answers
        why = (
            (content.get("explanation", ""), sources(content.get("cite", [])))
            if shown
            else ("", [])
        )
        items.append(
            ResultItem(item.position, prompt, given, item.score, item.correct, right, *why)
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
        quiz.closes_at if quiz.reveal == "close" else None,
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
    """The quizzes of the student's classes, with what they have done of each (2 statements)."""
    session = db.session()
    quizzes = session.execute(
        select(Quiz, Classroom.name)
        .join(Classroom, Classroom.id == Quiz.classroom_id)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .where(Membership.user_id == student_id)
        .order_by(Quiz.closes_at.is_(None), Quiz.closes_at, Quiz.id)
    ).all()
    mine: dict[int, list[Attempt]] = {}
    ids = [quiz.id for quiz, _ in quizzes]
    if ids:
        for attempt in session.scalars(
            select(Attempt)
            .where(Attempt.user_id == student_id, Attempt.quiz_id.in_(ids))
            .order_by(Attempt.number)
        ):
            mine.setdefault(attempt.quiz_id or 0, []).append(attempt)
    found = []
    for quiz, class_name in quizzes:
        attempts = mine.get(quiz.id, [])
        running = [
            a for a in attempts if a.submitted_at is None and not quiztime.is_over(a.deadline, now)
        ]
        done = [a for a in attempts if a.submitted_at is not None]
        found.append(
            StudentQuiz(
                quiz.id,
                quiz.title,
                class_name,
                quiztime.status(quiztime.Window(quiz.opens_at, quiz.closes_at), now),
                quiz.opens_at,
                quiz.closes_at,
                quiz.time_limit_s,
                len(attempts),
                quiz.attempts_allowed,
                running[0].id if running else None,
                done[-1].id if done else None,
                graded(quiz.grading, done),
            )
        )
    return found


def finish_expired(quiz_ids: list[int], now: datetime) -> None:
    """Submit, as they are, the attempts of these quizzes whose time ran out (past the grace) but
    that nobody submitted: a closed tab or a lost connection still gets its saved answers marked.
    One UPDATE, only when there is one to do."""
    if not quiz_ids:
        return
    cutoff = now - quiztime.GRACE
    expired = (
        Attempt.quiz_id.in_(quiz_ids),
        Attempt.submitted_at.is_(None),
        Attempt.deadline.is_not(None),
        Attempt.deadline < cutoff,
    )
    session = db.session()
    if session.scalar(select(func.count(Attempt.id)).where(*expired)) == 0:
        return
    mean = (
        select(func.coalesce(func.avg(func.coalesce(AttemptItem.score, 0.0)), 0.0))
        .where(AttemptItem.attempt_id == Attempt.id)
        .correlate(Attempt)
        .scalar_subquery()
    )
    with tx.write() as writing:
        writing.execute(
            update(Attempt)
            .where(*expired)
            .values(score=mean, submitted_at=Attempt.deadline)  # submitted when time ran out
            .execution_options(synchronize_session=False)
        )


def resume_at(student_id: int, attempt_id: int) -> int:
    """Where to pick the attempt up: its first question not answered yet (else the first)."""
    session = db.session()
    attempt, _ = _own_attempt(session, student_id, attempt_id)
    open_items = select(func.min(AttemptItem.position)).where(
        AttemptItem.attempt_id == attempt.id, AttemptItem.answered_at.is_(None)
    )
    return session.scalar(open_items) or 1
