import segno
from flask import (
    Blueprint,
    abort,
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

from quizapp.accounts import email_address, mailing, resets, twofactor
from quizapp.accounts import services as accounts
from quizapp.accounts.forms import (
    DisableTwoFactorForm,
    EmailForm,
    PasswordForm,
    ReplaceTwoFactorForm,
    SettingsForm,
    TwoFactorForm,
)
from quizapp.accounts.session import sign_in
from quizapp.core import totp
from quizapp.errors import InvalidCredentials
from quizapp.extensions import limiter
from quizapp.web import ratelimit
from quizapp.web.common import now, public_url, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("settings", __name__, url_prefix="/settings")


def _render(
    form: SettingsForm, password_form: PasswordForm, email_form: EmailForm | None = None
) -> str:
    mail = mailing.configured()
    return render_template(
        "accounts/settings.html",
        form=form,
        password_form=password_form,
        two_factor=current_user.account.two_factor,
        codes_left=twofactor.recovery_codes_left(user_id()),
        disable_form=DisableTwoFactorForm(formdata=None),
        mail=mail,
        email=email_address.email_state(user_id(), now()) if mail else None,
        email_form=email_form or EmailForm(formdata=None),
    )


def _current_settings() -> SettingsForm:
    current = accounts.get_settings(user_id(), current_app.config["NEW_PER_DAY"])
    return SettingsForm(formdata=None, obj=current)


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
            return render_template("accounts/recovery_codes.html", codes=codes)
    uri = totp.setup_uri(secret, current_user.username)
    qr = segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your authenticator app")
    page = render_template("accounts/two_factor.html", form=form, qr=qr, secret=secret)
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
    return _render(_current_settings(), form)


@bp.post("/email")
@limiter.limit(
    ratelimit.setting("MAIL_RATE_LIMIT"), key_func=ratelimit.signed_in_user, methods=["POST"]
)
def change_email() -> Response | tuple[str, int]:
    """An address to confirm: a link goes to it, and it counts once that link is opened."""
    if not mailing.configured():
        abort(404)
    form = EmailForm()
    if not form.validate_on_submit():
        return _render(_current_settings(), PasswordForm(formdata=None), form), 422
    issued = email_address.request_confirmation(user_id(), form.email.data, now())
    mailing.send(
        issued.email,
        "Confirm your email address for quizapp",
        "mail/confirm_email.txt",
        issued=issued,
        link=public_url("settings.confirm_email", token=issued.token),
    )
    flash(
        f"A link to confirm {issued.email} is on its way: open it within two days, "
        "signed in as you. Until then nothing changes.",
        "success",
    )
    return redirect(url_for("settings.index"), code=303)


@bp.post("/email/remove")
def remove_email() -> Response:
    if PostForm().validate_on_submit():
        email_address.remove(user_id())
        flash("Your email address is removed: no mail will come from quizapp.", "success")
    return redirect(url_for("settings.index"), code=303)


@bp.get("/email/<token>")
def confirm_email(token: str) -> Response:
    try:
        address = email_address.confirm(user_id(), token[:100], now())
    except resets.CodeRefused as refused:
        flash(str(refused), "info")
    else:
        flash(f"{address} is confirmed. You can reset your password by mail now.", "success")
    return redirect(url_for("settings.index"), code=303)
