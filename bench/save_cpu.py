"""CPU a request costs the server: a quiz save ("Save and next") beside a study answer.

Usage: .venv/bin/python bench/save_cpu.py [--requests 200] [--database-url URL]
           [--profile save|answer] [--top 30]

The database is DATABASE_URL (or --database-url): PostgreSQL gets a throwaway schema, dropped at
the end; without one, a fresh SQLite file. It is set up as production does it (`flask db upgrade`,
`flask banks import`); a teacher, a class with one student and a 20-question quiz (the types in
turn, 30-minute limit) are written as bench/quiz.py writes them.

quizapp runs in this process (production configuration, Flask's test client, no HTTP). The student
logs in and starts the quiz; then --requests times each, in turn: a quiz save (GET the question
page, untimed; POST a valid answer with "Save and next", timed until its 303; round the quiz's
questions) and a study answer (GET /study/<bank>/next, untimed; POST an answer, timed until its
303; the banks in turn). Taking them in turn, both see the same machine. Each timed POST is
measured with time.process_time (the test client's own share of a request is small and the same
for both) and its statements are counted through the cursor (BEGIN is one; a COMMIT is the
driver's and is not).

It prints CPU ms a request (mean and median) and statements a request, the CPU of the untimed
GETs beside them (a quiz question page, where "Save and next" leads; a study page), and the CPU
of each POST's service call alone (quizzes.attempts.answer_item, study.answers.answer).
--profile runs cProfile over the timed POSTs of one of the two and prints the --top functions
by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import app_environment, prepare_database, production_app, throwaway_database
from inprocess import log_in
from pages import Form, Page, answer_fields
from quiz import CHOSEN_BY_STUDENT, PASSWORD, set_up
from sqlalchemy import event

from quizapp.extensions import db
from quizapp.quizzes import attempts
from quizapp.study import answers as study_answers

BANKS = ["agreement", "space-powers", "reactions"]


@dataclass
class Timed:
    cpu_ms: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)


# The service call of each POST, timed on its own: what the request does beyond it (the user's
# load, the access check, CSRF, the form, the redirect) is the same for both.
SERVICES: dict[str, Timed] = {"quiz save": Timed(), "study answer": Timed()}


def _time_service(module: Any, name: str, into: Timed) -> None:
    service = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return service(*args, **kwargs)
        finally:
            into.cpu_ms.append((time.process_time() - started) * 1000)

    setattr(module, name, timed)


_time_service(attempts, "answer_item", SERVICES["quiz save"])
_time_service(study_answers, "answer", SERVICES["study answer"])


class Post:
    """Timed POSTs through one client: CPU and statements of each, optionally profiled."""

    def __init__(self, client: Any, engine: Any, profile: cProfile.Profile | None) -> None:
        self.client, self.engine, self.profile = client, engine, profile
        self.sent = 0

    def _count(self, *_args: object) -> None:
        self.sent += 1

    def __call__(self, path: str, fields: list[tuple[str, str]], into: Timed) -> None:
        data: dict[str, list[str]] = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        self.sent = 0
        event.listen(self.engine, "before_cursor_execute", self._count)
        started = time.process_time()
        if self.profile is not None:
            self.profile.enable()
        reply = self.client.post(path, data=data)
        if self.profile is not None:
            self.profile.disable()
        into.cpu_ms.append((time.process_time() - started) * 1000)
        event.remove(self.engine, "before_cursor_execute", self._count)
        into.statements.append(self.sent)
        if reply.status_code != 303:
            body = reply.get_data(as_text=True)[:2000]
            raise SystemExit(f"POST {path}: HTTP {reply.status_code}\n{body}")


def page(client: Any, path: str, into: Timed | None = None) -> Page:
    started = time.process_time()
    reply = client.get(path)
    if into is not None:
        into.cpu_ms.append((time.process_time() - started) * 1000)
    if reply.status_code != 200:
        raise SystemExit(f"GET {path}: HTTP {reply.status_code}")
    return Page(path, reply.get_data(as_text=True))


def start(client: Any, quiz_id: int) -> str:
    """The attempt's id, once the student has started the quiz from their list."""
    form = page(client, "/quizzes/").form(action=f"/{quiz_id}/start")
    assert form is not None, "the quiz list shows no Start button"
    return str(client.post(form.action, data=dict(form.hidden())).location.split("/")[2])


