"""Times as a student reads them: intervals in words and the start of their local day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def humanize(delta: timedelta) -> str:
    """A short phrase for an interval: 'now', '10 minutes', '3 days', '2 months'."""
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return "now" if seconds <= 0 else "under a minute"
    steps = ((3600, 60, "minute"), (86400, 3600, "hour"), (30 * 86400, 86400, "day"))
    for limit, unit, name in steps:
        if seconds < limit:
            count = round(seconds / unit)
            return f"{count} {name}{'s' if count != 1 else ''}"
    days = seconds / 86400
    if days < 365:
        count = round(days / 30)
        return f"{count} month{'s' if count != 1 else ''}"
    years = round(days / 365, 1)
    return f"{years:g} year{'s' if years != 1 else ''}"


def day_start(now: datetime, tz_name: str) -> datetime:
    """Midnight of `now`'s date in the student's time zone, as an aware UTC-comparable datetime."""
    zone = ZoneInfo(tz_name)
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time.min, tzinfo=zone)


def local_midnight(day: date, tz_name: str, days_later: int = 0) -> datetime:
    """The moment `day` (plus `days_later` days) begins in the time zone, as an aware datetime."""
    return datetime.combine(day + timedelta(days=days_later), time.min, tzinfo=ZoneInfo(tz_name))


def local_label(moment: datetime, tz_name: str, now: datetime) -> str:
    """'today 14:05', 'tomorrow 09:00' or 'Fri 27 Nov 09:00' in the student's time zone."""
    zone = ZoneInfo(tz_name)
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today {clock}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    return f"{local:%a} {local.day} {local:%b %Y} {clock}"
