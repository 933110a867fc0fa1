"""The open-loop load of a school: each student answers every few seconds, whatever the server does.

Answer cycles (GET the next question, POST a valid answer) start on a fixed schedule, `rate` a
second, spread evenly over the students; a cycle's GET counts from when it was due, so a slow
server cannot slow the load down and hide its own queueing (no coordinated omission).

The client runs on the same cores as the server, so it is late too at times: each cycle records
how late its GET left against the schedule ("client lag"), and each request's time from when it
was sent (the server's part, with what the client adds on receiving) apart from the time from
when it was due (what a student waits). hello-world (bench/hello.py: GET /, POST / a form) is
driven on the same schedule by the same client, half of --seconds before quizapp and half after:
its figures are what the client and HTTP alone cost, and quizapp's are printed as multiples of them.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from over_http import Measured, Table
from pages import Page, answer_fields
from students import sign_up_students

BANKS = ["agreement", "space-powers", "reactions"]
PERCENTILES = (50, 95, 99)


@dataclass
class Latencies:
    lag_ms: list[float] = field(default_factory=list)  # the GET's send, after its due time
    get_due_ms: list[float] = field(default_factory=list)  # the GET's answer, from its due time
    get_ms: list[float] = field(default_factory=list)  # the GET's answer, from its send
    post_ms: list[float] = field(default_factory=list)  # the POST's answer, from its send
    errors: list[str] = field(default_factory=list)
    done: int = 0

    def extend(self, other: Latencies) -> None:
        for name in ("lag_ms", "get_due_ms", "get_ms", "post_ms", "errors"):
            getattr(self, name).extend(getattr(other, name))
        self.done += other.done

    def rows(self, side: str, get: str, post: str) -> list[Measured]:
        return [
            Measured(f"{side} client lag", self.lag_ms),
            Measured(f"{side} {get} from due", self.get_due_ms),
            Measured(f"{side} {get} from send", self.get_ms),
            Measured(f"{side} {post} from send", self.post_ms),
        ]


@dataclass
class Student:
    cookie: str
    rng: random.Random
    bank: int = 0


async def fetch(port: int, method: str, path: str, cookie: str, body: str = "") -> tuple[int, str]:
    """(status, body) of one request on its own connection, as a browser to gunicorn does."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n"
    )
    if body:
        head += (
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        )
    writer.write((head + "\r\n" + body).encode())
    data = await reader.read()
    writer.close()
    header, _, text = data.decode("utf-8", "replace").partition("\r\n\r\n")
    return int(header.split(" ", 2)[1]), text


async def timed_get(
    port: int, path: str, student: Student, due: float, seen: Latencies
) -> tuple[int, str]:
    sent = time.perf_counter()
    seen.lag_ms.append((sent - due) * 1000)
    status, html = await fetch(port, "GET", path, student.cookie)
    answered = time.perf_counter()
    seen.get_ms.append((answered - sent) * 1000)
    seen.get_due_ms.append((answered - due) * 1000)
    return status, html


async def timed_post(port: int, path: str, student: Student, body: str, seen: Latencies) -> int:
    sent = time.perf_counter()
    status, _ = await fetch(port, "POST", path, student.cookie, body)
    seen.post_ms.append((time.perf_counter() - sent) * 1000)
    if status != 303:
        seen.errors.append(f"POST {path}: HTTP {status}")
    return status


async def quizapp_cycle(port: int, student: Student, due: float, seen: Latencies) -> None:
    path = f"/study/{BANKS[student.bank]}/next"
    status, html = await timed_get(port, path, student, due, seen)
    page = Page(path, html)
    form = page.form(action="/answer", field="token")
    if status != 200 or form is None or page.qtype is None:
        student.bank = (student.bank + 1) % len(BANKS)
        seen.errors.append(f"GET {path}: HTTP {status}, no question")
        return
    body = urlencode(answer_fields(form, page.qtype, student.rng))
    await timed_post(port, form.action, student, body, seen)
    seen.done += 1


async def hello_cycle(port: int, student: Student, due: float, seen: Latencies) -> None:
    status, _ = await timed_get(port, "/", student, due, seen)
    if status != 200:
        seen.errors.append(f"GET /: HTTP {status}")
        return
    await timed_post(port, "/", student, urlencode({"answer": student.rng.random()}), seen)
    seen.done += 1


Cycle = Callable[[int, Student, float, Latencies], Awaitable[None]]


async def guarded(cycle: Cycle, port: int, student: Student, due: float, seen: Latencies) -> None:
    try:
        await cycle(port, student, due, seen)
    except OSError as exc:
        seen.errors.append(f"{type(exc).__name__}: {exc}")


async def drive(
    cycle: Cycle, port: int, students: list[Student], rate: float, seconds: float
) -> Latencies:
    seen = Latencies()
    start = time.perf_counter() + 0.5
    tasks = []
    for n in range(int(rate * seconds)):
        due = start + n / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        student = students[n % len(students)]  # so each answers every len(students) / rate s
        tasks.append(asyncio.create_task(guarded(cycle, port, student, due, seen)))
    await asyncio.gather(*tasks)
    return seen


def figure(values: list[float], pct: int) -> str:
    found = Measured("", values).at(pct) if values else None
    return "-" if found is None else f"{found:.2f}"


def run_school(name: str, ports: tuple[int, int], count: int, rate: float, seconds: float) -> None:
    """The school's load on quizapp (ports[0]), between two halves of it on hello-world."""
    app_port, hello_port = ports
    print(f"signing up {count} students on {name}...", flush=True)
    cookies = sign_up_students(app_port, count)
    students = [Student(cookie, random.Random(n)) for n, cookie in enumerate(cookies)]
    print(
        f"{count} students, {rate:g} answer cycles a second for {seconds:g} s "
        f"(hello-world: {seconds / 2:g} s before, {seconds / 2:g} s after)",
        flush=True,
    )
    hello = asyncio.run(drive(hello_cycle, hello_port, students, rate, seconds / 2))
    seen = asyncio.run(drive(quizapp_cycle, app_port, students, rate, seconds))
    hello.extend(asyncio.run(drive(hello_cycle, hello_port, students, rate, seconds / 2)))
    report(name, rate, seen, hello)


def report(name: str, rate: float, seen: Latencies, hello: Latencies) -> None:
    table = Table(PERCENTILES)
    baselines = hello.rows("hello", "GET /", "POST /")
    for row in baselines:
        table.add(row, row)
    for row, base in zip(seen.rows("quizapp", "GET", "POST"), baselines, strict=True):
        table.add(row, base)
    table.print(f"{name}: cycles")
    for error in (seen.errors + hello.errors)[:10]:
        print("  error:", error)
    due = seen.get_due_ms + seen.post_ms
    sent = seen.get_ms + seen.post_ms
    print(
        f"school database={name} rate={rate:g} cycles={seen.done} "
        f"p50_ms={figure(due, 50)} p99_ms={figure(due, 99)} sent_p99_ms={figure(sent, 99)} "
        f"lag_p99_ms={figure(seen.lag_ms, 99)} hello_lag_p99_ms={figure(hello.lag_ms, 99)} "
        f"errors={len(seen.errors)} hello_errors={len(hello.errors)}"
    )
