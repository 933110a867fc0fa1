"""Homework: teachers set, edit and close it and follow each student; students see their own."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.errors import NotFound
from quizapp.homework import board as boards
from quizapp.homework import services as homework
from quizapp.homework.forms import HomeworkForm
from quizapp.homework.student import homework_for_student
from quizapp.web.common import now, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("homework", __name__)


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


# --- teachers ---------------------------------------------------------------------------------


@bp.get("/classes/<id:class_id>/homework/")
def class_homework(class_id: int) -> str:
    found = homework.class_homework(user_id(), class_id)
    return render_template(
        "homework/class.html",
        class_id=class_id,
        class_name=found.class_name,
        rows=found.rows,
        post=PostForm(),
    )


def _form_page(
    class_id: int, form: HomeworkForm, homework_id: int | None = None, status: int = 200
) -> tuple[str, int]:
    banks = homework.bank_options(user_id(), class_id)
    form.bank.choices = [(b.id, b.title) for b in banks]
    zone = homework.teacher_zone(user_id())
    page = render_template(
        "homework/form.html",
        class_id=class_id,
        homework_id=homework_id,
        form=form,
        banks=banks,
        zone=zone,
    )
    return page, status


def _tags(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _settings(form: HomeworkForm) -> homework.HomeworkSettings:
    number = {"recalled": form.percent.data, "correct": form.answers.data}.get(str(form.goal.data))
    return homework.HomeworkSettings(
        title=form.title.data or "",
        bank_id=int(form.bank.data or 0),
        goal_kind=str(form.goal.data),
        due_local=form.due.data,
        goal_number=number,
        tags=_tags(form.tags.data),
    )


@bp.get("/classes/<id:class_id>/homework/new")
def new_homework(class_id: int) -> tuple[str, int]:
    return _form_page(class_id, HomeworkForm())


@bp.post("/classes/<id:class_id>/homework/new")
def create_homework(class_id: int) -> Response | tuple[str, int]:
    form = HomeworkForm()
    if not form.validate():
        return _form_page(class_id, form, status=422)
    try:
        homework.create_homework(user_id(), class_id, _settings(form), now())
    except homework.HomeworkRefused as refused:
        form[refused.field_name].errors = [str(refused)]
        return _form_page(class_id, form, status=422)
    flash("Homework set: your students see it on their Homework page.", "success")
    return redirect(url_for("homework.class_homework", class_id=class_id), code=303)


@bp.get("/homework/<id:homework_id>/edit")
def edit_homework(homework_id: int) -> tuple[str, int]:
    class_id, settings = homework.edit_values(user_id(), homework_id)
    form = HomeworkForm(
        title=settings.title,
        bank=settings.bank_id,
        tags=", ".join(settings.tags),
        goal=settings.goal_kind,
        percent=settings.goal_number if settings.goal_kind == "recalled" else 80,
        answers=settings.goal_number if settings.goal_kind == "correct" else 20,
        due=settings.due_local,
    )
    return _form_page(class_id, form, homework_id)


@bp.post("/homework/<id:homework_id>/edit")
def save_homework(homework_id: int) -> Response | tuple[str, int]:
    class_id = homework.teachers_homework(user_id(), homework_id).classroom_id
    form = HomeworkForm()
    if not form.validate():
        return _form_page(class_id, form, homework_id, 422)
    try:
        homework.update_homework(user_id(), homework_id, _settings(form), now())
    except homework.HomeworkRefused as refused:
        form[refused.field_name].errors = [str(refused)]
        return _form_page(class_id, form, homework_id, 422)
    flash("Homework saved.", "success")
    return redirect(url_for("homework.board", homework_id=homework_id), code=303)


@bp.post("/homework/<id:homework_id>/close")
def close(homework_id: int) -> Response:
    class_id = homework.close_homework(user_id(), homework_id, now())
    flash("Homework closed: it stays listed, as closed.", "success")
    return redirect(url_for("homework.class_homework", class_id=class_id), code=303)


@bp.get("/homework/<id:homework_id>")
def board(homework_id: int) -> str:
    found = boards.homework_board(user_id(), homework_id, now(), request.args.get("sort", "name"))
    return render_template("homework/board.html", b=found, post=PostForm())


@bp.get("/homework/<id:homework_id>/students.csv")
def board_csv(homework_id: int) -> Response:
    found = boards.homework_board(user_id(), homework_id, now(), request.args.get("sort", "name"))
    return Response(
        boards.as_csv(found),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="homework.csv"'},
    )


# --- students ---------------------------------------------------------------------------------


@bp.get("/homework/")
def mine() -> str:
    return render_template("homework/mine.html", items=homework_for_student(user_id(), now()))
