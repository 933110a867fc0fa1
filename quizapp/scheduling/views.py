"""The admin's scheduler page: the fits made, and a button that asks for a new one (it runs
outside the request, by `flask scheduling work`); a class's desired retention, for its teachers."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from quizapp.errors import NotFound
from quizapp.scheduling import retention, services
from quizapp.scheduling.forms import RetentionForm
from quizapp.web.common import actor, now, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("scheduling", __name__, url_prefix="/scheduling")


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.get("/fits")
def fits() -> str:
    return render_template("scheduling/fits.html", page=services.fits_page(), form=PostForm())


@bp.post("/fits")
def queue_fit() -> Response:
    if PostForm().validate_on_submit():
        if services.queue_fit(actor(), now()):
            flash("A fit is queued: it runs within a few minutes, outside the site.", "success")
        else:
            flash("A fit is already waiting to run.", "info")
    return redirect(url_for("scheduling.fits"), code=303)


def _retention_page(class_id: int, form: RetentionForm) -> str:
    new_per_day = int(current_app.config["NEW_PER_DAY"])
    page = retention.retention_page(user_id(), class_id, new_per_day)
    return render_template("scheduling/retention.html", page=page, form=form, class_id=class_id)


@bp.get("/classes/<id:class_id>/retention")
def class_retention(class_id: int) -> str:
    page = retention.retention_page(user_id(), class_id, 0)  # the class's, or NotFound
    return _retention_page(class_id, RetentionForm(retention=f"{page.current:.2f}"))


@bp.post("/classes/<id:class_id>/retention")
def set_class_retention(class_id: int) -> Response | str:
    form = RetentionForm()
    if not form.validate_on_submit():
        return _retention_page(class_id, form)
    retention.set_retention(user_id(), class_id, float(form.retention.data))
    flash(f"The class's desired retention is now {form.retention.data}.", "success")
    return redirect(url_for("scheduling.class_retention", class_id=class_id), code=303)
