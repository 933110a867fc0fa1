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


def _span(delta: timedelta) -> str:
    hours, minutes = divmod(int(abs(delta).total_seconds()) // 60, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes or not parts:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def span(delta: timedelta | int) -> str:
    """A time limit in words, to the minute: '1 hour 30 minutes' (seconds: a number of them)."""
    return _span(timedelta(seconds=delta) if isinstance(delta, int) else delta)


def local_to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time the teacher typed in the class's zone (any tzinfo on it is ignored), as
    aware UTC; a time the clocks skip or repeat there is refused with a reason to show."""
    tz = ZoneInfo(zone)
    naive = local.replace(tzinfo=None)
    # zoneinfo reads a skipped or repeated time with the offset before the change when fold=0
    # and the one after when fold=1: they differ only at such times.
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    moment = first.astimezone(UTC)
    if before == after or before is None or after is None:
        return moment
    when = f"{naive:%H:%M} on {naive:%a} {naive.day} {naive:%b %Y}"
    change = _span(after - before)
    if moment.astimezone(tz).replace(tzinfo=None) != naive:
        raise NonexistentTime(
            f"{when} does not exist in {zone}: the clocks go forward {change} then. "
            "Choose another time."
        )
    raise AmbiguousTime(
        f"{when} happens twice in {zone}: the clocks go back {change} then. Choose another time."
    )


def _aware(moment: datetime) -> datetime:
    if moment.utcoffset() is None:
        raise ValueError("quizapp keeps quiz times timezone-aware; got a naive datetime")
    return moment


def utc_to_local(moment: datetime, zone: str) -> datetime:
    """An aware moment as the class's wall clock shows it (aware, in the zone)."""
    return _aware(moment).astimezone(ZoneInfo(zone))


def local_label(moment: datetime, zone: str) -> str:
    """The moment on the class's clock, e.g. 'Fri 27 Nov 17:00 (Europe/London)'."""
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
    ends = [] if time_limit is None else [started_at + time_limit]
    if closes_at is not None:
        ends.append(closes_at)
    return min(ends, default=None)


def accepts_answer(ends: datetime | None, now: datetime) -> bool:
    """An answer sent up to GRACE after the deadline still counts (the request in flight)."""
    return ends is None or now <= ends + GRACE


def is_over(ends: datetime | None, now: datetime) -> bool:
    """The attempt's time and its grace are spent: no answer counts any more."""
    return not accepts_answer(ends, now)


def submitted_at(ends: datetime | None, now: datetime) -> datetime:
    """When an attempt handed in at `now` counts as submitted: never after its deadline (the
    answer in flight, or a visit after time ran out, is stamped as the deadline)."""
    return now if ends is None else min(now, ends)


def seconds_left(ends: datetime | None, now: datetime) -> int | None:
    """Whole seconds until the deadline (rounded down, never negative); None with no deadline."""
    if ends is None:
        return None
    return max(0, int((ends - now).total_seconds()))
