"""The admin's audit log page: staff actions, newest first, filtered, and the same as CSV. No route
changes or removes an entry."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from quizapp.audit import listing
from quizapp.audit.forms import AuditFilterForm

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
FILTERS = ("action", "actor", "target", "since", "until")  # kept in the pages' and CSV's links


def _filters() -> tuple[AuditFilterForm, listing.Filters]:
    """The form as the admin filled it in, and the filters from its valid fields."""
    form = AuditFilterForm(request.args)
    form.validate()
    given = {name: None if field.errors else field.data for name, field in form._fields.items()}
    filters = listing.Filters(
        action=given["action"] or "",
        actor=(given["actor"] or "").strip(),
        target=(given["target"] or "").strip(),
        since=given["since"],
        until=given["until"],
        zone=current_user.timezone,
    )
    return form, filters


@bp.get("/")
def log() -> str:
    form, filters = _filters()
    page = request.args.get("page", 1, type=int) or 1
    shown = listing.entries(filters, page)
    query = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    return render_template("audit/log.html", form=form, shown=shown, query=query)


@bp.get("/log.csv")
def log_csv() -> Response:
    _, filters = _filters()
    return Response(
        listing.as_csv(filters),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
