"""One package per part of the product, and dependencies that point one way.

Every module of a part is on one side: the request side (views and what only they use: it imports
Flask, forms and templates, and never touches the database session) or the data side (services and
models: they take plain values, never the request, forms or views). A part may use another part's
services, models and forms, never its views; no module imports itself back through others.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quizapp"
PARTS = (
    "accounts",
    "admin",
    "audit",
    "banks",
    "classes",
    "games",
    "home",
    "homework",
    "pictures",
    "privacy",
    "progress",
    "quizzes",
    "sources",
    "scheduling",
    "study",
)
SHARED = ("core", "database", "web")
# The request side of each part: its blueprints and the helpers only they use.
VIEW_MODULES = {
    "quizapp.accounts.auth_views",
    "quizapp.accounts.settings_views",
    "quizapp.accounts.reset_views",
    "quizapp.accounts.mailing",
    "quizapp.accounts.session",
    "quizapp.accounts.sso_views",
    "quizapp.accounts.oidc",
    "quizapp.admin.views",
    "quizapp.audit.views",
    "quizapp.banks.editor_views",
    "quizapp.banks.file_views",
    "quizapp.banks.question_form",
    "quizapp.banks.question_page",
    "quizapp.banks.question_problems",
    "quizapp.banks.question_rows",
    "quizapp.classes.views",
    "quizapp.classes.roster_table",
    "quizapp.games.views",
    "quizapp.home.views",
    "quizapp.homework.views",
    "quizapp.pictures.views",
    "quizapp.privacy.views",
    "quizapp.progress.views",
    "quizapp.quizzes.views",
    "quizapp.quizzes.practice_views",
    "quizapp.quizzes.accommodation_views",
    "quizapp.scheduling.views",
    "quizapp.sources.views",
    "quizapp.study.views",
    "quizapp.study.bank_list",
}
REQUEST_SIDE = {"flask", "flask_login", "flask_wtf", "wtforms"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str) -> set[str]:
    """The modules `name` imports, with `from package import module` read as the module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if f"{node.module}.{alias.name}" in MODULES
            )
    return found


def _part_modules(part: str) -> list[str]:
    return sorted(n for n in MODULES if n == f"quizapp.{part}" or n.startswith(f"quizapp.{part}."))


def _data_side() -> Iterator[str]:
    for part in PARTS:
        yield from (n for n in _part_modules(part) if n not in VIEW_MODULES)


def test_the_package_is_one_folder_per_part_and_the_shared_ones() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {*PARTS, *SHARED, "static"}
    for part in PARTS:
        doc = ast.get_docstring(ast.parse((PACKAGE / part / "__init__.py").read_text()))
        assert doc, f"quizapp/{part}/__init__.py says what the part is for"


@pytest.mark.parametrize("name", sorted(VIEW_MODULES))
def test_views_do_not_touch_the_database_session(name: str) -> None:
    assert "db.session" not in MODULES[name].read_text()


@pytest.mark.parametrize("name", sorted(_data_side()))
def test_services_take_plain_values_not_the_request(name: str) -> None:
    upward = {n for n in imports(name) if n.split(".")[0] in REQUEST_SIDE or n in VIEW_MODULES}
    if name.endswith(".forms"):  # a part's forms are WTForms, and nothing but input shapes
        upward -= {"flask_wtf", "flask_wtf.file", "wtforms", "wtforms.fields.choices"}
        upward = {n for n in upward if not n.startswith("wtforms")}
    if name.endswith(".cli"):  # the command line: its groups and the app's settings
        upward -= {"flask", "flask.cli"}
    assert upward == set()


@pytest.mark.parametrize("part", PARTS)
def test_a_part_uses_no_other_parts_views(part: str) -> None:
    borrowed = {
        n
        for name in _part_modules(part)
        for n in imports(name)
        if n in VIEW_MODULES and not n.startswith(f"quizapp.{part}.")
    }
    assert borrowed == set()


def test_no_module_imports_itself_back() -> None:
    graph = {name: {n for n in imports(name) if n in MODULES} for name in MODULES}
    done: set[str] = set()
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycles.append([*path[path.index(name) :], name])
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []
