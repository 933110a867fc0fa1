"""Setting a new password without the old one: a one-time code or link that a teacher, an admin,
a sign-in card or a mail gives, used once before it expires. Using it signs out every session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import OneTimeCode, User
from quizapp.accounts.services import Account, find_user, replace_password
from quizapp.audit.models import Action
from quizapp.audit.services import record
from quizapp.core import onetime
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db


class Purpose(StrEnum):
    RESET = "reset"  # given by a teacher or an admin
    CARD = "card"  # printed on a class's sign-in card
    MAIL = "mail"  # a link mailed to the account's confirmed address
    VERIFY = "verify email"  # a link that confirms an address


SETS_PASSWORD = (Purpose.RESET, Purpose.CARD, Purpose.MAIL)
VALID = {
    Purpose.RESET: timedelta(days=2),
    Purpose.CARD: timedelta(days=14),
    Purpose.MAIL: timedelta(hours=1),
    Purpose.VERIFY: timedelta(days=2),
}


class CodeRefused(ServiceError):
    """A code or link that is wrong, used or expired; the message does not say which."""


@dataclass(frozen=True)
class Issued:
    """A code and link, shown (or printed, or mailed) this once: only their hashes are kept."""

    username: str
    code: str  # spaced, 'ABCD-EFGH-JKMN'; empty for a link-only one
    token: str
    expires_at: datetime
    email: str = ""


def issue(
    session: Session,
    user: User,
    purpose: Purpose,
    now: datetime,
    created_by: int | None = None,
    email: str | None = None,
) -> Issued:
    """Inside a write: a new code for `user`, replacing their older ones of the same kind (any
    other way to set the password, or any other address waiting for confirmation)."""
    kind = SETS_PASSWORD if purpose in SETS_PASSWORD else (purpose,)
    session.execute(
        delete(OneTimeCode).where(OneTimeCode.user_id == user.id, OneTimeCode.purpose.in_(kind))
    )
    code = onetime.new_code() if purpose in (Purpose.RESET, Purpose.CARD) else ""
    token = onetime.new_token()
    expires_at = now + VALID[purpose]
    session.add(
        OneTimeCode(
            user_id=user.id,
            purpose=purpose.value,
            code_hash=onetime.digest(code) if code else None,
            token_hash=onetime.digest(token),
            email=email,
            created_by_id=created_by,
            created_at=now,
            expires_at=expires_at,
        )
    )
    shown = onetime.spaced(code) if code else ""
    return Issued(user.username, shown, token, expires_at, email or "")


def staff_reset(
    session: Session, actor: tuple[int, str], user: User, now: datetime, how: str
) -> Issued:
    """Inside a write: a reset code a teacher or admin gives, recorded in the audit log."""
    issued = issue(session, user, Purpose.RESET, now, created_by=actor[0])
    record(session, actor, Action.PASSWORD_RESET, f"{user.role} {user.username}", how)
    return issued


def admin_reset(admin_id: int, username: str, now: datetime) -> Issued:
    """An admin gives anyone a reset code."""
    with tx.write() as session:
        admin = session.get_one(User, admin_id)
        user = find_user(username)
        if user is None:
            raise NotFound(f"There is no user called {username!r}.")
        return staff_reset(session, (admin.id, admin.username), user, now, "by an admin")


_WRONG = "That code is not right, or it was used already or is too old. Ask for a new one."


def _valid(now: datetime) -> list[ColumnElement[bool]]:
    return [
        OneTimeCode.used_at.is_(None),
        OneTimeCode.expires_at > now,
        OneTimeCode.purpose.in_([p.value for p in SETS_PASSWORD]),
    ]


@dataclass(frozen=True)
class Pending:
    """A code or link that checked out: whose password it sets."""

    code_id: int
    username: str


def check_code(username: str, typed: str, now: datetime) -> Pending:
    """The code a person typed with their username, or CodeRefused."""
    code = onetime.normalise(typed)
    user = find_user(username)
    if code is None or user is None:
        raise CodeRefused(_WRONG)
    found = db.session.scalar(
        select(OneTimeCode.id).where(
            OneTimeCode.user_id == user.id,
            OneTimeCode.code_hash == onetime.digest(code),
            *_valid(now),
        )
    )
    if found is None:
        raise CodeRefused(_WRONG)
    return Pending(found, user.username)


def check_token(token: str, now: datetime) -> Pending:
    """The link's code, or CodeRefused."""
    found = db.session.execute(
        select(OneTimeCode.id, User.username)
        .join(User, User.id == OneTimeCode.user_id)
        .where(OneTimeCode.token_hash == onetime.digest(token), *_valid(now))
    ).first()
    if found is None:
        raise CodeRefused("That link was used already or is too old. Ask for a new one.")
    return Pending(found[0], found[1])


def set_password(code_id: int, password: str, now: datetime) -> Account:
    """Use the code: the new password, every session signed out, the person's other codes gone.
    The caller signs them in."""
    with tx.write() as session:
        # Locked until the commit, so that two tabs cannot both use one code.
        found = session.scalar(
            select(OneTimeCode).where(OneTimeCode.id == code_id, *_valid(now)).with_for_update()
        )
        if found is None:
            raise CodeRefused("That code was used already or is too old. Ask for a new one.")
        user = session.get_one(User, found.user_id)
        session.execute(
            delete(OneTimeCode).where(
                OneTimeCode.user_id == user.id,
                OneTimeCode.purpose.in_([p.value for p in SETS_PASSWORD]),
                OneTimeCode.id != found.id,
            )
        )
        found.used_at = now
        return replace_password(user, password)


def mail_resets(name_or_email: str, now: datetime) -> list[Issued]:
    """Reset links for the accounts this username or confirmed address names (an address may be
    shared by brothers and sisters); none when it names no account with a confirmed address."""
    typed = name_or_email.strip()
    if not typed:
        return []
    column = User.email if "@" in typed else User.username
    with tx.write() as session:
        users = session.scalars(
            select(User).where(func.lower(column) == typed.lower(), User.email.is_not(None))
        ).all()
        return [issue(session, user, Purpose.MAIL, now, email=user.email) for user in users]
