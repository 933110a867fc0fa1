"""An optional email address on an account, for password resets by mail. It is never required,
and is kept only once its owner has opened the confirmation link sent to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import OneTimeCode, User
from quizapp.accounts.resets import CodeRefused, Issued, Purpose, issue
from quizapp.core import onetime
from quizapp.database import tx
from quizapp.extensions import db


@dataclass(frozen=True)
class EmailState:
    confirmed: str | None  # the address resets are mailed to
    waiting: str | None  # an address whose confirmation link was sent and not yet opened


def email_state(user_id: int, now: datetime) -> EmailState:
    confirmed = db.session.scalar(select(User.email).where(User.id == user_id))
    waiting = db.session.scalar(
        select(OneTimeCode.email).where(
            OneTimeCode.user_id == user_id,
            OneTimeCode.purpose == Purpose.VERIFY.value,
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > now,
        )
    )
    return EmailState(confirmed, waiting)


def request_confirmation(user_id: int, email: str, now: datetime) -> Issued:
    """A link to confirm this address; until it is opened, the confirmed one (if any) stays."""
    with tx.write() as session:
        user = session.get_one(User, user_id)
        return issue(session, user, Purpose.VERIFY, now, email=email.strip())


def confirm(user_id: int, token: str, now: datetime) -> str:
    """Open the confirmation link: the address becomes the account's. Only its owner can, signed
    in, so that a link opened by someone else's mail scanner confirms nothing."""
    with tx.write() as session:
        found = session.scalar(
            select(OneTimeCode).where(
                OneTimeCode.token_hash == onetime.digest(token),
                OneTimeCode.user_id == user_id,
                OneTimeCode.purpose == Purpose.VERIFY.value,
                OneTimeCode.used_at.is_(None),
                OneTimeCode.expires_at > now,
            )
        )
        if found is None or found.email is None:
            raise CodeRefused("That link was used already, is too old, or is for another account.")
        found.used_at = now
        _forget_mailed_links(session, user_id)
        session.get_one(User, user_id).email = found.email
        return found.email


def _forget_mailed_links(session: Session, user_id: int) -> None:
    """Reset links mailed to an address the account no longer has stop working."""
    session.execute(
        delete(OneTimeCode).where(
            OneTimeCode.user_id == user_id, OneTimeCode.purpose == Purpose.MAIL.value
        )
    )


def remove(user_id: int) -> None:
    """No address any more, confirmed or waiting: resets by mail stop."""
    with tx.write() as session:
        session.get_one(User, user_id).email = None
        _forget_mailed_links(session, user_id)
        session.execute(
            delete(OneTimeCode).where(
                OneTimeCode.user_id == user_id, OneTimeCode.purpose == Purpose.VERIFY.value
            )
        )
