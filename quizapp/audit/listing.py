"""The admin's view of the audit log: entries newest first, filtered and a page at a time, in
two statements whatever the log's length."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, func, select

from quizapp.audit.models import AuditEntry
from quizapp.core.paging import Page
from quizapp.core.spreadsheet import Writer
from quizapp.core.timefmt import local_midnight
from quizapp.extensions import db

PAGE_SIZE = 50
CSV_LIMIT = 10_000  # the newest this many entries that match: a spreadsheet, not a backup


@dataclass(frozen=True)
class Filters:
    """What the admin asked for; empty text and None mean "any"."""

    action: str = ""
    actor: str = ""
    target: str = ""
    since: date | None = None  # from this day, in `zone`
    until: date | None = None  # to the end of this day, in `zone`
    zone: str = "UTC"


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: str
    address: str


_COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.target,
    AuditEntry.detail,
    AuditEntry.address,
)


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    found = []
    if filters.action:
        found.append(AuditEntry.action == filters.action)
    if filters.actor:
        found.append(AuditEntry.actor.icontains(filters.actor, autoescape=True))
    if filters.target:
        found.append(AuditEntry.target.icontains(filters.target, autoescape=True))
    if filters.since is not None:
        found.append(AuditEntry.at >= local_midnight(filters.since, filters.zone))
    if filters.until is not None:
        found.append(AuditEntry.at < local_midnight(filters.until, filters.zone, days_later=1))
    return found


def _rows(filters: Filters, offset: int, limit: int) -> list[Entry]:
    query = (
        select(*_COLUMNS)
        .where(*_conditions(filters))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [Entry(*row) for row in db.session.execute(query)]


def entries(filters: Filters, page: int) -> Page[Entry]:
    """The entries that match, newest first, PAGE_SIZE a page (a page past the end: the last)."""
    counted = select(func.count(AuditEntry.id)).where(*_conditions(filters))
    total = db.session.scalar(counted) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, page), pages)
    return Page(_rows(filters, (number - 1) * PAGE_SIZE, PAGE_SIZE), number, pages, total)


def as_csv(filters: Filters) -> str:
    """The entries that match as CSV, newest first, times in UTC (ISO 8601)."""
    out = io.StringIO()
    writer = Writer(out)
    writer.writerow(["when (UTC)", "who", "what", "to whom", "detail", "address"])
    for e in _rows(filters, 0, CSV_LIMIT):
        when = e.at.astimezone(UTC).isoformat(timespec="seconds")
        writer.writerow([when, e.actor, e.action, e.target, e.detail, e.address])
    return out.getvalue()
