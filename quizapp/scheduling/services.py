"""Fitting FSRS parameters to the school's answers, and which fit is in force for each student.

A fit never runs inside a request: `flask scheduling fit` runs one (cron), and an admin's button
queues a request that `flask scheduling work` runs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.audit.models import Action
from quizapp.audit.services import Actor, record
from quizapp.classes.models import Classroom, Membership
from quizapp.core import fitting
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.scheduling.models import FitRequest, SchedulerFit, StudentSchedule
from quizapp.study.models import Review

IN_USE = "in use"
REFUSED = "refused"
Key = tuple[str, int | None]  # (scope, the student's or the class's id; None for the school)


@dataclass(frozen=True)
class FitRun:
    """What one run fitted: how many fits were tried and passed, and how many students it tunes."""

    tried: int
    in_use: int
    students_tuned: int


def histories() -> dict[int, list[fitting.History]]:
    """Every student's stored answers, as one history per question they answered."""
    rows = db.session.execute(
        select(Review.user_id, Review.question_id, Review.answered_at, Review.rating).order_by(
            Review.user_id, Review.question_id, Review.answered_at, Review.id
        )
    ).all()
    cards: dict[tuple[int, int], list[tuple[datetime, int]]] = defaultdict(list)
    for user_id, question_id, at, rating in rows:
        cards[user_id, question_id].append((at, rating))
    by_user: dict[int, list[fitting.History]] = defaultdict(list)
    for (user_id, _), history in cards.items():
        by_user[user_id].append(history)
    return by_user


def _row(key: Key, result: fitting.Fit, now: datetime) -> SchedulerFit:
    scope, owner = key
    return SchedulerFit(
        fitted_at=now,
        scope=scope,
        user_id=owner if scope == "student" else None,
        classroom_id=owner if scope == "class" else None,
        answers=result.answers,
        held_out=result.fitted.answers if result.fitted else 0,
        log_loss=result.fitted.log_loss if result.fitted else None,
        rmse=result.fitted.rmse if result.fitted else None,
        default_log_loss=result.defaults.log_loss if result.defaults else None,
        default_rmse=result.defaults.rmse if result.defaults else None,
        # A refused fit may hold NaN, which JSON (PostgreSQL's above all) does not take.
        parameters=[w if math.isfinite(w) else None for w in result.parameters],
        status=IN_USE if result.refused is None else REFUSED,
        reason=result.refused,
    )


def _fits(
    by_user: dict[int, list[fitting.History]], classes: dict[int, set[int]], own_from: int
) -> dict[Key, fitting.Fit]:
    fits: dict[Key, fitting.Fit] = {}
    if by_user:
        fits["school", None] = fitting.fit(h for hs in by_user.values() for h in hs)
    for classroom_id, members in sorted(classes.items()):
        pooled = [h for user_id in sorted(members) for h in by_user.get(user_id, [])]
        if pooled:
            fits["class", classroom_id] = fitting.fit(pooled)
    for user_id, histories in sorted(by_user.items()):
        if sum(len(h) for h in histories) >= own_from:
            fits["student", user_id] = fitting.fit(histories)
    return fits


def _in_force(
    student: int, classes: Iterable[int], good: dict[Key, SchedulerFit]
) -> SchedulerFit | None:
    """A student's own fit, else their classes' (the one from most answers), else the school's."""
    if ("student", student) in good:
        return good["student", student]
    pooled = [good["class", c] for c in classes if ("class", c) in good]
    if pooled:
        return max(pooled, key=lambda f: (f.answers, f.id))
    return good.get(("school", None))


def _assign(session: Session, students: dict[int, set[int]], now: datetime) -> int:
    good: dict[Key, SchedulerFit] = {}
    for row in session.scalars(
        select(SchedulerFit).where(SchedulerFit.status == IN_USE).order_by(SchedulerFit.id)
    ):
        good[row.scope, row.user_id if row.scope == "student" else row.classroom_id] = row
    current = {s.user_id: s for s in session.scalars(select(StudentSchedule))}
    tuned = 0
    for student, classes in students.items():
        fit = _in_force(student, classes, good)
        schedule = current.get(student)
        if fit is None:
            if schedule is not None:
                session.delete(schedule)
            continue
        tuned += 1
        if schedule is None:
            schedule = StudentSchedule(user_id=student, since=now)
            session.add(schedule)
        elif schedule.scope != fit.scope:
            schedule.since = now
        schedule.fit_id, schedule.scope = fit.id, fit.scope
        schedule.parameters = [w for w in fit.parameters if w is not None]  # a fit in use has all
    return tuned


