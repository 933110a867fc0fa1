"""The two teachers' worlds, with a classmate beside side A's student and some settings."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from flask import Flask

from quizapp.accounts import services as accounts
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.quizzes import attempts
from tests import world as worlds
from tests.world import PASSWORD


def build(app: Flask, now: datetime) -> tuple[worlds.World, int]:
    """The worlds, side A's student in Paris studying 7 new questions a day, and the id of their
    classmate `a_mate`, who answered the same quiz ('mateguess')."""
    world = worlds.build(app, now)
    with app.app_context():
        accounts.update_settings(world.a.student, "Europe/Paris", 7)
        mate = accounts.register("a_mate", PASSWORD, "UTC").id
        classes.join(mate, world.a.code, now)
        attempt = attempts.start(mate, world.a.quiz_id, now)
        attempts.save_answer(mate, attempt, 1, "mateguess", False, now)
        db.session.remove()
    return world, mate


def unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        return {name: zipped.read(name).decode() for name in zipped.namelist()}


def data(files: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(files["data.json"])
    return found
