"""A scripted browser for the benchmarks: a cookie jar, and requests resent until answered."""

from __future__ import annotations

import contextlib
import http.client
import itertools
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlencode, urlsplit

GIVE_UP_AFTER = 90.0  # seconds without a usable answer before a request counts as failed
REQUEST_TIMEOUT = 60.0


@dataclass
class Reply:
    status: int
    location: str  # the path only
    body: str
    served_by: str = ""  # a load balancer's X-Served-By header: which app host answered


class GaveUp(Exception):
    """A request got no usable answer in time, or the run was stopped."""


@dataclass
class Traffic:
    requests: int = 0
    retried: int = 0  # requests that had to be sent more than once
    resends: int = 0
    server_errors: int = 0  # 5xx replies (a killed worker usually gives a reset instead)
    served_by: Counter[str] = field(default_factory=Counter)  # replies by app host, when told


class Client:
    """A cookie jar and requests that are sent again, unchanged, until the server answers."""

    def __init__(
        self,
        port: int,
        abort: threading.Event,
        rng: random.Random,
        traffic: Traffic | None = None,
    ) -> None:
        self.port = port
        self.abort = abort
        self.rng = rng
        self.traffic = traffic or Traffic()
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Reply:
        return self.send("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]], accept: str = "") -> Reply:
        """POST a form; `accept` asks for another kind of answer than a page, as a script does."""
        return self.send("POST", path, urlencode(fields), accept)

    def send(self, method: str, path: str, body: str | None = None, accept: str = "") -> Reply:
        self.traffic.requests += 1
        started = time.monotonic()
        problem = ""
        for attempt in itertools.count():
            if attempt:
                self._wait_before_resending(attempt, started, f"{method} {path}: {problem}")
            try:
                reply = self._once(method, path, body, accept)
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if reply.served_by:
                self.traffic.served_by[reply.served_by] += 1
            if reply.status < 500:
                return reply
            self.traffic.server_errors += 1
            problem = f"HTTP {reply.status}"
        raise AssertionError("unreachable")

    def once(self, method: str, path: str, fields: list[tuple[str, str]] | None = None) -> Reply:
        """One request, never sent again: for timing what the server answers, errors included."""
        self.traffic.requests += 1
        return self._once(method, path, None if fields is None else urlencode(fields))

    def _wait_before_resending(self, attempt: int, started: float, problem: str) -> None:
        self.traffic.resends += 1
        if attempt == 1:
            self.traffic.retried += 1
        if time.monotonic() - started > GIVE_UP_AFTER:
            raise GaveUp(f"no answer after {GIVE_UP_AFTER:.0f} s: {problem}")
        delay = min(1.0, 0.05 * 2**attempt) * (0.5 + self.rng.random())
        if self.abort.wait(delay):
            raise GaveUp(f"stopped while retrying {problem}")

    def _once(self, method: str, path: str, body: str | None, accept: str = "") -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if accept:
            headers["Accept"] = accept
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        location = urlsplit(response.getheader("Location", "")).path
        return Reply(response.status, location, text, response.getheader("X-Served-By", ""))

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            jar: SimpleCookie = SimpleCookie()
            with contextlib.suppress(CookieError):
                jar.load(header)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
