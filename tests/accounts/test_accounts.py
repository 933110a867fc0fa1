"""Accounts: argon2id hashes, case-insensitive usernames, sessions that can be revoked."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import extract_parameters

from quizapp import create_app
from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.config import Config
from quizapp.errors import InvalidCredentials, UsernameTaken
from quizapp.extensions import db


def test_passwords_are_hashed_with_argon2id(ctx: None) -> None:
    user = accounts.register("Ada", "a long password", "UTC")
    stored = db.session.get_one(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert "a long password" not in stored


def test_outside_the_tests_passwords_cost_argon2s_full_price(tmp_path: Path) -> None:
    # RFC 9106's low-memory choice, argon2-cffi's default: 3 passes over 64 MiB in 4 lanes. The
    # suite's own configuration hashes cheaply; the app as served must not.
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'q.db'}")
    with app.app_context():
        db.create_all()
        user = accounts.register("Ada", "a long password", "UTC")
        stored = db.session.get_one(User, user.id).password_hash
        assert accounts.authenticate("ada", "a long password").id == user.id
        db.session.remove()
        db.engine.dispose()
    cost = extract_parameters(stored)
    assert (cost.time_cost, cost.memory_cost, cost.parallelism) == (3, 64 * 1024, 4)


def test_usernames_are_unique_regardless_of_case(ctx: None) -> None:
    accounts.register("Ada", "a long password", "UTC")
    with pytest.raises(UsernameTaken):
        accounts.register("ada", "another password", "UTC")


def test_authenticate(ctx: None) -> None:
    accounts.register("Ada", "a long password", "UTC")
    assert accounts.authenticate("ADA", "a long password").username == "Ada"
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("Ada", "wrong password")
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("nobody", "a long password")


def test_ending_sessions_revokes_the_old_session_token(ctx: None) -> None:
    user = accounts.register("Ada", "a long password", "UTC")
    old = user.session_token
    accounts.end_all_sessions(user.id)
    assert accounts.load_session_account(old) is None
    new = accounts.get_account(user.id).session_token
    assert new != old and accounts.load_session_account(new) == accounts.get_account(user.id)


def test_password_change_checks_the_current_one_and_revokes_sessions(ctx: None) -> None:
    user = accounts.register("Ada", "a long password", "UTC")
    old = user.session_token
    with pytest.raises(InvalidCredentials):
        accounts.change_password(user.id, "not it", "a newer long password")
    accounts.change_password(user.id, "a long password", "a newer long password")
    assert accounts.load_session_account(old) is None
    assert accounts.authenticate("Ada", "a newer long password").id == user.id


def test_settings_default_and_update(ctx: None) -> None:
    user = accounts.register("Ada", "a long password", "UTC")
    assert accounts.get_settings(user.id, 20) == accounts.Settings("UTC", 20)
    accounts.update_settings(user.id, "Europe/Moscow", 5)
    assert accounts.get_settings(user.id, 20) == accounts.Settings("Europe/Moscow", 5)
