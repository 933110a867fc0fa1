"""Small helpers the views share: the clock, the signing key, the current user's id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app
from flask_login import current_user


def now() -> datetime:
    clock: Callable[[], datetime] | None = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(UTC)


def secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def user_id() -> int:
    return int(current_user.id)