def saves(
    post: Post, attempt: str, rng: random.Random, timed: Timed, pages: Timed
) -> Iterator[None]:
    """Saves without end, going round the quiz's questions ("Save and next", as a browser sends
    it): one a step."""
    position = 1
    while True:
        shown = page(post.client, f"/attempts/{attempt}/{position}", pages)
        form = shown.form(field="token")
        assert form is not None and shown.qtype is not None, f"question {position} not shown"
        onward = [c.value for c in form.controls if c.name == "go"][-1]
        given = Form(form.action, [c for c in form.controls if c.name not in CHOSEN_BY_STUDENT])
        post(form.action, [*answer_fields(given, shown.qtype, rng), ("go", onward)], timed)
        position = int(onward) if onward.isdigit() else 1
        yield


def answers(post: Post, rng: random.Random, timed: Timed, pages: Timed) -> Iterator[None]:
    """Study answers without end, the banks in turn: one a step."""
    for slug in itertools.cycle(BANKS):
        shown = page(post.client, f"/study/{slug}/next", pages)
        form = shown.form(action="/answer", field="token")
        assert form is not None and shown.qtype is not None, f"{slug} shows no question"
        post(form.action, answer_fields(form, shown.qtype, rng), timed)
        yield


def run(url: str, requests: int, profile_of: str | None, top: int) -> None:
    prepare_database(app_environment(url))
    setup = set_up(url, students=1, questions=20)
    app = production_app(url)
    app.config["NEW_PER_DAY"] = 100_000  # new questions never run out during the run
    rng = random.Random(1)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    log_in(client, setup.usernames[0], PASSWORD)
    attempt = start(client, setup.quiz_id)
    warm = Post(client, engine, None)
    warming = zip(  # the first rendering of each page
        saves(warm, attempt, rng, Timed(), Timed()),
        answers(warm, rng, Timed(), Timed()),
        strict=False,
    )
    for _ in itertools.islice(warming, 3):
        pass
    profiles = {name: cProfile.Profile() for name in ("save", "answer") if name == profile_of}
    save, answer, quiz_pages, study_pages = Timed(), Timed(), Timed(), Timed()
    steps = zip(  # one of each in turn: both see the same machine
        saves(Post(client, engine, profiles.get("save")), attempt, rng, save, quiz_pages),
        answers(Post(client, engine, profiles.get("answer")), rng, answer, study_pages),
        strict=False,
    )
    for _ in itertools.islice(steps, requests):
        pass
    for timed in SERVICES.values():
        del timed.cpu_ms[: -requests or None]  # the timed POSTs' only
    print(f"{'request':<16}{'count':>7}{'CPU ms mean':>13}{'median':>9}{'statements':>12}")
    for name, timed in [
        ("quiz save", save),
        ("study answer", answer),
        ("quiz page GET", quiz_pages),
        ("study page GET", study_pages),
        ("  save service", SERVICES["quiz save"]),
        ("  answer service", SERVICES["study answer"]),
    ]:
        mean, median = statistics.mean(timed.cpu_ms), statistics.median(timed.cpu_ms)
        sent = f"{statistics.mean(timed.statements):.1f}" if timed.statements else "-"
        print(f"{name:<16}{len(timed.cpu_ms):>7}{mean:>13.2f}{median:>9.2f}{sent:>12}")
    for name, profile in profiles.items():
        for order in ("cumulative", "tottime"):
            print(f"\n--- {name}: {requests} POSTs by {order} ---")
            pstats.Stats(profile).strip_dirs().sort_stats(order).print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="timed POSTs of each kind")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--profile", choices=["save", "answer"], default=None)
    parser.add_argument("--top", type=int, default=30, help="functions --profile prints")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        throwaway_database(args.database_url, Path(tmp), prefix="quizapp_save_cpu") as (name, url),
    ):
        print(f"{name}: {args.requests} quiz saves, {args.requests} study answers", flush=True)
        run(url, args.requests, args.profile, args.top)


if __name__ == "__main__":
    main()
