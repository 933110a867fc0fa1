"""The accounts part's tables: people, their recovery and one-time codes, their school sign-in
accounts, and the school's settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.database.types import UTCDateTime, utcnow
from quizapp.extensions import Base


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(limits.USERNAME), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="student")
    # Flask-Login's alternative id: changing it signs out every earlier session cookie.
    session_token: Mapped[str] = mapped_column(String(64), unique=True)
    timezone: Mapped[str] = mapped_column(
        String(limits.TIMEZONE), default="UTC", server_default="UTC"
    )
    new_per_day: Mapped[int | None] = mapped_column(default=None)
    extra_new_day: Mapped[date | None] = mapped_column(Date, default=None)
    extra_new_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Two-factor log-in: the authenticator secret once confirmed, and the last time step used.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # Optional, and only ever an address its owner confirmed by a link (password resets by mail).
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL), default=None)


class RecoveryCode(Base):
    """A single-use two-factor recovery code, kept as a hash."""

    __tablename__ = "recovery_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class OneTimeCode(Base):
    """A single-use, expiring way to set a new password (a code a teacher or admin gives, a
    sign-in card's set-up code, a mailed link) or to confirm an email address. Only hashes are
    kept; a new one of the same kind replaces the older ones of that person."""

    __tablename__ = "one_time_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # see accounts.resets.Purpose
    code_hash: Mapped[str | None] = mapped_column(String(64), default=None)  # None: link only
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL), default=None)  # to confirm
    # Who gave it (a teacher or admin); not a foreign key, like the audit log's actor.
    created_by_id: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class SchoolSetting(Base):
    """A school-wide switch an admin sets, such as requiring two-factor log-in for staff."""

    __tablename__ = "school_setting"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)


class SsoIdentity(Base):
    """A school sign-in account (an issuer's subject) linked to a quizapp account. The subject,
    never the email, says who someone is: emails are reused and renamed."""

    __tablename__ = "sso_identity"
    __table_args__ = (
        UniqueConstraint("issuer", "subject"),
        UniqueConstraint("user_id", "issuer"),  # one account per provider for each person
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    issuer: Mapped[str] = mapped_column(String(limits.SSO_ISSUER))
    subject: Mapped[str] = mapped_column(String(limits.SSO_SUBJECT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
