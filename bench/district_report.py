"""The district benches one after the other, and one table of the issue's goals at the end.

Usage: .venv/bin/python bench/district_report.py [--database-url URL] [--scale 1.0] [--keep]
           [--requests 400] [--only-pages study,...] [--students 300] [--workers 4]
           [--think 5-20] [--start-within 10] [--skip pages,bell,two-hosts]

--database-url (or DATABASE_URL) is a PostgreSQL database. When it names a schema (the URL that
bench/district.py --keep printed), that district is used as it is; otherwise a district is seeded
first in a schema of its own (bench/district.py --scale, 1 by default: 6-8 minutes, 5-6 GB) and
dropped at the end unless --keep. Then, each as a process of its own with its output shown as it
comes:

  pages      bench/district_pages.py on the district (--requests a page; --only-pages: these
             pages alone, as its --only)
  bell       bench/quiz.py on a throwaway schema: --students students start one quiz within
             --start-within seconds and answer with --think seconds of thought (A-B: from A to
             B), --workers gunicorn workers, PostgreSQL
  two hosts  bench/two_hosts.py on a throwaway schema (Redis at REDIS_URL, Debian's haproxy)

Each writes its figures with --json; the table reads them: every figure with its goal, what was
measured and whether the goal is met. A figure without a goal is shown for what it says. The exit
status is 1 when a goal is not met or a part did not finish.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
PARTS = ("pages", "bell", "two-hosts")
PAGE_P95_MS = 100.0
REGRADE_P95_MS = 2000.0
REGRADE_PAGES = {"regrade", "regrade-count"}  # the editor's save that regrades, and its count
SAVE_P99_MS = 200.0
KEPT = "kept: DATABASE_URL='"


# ---- the goals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    name: str
    goal: str
    measured: str
    met: bool | None  # None: no goal, shown for what it says

    @property
    def verdict(self) -> str:
        return "" if self.met is None else "met" if self.met else "NOT met"


Figures = dict[str, Any]


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def zero(name: str, count: int, what: str = "") -> Figure:
    return Figure(name, "0", f"{count}{what}", count == 0)


def page_figures(found: Figures) -> list[Figure]:
    rows = []
    for page in found["pages"]:
        limit = REGRADE_P95_MS if page["key"] in REGRADE_PAGES else PAGE_P95_MS
        measured = f"{ms(page['p95_ms'])} ({page['samples']} requests, max {ms(page['max_ms'])})"
        rows.append(
            Figure(f"{page['name']} p95", f"< {ms(limit)}", measured, page["p95_ms"] < limit)
        )
    scans = found["seq_scans"]
    tables = ", ".join(sorted({scan["table"] for scan in scans}))  # which pages: shown above
    rows.append(zero("seq scans of a big table", len(scans), f" ({tables})" if tables else ""))
    hello = found["hello"]
    said = f"p50 {ms(hello['p50_ms'])}, p95 {ms(hello['p95_ms'])}"
    rows.append(Figure("hello-world GET /", "", said, None))
    return rows


def bell_figures(found: Figures) -> list[Figure]:
    bell = next(row for row in found["bell"] if row["database"] == "postgresql")
    per_core = bell["students_per_core"]
    return [
        Figure("bell: quiz save p99", f"< {ms(SAVE_P99_MS)}", ms(bell["save_p99_ms"]),
               bell["save_p99_ms"] < SAVE_P99_MS),
        zero("bell: answers lost", bell["lost"] + bell["submissions_lost"],
             f" of {bell['saves']} saves and {bell['submits']} submissions"),
        zero("bell: attempts doubled", bell["doubled"]),
        zero("bell: quizzes not submitted", bell["submissions_missing"],
             f" of {bell['students']} students"),
        Figure("bell: quiz save p50, submit p99", "",
               f"{ms(bell['save_p50_ms'])}, {ms(bell['submit_p99_ms'])}", None),
        Figure("bell: replies a browser would not expect", "", str(bell["errors"]), None),
        Figure("bell: students per core", "",
               f"{per_core:,.0f} ({bell['students']} students, server "
               f"{bell['server_cores']:.2f} cores for {bell['seconds']:.0f} s)", None),
    ]  # fmt: skip


def host_figures(found: Figures) -> list[Figure]:
    rows = [
        Figure(f"two hosts: {check['name']}", "pass",
               "passed" if check["passed"] else "FAILED (see above)", check["passed"])
        for check in found["checks"]
    ]  # fmt: skip
    rows += [
        zero("two hosts: answers lost", found["lost"]),
        zero("two hosts: answers doubled", found["doubled"]),
    ]
    seen: set[str] = set()
    for phase in found["answer_cycle"]:
        name = phase["phase"]
        if name in seen:  # host2 alone, before the two hosts and after the kill
            name += " (after host1's kill)"
        seen.add(phase["phase"])
        said = (
            f"{phase['answers_per_s']:.1f} answers/s, p50 {ms(phase['p50_ms'])}, "
            f"p99 {ms(phase['p99_ms'])}"
        )
        rows.append(Figure(f"two hosts: answer cycle, {name}", "", said, None))
    return rows


READERS: dict[str, Callable[[Figures], list[Figure]]] = {
    "pages": page_figures,
    "bell": bell_figures,
    "two-hosts": host_figures,
}


def figures(part: str, found: Figures | None, status: int) -> list[Figure]:
    """A part's rows; a part that wrote no figures is one row, not met."""
    if found is None:
        return [Figure(f"{part}: finished", "yes", f"no figures (exit status {status})", False)]
    return READERS[part](found)


