"""Configuration: production refuses the development key; DATABASE_URL picks the driver."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.config import DEV_SECRET_KEY, ProductionConfig, database_url


def test_production_refuses_to_start_with_the_default_key() -> None:
    with pytest.raises(RuntimeError, match="Set SECRET_KEY"):
        create_app(ProductionConfig, SECRET_KEY=DEV_SECRET_KEY)


def test_production_starts_with_a_real_key(tmp_path: Path) -> None:
    app = create_app(
        ProductionConfig, SECRET_KEY="s" * 40, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db"
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_uses_psycopg_for_postgresql(tmp_path: Path) -> None:
    assert database_url(None, tmp_path / "q.db") == f"sqlite:///{tmp_path}/q.db"
    assert database_url("postgres://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    from quizapp.config import TestConfig
    from quizapp.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/q.db")
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    with app.app_context():
        db.engine.dispose()
