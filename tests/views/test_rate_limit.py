"""Log-in attempts are rate limited per address, in Redis when one is configured."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.config import TestConfig
from quizapp.extensions import db
from tests.conftest import Auth

STORAGES = ["memory://"] + (
    [os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else []
)


@pytest.mark.parametrize("storage", STORAGES, ids=lambda s: s.split(":")[0])
def test_too_many_login_attempts_are_refused(tmp_path: Path, storage: str) -> None:
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/q.db",
        LOGIN_RATE_LIMIT="3 per minute",
        RATELIMIT_STORAGE_URI=storage,
        RATELIMIT_KEY_PREFIX=f"quizapp-test-{secrets.token_hex(4)}",
    )
    with app.app_context():
        db.create_all()
    auth = Auth(app.test_client())
    statuses = [auth.login("ada", "wrong password").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert auth.client.get("/auth/login").status_code == 200  # reading the page is not limited
    with app.app_context():
        db.engine.dispose()