def table(rows: list[Figure]) -> str:
    lines = [("figure", "goal", "measured", "")] + [
        (r.name, r.goal, r.measured, r.verdict) for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(3)]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(line, [*widths, 0], strict=True)
        ).rstrip()
        for line in lines
    )


# ---- running the parts -------------------------------------------------------------------------


def schema_of(url: str) -> str | None:
    """The schema a URL puts first on its search_path, as bench/district.py --keep prints it."""
    for key, value in parse_qsl(urlsplit(url).query):
        if key == "options" and value.startswith("-csearch_path="):
            return value.removeprefix("-csearch_path=").split(",")[0]
    return None


def server_of(url: str) -> str:
    """The URL without its schema: where the throwaway schemas are made."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def stream(name: str, command: list[str]) -> tuple[int, list[str]]:
    """Run a part, showing its output as it comes; (exit status, lines)."""
    print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    said: list[str] = []
    started = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    ) as part:
        assert part.stdout is not None
        for line in part.stdout:
            print(line, end="", flush=True)
            said.append(line)
    print(f"=== {name}: exit status {part.returncode}, {time.perf_counter() - started:.0f} s")
    return part.returncode, said


def seed(args: argparse.Namespace, server: str) -> str:
    command = [sys.executable, str(BENCH / "district.py"), "--keep", "--scale", str(args.scale)]
    status, said = stream("seed", [*command, "--database-url", server])
    kept = [line.split(KEPT, 1)[1].rstrip().rstrip("'") for line in said if KEPT in line]
    if status or not kept:
        raise SystemExit(f"seeding the district failed (exit status {status})")
    return kept[0]


def commands(
    args: argparse.Namespace, district: str, server: str, out: Path
) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "pages": [
            python, str(BENCH / "district_pages.py"), "--database-url", district,
            "--requests", str(args.requests), "--json", str(out / "pages.json"),
            *(["--only", args.only_pages] if args.only_pages else []),
        ],
        "bell": [
            python, str(BENCH / "quiz.py"), "--database", "postgresql", "--database-url", server,
            "--students", str(args.students), "--workers", str(args.workers),
            "--think", args.think, "--start-within", str(args.start_within),
            "--json", str(out / "bell.json"),
        ],
        "two-hosts": [
            python, str(BENCH / "two_hosts.py"), "--database-url", server,
            "--json", str(out / "two-hosts.json"),
        ],
    }  # fmt: skip


def run_parts(args: argparse.Namespace, district: str, server: str) -> list[Figure]:
    rows: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for part, command in commands(args, district, server, out).items():
            if part in args.skip:
                continue
            status, _ = stream(part, command)
            written = out / f"{part}.json"
            found = json.loads(written.read_text()) if written.exists() else None
            rows += figures(part, found, status)
    return rows


def drop(url: str, schema: str) -> None:
    import psycopg  # only when a seeded district is dropped

    with psycopg.connect(server_of(url), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    print(f"dropped the seeded district ({schema})")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--scale", type=float, default=1.0, help="of the district seeded")
    parser.add_argument("--keep", action="store_true", help="keep the district seeded here")
    parser.add_argument("--requests", type=int, default=400, help="pages: timed requests a page")
    parser.add_argument("--only-pages", default="", help="pages: these alone (study,...)")
    parser.add_argument("--students", type=int, default=300, help="bell: students")
    parser.add_argument("--workers", type=int, default=4, help="bell: gunicorn workers")
    parser.add_argument("--think", default="5-20", help="bell: seconds before an answer, A-B")
    parser.add_argument("--start-within", type=float, default=10, help="bell: seconds")
    parser.add_argument(
        "--skip",
        type=lambda s: set(s.split(",")),
        default=set(),
        help=f"parts not to run: {', '.join(PARTS)}",
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL (PostgreSQL)")
    if args.skip - set(PARTS):
        parser.error(f"--skip takes {', '.join(PARTS)}, not {', '.join(args.skip - set(PARTS))}")
    return args


def main() -> None:
    args = parse_args()
    began = time.perf_counter()
    server, seeded = server_of(args.database_url), None
    district = args.database_url
    if schema_of(district) is None and "pages" not in args.skip:
        district = seed(args, server)
        seeded = schema_of(district)
    try:
        rows = run_parts(args, district, server)
    finally:
        if seeded and not args.keep:
            drop(server, seeded)
    print(f"\nthe district's goals ({time.perf_counter() - began:.0f} s in all)\n{table(rows)}")
    sys.exit(int(any(row.met is False for row in rows)))


if __name__ == "__main__":
    main()
