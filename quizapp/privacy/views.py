from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import logout_user
from werkzeug.wrappers import Response

from quizapp.accounts import sso
from quizapp.errors import InvalidCredentials, NotFound
from quizapp.extensions import limiter
from quizapp.privacy import deletion, export
from quizapp.privacy.forms import delete_form, heirs
from quizapp.privacy.subject import Subject, subject
from quizapp.web import ratelimit
from quizapp.web.common import now, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

# Deleting asks for the password: its guesses count with the settings page's.
_PASSWORD_GUESSES = limiter.shared_limit(
    ratelimit.setting("PASSWORD_RATE_LIMIT"),
    scope="password",
    key_func=ratelimit.signed_in_user,
    methods=["POST"],
)


@bp.post("/<username:account>/download")
def download(account: str) -> Response:
    person = subject(user_id(), account)
    if not PostForm().validate_on_submit():
        return redirect(_back(person))
    found = export.archive(person, now())
    return Response(
        found.content,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


def _back(person: Subject) -> str:
    return url_for("settings.index") if person.own else url_for("admin.users", q=person.username)


@bp.route("/<username:account>/delete", methods=["GET", "POST"])
@_PASSWORD_GUESSES
def delete(account: str) -> Response | tuple[str, int]:
    person = subject(user_id(), account)
    shown = deletion.preview(person)
    form = delete_form(shown.handover)
    if not sso.has_password(user_id()):
        del form.password  # signs in only through the school: the typed username confirms
    if form.validate_on_submit():
        if form.confirm.data.strip().lower() != person.username.lower():
            form.confirm.errors = [f"Type {person.username} to confirm."]
        else:
            by_class, heir = heirs(form, shown.handover)
            try:
                password = form.password.data if "password" in form else None
                deletion.delete_account(person, password, by_class, heir, now())
            except InvalidCredentials as wrong:
                form.password.errors = [str(wrong)]
            except deletion.HeirMissing as missing:
                form[missing.field].errors = [str(missing)]
            except deletion.DeletionRefused as refused:
                flash(str(refused), "info")
            else:
                return _deleted(person)
    page = render_template("privacy/delete.html", person=person, shown=shown, form=form)
    return page, 422 if form.errors else 200


def _deleted(person: Subject) -> Response:
    if person.own:
        logout_user()
        flash("Your account is deleted.", "success")
        return redirect(url_for("auth.login"))
    flash(f"The account {person.username} is deleted.", "success")
    return redirect(url_for("admin.users"), code=303)


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404
