"""`flask banks check|import|export` as a teacher runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from quizapp.accounts import services as accounts
from quizapp.audit.services import Actor
from quizapp.banks import question_edit
from quizapp.banks.models import Question
from quizapp.banks.versions import content_of, raw_of
from quizapp.extensions import db
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
    assert "[sample.numeric] 'silkroad-moon#40'" in result.output
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


def test_users_create_and_set_role(runner, app) -> None:  # type: ignore[no-untyped-def]
    created = runner.invoke(
        args=["users", "create", "ms_lee", "--role", "teacher", "--password-stdin"],
        input="a staffroom passphrase of hers\n",
    )
    assert created.exit_code == 0, created.output
    assert "created ms_lee (teacher)" in created.output
    promoted = runner.invoke(args=["users", "set-role", "MS_LEE", "admin"])
    assert promoted.exit_code == 0 and "ms_lee is now admin" in promoted.output
    with app.app_context():
        assert accounts.authenticate("ms_lee", "a staffroom passphrase of hers").role == "admin"


def test_users_create_prompts_for_the_password_twice(runner, app) -> None:  # type: ignore[no-untyped-def]
    secret = "another staffroom passphrase"
    result = runner.invoke(args=["users", "create", "mr_ode"], input=f"{secret}\n{secret}\n")
    assert result.exit_code == 0, result.output
    assert "created mr_ode (student)" in result.output


def test_users_commands_refuse_bad_input(runner, app) -> None:  # type: ignore[no-untyped-def]
    weak = runner.invoke(args=["users", "create", "kim", "--password-stdin"], input="password123\n")
    assert weak.exit_code == 1 and "too easy to guess" in weak.output
    bad_name = runner.invoke(
        args=["users", "create", "a b", "--password-stdin"], input="a staffroom passphrase\n"
    )
    assert bad_name.exit_code == 1 and "letters, digits" in bad_name.output
    assert runner.invoke(args=["users", "set-role", "kim", "wizard"]).exit_code == 2
    missing = runner.invoke(args=["users", "set-role", "nobody", "teacher"])
    assert missing.exit_code == 1 and "no user called 'nobody'" in missing.output


def test_the_last_admin_keeps_the_role(runner, app) -> None:  # type: ignore[no-untyped-def]
    runner.invoke(
        args=["users", "create", "root_admin", "--role", "admin", "--password-stdin"],
        input="the one and only admin phrase\n",
    )
    result = runner.invoke(args=["users", "set-role", "root_admin", "teacher"])
    assert result.exit_code == 1 and "only admin" in result.output


def test_export_writes_what_import_reads_back_unchanged(runner, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in" / "sample.toml"
    source.parent.mkdir()
    shutil.copy(SAMPLE_BANKS / "sample.toml", source)
    assert runner.invoke(args=["banks", "import", str(source)]).exit_code == 0
    out = tmp_path / "out"
    first = runner.invoke(args=["banks", "export", "sample", "--to", str(out)])
    assert first.exit_code == 0 and f"wrote {out / 'sample.toml'} (9 question(s))" in first.output
    written = (out / "sample.toml").read_bytes()
    again = runner.invoke(args=["banks", "import", str(out / "sample.toml")])
    assert again.exit_code == 0 and "0 updated, 9 unchanged" in again.output
    runner.invoke(args=["banks", "export", "sample", "--to", str(out)])
    assert (out / "sample.toml").read_bytes() == written
    missing = runner.invoke(args=["banks", "export", "nope", "--to", str(out)])
    assert missing.exit_code == 1 and "There is no bank called 'nope'" in missing.output


def test_import_names_a_conflict_and_prefer_file_settles_it(runner, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sample.toml"
    shutil.copy(SAMPLE_BANKS / "sample.toml", path)
    assert runner.invoke(args=["banks", "import", str(path)]).exit_code == 0
    with app.app_context():
        admin = accounts.register("root", "a long admin password", "UTC", role="admin").id
        question = db.session.scalars(select(Question).where(Question.key == "sample.short")).one()
        raw = raw_of(question.key, content_of(question)) | {"prompt": "Who led Roscosmos?"}
        now = question.updated_at
        assert isinstance(
            question_edit.save(Actor(admin, "root"), "sample", question.id, raw, now),
            question_edit.Saved,
        )
        db.session.remove()
    path.write_text(path.read_text().replace("Who headed Roscosmos", "Who ran Roscosmos"))
    refused = runner.invoke(args=["banks", "import", str(path)])
    assert (
        refused.exit_code == 1
        and "[sample.short] conflict: edited in the browser" in refused.output
    )
    settled = runner.invoke(args=["banks", "import", "--prefer-file", str(path)])
    assert settled.exit_code == 0 and "1 updated" in settled.output
