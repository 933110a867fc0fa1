"""Small helpers the views share: the clock, the signing key, the current user's id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app
from flask_login import current_user

from quizapp.core.timefmt import humanize, local_label


def now() -> datetime:
    clock: Callable[[], datetime] | None = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(UTC)


def secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def user_id() -> int:
    return int(current_user.id)


def when_filter(moment: object) -> str:
    """`{{ due|when }}`: 'today 14:05' in the student's time zone."""
    if not isinstance(moment, datetime):
        return ""
    return local_label(moment, current_user.timezone, now())


def wait_filter(moment: object) -> str:
    """`{{ due|wait }}`: how long from now, in words."""
    return humanize(moment - now()) if isinstance(moment, datetime) else ""
