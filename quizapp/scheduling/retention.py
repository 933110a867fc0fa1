"""A class's desired retention: the teacher compares the daily workload each implies for this
class (simulated with the class's fitted parameters) and chooses one."""

from __future__ import annotations

from dataclasses import dataclass

from fsrs.scheduler import DEFAULT_PARAMETERS
from sqlalchemy import func, select

from quizapp.banks.models import Question
from quizapp.classes.models import Classroom, ClassroomBank
from quizapp.classes.services import teaching
from quizapp.core import workload
from quizapp.core.scheduling import RETENTION_RANGE
from quizapp.database import tx
from quizapp.errors import ServiceError
from quizapp.extensions import db
from quizapp.scheduling.models import SchedulerFit
from quizapp.scheduling.services import IN_USE


class RetentionRefused(ServiceError):
    pass


@dataclass(frozen=True)
class RetentionPage:
    """What the teacher sees before choosing: the workload at each retention, and a suggestion."""

    class_name: str
    current: float
    questions: int
    parameters_from: str  # "this class's answers", "the school's answers" or "FSRS's defaults"
    workloads: list[workload.Workload]
    suggested: float


def _parameters(class_id: int) -> tuple[list[float], str]:
    for scope, owner, words in (
        ("class", class_id, "this class's answers"),
        ("school", None, "the school's answers"),
    ):
        found = db.session.scalars(
            select(SchedulerFit)
            .where(SchedulerFit.scope == scope, SchedulerFit.status == IN_USE)
            .where(
                SchedulerFit.classroom_id.is_(None)
                if owner is None
                else SchedulerFit.classroom_id == owner
            )
            .order_by(SchedulerFit.id.desc())
            .limit(1)
        ).first()
        if found is not None:
            return [w for w in found.parameters if w is not None], words
    return list(DEFAULT_PARAMETERS), "FSRS's defaults"


def retention_page(teacher_id: int, class_id: int, new_per_day: int) -> RetentionPage:
    """The class's retention now and the simulated workload at the compared retentions."""
    teaching(teacher_id, class_id)
    classroom = db.session.get_one(Classroom, class_id)
    questions = (
        db.session.scalar(
            select(func.count(Question.id))
            .join(ClassroomBank, ClassroomBank.bank_id == Question.bank_id)
            .where(ClassroomBank.classroom_id == class_id, Question.retired_at.is_(None))
        )
        or 0
    )
    parameters, source = _parameters(class_id)
    compared = sorted({*workload.COMPARED, classroom.desired_retention})
    workloads = [workload.estimate(parameters, r, questions, new_per_day) for r in compared]
    return RetentionPage(
        classroom.name,
        classroom.desired_retention,
        questions,
        source,
        workloads,
        workload.suggested(workloads),
    )


def set_retention(teacher_id: int, class_id: int, retention: float) -> None:
    """Set the class's desired retention (0.80 to 0.95); its students' next answers use it."""
    low, high = RETENTION_RANGE
    if not low <= retention <= high:
        raise RetentionRefused(f"Choose a retention between {low:.2f} and {high:.2f}.")
    with tx.write() as session:
        teaching(teacher_id, class_id)
        session.get_one(Classroom, class_id).desired_retention = round(retention, 2)
