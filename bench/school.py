"""The open-loop load of a school: each student answers every few seconds, whatever the server does.

Answer cycles (GET the next question, POST a valid answer) start on a fixed schedule, `rate` a
second, spread evenly over the students; a cycle's GET latency counts from when it was due, so a
slow server cannot slow the load down and hide its own queueing (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from pages import Page, answer_fields
from students import sign_up_students

BANKS = ["agreement", "space-powers", "reactions"]


@dataclass
class Latencies:
    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    done: int = 0


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


async def cycle(port: int, student: Student, due: float, seen: Latencies) -> None:
    try:
        path = f"/study/{BANKS[student.bank]}/next"
        status, html = await fetch(port, "GET", path, student.cookie)
        seen.get_ms.append((time.perf_counter() - due) * 1000)
        page = Page(path, html)
        form = page.form(action="/answer", field="token")
        if status != 200 or form is None or page.qtype is None:
            student.bank = (student.bank + 1) % len(BANKS)
            seen.errors.append(f"GET {path}: HTTP {status}, no question")
            return
        body = urlencode(answer_fields(form, page.qtype, student.rng))
        sent = time.perf_counter()
        status, _ = await fetch(port, "POST", form.action, student.cookie, body)
        seen.post_ms.append((time.perf_counter() - sent) * 1000)
        if status != 303:
            seen.errors.append(f"POST {form.action}: HTTP {status}")
        seen.done += 1
    except OSError as exc:
        seen.errors.append(f"{type(exc).__name__}: {exc}")


async def drive(port: int, students: list[Student], rate: float, seconds: float) -> Latencies:
    seen = Latencies()
    start = time.perf_counter() + 0.5
    tasks = []
    for n in range(int(rate * seconds)):
        due = start + n / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        student = students[n % len(students)]  # so each answers every len(students) / rate s
        tasks.append(asyncio.create_task(cycle(port, student, due, seen)))
    await asyncio.gather(*tasks)
    return seen


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def run_school(name: str, port: int, count: int, rate: float, seconds: float) -> None:
    print(f"signing up {count} students on {name}...", flush=True)
    cookies = sign_up_students(port, count)
    students = [Student(cookie, random.Random(n)) for n, cookie in enumerate(cookies)]
    print(f"{count} students, {rate:g} answer cycles a second for {seconds:g} s", flush=True)
    seen = asyncio.run(drive(port, students, rate, seconds))
    both = seen.get_ms + seen.post_ms
    for label, values in (("GET question", seen.get_ms), ("POST answer", seen.post_ms)):
        print(
            f"{label:<14}{len(values):>7} p50 {statistics.median(values):7.2f} ms"
            f"  p99 {percentile(values, 0.99):7.2f} ms  max {max(values):7.2f} ms"
        )
    for error in seen.errors[:10]:
        print("  error:", error)
    print(
        f"school database={name} rate={rate:g} cycles={seen.done} "
        f"p50_ms={statistics.median(both):.2f} p99_ms={percentile(both, 0.99):.2f} "
        f"errors={len(seen.errors)}"
    )
