"""Small helpers the views share: the clock, the signing key, the current user's id and name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from flask import current_app, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from quizapp.audit.services import Actor
from quizapp.core.redirects import local_path
from quizapp.core.timefmt import humanize, local_label


def now() -> datetime:
    clock: Callable[[], datetime] | None = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(UTC)


def secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def user_id() -> int:
    return int(current_user.id)


def actor() -> Actor:
    """The signed-in staff member, as the audit log names them."""
    return Actor(int(current_user.id), current_user.username)


@lru_cache(maxsize=4096)
def _built_url(script_root: str, endpoint: str, values: tuple[tuple[str, Any], ...]) -> str:
    return url_for(endpoint, **dict(values))


def template_url_for(endpoint: str, **values: Any) -> str:
    """`url_for` for templates, remembered: a page links to the same few places every time.

    A path depends only on the endpoint, its values and where the app is mounted; anything else
    (an external URL, an anchor) is built afresh.
    """
    if any(name.startswith("_") for name in values):
        return url_for(endpoint, **values)
    return _built_url(request.script_root, endpoint, tuple(sorted(values.items())))


def public_url(endpoint: str, **values: Any) -> str:
    """A whole address to hand on (a mail, a printed card): it starts with BASE_URL when the
    school set it, never with a Host header a visitor could have sent for a mail."""
    base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def safe_next(target: str | None) -> str:
    """Where to go after logging in: `target` if it is a page of this app, else the home page."""
    path = local_path(target)
    if path is not None and _is_page(path):
        return path
    return url_for("home.index")


def _is_page(path: str) -> bool:
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(unquote(urlsplit(path).path), method="GET")
    except RequestRedirect:
        return True  # '/banks' is '/banks/'
    except HTTPException:
        return False
    return True


def when_filter(moment: object) -> str:
    """`{{ due|when }}`: 'today 14:05' in the student's time zone."""
    if not isinstance(moment, datetime):
        return ""
    return local_label(moment, current_user.timezone, now())


def wait_filter(moment: object) -> str:
    """`{{ due|wait }}`: how long from now, in words."""
    return humanize(moment - now()) if isinstance(moment, datetime) else ""


def day_filter(moment: object) -> str:
    """`{{ answered_at|day }}`: '3 March' (with the year when not this year), the user's zone."""
    if not isinstance(moment, datetime):
        return ""
    zone = ZoneInfo(current_user.timezone)
    local, today = moment.astimezone(zone), now().astimezone(zone)
    text = f"{local.day} {local:%B}"
    return text if local.year == today.year else f"{text} {local.year}"
