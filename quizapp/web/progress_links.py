"""Where the progress pages link to: the student's own pages, or a teacher's read-only view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for


@dataclass(frozen=True)
class ProgressLinks:
    whose: str  # "Your progress" or "sam's progress"
    endpoints: tuple[str, str, str]  # all banks, one bank, one question
    values: dict[str, Any] = field(default_factory=dict)  # the class and student, for a teacher
    crumbs: tuple[tuple[str, str], ...] = ()  # (label, url) before the progress pages' own
    username: str = ""  # whose pages a teacher is looking at

    def index(self) -> str:
        return url_for(self.endpoints[0], **self.values)

    def bank(self, slug: str) -> str:
        return url_for(self.endpoints[1], slug=slug, **self.values)

    def question(self, question_id: int) -> str:
        return url_for(self.endpoints[2], question_id=question_id, **self.values)


OWN = ProgressLinks("Your progress", ("progress.index", "progress.bank", "progress.question"))


def of_student(class_id: int, class_name: str, student_id: int, username: str) -> ProgressLinks:
    """A teacher looking at one student of a class."""
    return ProgressLinks(
        f"{username}'s progress",
        ("classes.student", "classes.student_bank", "classes.student_question"),
        {"class_id": class_id, "student_id": student_id},
        (
            ("Classes", url_for("classes.index")),
            (class_name, url_for("classes.detail", class_id=class_id)),
        ),
        username,
    )
