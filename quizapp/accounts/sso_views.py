"""School sign-in pages: off to the provider, back with its answer, and linking an account that
has a password to its school identity."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.accounts import oidc, sso
from quizapp.accounts.forms import SsoLinkForm
from quizapp.accounts.services import Account
from quizapp.accounts.session import begin_two_factor, sign_in
from quizapp.core.signin import Provider, role_for, school_allows, username_base, usernames_claimed
from quizapp.errors import InvalidCredentials
from quizapp.extensions import limiter
from quizapp.web import ratelimit
from quizapp.web.common import now, user_id

bp = Blueprint("sso", __name__, url_prefix="/sso")

LINKING = "sso_link"
LINKING_SECONDS = 600  # the trip to the provider must follow the password within ten minutes


@bp.app_context_processor
def _providers() -> dict[str, Any]:
    return {"sso_providers": oidc.providers()}


def _provider(name: str) -> Provider:
    provider = oidc.find(name)
    if provider is None:
        abort(404)
    return provider


def _linking() -> int | None:
    """The signed-in user, if they proved their password to link a school account just now."""
    proof = session.get(LINKING)
    if (
        not current_user.is_authenticated
        or not isinstance(proof, dict)
        or proof.get("user") != user_id()
        or now().timestamp() - float(proof.get("at", 0)) > LINKING_SECONDS
    ):
        return None
    return user_id()


@bp.get("/")
def index() -> str:
    linked = sso.linked_issuers(user_id())
    return render_template("accounts/sso_accounts.html", linked=linked)


@bp.get("/<provider>/start")
def start(provider: str) -> Response:
    chosen = _provider(provider)
    if current_user.is_authenticated and _linking() is None:
        return redirect(url_for("home.index"))
    try:
        return oidc.redirect_to(chosen, url_for("sso.callback", provider=provider, _external=True))
    except oidc.Refused as refused:
        flash(str(refused), "error")
        return redirect(url_for("auth.login"))


@bp.get("/<provider>/callback")
@limiter.limit(ratelimit.setting("LOGIN_RATE_LIMIT"), key_func=ratelimit.address)
def callback(provider: str) -> Response:
    return _callback(_provider(provider))


def _callback(provider: Provider) -> Response:
    linking = _linking()
    session.pop(LINKING, None)
    try:
        claims = oidc.verified_claims(provider)
        if not school_allows(provider, claims):
            raise oidc.Refused(
                f"That {provider.label} account is not one of the school's: you are not signed in."
            )
    except oidc.Refused as refused:
        flash(str(refused), "error")
        return redirect(url_for("sso.index" if linking else "auth.login"))
    if linking is not None:
        return _link(provider, linking, str(claims["sub"]))
    return _sign_in(provider, claims)


def _link(provider: Provider, user: int, subject: str) -> Response:
    try:
        sso.link(user, provider.issuer, subject, now())
    except sso.IdentityTaken as taken:
        flash(str(taken), "error")
    else:
        flash(f"Linked: you can sign in with {provider.label} now.", "success")
    return redirect(url_for("sso.index"))


def _sign_in(provider: Provider, claims: dict[str, Any]) -> Response:
    try:
        account = sso.sign_in(
            provider.issuer,
            str(claims["sub"]),
            usernames_claimed(claims),
            username_base(claims),
            role_for(provider, claims),
            now(),
            why=f"teacher at first sign-in, from {provider.label}'s {provider.teacher_claim} claim",
        )
    except sso.LocalAccountExists as exists:
        flash(
            f"quizapp has an account called {exists.username} already, with a password. "
            f"If it is yours, log in with its password, then link your {provider.label} account "
            "in Settings. If it is not yours, ask your teacher.",
            "error",
        )
        return redirect(url_for("auth.login"))
    return _signed_in(account)


def _signed_in(account: Account) -> Response:
    if account.two_factor:  # the account's own promise: its authenticator code is still asked
        begin_two_factor(account, None)
        return redirect(url_for("auth.two_factor"))
    sign_in(account)
    flash(f"Signed in as {account.username}.", "success")
    return redirect(url_for("home.index"))


# Linking asks for the password: its guesses count with the other password forms'.
_PASSWORD_GUESSES = limiter.shared_limit(
    ratelimit.setting("PASSWORD_RATE_LIMIT"),
    scope="password",
    key_func=ratelimit.signed_in_user,
    methods=["POST"],
)


@bp.route("/<provider>/link", methods=["GET", "POST"])
@_PASSWORD_GUESSES
def link(provider: str) -> Response | str | tuple[str, int]:
    """Prove the password, then go to the provider: the identity it returns is linked."""
    return _link_page(_provider(provider))


def _link_page(provider: Provider) -> Response | str | tuple[str, int]:
    if provider.issuer in sso.linked_issuers(user_id()):
        flash(f"Your account is linked to {provider.label} already.", "info")
        return redirect(url_for("sso.index"))
    form = SsoLinkForm()
    if form.validate_on_submit():
        try:
            sso.check_password(user_id(), form.password.data)
        except InvalidCredentials as wrong:
            form.password.errors = [str(wrong)]
        else:
            session[LINKING] = {"user": user_id(), "at": now().timestamp()}
            # A GET page with a link: a redirect after this POST would meet the form-action CSP.
            return redirect(url_for("sso.link", provider=provider.name))
    proven = _linking() is not None
    page = render_template(
        "accounts/sso_link.html",
        form=form,
        provider=provider,
        proven=proven,
        has_password=sso.has_password(user_id()),
    )
    return page, 422 if form.errors else 200
