from pathlib import Path

import pytest

from tests.imports import imported_modules

CORE = Path(__file__).resolve().parents[2] / "quizapp" / "core"
FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "flask_wtf", "flask_login")
PARTS = "quizapp."  # any part of the app: core is the library they share, and uses none


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_no_framework(path: Path) -> None:
    bad = {
        n
        for n in imported_modules(path)
        if n.split(".")[0] in FORBIDDEN
        or (n.startswith(PARTS) and not n.startswith("quizapp.core"))
    }
    assert not bad, f"{path.name} imports {bad}"
