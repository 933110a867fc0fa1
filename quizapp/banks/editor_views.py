"""The bank editor: banks, questions with a form per type and a live preview, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.banks import editor, history, question_edit, question_page
from quizapp.banks.forms import BankEditorForm, BankForm, CopyBankForm
from quizapp.banks.question_form import TYPES, form_for
from quizapp.errors import NotFound, ServiceError
from quizapp.web.common import actor, now, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("editor", __name__, url_prefix="/editor")


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.get("/")
def index() -> str:
    return render_template(
        "banks/index.html",
        banks=editor.editable_banks(user_id()),
        form=BankForm(),
        copy_form=CopyBankForm(),
    )


@bp.post("/")
def create_bank() -> Response | tuple[str, int]:
    form = BankForm()
    if not form.validate_on_submit():
        page = render_template(
            "banks/index.html",
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
        form = BankForm(
            title=page.title,
            description=page.description,
            quiz_only=page.quiz_only,
            require_citations=page.require_citations,
        )
    admin = current_user.role == "admin" and page.school
    return render_template(
        "banks/bank.html",
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
    settings = editor.BankSettings(
        form.title.data,
        form.description.data or "",
        bool(form.quiz_only.data),
        bool(form.require_citations.data),
    )
    editor.update_bank(user_id(), slug, settings, now())
    flash("Bank saved.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)


@bp.post("/banks/<slug:slug>/editors")
def allow_editor(slug: str) -> Response | tuple[str, int]:
    form = BankEditorForm()
    if form.validate_on_submit():
        try:
            editor.allow_editor(actor(), slug, form.username.data)
        except NotFound:
            raise  # a bank that is not the caller's: the blueprint's 404
        except ServiceError as refused:
            form.username.errors = [str(refused)]
            return _bank_page(slug, status=422)
        flash(f"{form.username.data} may now edit this bank.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)


@bp.post("/banks/<slug:slug>/editors/<username:username>/revoke")
def revoke_editor(slug: str, username: str) -> Response:
    editor.revoke_editor(actor(), slug, username)
    flash(f"{username} may no longer edit this bank.", "success")
    return redirect(url_for("editor.bank", slug=slug, _anchor="editors"), code=303)


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


@bp.get("/banks/<slug:slug>/new/<qtype>")
def new_question(slug: str, qtype: str) -> tuple[str, int]:
    if qtype not in TYPES:
        abort(404)
    editing = question_edit.new_question(user_id(), slug)
    return question_page.render(editing, qtype, form_for(qtype, {}))


@bp.get("/banks/<slug:slug>/questions/<id:question_id>")
def edit_question(slug: str, question_id: int) -> tuple[str, int]:
    editing = question_edit.editing(user_id(), slug, question_id)
    qtype = editing.raw["type"]
    return question_page.render(editing, qtype, form_for(qtype, editing.raw))


@bp.post("/banks/<slug:slug>/new/<qtype>")
def create_question(slug: str, qtype: str) -> Response | tuple[str, int]:
    if qtype not in TYPES:
        abort(404)
    editing = question_edit.new_question(user_id(), slug)
    return question_page.submitted(editing, qtype)


@bp.post("/banks/<slug:slug>/questions/<id:question_id>")
def save_question(slug: str, question_id: int) -> Response | tuple[str, int]:
    editing = question_edit.editing(user_id(), slug, question_id)
    return question_page.submitted(editing, editing.raw["type"])


@bp.get("/banks/<slug:slug>/questions/<id:question_id>/history")
def question_history(slug: str, question_id: int) -> str:
    found = history.history(user_id(), slug, question_id)
    newest = found.versions[0].number
    old = request.args.get("old", type=int) or max(1, newest - 1)
    new = request.args.get("new", type=int) or newest
    lines = found.diff(old, new)
    return render_template(
        "banks/history.html", h=found, old=old, new=new, lines=lines, post=PostForm()
    )


@bp.post("/banks/<slug:slug>/questions/<id:question_id>/history/<num:number>/restore")
def restore_version(slug: str, question_id: int, number: int) -> Response:
    made = history.restore(user_id(), slug, question_id, number, now())
    flash(f"Version {number} restored as version {made}.", "success")
    return redirect(
        url_for("editor.question_history", slug=slug, question_id=question_id), code=303
    )
