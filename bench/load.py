"""HTTP load benchmark: quizapp against a hello-world Flask app, served alike, driven by wrk.

Usage: .venv/bin/python bench/load.py [--database sqlite|postgresql|both] [--rounds 3]
           [--seconds 10] [--workers 2] [--connections 32] [--database-url URL]
           [--school [--rate 100] [--students 1000]]

Both apps run under gunicorn with the same settings (sync workers, no access log); quizapp through
its production entry point `quizapp.wsgi:app` on a fresh database set up as production does it:
a SQLite file, and a throwaway schema on --database-url (default DATABASE_URL) when there is one.
Students sign up through the real form. wrk (one connection per thread, a Lua script in
bench/wrk/load.lua) then drives, in interleaved rounds because this machine is shared and noisy:

  hello GET        GET /                      quizapp study    GET /study/agreement/next
  hello GET+POST   GET /, POST / (a form)     quizapp answer   GET the next question, POST a
                                                                valid answer to it (303)

It prints, per database, requests a second and p50/p99 latency of each side ("-" for a p99 of
fewer than 2,000 requests a round: 20 beyond it), the latencies as multiples of hello's of the
same kind, the ratios of requests a second quizapp/hello with their spread over the rounds, the
server CPU per request (gunicorn's processes, and PostgreSQL's when it serves quizapp), each
quizapp worker's memory, and a last line `database=… study_get_ratio=… answer_cycle_ratio=…
p99_ms=…` (p99_ms: the slower quizapp p99).

--school runs the open-loop load of a school instead (bench/school.py, 60 s unless --seconds):
students each answering every 10 s, so that --rate answer cycles start every second whatever the
server's speed (an asyncio client, latency counted from when each cycle was due and from when it
was sent, and the client's own lag apart), beside hello-world driven the same way.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from harness import (
    add_database_options,
    app_environment,
    children,
    database_names,
    gunicorn,
    prepare_database,
    server_cpu,
    throwaway_database,
)
from over_http import TAIL
from school import run_school
from students import sign_up_students

from quizapp.config import ROOT

BENCH = Path(__file__).resolve().parent
SCRIPT = BENCH / "wrk" / "load.lua"
SAME_SETTINGS = ("--worker-class", "sync")  # and no access log, for both apps
READS = {"hello-get": "hello GET", "study": "study page"}
CYCLES = {"hello-cycle": "hello GET+POST", "cycle": "answer cycle"}


def steps(apps: list[str]) -> list[tuple[str, str]]:
    """(app, wrk mode) in the order they run: the sides alternate, so that all of them see the
    same moments of a shared, noisy machine."""
    quizapps = [app for app in apps if app != "hello"]
    reads = [("hello", "hello-get"), *((app, "study") for app in quizapps)]
    return [*reads, ("hello", "hello-cycle"), *((app, "cycle") for app in quizapps)]


@dataclass
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int
    exhausted: int
    cpu_ms: float  # server CPU per request

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def worker_rss_mb(master: int) -> list[float]:
    sizes = []
    for pid in children(master):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def wrk(port: int, mode: str, args: argparse.Namespace, cookies: Path | None, per: int) -> dict:
    command = [
        "wrk", f"-t{args.connections}", f"-c{args.connections}", f"-d{args.seconds}s",
        "--timeout", "10s", "-s", str(SCRIPT), f"http://127.0.0.1:{port}", "--", mode,
    ]  # fmt: skip
    if cookies is not None:
        command += [str(cookies), str(per)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measured(side: Side, run: Callable[[], dict]) -> Run:
    """Run wrk and charge the server CPU it caused to its requests."""
    before = server_cpu(side.pid, side.with_postgres)
    result = run()
    used = server_cpu(side.pid, side.with_postgres) - before
    keys = ("requests", "seconds", "p50_ms", "p99_ms", "bad_status", "socket_errors", "exhausted")
    return Run(**{k: result[k] for k in keys}, cpu_ms=used * 1000 / max(1, result["requests"]))


@dataclass
class Side:
    """An app under test: its gunicorn master and port, and the CPU to charge its requests."""

    pid: int
    port: int
    with_postgres: bool


@contextmanager
def servers(
    args: argparse.Namespace, name: str, tmp: Path, baseline: Path | None
) -> Iterator[dict[str, Side]]:
    """hello, quizapp and (with --baseline) the earlier quizapp, each served the same way."""
    with ExitStack() as stack:
        sides: dict[str, Side] = {}
        sources = {"quizapp": None, **({"before": baseline} if baseline else {})}
        for app, source in sources.items():
            url = args.database_url if name == "postgresql" else None
            (tmp / app).mkdir()
            _, app_url = stack.enter_context(throwaway_database(url, tmp / app))
            env = {**app_environment(app_url), "QUIZAPP_NEW_PER_DAY": "100000"}
            cwd = source or ROOT
            if source:
                env["PYTHONPATH"] = str(source)  # its own quizapp package, not this one
            prepare_database(env, cwd)
            pid, port = stack.enter_context(
                gunicorn(env, args.workers, tmp / f"{app}.log", options=SAME_SETTINGS, cwd=cwd)
            )
            sides[app] = Side(pid, port, with_postgres=name == "postgresql")
        pid, port = stack.enter_context(
            gunicorn(
                env, args.workers, tmp / "hello.log", app="hello:app",
                options=(*SAME_SETTINGS, "--pythonpath", str(BENCH)),
            )
        )  # fmt: skip
        sides["hello"] = Side(pid, port, with_postgres=False)
        yield sides


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}-{max(values):.3f})"


def p99(runs: list[Run]) -> float | None:
    """The median p99 over the rounds, when each round had 20 requests beyond it."""
    if any(r.requests < TAIL * 100 for r in runs):
        return None
    return statistics.median(r.p99_ms for r in runs)


def cell(value: float | None, width: int, digits: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def report(
    name: str, rounds: list[dict[tuple[str, str], Run]], rss: dict[str, list[float]]
) -> None:
    median = statistics.median
    print(f"\n{name}: {len(rounds)} rounds, medians (and spread) over the rounds")
    print(
        f"{'side':<24}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'p50 x hello':>13}{'p99 x hello':>13}"
        f"{'cpu ms/req':>12}{'bad':>6}{'out':>5}"
    )
    for step in rounds[0]:
        runs = [found[step] for found in rounds]
        hello = [f[("hello", "hello-get" if step[1] in READS else "hello-cycle")] for f in rounds]
        base = median(r.p50_ms for r in hello)
        tail = p99(runs)
        label = f"{step[0]} {(READS | CYCLES)[step[1]]}"
        print(
            f"{label:<24}{median(r.rps for r in runs):>9.1f}"
            f"{median(r.p50_ms for r in runs):>9.2f}{cell(tail, 9, 2)}"
            f"{median(r.p50_ms for r in runs) / base:>13.1f}"
            f"{cell(None if tail is None else tail / base, 13, 1)}"
            f"{median(r.cpu_ms for r in runs):>12.3f}"
            f"{sum(r.bad_status + r.socket_errors for r in runs):>6}"
            f"{sum(r.exhausted for r in runs):>5}"
        )
    ratios: dict[str, tuple[list[float], list[float]]] = {}
    for app in sorted({app for app, _ in rounds[0]} - {"hello"}):
        study = [f[(app, "study")].rps / f[("hello", "hello-get")].rps for f in rounds]
        cycle = [f[(app, "cycle")].rps / f[("hello", "hello-cycle")].rps for f in rounds]
        ratios[app] = (study, cycle)
        print(f"{app + ': study page / hello GET':<44}{spread(study)}")
        print(f"{app + ': answer cycle / hello GET+POST':<44}{spread(cycle)}")
        print(f"{app + ': worker RSS MB':<44}{', '.join(f'{mb:.0f}' for mb in rss[app])}")
    study, cycle = ratios["quizapp"]
    tails = [p99([f[("quizapp", mode)] for f in rounds]) for mode in ("study", "cycle")]
    slower = "-" if None in tails else f"{max(t for t in tails if t is not None):.1f}"
    print(
        f"database={name} study_get_ratio={median(study):.3f} "
        f"answer_cycle_ratio={median(cycle):.3f} p99_ms={slower}"
    )


def closed_loop(args: argparse.Namespace, name: str, tmp: Path) -> None:
    per = 3  # students per connection and round: enough new questions for a fast round
    with servers(args, name, tmp, args.baseline) as sides:
        cookies: dict[str, tuple[Path, list[Path]]] = {}
        for app, side in sides.items():
            if app == "hello":
                continue
            signed = sign_up_students(side.port, args.connections * (1 + per * args.rounds))
            readers = tmp / f"{app}-readers.txt"
            readers.write_text("\n".join(signed[: args.connections]))
            answerers = []
            for number in range(args.rounds):
                start = args.connections * (1 + per * number)
                answerers.append(tmp / f"{app}-answerers-{number}.txt")
                answerers[-1].write_text("\n".join(signed[start : start + args.connections * per]))
            cookies[app] = (readers, answerers)
        rounds = []
        for number in range(args.rounds):
            found: dict[tuple[str, str], Run] = {}
            for app, mode in steps(list(sides)):
                side = sides[app]
                file, count = None, 0
                if mode == "study":
                    file, count = cookies[app][0], 1
                elif mode == "cycle":
                    file, count = cookies[app][1][number], per
                found[(app, mode)] = measured(
                    side,
                    lambda: wrk(side.port, mode, args, file, count),  # noqa: B023
                )
            rounds.append(found)
            print(f"round {number + 1} of {args.rounds} done", flush=True)
        rss = {app: worker_rss_mb(side.pid) for app, side in sides.items()}
    report(name, rounds, rss)


def run_database(args: argparse.Namespace, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if not args.school:
            closed_loop(args, name, tmp)
            return
        with servers(args, name, tmp, None) as sides:
            ports = (sides["quizapp"].port, sides["hello"].port)
            run_school(name, ports, args.students, args.rate, args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_options(parser)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--seconds", type=int, default=None, help="a round's (10), or --school's load (60)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="a checkout of an earlier quizapp to measure alongside (e.g. a git worktree)",
    )
    parser.add_argument("--school", action="store_true", help="the open-loop school load")
    parser.add_argument("--students", type=int, default=1000, help="--school: how many")
    parser.add_argument("--rate", type=float, default=100, help="--school: answer cycles a second")
    args = parser.parse_args()
    if shutil.which("wrk") is None and not args.school:
        sys.exit("wrk is not installed: `make bench` installs Debian's wrk when run as root")
    if args.seconds is None:
        args.seconds = 60 if args.school else 10
    for name in database_names(args):
        run_database(args, name)


if __name__ == "__main__":
    main()
