"""A quiz's time: opening and closing at wall-clock times of the class's zone, time limits, and
the grace for the answer in flight when time runs out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

GRACE = timedelta(seconds=30)


class NonexistentTime(ValueError):
    """A wall-clock time the clocks skip (spring forward)."""


class AmbiguousTime(ValueError):
    """A wall-clock time that happens twice (the clocks go back)."""


def local_to_utc(local: datetime, zone: str) -> datetime:
    """A time the teacher typed in the class's zone, as aware UTC."""
    tz = ZoneInfo(zone)
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    when = f"{naive:%H:%M} on {naive:%a} {naive.day} {naive:%b %Y} in {zone}"
    moment = first.astimezone(UTC)
    if moment.astimezone(tz).replace(tzinfo=None) != naive:
        raise NonexistentTime(
            f"{when} does not exist (the clocks go forward): choose another time."
        )
    if first.utcoffset() != second.utcoffset():
        raise AmbiguousTime(f"{when} happens twice (the clocks go back): choose another time.")
    return moment


def utc_to_local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def local_label(moment: datetime, zone: str) -> str:
    """'Fri 27 Nov 17:00 (Europe/London)'."""
    local = utc_to_local(moment, zone)
    return f"{local:%a} {local.day} {local:%b %H:%M} ({zone})"


@dataclass(frozen=True)
class Window:
    opens_at: datetime | None
    closes_at: datetime | None


def status(window: Window, now: datetime) -> str:
    """'upcoming' before it opens, 'closed' from its closing time on, else 'open'."""
    if window.opens_at is not None and now < window.opens_at:
        return "upcoming"
    if window.closes_at is not None and now >= window.closes_at:
        return "closed"
    return "open"


def deadline(
    started_at: datetime, time_limit: timedelta | None, closes_at: datetime | None
) -> datetime | None:
    """When an attempt must end: its time limit or the quiz's closing, whichever comes first."""
    ends = [t for t in (started_at + time_limit if time_limit else None, closes_at) if t]
    return min(ends) if ends else None


def accepts_answer(ends: datetime | None, now: datetime) -> bool:
    """An answer sent up to GRACE after the deadline still counts (the request in flight)."""
    return ends is None or now <= ends + GRACE


def is_over(ends: datetime | None, now: datetime) -> bool:
    return not accepts_answer(ends, now)


def seconds_left(ends: datetime | None, now: datetime) -> int | None:
    if ends is None:
        return None
    return max(0, int((ends - now).total_seconds()))
