"""The audit part's table: one row per staff action, never changed once written."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DDL, String, event
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.database.types import UTCDateTime, utcnow
from quizapp.extensions import Base


class Action(StrEnum):
    """What was done; the admin's page filters by these."""

    ROLE_CHANGED = "role changed"
    SCHEDULER_FIT_QUEUED = "scheduler fit queued"
    PASSWORD_RESET = "password reset"
    SIGN_IN_CARDS = "sign-in cards printed"
    MANUAL_SCORE = "manual score"
    REGRADE = "regrade"
    ACCOUNT_DELETED = "account deleted"
    CLASS_HANDED_OVER = "class handed over"
    DATA_DOWNLOADED = "data downloaded"
    BANK_EDITOR_ALLOWED = "bank editor allowed"
    BANK_EDITOR_REVOKED = "bank editor revoked"
    TWO_FACTOR_POLICY = "two-factor policy"
    ACCOMMODATION = "accommodation"
    PLAYER_REMOVED = "player removed from a game"


class AuditEntry(Base):
    """A staff action. Who did it is kept by name as well as id, so that the entry still says who
    after their account is deleted; `actor_id` is deliberately not a foreign key."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(default=None, index=True)
    actor: Mapped[str] = mapped_column(String(64))  # a username, or "command line"
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200))  # whom or what it was done to, in words
    detail: Mapped[str] = mapped_column(String(500), default="")
    address: Mapped[str] = mapped_column(String(64))  # the client's address, or "command line"


# The database itself refuses to change or remove an entry, whatever code asks it to.
APPEND_ONLY: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    "postgresql": (
        "CREATE FUNCTION audit_entry_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
        "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse()",
    ),
}
DROP_APPEND_ONLY: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS audit_entry_no_update",
        "DROP TRIGGER IF EXISTS audit_entry_no_delete",
    ),
    "postgresql": ("DROP FUNCTION IF EXISTS audit_entry_refuse() CASCADE",),
}


def _on(when: str, statements: dict[str, tuple[str, ...]]) -> None:
    for dialect, listed in statements.items():
        for statement in listed:
            ddl = DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]
            event.listen(AuditEntry.__table__, when, ddl)


_on("after_create", APPEND_ONLY)
_on("after_drop", DROP_APPEND_ONLY)
