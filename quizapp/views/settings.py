import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.core import totp
from quizapp.extensions import limiter
from quizapp.forms import (
    DisableTwoFactorForm,
    PasswordForm,
    ReplaceTwoFactorForm,
    SettingsForm,
    TwoFactorForm,
)
from quizapp.services import accounts, twofactor
from quizapp.services.errors import InvalidCredentials
from quizapp.views import ratelimit
from quizapp.views.common import now, user_id
from quizapp.views.session import sign_in

bp = Blueprint("settings", __name__, url_prefix="/settings")


def _render(form: SettingsForm, password_form: PasswordForm) -> str:
    return render_template(
        "settings/index.html",
        form=form,
        password_form=password_form,
        two_factor=current_user.account.two_factor,
        codes_left=twofactor.recovery_codes_left(user_id()),
        disable_form=DisableTwoFactorForm(formdata=None),
    )


SETUP = "two_factor_setup"


# Changing the password and changing or turning off two-factor log-in all ask for the password:
# their guesses share one count per account.
_PASSWORD_GUESSES = limiter.shared_limit(
    ratelimit.setting("PASSWORD_RATE_LIMIT"),
    scope="password",
    key_func=ratelimit.signed_in_user,
    methods=["POST"],
)


@bp.route("/two-factor", methods=["GET", "POST"])
@_PASSWORD_GUESSES
def two_factor() -> Response | str | tuple[str, int]:
    """Set up two-factor log-in: scan the QR code, then type a code to confirm."""
    secret = session.get(SETUP)
    if request.method == "GET" or not isinstance(secret, str):
        secret = session[SETUP] = totp.new_secret()
    # Set up again while it is on: the password too (the first set-up follows a log-in).
    again = current_user.account.two_factor
    form = ReplaceTwoFactorForm() if again else TwoFactorForm()
    if form.validate_on_submit():
        password = form.password.data if again else None
        try:
            codes = twofactor.enable(user_id(), secret, form.code.data, now(), password)
        except twofactor.CodeRefused as refused:
            form.code.errors = [str(refused)]
        except InvalidCredentials as wrong:
            if again:
                form.password.errors = [str(wrong)]
            else:  # turned on in another tab since this page was opened
                form.code.errors = ["Two-factor log-in is on now: open this page again."]
        else:
            session.pop(SETUP, None)
            return render_template("settings/recovery_codes.html", codes=codes)
    uri = totp.setup_uri(secret, current_user.username)
    qr = segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your authenticator app")
    page = render_template("settings/two_factor.html", form=form, qr=qr, secret=secret)
    return page, 422 if form.errors else 200


@bp.post("/two-factor/off")
@_PASSWORD_GUESSES
def disable_two_factor() -> Response | str:
    form = DisableTwoFactorForm()
    if form.validate_on_submit():
        try:
            twofactor.disable(user_id(), form.password.data)
        except InvalidCredentials as refused:
            flash(str(refused), "info")
        else:
            flash("Two-factor log-in is off.", "success")
    return redirect(url_for("settings.index"))


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
@_PASSWORD_GUESSES
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
