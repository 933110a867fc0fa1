"""Who a rate limit counts: log-ins by address and username, account changes by user."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_login import current_user

from quizapp.core import limits


def setting(name: str) -> Callable[[], str]:
    """A limit read from the configuration when a request comes in ('10 per minute')."""
    return lambda: str(current_app.config[name])


def address() -> str:
    # The client's address; behind a load balancer, PROXY_HOPS makes it the forwarded one.
    return request.remote_addr or "unknown"


def address_and_username() -> str:
    """Log-in attempts: a classmate behind the same school address keeps their own count."""
    username = (request.form.get("username") or "")[: limits.USERNAME].casefold()
    return f"{address()}|{username}"


def signed_in_user() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else address()


def typed_name() -> str:
    """Mail asked for an account: one count per username or address typed, from anywhere."""
    typed = (request.form.get("username") or "")[: limits.EMAIL].strip().casefold()
    return f"name:{typed}"
