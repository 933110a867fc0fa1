"""`flask banks check` and `flask banks import` as a teacher runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Question
from tests.conftest import SAMPLE_BANKS


def test_check_passes_the_shipped_banks(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["banks", "check", str(Path(__file__).parent.parent / "question_banks")]
    )
    assert result.exit_code == 0, result.output
    assert "ok: 3 bank(s)" in result.output


def test_check_reports_every_problem_with_file_line_and_key(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    text = (SAMPLE_BANKS / "sample.toml").read_text()
    bad.write_text(text.replace('answer = "Roscosmos"', 'answer = "Mars"').replace("#9", "#40"))
    result = runner.invoke(args=["banks", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:13: [sample.choice] answer must be exactly one of the options" in result.output
    assert "[sample.numeric] citation '003_8b10673861f1d029.txt#40'" in result.output
    assert "3 problem(s) in 1 file(s)" in result.output  # #9 is cited twice


def test_import_is_all_or_nothing(runner, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.toml"
    shutil.copy(SAMPLE_BANKS / "sample.toml", good)
    bad = tmp_path / "zbad.toml"
    bad.write_text(
        "[bank]\nslug = 'x'\ntitle = 'X'\n\n[[questions]]\nkey = 'x.one'\ntype = 'essay'\n"
    )
    result = runner.invoke(args=["banks", "import", str(tmp_path)])
    assert result.exit_code == 1 and "nothing was imported" in result.output
    assert f"{bad}:7: [x.one] unknown type 'essay'" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Question.id))) == 0
    bad.unlink()
    result = runner.invoke(args=["banks", "import", str(tmp_path)])
    assert result.exit_code == 0 and "9 added" in result.output
