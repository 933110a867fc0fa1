"""Accounts: sign-up, sign-in, sessions that can be revoked, and study settings."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, func, select

from quizapp.accounts.hashing import dummy_hash, hasher
from quizapp.accounts.models import SchoolSetting, User
from quizapp.audit import services as audit
from quizapp.audit.models import Action
from quizapp.audit.services import Actor
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.errors import InvalidCredentials, NotFound, ServiceError, UsernameTaken
from quizapp.extensions import db


@dataclass(frozen=True)
class Account:
    """Who is signed in, with what every page needs of them; loaded once per request."""

    id: int
    username: str
    role: str
    session_token: str
    timezone: str
    new_per_day: int | None
    extra_new_day: date | None
    extra_new_count: int
    two_factor: bool = False  # log-in asks for an authenticator code too
    must_set_up_two_factor: bool = False  # staff, without it, where an admin requires it


_ACCOUNT_COLUMNS = (
    User.id,
    User.username,
    User.role,
    User.session_token,
    User.timezone,
    User.new_per_day,
    User.extra_new_day,
    User.extra_new_count,
)
# Built once: the session user is loaded on every request a signed-in student makes.
STAFF_TWO_FACTOR = "staff_two_factor"
STAFF = ("teacher", "admin")
_STAFF_MUST_USE_TWO_FACTOR = (
    select(SchoolSetting.enabled)
    .where(SchoolSetting.name == STAFF_TWO_FACTOR)
    .correlate(None)
    .scalar_subquery()
)
_BY_SESSION_TOKEN = select(
    *_ACCOUNT_COLUMNS,
    User.totp_secret.is_not(None),
    User.role.in_(STAFF)
    & User.totp_secret.is_(None)
    & func.coalesce(_STAFF_MUST_USE_TWO_FACTOR, False),
).where(User.session_token == bindparam("token"))


def new_limit(account: Account, day_start: datetime, default_limit: int) -> int:
    """How many new questions the student may start on the day beginning at `day_start`, in all
    banks together: their own limit (or the default), plus any "study more" for that day."""
    limit = default_limit if account.new_per_day is None else account.new_per_day
    if account.extra_new_day == day_start.date():
        limit += account.extra_new_count
    return limit


def _account(user: User) -> Account:
    return Account(
        user.id,
        user.username,
        user.role,
        user.session_token,
        user.timezone,
        user.new_per_day,
        user.extra_new_day,
        user.extra_new_count,
        two_factor=user.totp_secret is not None,
    )


def password_matches(password_hash: str, password: str) -> bool:
    """The password against its stored argon2id hash."""
    try:
        return bool(hasher().verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Settings:
    timezone: str
    new_per_day: int


def _new_session_token() -> str:
    return secrets.token_urlsafe(32)


def _find(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def find_user(username: str) -> User | None:
    """The user with this username, in any case (for other services of the accounts part)."""
    return _find(username)


def replace_password(user: User, password: str) -> Account:
    """Inside a write: the new password, and every earlier session of the user signed out."""
    user.password_hash = hasher().hash(password)
    user.session_token = _new_session_token()
    return _account(user)


ROLES = ("student", "teacher", "admin")
PLACEHOLDER_ROLE = "removed"
PAGE_SIZE = 50


class RoleRefused(ServiceError):
    pass


def register(username: str, password: str, timezone: str, role: str = "student") -> Account:
    """Create an account (sign-up creates students); usernames are unique regardless of case."""
    if role not in ROLES:
        raise RoleRefused(f"There is no role {role!r}; roles are {', '.join(ROLES)}.")
    with tx.write() as session:
        if _find(username) is not None:
            raise UsernameTaken("That username is taken; choose another.")
        user = User(
            username=username,
            password_hash=hasher().hash(password),
            role=role,
            session_token=_new_session_token(),
            timezone=timezone,
        )
        session.add(user)
        session.flush()
        return _account(user)


def authenticate(username: str, password: str) -> Account:
    """The user with these credentials; raises InvalidCredentials for any mismatch."""
    user = _find(username)
    try:
        hasher().verify(user.password_hash if user else dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        raise InvalidCredentials("Wrong username or password.") from None
    if user is None:
        raise InvalidCredentials("Wrong username or password.")
    if hasher().check_needs_rehash(user.password_hash):
        with tx.write() as session:
            session.add(user)
            user.password_hash = hasher().hash(password)
            return _account(user)
    return _account(user)


def load_session_account(session_token: str) -> Account | None:
    """The account a session cookie belongs to, or None once that session was revoked."""
    row = run(_BY_SESSION_TOKEN, {"token": session_token}).first()
    return None if row is None else Account(*row)


def get_account(user_id: int) -> Account:
    """The account with this id (scripts and tests; requests get theirs from the session)."""
    return _account(db.session.get_one(User, user_id))


def end_all_sessions(user_id: int) -> None:
    """Invalidate every session cookie of this user (log out everywhere)."""
    with tx.write() as session:
        user = session.get_one(User, user_id)
        user.session_token = _new_session_token()


def change_password(user_id: int, current: str, new: str) -> Account:
    """Set a new password and revoke every earlier session; the caller signs the user in again."""
    with tx.write() as session:
        user = session.get_one(User, user_id)
        try:
            hasher().verify(user.password_hash, current)
        except (VerificationError, InvalidHashError):
            raise InvalidCredentials("Your current password is not right.") from None
        account = replace_password(user, new)
        session.flush()
        return account


def get_settings(user_id: int, default_new_per_day: int) -> Settings:
    """The student's time zone and daily new-question limit."""
    user = db.session.get_one(User, user_id)
    limit = default_new_per_day if user.new_per_day is None else user.new_per_day
    return Settings(timezone=user.timezone, new_per_day=limit)


