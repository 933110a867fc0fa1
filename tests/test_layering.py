"""Dependencies point one way: views never touch the session; services never see the request."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.imports import imported_modules

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"


@pytest.mark.parametrize("path", sorted((PACKAGE / "views").glob("*.py")), ids=lambda p: p.name)
def test_views_do_not_touch_the_database_session(path: Path) -> None:
    assert "db.session" not in path.read_text()


@pytest.mark.parametrize("path", sorted((PACKAGE / "services").glob("*.py")), ids=lambda p: p.name)
def test_services_take_plain_values_not_the_request(path: Path) -> None:
    upward = {"flask", "flask_login", "flask_wtf", "wtforms", "quizapp.views", "quizapp.forms"}
    assert imported_modules(path) & upward == set()
