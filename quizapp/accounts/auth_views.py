from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from quizapp.accounts import mailing, twofactor
from quizapp.accounts import services as accounts
from quizapp.accounts.forms import LoginForm, RegisterForm, TwoFactorForm
from quizapp.accounts.services import Account
from quizapp.accounts.session import PENDING, begin_two_factor, sign_in
from quizapp.errors import InvalidCredentials, UsernameTaken
from quizapp.extensions import limiter
from quizapp.web import ratelimit
from quizapp.web.common import now, safe_next, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(ratelimit.setting("SIGNUP_RATE_LIMIT"), key_func=ratelimit.address, methods=["POST"])
def register() -> Response | str:
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(form.username.data, form.password.data, form.timezone.data)
        except UsernameTaken as exc:
            form.username.errors.append(str(exc))
        else:
            sign_in(user)
            flash(f"Welcome, {user.username}! Pick a bank to start studying.", "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    ratelimit.setting("LOGIN_RATE_LIMIT"),
    key_func=ratelimit.address_and_username,
    methods=["POST"],
)
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.username.data, form.password.data)
        except InvalidCredentials as exc:
            form.password.errors.append(str(exc))
        else:
            return continue_log_in(user, request.args.get("next"))
    return render_template("accounts/login.html", form=form, mail=mailing.configured())


def continue_log_in(account: Account, target: str | None) -> Response:
    """After the right password (or a new one set with a reset code): signed in, or the
    authenticator code next when two-factor log-in is on."""
    if account.two_factor:
        begin_two_factor(account, target)
        return redirect(url_for("auth.two_factor"))
    sign_in(account)
    return redirect(safe_next(target))


PENDING_SECONDS = 300  # the code must follow the password within five minutes


def _pending_user() -> int | None:
    pending = session.get(PENDING)
    if (
        not isinstance(pending, dict)
        or now().timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS
    ):
        return None
    return int(pending["user"])


def _pending_key() -> str:
    return f"two-factor:{_pending_user()}"


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit(ratelimit.setting("TWO_FACTOR_RATE_LIMIT"), key_func=_pending_key, methods=["POST"])
def two_factor() -> Response | str | tuple[str, int]:
    pending = _pending_user()
    if pending is None:
        flash("Log in again: the code must follow the password within five minutes.", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        if twofactor.verify(pending, form.code.data, now()):
            target = session.pop(PENDING).get("next")
            sign_in(accounts.get_account(pending))
            return redirect(safe_next(target))
        form.code.errors = ["That code is not right, or was used already. Try the next one."]
        return render_template("accounts/log_in_code.html", form=form), 422
    return render_template("accounts/log_in_code.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    if PostForm().validate_on_submit():
        accounts.end_all_sessions(user_id())
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
