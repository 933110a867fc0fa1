"""A bank's files: downloads in five formats, and importing questions with a preview first."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response

from quizapp.banks import export, file_import
from quizapp.banks.editor import editable_bank_title
from quizapp.banks.forms import ImportFileForm
from quizapp.core import limits
from quizapp.core.formats import apkg, csvcards, gift, moodle_xml
from quizapp.core.formats.common import ImportDefaults
from quizapp.errors import ImportRejected, NotFound
from quizapp.sources.picking import picker
from quizapp.web.common import now, user_id

bp = Blueprint("bankfiles", __name__, url_prefix="/editor/banks")

_MIMETYPES = {
    "toml": "application/toml",
    "gift": "text/plain",
    "xml": "application/xml",
    "csv": "text/csv",
    "apkg": "application/octet-stream",
}


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


def _body(found: export.BankExport, fmt: str) -> bytes:
    if fmt == "toml":
        return found.toml.encode()
    if fmt == "gift":
        return gift.dump(found.questions).encode()
    if fmt == "xml":
        return moodle_xml.dump(found.questions, export.bank_media(found.slug)).encode()
    if fmt == "csv":
        return csvcards.dump(found.questions).encode("utf-8-sig")  # a BOM: spreadsheets read UTF-8
    media = export.bank_media(found.slug)
    return apkg.dump(
        found.title, found.slug, found.questions, found.source_titles, now=now(), media=media
    )


@bp.get("/<slug:slug>/export.<fmt>")
def export_file(slug: str, fmt: str) -> Response:
    if fmt not in _MIMETYPES:
        abort(404)
    editable_bank_title(user_id(), slug)
    found = export.export_bank(slug)
    extension = "txt" if fmt == "gift" else fmt
    filename = secure_filename(f"{slug}.{extension}") or f"bank.{extension}"
    return Response(
        _body(found, fmt),
        mimetype=_MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _page(slug: str, form: ImportFileForm, status: int = 200, **extra: object) -> tuple[str, int]:
    title = editable_bank_title(user_id(), slug)
    form.source.choices = [("", "None"), *picker(slug, None, "", []).sources]
    return render_template("banks/import.html", slug=slug, title=title, form=form, **extra), status


def _default_cite(form: ImportFileForm) -> tuple[str, ...] | None:
    """The citation the teacher picked for questions that name none; None (with the error on
    its field) for a source without a paragraph."""
    source, paragraph = (form.source.data or "").strip(), (form.paragraph.data or "").strip()
    if not source:
        return ()
    if not (paragraph.isascii() and paragraph.isdigit() and len(paragraph) < 7):
        form.paragraph.errors = ["Give the number of the paragraph these facts come from."]
        return None
    return (f"{source}#{int(paragraph)}",)


@bp.get("/<slug:slug>/import")
def upload(slug: str) -> tuple[str, int]:
    return _page(slug, ImportFileForm())


_MEGABYTES = limits.IMPORT_FILE_BYTES // 2**20
_TOO_LARGE = (
    f"is larger than {_MEGABYTES} MB, the most quizapp imports at once (a bank's questions "
    "with all the pictures a bank may hold fit): split it into smaller files."
)


def _text(form: ImportFileForm) -> str | None:
    """The file's or the pasted text, or None with an error beside its field: the one size
    limit holds for the preview and the confirmation alike."""
    upload_ = form.upload.data
    if isinstance(upload_, FileStorage) and upload_.filename:
        data = upload_.read(limits.IMPORT_FILE_BYTES + 1)
        if len(data) > limits.IMPORT_FILE_BYTES:
            form.upload.errors = ["This file " + _TOO_LARGE]
            return None
        try:
            text: str = data.decode("utf-8")
        except UnicodeDecodeError:
            form.upload.errors = ["The file is not UTF-8 text: save it as UTF-8 and try again."]
            return None
        form.filename.data = secure_filename(upload_.filename) or "upload"
        return text
    pasted = form.text.data or ""
    if not pasted.strip():
        form.upload.errors = ["Choose a file or paste its text."]
        return None
    if len(pasted.encode("utf-8")) > limits.IMPORT_FILE_BYTES:
        form.text.errors = ["This text " + _TOO_LARGE]
        return None
    form.filename.data = form.filename.data or "pasted text"
    return pasted


def _confirmed_text(form: ImportFileForm) -> str | None:
    """The file the preview held, or (from a form that sends it again) the file itself."""
    if not form.held.data:
        return _text(form)
    text = file_import.held_text(user_id(), str(form.held.data), now())
    if text is None:
        form.upload.errors = [
            f"This preview is more than {limits.IMPORT_HELD_MINUTES} minutes old, or its file "
            "was imported already: choose the file again."
        ]
    return text


@bp.post("/<slug:slug>/import")
def import_file(slug: str) -> Response | tuple[str, int]:
    form = ImportFileForm()
    if not form.validate():
        return _page(slug, form, 422)
    confirming = "confirm" in request.form
    text = _confirmed_text(form) if confirming else _text(form)
    if text is None:
        return _page(slug, form, 422)
    cites = _default_cite(form)
    if cites is None:
        return _page(slug, form, 422)
    defaults = ImportDefaults(tags=(form.difficulty.data or "medium",), cite=cites)
    fmt = str(form.fmt.data)
    filename = str(form.filename.data)
    if not confirming:
        found = file_import.preview(
            user_id(), slug, fmt, text, defaults, form.separators(), now=now()
        )
        status = 422 if found.parsed.problems else 200
        return _page(slug, form, status, preview=found, fmt_name=file_import.FORMAT_NAMES[fmt])
    try:
        count = file_import.import_questions(
            user_id(), slug, fmt, text, defaults, filename, now(), form.separators()
        )
    except ImportRejected as refused:
        return _page(slug, form, 422, refused=refused.problems)
    flash(f"Imported {count} question(s) from {filename}.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)
