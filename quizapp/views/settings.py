from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from quizapp.extensions import limiter
from quizapp.forms import PasswordForm, SettingsForm
from quizapp.services import accounts
from quizapp.services.errors import InvalidCredentials
from quizapp.views import ratelimit
from quizapp.views.common import user_id
from quizapp.views.session import sign_in

bp = Blueprint("settings", __name__, url_prefix="/settings")


def _render(form: SettingsForm, password_form: PasswordForm) -> str:
    return render_template("settings/index.html", form=form, password_form=password_form)


@bp.route("/", methods=["GET", "POST"])
def index() -> Response | str:
    current = accounts.get_settings(user_id(), current_app.config["NEW_PER_DAY"])
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        accounts.update_settings(user_id(), form.timezone.data, form.new_per_day.data)
        flash("Settings saved.", "success")
        return redirect(url_for("settings.index"))
    return _render(form, PasswordForm(formdata=None))


@bp.post("/password")
@limiter.limit(ratelimit.setting("PASSWORD_RATE_LIMIT"), key_func=ratelimit.signed_in_user)
def password() -> Response | str:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.change_password(user_id(), form.current.data, form.new.data)
        except InvalidCredentials as exc:
            form.current.errors.append(str(exc))
        else:
            sign_in(user)  # this browser stays signed in; every other session is signed out
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("settings.index"))
    current = accounts.get_settings(user_id(), current_app.config["NEW_PER_DAY"])
    return _render(SettingsForm(formdata=None, obj=current), form)
