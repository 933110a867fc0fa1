"""Timing pages in-process through the test client: log in, then p50, p95 and SQL statements."""

from __future__ import annotations

import statistics
import time
from typing import Any

from sqlalchemy import Engine, event

HEADER = f"{'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'statements':>12}"


def log_in(client: Any, username: str, password: str) -> None:
    """Log in through the real form, CSRF token included."""
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = {"username": username, "password": password, "csrf_token": token}
    assert client.post("/auth/login", data=data).status_code == 302


def time_page(client: Any, engine: Engine, path: str, requests: int, name: str) -> None:
    """Request `path` `requests` times and print one line: p50, p95 and statements a request."""
    assert client.get(path).status_code == 200
    sent: list[str] = []

    def count(*args: object) -> None:
        sent.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    event.remove(engine, "before_cursor_execute", count)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    median = statistics.median(timings)
    print(f"{name:<28}{median:>9.1f}{p95:>9.1f}{len(sent) / requests:>12.1f}")
