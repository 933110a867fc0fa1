"""gunicorn settings for quizapp: `gunicorn -c python:quizapp.gunicorn_config quizapp.wsgi:app`."""

from __future__ import annotations

import gc
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


# The app is imported once, by the master, and each worker is forked from it: a worker that dies
# is replaced in milliseconds instead of the seconds an import takes, so the requests waiting for
# it (a live game's answers, say) are held up that much less; the workers share the memory.
preload_app = True


def when_ready(server: Any) -> None:
    """The app's own objects (modules, templates, mappers: hundreds of thousands) are moved out
    of the garbage collector's sight before the workers are forked: a worker's full collections
    then walk only what its requests made, which takes milliseconds off a slow page's tail, and
    the pages of memory they sit on stay shared with the master."""
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """A worker opens its own database connections: any the master's pool held stay its own."""
    from quizapp.extensions import db
    from quizapp.wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)
