"""Benchmark the study loop: bank import, picking the next question, recording an answer, stats.

Usage: .venv/bin/python bench/study.py [--students 50] [--answers 40] [--database-url URL]
Prints per-operation timings (median and 95th percentile, milliseconds) on a fresh database.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.banks import importing as banks
from quizapp.config import ROOT, TestConfig
from quizapp.extensions import db
from quizapp.study import figures as progress
from quizapp.study import services as study
from quizapp.study.answers import submit_answer

T = TypeVar("T")
SECRET = "bench"


def timed(samples: dict[str, list[float]], name: str, call: Callable[..., T], *args: object) -> T:
    start = time.perf_counter()
    result = call(*args)
    samples.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return result


def report(samples: dict[str, list[float]]) -> None:
    print(f"{'operation':<16}{'count':>8}{'median ms':>12}{'p95 ms':>10}")
    for name, values in samples.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(f"{name:<16}{len(values):>8}{statistics.median(values):>12.2f}{p95:>10.2f}")


def run(students: int, answers: int, url: str) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    samples: dict[str, list[float]] = {}
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    with app.app_context():
        db.drop_all()
        db.create_all()
        paths = sorted((ROOT / "question_banks").glob("*.toml"))
        timed(samples, "import banks", banks.import_files, paths, now)
        timed(samples, "re-import", banks.import_files, paths, now)
        users = [accounts.register(f"bench{i}", "a long password", "UTC") for i in range(students)]
        for step in range(answers):
            now += timedelta(minutes=3)
            for user in users:
                shown = timed(
                    samples,
                    "next question",
                    study.next_question,
                    user,
                    "agreement",
                    now,
                    SECRET,
                    20,
                )
                if isinstance(shown, study.Shown):
                    response = "1" if shown.type == "flashcard" else ("x" if step % 3 else "")
                    timed(
                        samples, "submit answer", submit_answer, user.id, "agreement",
                        shown.token, response, now, SECRET,
                    )  # fmt: skip
            first = users[0].id
            timed(samples, "bank stats", progress.bank_stats, first, "UTC", "agreement", now)
            timed(samples, "bank list", progress.list_banks, users[0], now, 20)
        db.drop_all()
    report(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"{args.students} students x {args.answers} answers on {url.split(':')[0]}")
        run(args.students, args.answers, url)


if __name__ == "__main__":
    main()
