import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.accounts import resets
from quizapp.accounts import services as accounts
from quizapp.admin.forms import RoleForm, UserSearchForm
from quizapp.errors import NotFound, ServiceError
from quizapp.web.common import actor, now, public_url, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
def users() -> str:
    search = UserSearchForm(request.args, meta={"csrf": False})
    query = (search.q.data or "") if search.validate() else ""
    page = request.args.get("page", 1, type=int) or 1
    listing = accounts.list_accounts(query, page)
    return render_template(
        "admin/users.html",
        search=search,
        query=query,
        listing=listing,
        role_form=RoleForm(),
        staff_two_factor=accounts.staff_two_factor_required(),
    )


@bp.post("/two-factor")
def staff_two_factor() -> Response:
    if PostForm().validate_on_submit():
        required = request.form.get("required") == "1"
        accounts.require_staff_two_factor(required, actor())
        flash(
            "Teachers and admins must now use two-factor log-in."
            if required
            else "Two-factor log-in is optional for everyone.",
            "success",
        )
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<username:username>/role")
def set_role(username: str) -> Response:
    form = RoleForm()
    if form.validate_on_submit():
        try:
            changed = accounts.set_role(username, form.role.data, actor())
            flash(f"{changed.username} is now {changed.role}.", "success")
        except NotFound:
            raise
        except ServiceError as refused:
            flash(str(refused), "info")
    else:
        flash("Choose student, teacher or admin.", "info")
    back = url_for("admin.users", q=request.args.get("q"), page=request.args.get("page"))
    return redirect(back, code=303)


@bp.post("/users/<username:username>/password-reset")
def reset_password(username: str) -> Response | str:
    """A one-time code for anyone to set a new password, shown to the admin this once."""
    back = url_for("admin.users", q=request.args.get("q"), page=request.args.get("page"))
    if not PostForm().validate_on_submit():
        return redirect(back, code=303)
    issued = resets.admin_reset(user_id(), username, now())
    link = public_url("reset.link", token=issued.token)
    qr = segno.make(link, error="m").svg_inline(scale=4, title="QR code of the link")
    return render_template(
        "accounts/reset_issued.html",
        issued=issued,
        link=link,
        qr=qr,
        address=public_url("reset.code"),
        back=back,
        back_label="Back to the users",
    )


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404
