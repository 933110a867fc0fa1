from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from quizapp.extensions import limiter
from quizapp.forms import LoginForm, PostForm, RegisterForm
from quizapp.services import accounts
from quizapp.services.errors import InvalidCredentials, UsernameTaken
from quizapp.views import ratelimit
from quizapp.views.common import safe_next, user_id
from quizapp.views.session import sign_in

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
            return redirect(url_for("banks.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    ratelimit.setting("LOGIN_RATE_LIMIT"),
    key_func=ratelimit.address_and_username,
    methods=["POST"],
)
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("banks.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.username.data, form.password.data)
        except InvalidCredentials as exc:
            form.password.errors.append(str(exc))
        else:
            sign_in(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    if PostForm().validate_on_submit():
        accounts.end_all_sessions(user_id())
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
