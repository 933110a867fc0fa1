"""A quiz's accommodations page: each student's extra time, extra attempts and later close, set
one student at a time or for the whole class."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from quizapp.core import quiztime
from quizapp.errors import NotFound
from quizapp.quizzes import accommodations
from quizapp.quizzes.forms import AccommodationForm
from quizapp.web.common import actor, now, user_id

bp = Blueprint("accommodations", __name__)


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


def _filled(row: accommodations.StudentRow, zone: str) -> AccommodationForm:
    given = row.given
    closes = quiztime.utc_to_local(given.closes_at, zone) if given.closes_at else None
    return AccommodationForm(
        formdata=None,
        prefix=f"s{row.student_id}-",
        time_multiplier=Decimal(str(given.time_multiplier)),
        extra_minutes=given.extra_minutes,
        extra_attempts=given.extra_attempts,
        closes=closes.replace(tzinfo=None) if closes else None,
    )


Sent = tuple[int | None, AccommodationForm]  # the form sent (None: for the whole class)


def _page(quiz_id: int, sent: Sent | None = None, status: int = 200) -> tuple[str, int]:
    found = accommodations.class_accommodations(user_id(), quiz_id)
    forms = {row.student_id: _filled(row, found.zone) for row in found.students}
    whole = AccommodationForm(formdata=None, prefix="all-")
    if sent is not None:  # the form sent, with its errors next to its fields
        student_id, bound = sent
        if student_id is None:
            whole = bound
        else:
            forms[student_id] = bound
    html = render_template("quizzes/accommodations.html", a=found, forms=forms, whole=whole)
    return html, status


@bp.get("/quizzes/<id:quiz_id>/accommodations")
def page(quiz_id: int) -> tuple[str, int]:
    return _page(quiz_id)


def _set(
    quiz_id: int, student_id: int | None, form: AccommodationForm
) -> Response | tuple[str, int]:
    if not form.validate():
        return _page(quiz_id, (student_id, form), 422)
    asked = accommodations.Requested(
        time_multiplier=float(form.time_multiplier.data or 1),
        extra_minutes=form.extra_minutes.data or 0,
        extra_attempts=form.extra_attempts.data or 0,
        closes_local=form.closes.data,
    )
    try:
        count = accommodations.set_accommodation(actor(), quiz_id, student_id, asked, now())
    except accommodations.AccommodationRefused as refused:
        form[refused.field_name].errors = [str(refused)]
        return _page(quiz_id, (student_id, form), 422)
    flash(
        f"Accommodation saved for {count} student{'' if count == 1 else 's'}; "
        "attempts under way take it at once.",
        "success",
    )
    return redirect(url_for("accommodations.page", quiz_id=quiz_id), code=303)


@bp.post("/quizzes/<id:quiz_id>/accommodations/<id:student_id>")
def set_one(quiz_id: int, student_id: int) -> Response | tuple[str, int]:
    accommodations.check_student(user_id(), quiz_id, student_id)  # "not found" for outsiders
    return _set(quiz_id, student_id, AccommodationForm(prefix=f"s{student_id}-"))


@bp.post("/quizzes/<id:quiz_id>/accommodations/all")
def set_all(quiz_id: int) -> Response | tuple[str, int]:
    return _set(quiz_id, None, AccommodationForm(prefix="all-"))