def run_fits(now: datetime, own_from: int = fitting.MIN_OWN_ANSWERS) -> FitRun:
    """Fit the school, each class and each student with at least `own_from` answers; record every
    fit, and put in force for each student the best one that passed its checks."""
    by_user = histories()
    members = db.session.execute(select(Membership.user_id, Membership.classroom_id)).all()
    classes: dict[int, set[int]] = defaultdict(set)
    students: dict[int, set[int]] = {user_id: set() for user_id in by_user}
    for user_id, classroom_id in members:
        classes[classroom_id].add(user_id)
        students.setdefault(user_id, set()).add(classroom_id)
    db.session.rollback()  # the fits take a while: hold no transaction meanwhile
    fits = _fits(by_user, classes, own_from)
    with tx.write() as session:
        session.add_all(_row(key, result, now) for key, result in fits.items())
        session.flush()
        tuned = _assign(session, students, now)
    in_use = sum(f.refused is None for f in fits.values())
    return FitRun(len(fits), in_use, tuned)


def queue_fit(actor: Actor, now: datetime) -> bool:
    """Ask for a fit (an admin's button); False when one is already waiting."""
    with tx.write() as session:
        waiting = session.scalar(select(FitRequest.id).where(FitRequest.done_at.is_(None)))
        if waiting is not None:
            return False
        session.add(FitRequest(requested_at=now))
        record(session, actor, Action.SCHEDULER_FIT_QUEUED, "the school's answers", "")
    return True


def work(now: datetime, own_from: int = fitting.MIN_OWN_ANSWERS) -> FitRun | None:
    """Run the fit admins asked for, if any (`flask scheduling work`, from cron or a worker)."""
    waiting = db.session.scalars(select(FitRequest.id).where(FitRequest.done_at.is_(None))).all()
    if not waiting:
        return None
    done = run_fits(now, own_from)
    with tx.write() as session:
        for request in session.scalars(select(FitRequest).where(FitRequest.id.in_(waiting))):
            request.done_at = now
            request.outcome = {"tried": done.tried, "in_use": done.in_use}
    return done


def tunings_of(user_ids: Iterable[int]) -> dict[int, tuple[list[float] | None, float | None]]:
    """The parameters in force for these students (None: the defaults) and their desired
    retention (None: 0.9), in one statement."""
    ids = list(user_ids)
    retention = (
        select(func.max(Classroom.desired_retention))
        .join(Membership, Membership.classroom_id == Classroom.id)
        .where(Membership.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(User.id, StudentSchedule.parameters, retention)
        .outerjoin(StudentSchedule, StudentSchedule.user_id == User.id)
        .where(User.id.in_(ids))
    )
    return {user_id: (parameters, chosen) for user_id, parameters, chosen in rows}


# The parameters in force for the student of a study statement's `user_id`, read in the same
# statement as their card.
TUNED = (
    select(StudentSchedule.parameters)
    .where(StudentSchedule.user_id == bindparam("user_id"))
    .correlate(None)
    .scalar_subquery()
    .label("tuned")
)
# The desired retention for the student of `user_id`: the highest of their classes' (None: 0.9).
RETENTION = (
    select(func.max(Classroom.desired_retention))
    .join(Membership, Membership.classroom_id == Classroom.id)
    .where(Membership.user_id == bindparam("user_id"))
    .correlate(None)
    .scalar_subquery()
    .label("retention")
)
# Whose answers the student's schedule is tuned to, and since when, for the progress page.
TUNED_SCOPE, TUNED_SINCE = (
    select(column)
    .where(StudentSchedule.user_id == bindparam("user_id"))
    .correlate(None)
    .scalar_subquery()
    .label(label)
    for column, label in (
        (StudentSchedule.scope, "tuned_scope"),
        (StudentSchedule.since, "tuned_since"),
    )
)


@dataclass(frozen=True)
class FitRow:
    """One fit as the admin's page lists it, with whose answers it was fitted to."""

    fit: SchedulerFit
    whose: str  # the student's username, the class's name, or "the school"


@dataclass(frozen=True)
class FitsPage:
    """The admin's scheduler page: recent fits, the request waiting, and who is tuned by what."""

    fits: list[FitRow]
    waiting_since: datetime | None
    tuned: dict[str, int]  # scope -> students scheduled by a fit of that scope


def fits_page(limit: int = 100) -> FitsPage:
    """The latest fits, newest first, with whose answers each was fitted to."""
    rows = db.session.execute(
        select(SchedulerFit, User.username, Classroom.name)
        .outerjoin(User, User.id == SchedulerFit.user_id)
        .outerjoin(Classroom, Classroom.id == SchedulerFit.classroom_id)
        .order_by(SchedulerFit.id.desc())
        .limit(limit)
    ).all()
    fits = [FitRow(f, username or class_name or "the school") for f, username, class_name in rows]
    waiting = db.session.scalar(
        select(func.min(FitRequest.requested_at)).where(FitRequest.done_at.is_(None))
    )
    tuned = db.session.execute(
        select(StudentSchedule.scope, func.count()).group_by(StudentSchedule.scope)
    ).all()
    return FitsPage(fits, waiting, {scope: n for scope, n in tuned})


@dataclass(frozen=True)
class Tuning:
    """What a student's progress page says of their schedule."""

    scope: str  # student, class or school
    since: datetime


def tuning_of(user_id: int) -> Tuning | None:
    """Whose answers the student's schedule is tuned to, and since when (None: the defaults)."""
    found = db.session.get(StudentSchedule, user_id)
    return None if found is None else Tuning(found.scope, found.since)
