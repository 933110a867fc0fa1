from pathlib import Path

import pytest

from tests.imports import imported_modules

CORE = Path(__file__).resolve().parents[2] / "quizapp" / "core"
FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "flask_wtf", "flask_login", "quizapp.models")


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_no_framework(path: Path) -> None:
    bad = {n for n in imported_modules(path) if n.split(".")[0] in FORBIDDEN or n in FORBIDDEN}
    assert not bad, f"{path.name} imports {bad}"
