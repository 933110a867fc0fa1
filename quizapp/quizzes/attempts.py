"""Taking a quiz: starting or resuming an attempt, saving each answer as it is given, submitting
once (by the student, or when time runs out or the quiz closes), and the results."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.banks.models import Question, QuestionVersion
from quizapp.classes.models import Classroom, Membership
from quizapp.core import accommodation, quizdraw, quiztime
from quizapp.core.grading import Response, correct_answer, grade
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.quizzes.accommodations import lookup
from quizapp.quizzes.models import Attempt, AttemptItem, Quiz, QuizQuestion
from quizapp.study.services import BankInfo, Shown, show


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
    # A question with its own time limit: when its time ends, and whether it is spent.
    question_deadline: datetime | None = None
    question_seconds_left: int | None = None
    question_over: bool = False
    first_shown: bool = False  # shown now for the first time: record when (mark_shown)


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
        given = lookup(session, quiz.id, student_id)
        window = accommodation.window(quiz.opens_at, quiz.closes_at, given)
        if quiztime.status(window, now) != "open":
            raise QuizClosed("This quiz is not open.")
        allowed = accommodation.attempts_allowed(quiz.attempts_allowed, given)
        if allowed is not None and len(attempts) >= allowed:
            raise QuizClosed("You have used all your attempts at this quiz.")
        number = len(attempts) + 1
        limit = timedelta(seconds=quiz.time_limit_s) if quiz.time_limit_s else None
        per_question = quiz.question_time_s if quiz.layout == "paged" else None
        attempt = Attempt(
            user_id=student_id,
            quiz_id=quiz.id,
            number=number,
            started_at=now,
            deadline=accommodation.deadline(now, limit, quiz.closes_at, given),
            question_time_s=accommodation.question_seconds(per_question, given),
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
    return _content_of(session, item.version_id, item.question_id)


def _content_of(session: Session, version_id: int | None, question_id: int) -> dict[str, Any]:
    if version_id is not None:
        return dict(session.get_one(QuestionVersion, version_id).content)
    question = session.get_one(Question, question_id)
    return {
        "type": question.type,
        "prompt": question.prompt,
        "spec": question.spec,
        "explanation": question.explanation,
        "cite": question.cite,
    }


def _shown(quiz: Quiz, item: AttemptItem, content: dict[str, Any], now: datetime) -> Shown:
    where = (item.attempt_id, item.position, item.question_id)
    return _shown_as(quiz.title, quiz.shuffle_options, where, content, now)


def _shown_as(
    title: str,
    shuffle_options: bool,
    where: tuple[int, int, int],
    content: dict[str, Any],
    now: datetime,
) -> Shown:
    """The question an attempt asks at a position, as shown: `where` is (attempt id, position,
    question id)."""
    attempt_id, position, question_id = where
    question = SimpleNamespace(
        id=question_id,
        type=content["type"],
        prompt=content["prompt"],
        spec=content["spec"],
    )
    token = f"{attempt_id}-{position}"  # seeds this item's option order
    shown = show(BankInfo("", title), question, None, token, now)
    if not shuffle_options and shown.type in {"choice", "multi"}:
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
    limit = attempt.question_time_s
    shown_at = item.shown_at or now  # first shown now, if never before
    ends = accommodation.question_deadline(shown_at, limit)
    over = not accommodation.question_accepts(shown_at, limit, now)
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
        question_deadline=ends,
        question_seconds_left=quiztime.seconds_left(ends, now),
        question_over=over,
        first_shown=limit is not None and item.shown_at is None,
    )


def mark_shown(student_id: int, attempt_id: int, position: int, now: datetime) -> None:
    """Record when the student first saw a question with its own time limit: its time runs
    from then. A second look (or a second tab) changes nothing."""
    with tx.write() as session:
        owned = select(Attempt.id).where(Attempt.id == attempt_id, Attempt.user_id == student_id)
        session.execute(
            update(AttemptItem)
            .where(
                AttemptItem.attempt_id.in_(owned),
                AttemptItem.position == position,
                AttemptItem.shown_at.is_(None),
            )
            .values(shown_at=now)
            .execution_options(synchronize_session=False)
        )


Given = tuple[Response | None, bool]  # an answer (None: keep the saved one) and the flag


# What a quiz page's form gives for the question as shown (and whether it is locked): the answer
# and the flag, or None when the form does not fit the question (nothing is saved).
Accept = Callable[[Shown, bool], Given | None]


class Saved(enum.Enum):
    REFUSED = "refused"  # the form does not fit the question: nothing saved
    SAVED = "saved"
    REVEALED = "revealed"  # answered just now in a quiz that shows each answer once given
    LATE = "late"  # the question's own time was up: the answer was not taken


# What saving one answer reads, in one statement inside the write transaction: the attempt (the
# student's own, of a quiz; no row otherwise), its quiz's settings, the item at the position (None
# when there is none) and the version it asks.
_ANSWERING = (
    select(
        Attempt.deadline,
        Attempt.submitted_at,
        Attempt.question_time_s,
        Quiz.title,
        Quiz.reveal,
        Quiz.shuffle_options,
        AttemptItem.position,
        AttemptItem.question_id,
        AttemptItem.version_id,
        AttemptItem.flagged,
        AttemptItem.answered_at,
        AttemptItem.shown_at,
        QuestionVersion.content,
    )
    .join(Quiz, Quiz.id == Attempt.quiz_id)
    .outerjoin(
        AttemptItem,
        (AttemptItem.attempt_id == Attempt.id) & (AttemptItem.position == bindparam("position")),
    )
    .outerjoin(QuestionVersion, QuestionVersion.id == AttemptItem.version_id)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
)
# The columns it sets are the keys of the values it is run with (what `_changes` says).
_UPDATE_ITEM = update(AttemptItem).where(
    AttemptItem.attempt_id == bindparam("item_attempt"),
    AttemptItem.position == bindparam("item_position"),
)


def answer_item(
    student_id: int, attempt_id: int, position: int, accept: Accept, now: datetime
) -> Saved:
    """Check the page's form against the question as shown and save it, in one transaction.
    QuizClosed when time is up (what was saved is submitted)."""
    with tx.write() as session:
        params = {"attempt_id": attempt_id, "user_id": student_id, "position": position}
        row = run(_ANSWERING, params).first()
        if row is None:
            raise NotFound("That attempt was not found.")
        closed = row.submitted_at is not None or _close_if_over(session, attempt_id, row, now)
        if not closed:
            saved = _answer_row(session, attempt_id, row, accept, now)
    if closed:
        raise QuizClosed("Time is up: your saved answers were submitted.")
    return saved


def _close_if_over(session: Session, attempt_id: int, row: Any, now: datetime) -> bool:
    """Submit the attempt (True) when its time is over."""
    if not quiztime.is_over(row.deadline, now):
        return False
    _finish(session, session.get_one(Attempt, attempt_id), now)
    return True


def _answer_row(
    session: Session, attempt_id: int, row: Any, accept: Accept, now: datetime
) -> Saved:
    if row.position is None:
        raise NotFound("That question is not in this attempt.")
    if row.version_id is not None:
        content = row.content
    else:
        content = _content_of(session, None, row.question_id)
    where = (attempt_id, row.position, row.question_id)
    shown = _shown_as(row.title, row.shuffle_options, where, content, now)
    was_locked = row.reveal == "each" and row.answered_at is not None
    decided = accept(shown, was_locked)
    if decided is None:
        session.rollback()
        return Saved.REFUSED
    taken, changes = _changes(row, was_locked, decided, now, lambda: content)
    if changes:
        run(_UPDATE_ITEM, {"item_attempt": attempt_id, "item_position": row.position, **changes})
    if not taken:
        return Saved.LATE
    revealed = row.reveal == "each" and not was_locked and "answered_at" in changes
    return Saved.REVEALED if revealed else Saved.SAVED


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
                _save(session, quiz, attempt, item, (response, flagged), now)
    if closed:
        raise QuizClosed("Time is up: your saved answers were submitted.")


def _changes(
    item: Any, locked: bool, given: Given, now: datetime, content: Callable[[], dict[str, Any]]
) -> tuple[bool, dict[str, Any]]:
    """What saving the answer and flag changes on the item (its columns, with their new values),
    and False when the question's own time was up: what was saved in time stays, the flag is
    still kept. `item` holds the item's flagged and shown_at and the attempt's question_time_s.

    A question with its own limit takes answers until its time (and the grace) is spent; one
    never shown (a form sent without its page) starts its time now."""
    response, flagged = given
    changes: dict[str, Any] = {} if flagged == item.flagged else {"flagged": flagged}
    if response is None or locked:
        return True, changes
    limit = item.question_time_s
    if limit is not None:
        shown_at = item.shown_at
        if shown_at is None:
            shown_at = changes["shown_at"] = now
        if not accommodation.question_accepts(shown_at, limit, now):
            return False, changes
    asked = content()
    result = grade(asked["type"], asked["spec"], response)
    changes |= {"response": response, "score": result.score, "correct": result.correct}
    changes["answered_at"] = now
    return True, changes


def _save(
    session: Session, quiz: Quiz, attempt: Attempt, item: AttemptItem, given: Given, now: datetime
) -> None:
    """Save the answer and flag on the loaded item (what `_changes` says)."""
    locked = quiz.reveal == "each" and item.answered_at is not None
    state = SimpleNamespace(
        flagged=item.flagged, shown_at=item.shown_at, question_time_s=attempt.question_time_s
    )
    _, changes = _changes(state, locked, given, now, lambda: _content(session, item))
    for column, value in changes.items():
        setattr(item, column, value)


def submit(student_id: int, attempt_id: int, now: datetime) -> None:
    """Submit the attempt; submitting it again changes nothing."""
    with tx.write() as session:
        attempt, _ = _own_attempt(session, student_id, attempt_id)
        _finish(session, attempt, now)


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
