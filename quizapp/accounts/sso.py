"""School sign-in: the quizapp account an OpenID provider's verified (issuer, subject) belongs to,
made on the first sign-in, or linked by its owner after proving their password."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from quizapp.accounts.models import SsoIdentity, User
from quizapp.accounts.services import Account, _account, _new_session_token, password_matches
from quizapp.audit import services as audit
from quizapp.audit.models import Action
from quizapp.core.signin import unique_username
from quizapp.database import tx
from quizapp.errors import InvalidCredentials, ServiceError
from quizapp.extensions import db

# Not an argon2 hash: no password ever matches it, so the account signs in through its school only.
NO_PASSWORD = "!school-sign-in-only!"


class LocalAccountExists(ServiceError):
    """The provider's email or username names an account that has a password of its own."""

    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.username = username


class IdentityTaken(ServiceError):
    pass


def _identity(issuer: str, subject: str) -> SsoIdentity | None:
    return db.session.scalar(
        select(SsoIdentity).where(SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)
    )


def _with_password(names: list[str]) -> str | None:
    """The first of these usernames that is an account with a password of its own."""
    lowered = [n.lower() for n in names]
    if not lowered:
        return None
    found = db.session.scalars(
        select(User.username).where(
            func.lower(User.username).in_(lowered), User.password_hash != NO_PASSWORD
        )
    ).first()
    return found


def _taken(username: str) -> bool:
    query = select(User.id).where(func.lower(User.username) == username.lower())
    return db.session.scalar(query) is not None


def sign_in(
    issuer: str,
    subject: str,
    claimed_names: list[str],
    username: str,
    role: str,
    now: datetime,
    why: str = "",
) -> Account:
    """The account linked to this school identity; on its first sign-in, a new account named
    `username` (made unique) with `role` and no password (a teacher is audited, saying `why`).
    Raises LocalAccountExists, and changes nothing, when the claims name an account with a
    password: its owner links it from Settings."""
    linked = _identity(issuer, subject)
    if linked is not None:
        return _account(db.session.get_one(User, linked.user_id))
    existing = _with_password(claimed_names)
    if existing is not None:
        raise LocalAccountExists(existing)
    with tx.write() as session:
        user = User(
            username=unique_username(username, _taken),
            password_hash=NO_PASSWORD,
            role=role,
            session_token=_new_session_token(),
            timezone="UTC",
            created_at=now,
        )
        session.add(user)
        session.flush()
        session.add(SsoIdentity(user_id=user.id, issuer=issuer, subject=subject, created_at=now))
        if role != "student":  # a role given by the school's provider, not by a person here
            audit.record(session, (user.id, user.username), Action.ROLE_CHANGED, user.username, why)
        return _account(user)


def check_password(user_id: int, password: str) -> None:
    """Raise InvalidCredentials unless this is the account's password."""
    user = db.session.get_one(User, user_id)
    if not password_matches(user.password_hash, password):
        raise InvalidCredentials("That is not your password.")


def link(user_id: int, issuer: str, subject: str, now: datetime) -> None:
    """Link a school identity to the account whose owner just proved their password."""
    with tx.write() as session:
        linked = _identity(issuer, subject)
        if linked is not None and linked.user_id != user_id:
            raise IdentityTaken("That school account already signs in to another quizapp account.")
        if linked is not None:
            return
        mine = session.scalar(
            select(SsoIdentity).where(SsoIdentity.user_id == user_id, SsoIdentity.issuer == issuer)
        )
        if mine is not None:
            raise IdentityTaken("Your account is linked to another account at that school already.")
        session.add(SsoIdentity(user_id=user_id, issuer=issuer, subject=subject, created_at=now))


def linked_issuers(user_id: int) -> set[str]:
    """The issuers whose accounts sign in to this user."""
    query = select(SsoIdentity.issuer).where(SsoIdentity.user_id == user_id)
    return set(db.session.scalars(query))


def has_password(user_id: int) -> bool:
    return db.session.get_one(User, user_id).password_hash != NO_PASSWORD
