"""Dependencies point one way: views never touch the session; services never see the request."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"


@pytest.mark.parametrize("path", sorted((PACKAGE / "views").glob("*.py")), ids=lambda p: p.name)
def test_views_do_not_touch_the_database_session(path: Path) -> None:
    assert "db.session" not in path.read_text()


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((PACKAGE / "services").glob("*.py")), ids=lambda p: p.name)
def test_services_take_plain_values_not_the_request(path: Path) -> None:
    upward = {"flask", "flask_login", "flask_wtf", "wtforms", "quizapp.views", "quizapp.forms"}
    assert _imports(path) & upward == set()
