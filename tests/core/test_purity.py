import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "quizapp" / "core"
FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "flask_wtf", "flask_login", "quizapp.models")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_framework(path: Path) -> None:
    bad = {n for n in _imports(path) if n.split(".")[0] in FORBIDDEN or n in FORBIDDEN}
    assert not bad, f"{path.name} imports {bad}"
