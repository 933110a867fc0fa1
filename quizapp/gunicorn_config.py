"""gunicorn settings for quizapp: `gunicorn -c python:quizapp.gunicorn_config quizapp.wsgi:app`."""

from __future__ import annotations

import os
from typing import Any

accesslog = "-"


def on_starting(server: Any) -> None:
    """Say so when rate limits cannot be shared: several workers and no Redis."""
    workers = int(server.cfg.workers)
    if workers > 1 and not os.environ.get("REDIS_URL"):
        server.log.warning(
            "quizapp: %d workers without REDIS_URL: each worker counts rate limits on its own, "
            "so a limit of 10 log-ins a minute allows up to %d. Set REDIS_URL to share them.",
            workers,
            10 * workers,
        )
