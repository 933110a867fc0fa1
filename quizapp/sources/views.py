"""A teacher's sources: the list, adding one (paste or upload, see the paragraphs, save),
reading one with its citations, and correcting it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from quizapp.core.sourcetext import (
    UnreadableSource,
    paragraphs_from_text,
    paragraphs_from_upload,
)
from quizapp.errors import NotFound
from quizapp.sources import library
from quizapp.sources.forms import SearchForm, SourceForm
from quizapp.web.common import now, user_id

bp = Blueprint("sources", __name__, url_prefix="/sources")


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.get("/")
def index() -> str:
    return render_template("sources/index.html", sources=library.listing(user_id()))


def _paragraphs(form: SourceForm) -> list[str] | None:
    """The paragraphs the form holds: an uploaded file's (put into the text box so the teacher
    sees and may correct them), or the text's. None, with the error on its field, if neither."""
    upload = form.upload.data
    if isinstance(upload, FileStorage) and upload.filename:
        try:
            found = paragraphs_from_upload(upload.filename, upload.read())
        except UnreadableSource as refused:
            form.upload.errors = [str(refused)]
            return None
        form.text.data = "\n\n".join(found)
    try:
        paragraphs = paragraphs_from_text(form.text.data or "")
    except UnreadableSource as refused:
        form.text.errors = [*form.text.errors, str(refused)]
        return None
    if not paragraphs:
        form.text.errors = [*form.text.errors, "Paste the text, or upload a file."]
        return None
    return paragraphs


def _draft(form: SourceForm, paragraphs: list[str]) -> library.Draft:
    return library.Draft(
        title=form.title.data.strip(),
        author=(form.author.data or "").strip(),
        published=form.published.data,
        url=(form.url.data or "").strip(),
        licence=(form.licence.data or "").strip(),
        paragraphs=paragraphs,
    )


def _bank() -> str | None:
    return request.args.get("bank") or None


@bp.get("/new")
def new_source() -> str:
    return render_template("sources/edit.html", form=SourceForm(), bank=_bank(), source=None)


def _submitted(bank: str | None, source_id: int | None) -> library.Draft | tuple[str, int]:
    """The source to save when the teacher saves a valid one; otherwise the page again, with
    the paragraphs as they will be numbered (a preview) or what is wrong."""
    form = SourceForm()
    valid = form.validate()
    paragraphs = _paragraphs(form)
    if valid and paragraphs is not None and "save" in request.form:
        return _draft(form, paragraphs)
    status = 200 if valid and paragraphs is not None else 422
    page = render_template(
        "sources/edit.html", form=form, bank=bank, source=source_id, paragraphs=paragraphs
    )
    return page, status


@bp.post("/new")
def create_source() -> Response | tuple[str, int]:
    draft = _submitted(_bank(), None)
    if not isinstance(draft, library.Draft):
        return draft
    source_id = library.create(user_id(), draft, _bank(), now())
    flash(f"Source saved with {len(draft.paragraphs)} paragraphs.", "success")
    return redirect(url_for("sources.source", source_id=source_id), code=303)


@bp.get("/<id:source_id>")
def source(source_id: int) -> str:
    search = SearchForm(request.args)
    changed = {int(n) for n in request.args.get("changed", "").split(",") if n.isdigit()}
    found = library.view(user_id(), source_id, search.q.data or "", changed)
    return render_template(
        "sources/source.html", source=found, search=search, changed=sorted(changed)
    )


@bp.get("/<id:source_id>/edit")
def edit_source(source_id: int) -> str:
    draft = library.draft_of(user_id(), source_id)
    form = SourceForm(data={**draft.__dict__, "text": "\n\n".join(draft.paragraphs)})
    return render_template("sources/edit.html", form=form, bank=None, source=source_id)


@bp.post("/<id:source_id>/edit")
def save_source(source_id: int) -> Response | tuple[str, int]:
    library.draft_of(user_id(), source_id)  # another teacher's source: 404 before any form error
    draft = _submitted(None, source_id)
    if not isinstance(draft, library.Draft):
        return draft
    changed = library.correct(user_id(), source_id, draft, now())
    if changed:
        flash("Saved. Cited paragraphs changed: check the questions listed below.", "warning")
        listed = ",".join(str(n) for n in sorted(changed))
        return redirect(url_for("sources.source", source_id=source_id, changed=listed), code=303)
    flash("Saved. No cited paragraph changed.", "success")
    return redirect(url_for("sources.source", source_id=source_id), code=303)
