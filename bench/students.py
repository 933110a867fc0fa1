"""Students for the benchmarks, signed up through quizapp's real form, as session cookies."""

from __future__ import annotations

import random
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from browser import Client
from pages import Page

PASSWORD_BYTES = 18


def sign_up(port: int, number: int) -> str:
    """Sign one student up and return their session cookie ('session=...').

    The client sends no User-Agent, like wrk, so the session stays valid for wrk's requests too.
    """
    client = Client(port, threading.Event(), random.Random(number))
    page = Page("/auth/register", client.get("/auth/register").body)
    form = page.form(field="username")
    if form is None:
        raise SystemExit("the sign-up page has no form")
    password = secrets.token_urlsafe(PASSWORD_BYTES)
    fields = [
        *form.hidden(),
        ("username", f"bench{number:05d}-{secrets.token_hex(2)}"),
        ("password", password),
        ("confirm", password),
    ]
    reply = client.post("/auth/register", fields)
    if reply.status != 302 or "session" not in client.cookies:
        raise SystemExit(f"sign-up failed with HTTP {reply.status}")
    return f"session={client.cookies['session']}"


def sign_up_students(port: int, count: int, threads: int = 8) -> list[str]:
    """`count` new students' session cookies, signed up a few at a time."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda n: sign_up(port, n), range(count)))
