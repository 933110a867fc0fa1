"""Two-factor log-in: an authenticator app's codes (TOTP), and single-use recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from quizapp.accounts.models import RecoveryCode, User
from quizapp.accounts.services import password_matches
from quizapp.core import totp
from quizapp.database import tx
from quizapp.errors import InvalidCredentials, ServiceError
from quizapp.extensions import db


class CodeRefused(ServiceError):
    pass


def enable(
    user_id: int, secret: str, code: str, now: datetime, password: str | None = None
) -> list[str]:
    """Turn two-factor log-in on once the student's app shows a right code for `secret`;
    returns the recovery codes, which are shown this once. When it is on already, the password
    is asked again: a stolen session must not move the second factor to another phone."""
    step = totp.matching_step(secret, code, now, None)
    if step is None:
        raise CodeRefused("That code is not right: check the time on your phone and try again.")
    codes = totp.new_recovery_codes()
    with tx.write() as session:
        user = session.get_one(User, user_id)
        if user.totp_secret is not None:
            _check_password(user, password or "")
        user.totp_secret, user.totp_last_step = secret, step
        session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
        session.add_all(
            RecoveryCode(user_id=user_id, code_hash=totp.recovery_hash(c)) for c in codes
        )
    return codes


def disable(user_id: int, password: str) -> None:
    """Turn two-factor log-in off (the password is asked again)."""
    with tx.write() as session:
        user = session.get_one(User, user_id)
        _check_password(user, password)
        user.totp_secret, user.totp_last_step = None, None
        session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


def _check_password(user: User, password: str) -> None:
    if not password_matches(user.password_hash, password):
        raise InvalidCredentials("Your password is not right.")


def verify(user_id: int, code: str, now: datetime) -> bool:
    """True for a fresh authenticator code or an unused recovery code, which is then used up."""
    with tx.write() as session:
        # Locked until the commit: log-ins sending one code at once check it one after another,
        # so it (or a recovery code) signs in once. SQLite's BEGIN IMMEDIATE does so already.
        user = session.get_one(User, user_id, with_for_update=True)
        if user.totp_secret is None:
            return False
        step = totp.matching_step(user.totp_secret, code, now, user.totp_last_step)
        if step is not None:
            user.totp_last_step = step
            return True
        recovery = session.scalar(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user_id,
                RecoveryCode.code_hash == totp.recovery_hash(code),
                RecoveryCode.used_at.is_(None),
            )
        )
        if recovery is None:
            return False
        recovery.used_at = now
        return True


def recovery_codes_left(user_id: int) -> int:
    query = select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
    )
    return db.session.scalar(query) or 0
