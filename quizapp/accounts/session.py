"""The signed-in user as Flask-Login sees it: an account loaded once per request."""

from __future__ import annotations

from flask import session
from flask_login import UserMixin, login_user

from quizapp.accounts.services import Account, load_session_account
from quizapp.web.common import now


class SessionUser(UserMixin):
    """An account for Flask-Login; its id in the session cookie is the revocable session token."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.id = account.id
        self.username = account.username
        self.role = account.role
        self.timezone = account.timezone

    def get_id(self) -> str:
        return self.account.session_token


def load_user(session_token: str) -> SessionUser | None:
    account = load_session_account(session_token)
    return None if account is None else SessionUser(account)


def sign_in(account: Account) -> None:
    login_user(SessionUser(account))


PENDING = "two_factor_pending"


def begin_two_factor(account: Account, target: str | None) -> None:
    """The first step (password or school sign-in) held: the authenticator code comes next."""
    session[PENDING] = {"user": account.id, "next": target, "at": now().timestamp()}
