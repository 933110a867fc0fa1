"""Setting a new password with a one-time code (from a teacher, an admin or a sign-in card) or a
mailed link, and asking for such a link when the school configured mail."""

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

from quizapp.accounts import mailing, resets
from quizapp.accounts.auth_views import continue_log_in
from quizapp.accounts.forms import ForgotForm, NewPasswordForm, ResetCodeForm
from quizapp.extensions import limiter
from quizapp.web import ratelimit
from quizapp.web.common import now, public_url

bp = Blueprint("reset", __name__, url_prefix="/reset")

PENDING = "reset_pending"
PENDING_SECONDS = 900  # from the code or link to the new password: a quarter of an hour


def _hold(pending: resets.Pending) -> Response:
    """The code checked out: remember it (not the code itself) for the new-password form."""
    session[PENDING] = {
        "code": pending.code_id,
        "user": pending.username,
        "at": now().timestamp(),
    }
    return redirect(url_for("reset.new_password"), code=303)


def _pending() -> dict[str, object] | None:
    held = session.get(PENDING)
    if not isinstance(held, dict) or now().timestamp() - float(held.get("at", 0)) > PENDING_SECONDS:
        return None
    return held


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(
    ratelimit.setting("RESET_RATE_LIMIT"),
    key_func=ratelimit.address_and_username,
    methods=["POST"],
)
def code() -> Response | tuple[str, int]:
    form = ResetCodeForm()
    if form.validate_on_submit():
        try:
            pending = resets.check_code(form.username.data, form.code.data, now())
        except resets.CodeRefused as refused:
            form.code.errors = [str(refused)]
        else:
            return _hold(pending)
    page = render_template("accounts/reset_code.html", form=form, mail=mailing.configured())
    return page, 422 if form.errors else 200


@bp.get("/<token>")
def link(token: str) -> Response:
    try:
        pending = resets.check_token(token[:100], now())
    except resets.CodeRefused as refused:
        flash(str(refused), "info")
        return redirect(url_for("reset.code"), code=303)
    return _hold(pending)


@bp.route("/new-password", methods=["GET", "POST"])
def new_password() -> Response | tuple[str, int]:
    held = _pending()
    if held is None:
        flash("Type your code again (or open your link again) to choose a new password.", "info")
        return redirect(url_for("reset.code"), code=303)
    username = str(held["user"])
    form = NewPasswordForm(username)
    if form.validate_on_submit():
        session.pop(PENDING, None)
        try:
            account = resets.set_password(int(str(held["code"])), form.new.data, now())
        except resets.CodeRefused as refused:
            flash(str(refused), "info")
            return redirect(url_for("reset.code"), code=303)
        flash(
            "Your new password is set. Any other device signed in as you is signed out.", "success"
        )
        return continue_log_in(account, None)
    page = render_template("accounts/reset_password.html", form=form, username=username)
    return page, 422 if form.errors else 200


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(ratelimit.setting("MAIL_RATE_LIMIT"), key_func=ratelimit.address, methods=["POST"])
@limiter.limit(
    ratelimit.setting("MAIL_RATE_LIMIT"), key_func=ratelimit.typed_name, methods=["POST"]
)
def forgot() -> Response | tuple[str, int]:
    if not mailing.configured():
        abort(404)
    form = ForgotForm()
    if form.validate_on_submit():
        for issued in resets.mail_resets(form.username.data, now()):
            mailing.send(
                issued.email,
                "Choose a new quizapp password",
                "mail/reset.txt",
                issued=issued,
                link=public_url("reset.link", token=issued.token),
            )
        # The same answer whether or not an account was found.
        flash(
            "If that is the username or confirmed email address of an account, a link to choose "
            "a new password is on its way to its email address. It works once, within an hour.",
            "info",
        )
        return redirect(url_for("auth.login"), code=303)
    return render_template("accounts/forgot.html", form=form), 422 if form.errors else 200
