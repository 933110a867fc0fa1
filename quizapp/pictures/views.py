"""A bank's pictures page (upload and list) for its editors, and the pictures themselves."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from quizapp.errors import NotFound
from quizapp.pictures import services
from quizapp.pictures.forms import PictureForm
from quizapp.web.common import now, user_id

bp = Blueprint("pictures", __name__, url_prefix="/pictures")

# The name holds the picture's hash, so the bytes behind a URL never change: a browser may keep
# them, for this user only (`private`: a shared cache must not hand them to someone else); a
# quiz's picture, never (services.Served.may_keep).
CACHE_CONTROL = "private, max-age=31536000, immutable"


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.get("/<picture:picture>")
def picture(picture: str) -> Response:
    served = services.picture_for(user_id(), picture)
    response = Response(served.data, mimetype=served.media_type)
    response.set_etag(served.sha256)
    response.headers["Cache-Control"] = CACHE_CONTROL if served.may_keep else "no-store"
    return response.make_conditional(request)


def _page(slug: str, form: PictureForm, status: int = 200) -> tuple[str, int]:
    found = services.bank_pictures(user_id(), slug)
    return render_template("pictures/bank.html", p=found, form=form), status


@bp.get("/banks/<slug:slug>/")
def bank(slug: str) -> tuple[str, int]:
    return _page(slug, PictureForm())


@bp.post("/banks/<slug:slug>/")
def upload(slug: str) -> Response | tuple[str, int]:
    services.bank_pictures(user_id(), slug)  # another teacher's bank: 404 before any form error
    form = PictureForm()
    if not form.validate_on_submit():
        return _page(slug, form, 422)
    file = form.picture.data
    assert isinstance(file, FileStorage)
    try:
        stored = services.upload(user_id(), slug, file.read(), form.alt.data, now())
    except services.PictureRefused as refused:
        form.picture.errors = [str(refused)]
        return _page(slug, form, 422)
    flash("Picture uploaded. To show it in a question, copy its line below.", "success")
    return redirect(url_for("pictures.bank", slug=slug, _anchor=f"p-{stored.name[:16]}"), code=303)
