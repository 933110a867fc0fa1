"""The bank editor: banks, questions with a form per type and a live preview, history."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.core.keys import make_key
from quizapp.forms import (
    UNANSWERED,
    BankEditorForm,
    BankForm,
    CopyBankForm,
    PostForm,
    QuestionForm,
)
from quizapp.services import editor, history, question_edit
from quizapp.services.errors import NotFound, ServiceError
from quizapp.services.study import BankInfo, Shown, show
from quizapp.views.common import now, user_id
from quizapp.views.question_form import (
    LABELS,
    QUESTION_FIELDS,
    TYPES,
    attach_problems,
    fill_form,
    raw_from_form,
    shown_fields,
)

bp = Blueprint("editor", __name__, url_prefix="/editor")


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.get("/")
def index() -> str:
    return render_template(
        "editor/index.html",
        banks=editor.editable_banks(user_id()),
        form=BankForm(),
        copy_form=CopyBankForm(),
    )


@bp.post("/")
def create_bank() -> Response | tuple[str, int]:
    form = BankForm()
    if not form.validate_on_submit():
        page = render_template(
            "editor/index.html",
            banks=editor.editable_banks(user_id()),
            form=form,
            copy_form=CopyBankForm(),
        )
        return page, 422
    slug = editor.create_bank(
        user_id(), form.title.data, form.description.data or "", now(), bool(form.quiz_only.data)
    )
    flash("Bank created. Add its first question.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)


@bp.post("/banks/<slug:slug>/copy")
def copy_bank(slug: str) -> Response:
    form = CopyBankForm()
    if not form.validate_on_submit():
        editor.editable_bank_title(user_id(), slug)  # "not found" for a bank not the caller's
        flash("Give the copy a title.", "error")
        return redirect(url_for("editor.index"), code=303)
    new_slug = editor.copy_bank(user_id(), slug, form.title.data, now(), bool(form.quiz_only.data))
    flash("Bank copied: the copy is yours to edit.", "success")
    return redirect(url_for("editor.bank", slug=new_slug), code=303)


def _bank_page(slug: str, form: BankForm | None = None, status: int = 200) -> tuple[str, int]:
    page = editor.bank_page(user_id(), slug)
    if form is None:
        form = BankForm(title=page.title, description=page.description, quiz_only=page.quiz_only)
    admin = current_user.role == "admin" and page.school
    return render_template(
        "editor/bank.html",
        b=page,
        form=form,
        types=TYPES,
        post=PostForm(),
        editor_form=BankEditorForm() if admin else None,
        editors=editor.bank_editors(slug) if admin else [],
    ), status


@bp.get("/banks/<slug:slug>/")
def bank(slug: str) -> tuple[str, int]:
    return _bank_page(slug)


@bp.post("/banks/<slug:slug>/")
def update_bank(slug: str) -> Response | tuple[str, int]:
    form = BankForm()
    if not form.validate_on_submit():
        return _bank_page(slug, form, 422)
    description, quiz_only = form.description.data or "", bool(form.quiz_only.data)
    editor.update_bank(user_id(), slug, form.title.data, description, now(), quiz_only)
    flash("Bank saved.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)


@bp.post("/banks/<slug:slug>/editors")
def allow_editor(slug: str) -> Response | tuple[str, int]:
    form = BankEditorForm()
    if form.validate_on_submit():
        try:
            editor.allow_editor(user_id(), slug, form.username.data)
        except NotFound:
            raise  # a bank that is not the caller's: the blueprint's 404
        except ServiceError as refused:
            form.username.errors = [str(refused)]
            return _bank_page(slug, status=422)
        flash(f"{form.username.data} may now edit this bank.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)


@bp.post("/banks/<slug:slug>/questions/<id:question_id>/move")
def move(slug: str, question_id: int) -> Response:
    step = -1 if request.form.get("direction") == "up" else 1
    editor.move_question(user_id(), slug, question_id, step)
    return redirect(url_for("editor.bank", slug=slug, _anchor=f"q{question_id}"), code=303)


@bp.post("/banks/<slug:slug>/questions/<id:question_id>/retire")
def retire(slug: str, question_id: int) -> Response:
    editor.set_retired(user_id(), slug, question_id, True, now())
    flash("Question retired: students no longer see it; its answers are kept.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)


@bp.post("/banks/<slug:slug>/questions/<id:question_id>/restore")
def unretire(slug: str, question_id: int) -> Response:
    editor.set_retired(user_id(), slug, question_id, False, now())
    flash("Question restored: students see it again.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)


def _preview(slug: str, title: str, raw: dict[str, Any]) -> Shown:
    question = SimpleNamespace(id=0, type=raw["type"], prompt=raw["prompt"], spec=raw)
    return show(BankInfo(slug, title), question, None, "preview", now())


def _question_page(
    editing: question_edit.Editing,
    qtype: str,
    form: QuestionForm,
    status: int = 200,
    **extra: Any,
) -> tuple[str, int]:
    return render_template(
        "editor/question.html",
        e=editing,
        qtype=qtype,
        type_label=TYPES[qtype],
        fields=QUESTION_FIELDS[qtype],
        labels={name: LABELS.get((qtype, name)) for name in QUESTION_FIELDS[qtype]},
        form=form,
        answer_form=UNANSWERED,
        **extra,
    ), status


@bp.get("/banks/<slug:slug>/new/<qtype>")
def new_question(slug: str, qtype: str) -> tuple[str, int]:
    if qtype not in TYPES:
        abort(404)
    editing = question_edit.new_question(user_id(), slug)
    return _question_page(editing, qtype, QuestionForm(difficulty="medium"))


@bp.get("/banks/<slug:slug>/questions/<id:question_id>")
def edit_question(slug: str, question_id: int) -> tuple[str, int]:
    editing = question_edit.editing(user_id(), slug, question_id)
    form = QuestionForm()
    fill_form(form, editing.raw)
    return _question_page(editing, editing.raw["type"], form)


@bp.post("/banks/<slug:slug>/new/<qtype>")
def create_question(slug: str, qtype: str) -> Response | tuple[str, int]:
    if qtype not in TYPES:
        abort(404)
    editing = question_edit.new_question(user_id(), slug)
    return _submitted(editing, qtype)


@bp.post("/banks/<slug:slug>/questions/<id:question_id>")
def save_question(slug: str, question_id: int) -> Response | tuple[str, int]:
    editing = question_edit.editing(user_id(), slug, question_id)
    return _submitted(editing, editing.raw["type"])


def _key(form: QuestionForm, editing: question_edit.Editing) -> str:
    if editing.question_id is not None:
        return str(editing.raw["key"])  # fixed once saved
    typed = (form.key.data or "").strip()
    return typed or make_key(editing.bank_slug, form.prompt.data or "", ())


def _submitted(editing: question_edit.Editing, qtype: str) -> Response | tuple[str, int]:
    form = QuestionForm()
    form.validate()
    raw = raw_from_form(form, qtype, _key(form, editing))
    form.key.data = raw["key"]
    if any(form[name].errors for name in shown_fields(qtype)):
        return _question_page(editing, qtype, form, 422)
    slug, question_id = editing.bank_slug, editing.question_id
    if "preview" in request.form:
        problems, summary = question_edit.check(user_id(), slug, question_id, raw)
        unplaced = attach_problems(form, qtype, problems)
        preview = None if problems else _preview(slug, editing.bank_title, raw)
        return _question_page(
            editing,
            qtype,
            form,
            422 if problems else 200,
            preview=preview,
            summary=summary,
            unplaced=unplaced,
        )
    decision = request.form.get("decision") or None
    if "save_regrade" in request.form:
        decision = "regrade"
    outcome = question_edit.save(user_id(), slug, question_id, raw, now(), decision)
    if isinstance(outcome, question_edit.Rejected):
        unplaced = attach_problems(form, qtype, outcome.problems)
        return _question_page(editing, qtype, form, 422, unplaced=unplaced)
    if isinstance(outcome, question_edit.NeedsDecision):
        return _question_page(editing, qtype, form, 409, summary=outcome.summary, decide=True)
    _saved_message(outcome)
    return redirect(
        url_for("editor.edit_question", slug=slug, question_id=outcome.question_id), code=303
    )


def _saved_message(outcome: question_edit.Saved) -> None:
    if outcome.version == 0:
        flash("Nothing changed, so no new version was made.", "info")
        return
    flash(f"Saved as version {outcome.version}.", "success")
    done = outcome.regraded
    if done is not None:
        flash(
            f"Regraded {done.answers} past answer(s) by {done.students} student(s): "
            f"{done.became_right} became right, {done.became_wrong} became wrong. "
            "Their cards were rescheduled and each student sees a notice.",
            "success",
        )


@bp.get("/banks/<slug:slug>/questions/<id:question_id>/history")
def question_history(slug: str, question_id: int) -> str:
    found = history.history(user_id(), slug, question_id)
    newest = found.versions[0].number
    old = request.args.get("old", type=int) or max(1, newest - 1)
    new = request.args.get("new", type=int) or newest
    lines = found.diff(old, new)
    return render_template(
        "editor/history.html", h=found, old=old, new=new, lines=lines, post=PostForm()
    )


@bp.post("/banks/<slug:slug>/questions/<id:question_id>/history/<num:number>/restore")
def restore_version(slug: str, question_id: int, number: int) -> Response:
    made = history.restore(user_id(), slug, question_id, number, now())
    flash(f"Version {number} restored as version {made}.", "success")
    return redirect(
        url_for("editor.question_history", slug=slug, question_id=question_id), code=303
    )
