"""Serving under gunicorn: several workers without Redis are told that limits are per worker; the
workers are forked with the app's objects frozen out of the garbage collector's sight."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

GUNICORN = Path(sys.executable).parent / "gunicorn"
WARNING = "each worker counts rate limits on its own"


def _start_up_log(tmp_path: Path, workers: int, **env: str) -> str:
    """What gunicorn logs while starting quizapp, up to its workers' boot."""
    environment = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.db",
        **env,
    }
    command = [
        str(GUNICORN),
        "--config",
        "python:quizapp.gunicorn_config",
        "--workers",
        str(workers),
        "--bind",
        "127.0.0.1:0",
        "quizapp.wsgi:app",
    ]
    lines: list[str] = []
    booted = 0
    with subprocess.Popen(
        command, env=environment, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    ) as process:
        assert process.stderr is not None
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline and booted < workers:
                line = process.stderr.readline()
                if not line:
                    break
                lines.append(line)
                booted += "Booting worker" in line
        finally:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # a worker still importing the app: no need to wait
                process.kill()
                process.wait()
    assert booted == workers, "".join(lines)
    return "".join(lines)


def test_several_workers_without_redis_warn_at_start_up(tmp_path: Path) -> None:
    assert WARNING in _start_up_log(tmp_path, workers=2)


def test_one_worker_or_redis_does_not_warn(tmp_path: Path) -> None:
    assert WARNING not in _start_up_log(tmp_path, workers=1)
    log = _start_up_log(tmp_path, workers=2, REDIS_URL="redis://127.0.0.1:6379/0")
    assert WARNING not in log


def test_workers_are_forked_with_the_apps_objects_out_of_the_collectors_sight() -> None:
    from quizapp import gunicorn_config

    gc.unfreeze()
    try:
        gunicorn_config.when_ready(None)
        assert gc.get_freeze_count() > 10_000  # the modules and objects imported so far
    finally:
        gc.unfreeze()
