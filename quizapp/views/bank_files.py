"""A bank's files: downloads in four formats, and importing questions with a preview first."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response

from quizapp.core.articles import ARTICLES
from quizapp.core.formats import apkg, csvcards, gift
from quizapp.core.formats.common import ImportDefaults
from quizapp.forms import ImportFileForm
from quizapp.services import export, file_import
from quizapp.services.editor import editable_bank_title
from quizapp.services.errors import ImportRejected, NotFound
from quizapp.views.common import now, user_id

bp = Blueprint("bankfiles", __name__, url_prefix="/editor/banks")

_MIMETYPES = {
    "toml": "application/toml",
    "gift": "text/plain",
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
    if fmt == "csv":
        return csvcards.dump(found.questions).encode("utf-8-sig")  # a BOM: spreadsheets read UTF-8
    titles = {name: f"{a.outlet}, “{a.headline}”" for name, a in ARTICLES.items()}
    return apkg.dump(found.title, found.slug, found.questions, titles, now=now())


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
    return render_template("editor/import.html", slug=slug, title=title, form=form, **extra), status


@bp.get("/<slug:slug>/import")
def upload(slug: str) -> tuple[str, int]:
    return _page(slug, ImportFileForm())


def _text(form: ImportFileForm) -> str | None:
    """The file's text (sent again as the pasted text once previewed), or None with an error."""
    upload_ = form.upload.data
    if isinstance(upload_, FileStorage) and upload_.filename:
        try:
            text = upload_.read().decode("utf-8")
        except UnicodeDecodeError:
            form.upload.errors = ["The file is not UTF-8 text: save it as UTF-8 and try again."]
            return None
        form.filename.data = secure_filename(upload_.filename) or "upload"
        form.text.data = text
        return str(text)
    if not (form.text.data or "").strip():
        form.upload.errors = ["Choose a file or paste its text."]
        return None
    form.filename.data = form.filename.data or "pasted text"
    return str(form.text.data)


@bp.post("/<slug:slug>/import")
def import_file(slug: str) -> Response | tuple[str, int]:
    form = ImportFileForm()
    if not form.validate():
        return _page(slug, form, 422)
    text = _text(form)
    if text is None:
        return _page(slug, form, 422)
    cites = tuple(line.strip() for line in (form.cite.data or "").splitlines() if line.strip())
    defaults = ImportDefaults(tags=(form.difficulty.data or "medium",), cite=cites)
    fmt = str(form.fmt.data)
    filename = str(form.filename.data)
    if "confirm" not in request.form:
        found = file_import.preview(user_id(), slug, fmt, text, defaults)
        status = 422 if found.parsed.problems else 200
        return _page(slug, form, status, preview=found, fmt_name=file_import.FORMAT_NAMES[fmt])
    try:
        count = file_import.import_questions(user_id(), slug, fmt, text, defaults, filename, now())
    except ImportRejected as refused:
        return _page(slug, form, 422, refused=refused.problems)
    flash(f"Imported {count} question(s) from {filename}.", "success")
    return redirect(url_for("editor.bank", slug=slug), code=303)