def update_settings(user_id: int, timezone: str, new_per_day: int) -> None:
    """Save the student's time zone and daily new-question limit."""
    with tx.write() as session:
        user = session.get_one(User, user_id)
        user.timezone = timezone
        user.new_per_day = new_per_day


def set_role(username: str, role: str, by: Actor | None) -> Account:
    """Give an account another role; the last admin keeps theirs, so that one always remains.
    `by` is the admin who does it (None: the command line)."""
    if role not in ROLES:
        raise RoleRefused(f"There is no role {role!r}; roles are {', '.join(ROLES)}.")
    with tx.write() as session:
        user = _find(username)
        if user is None:
            raise NotFound(f"There is no user called {username!r}.")
        if user.role == "admin" and role != "admin":
            admins = session.scalar(select(func.count(User.id)).where(User.role == "admin"))
            if admins == 1:
                raise RoleRefused(f"{user.username} is the only admin: make another admin first.")
        if user.role != role:
            audit.record(
                session, by, Action.ROLE_CHANGED, f"user {user.username}", f"{user.role} → {role}"
            )
        user.role = role
        session.flush()
        return _account(user)


@dataclass(frozen=True)
class UserPage:
    users: list[Account]
    total: int
    page: int
    pages: int


def list_accounts(search: str, page: int) -> UserPage:
    """Accounts whose username contains `search` (any case), by username, PAGE_SIZE a page."""
    matching = select(User).where(
        User.username.icontains(search, autoescape=True),
        User.role != PLACEHOLDER_ROLE,  # the anonymous holders of a deleted student's attempts
    )
    total = db.session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.session.scalars(
        matching.order_by(func.lower(User.username)).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    )
    return UserPage([_account(user) for user in rows], total, page, pages)


def staff_two_factor_required() -> bool:
    """Whether an admin requires two-factor log-in of every teacher and admin."""
    return bool(db.session.scalar(select(_STAFF_MUST_USE_TWO_FACTOR)))


def require_staff_two_factor(required: bool, by: Actor) -> None:
    """An admin requires two-factor log-in of every teacher and admin, or makes it optional."""
    with tx.write() as session:
        audit.record(
            session,
            by,
            Action.TWO_FACTOR_POLICY,
            "teachers and admins",
            "two-factor log-in required" if required else "two-factor log-in optional",
        )
        setting = session.get(SchoolSetting, STAFF_TWO_FACTOR)
        if setting is None:
            session.add(SchoolSetting(name=STAFF_TWO_FACTOR, enabled=required))
        else:
            setting.enabled = required
