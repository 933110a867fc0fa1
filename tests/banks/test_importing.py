"""Importing bank files: all or nothing, updates in place, retirement instead of deletion."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.accounts import services as accounts
from quizapp.banks.importing import import_files
from quizapp.banks.models import Question
from quizapp.errors import ImportRejected
from quizapp.extensions import db
from quizapp.study import answers
from quizapp.study import services as study
from quizapp.study.models import Review
from tests.conftest import SAMPLE_BANKS, Clock


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.toml"
    shutil.copy(SAMPLE_BANKS / "sample.toml", path)
    shutil.copytree(SAMPLE_BANKS / "sources", tmp_path / "sources")  # the sources it cites
    return path


def _count() -> int:
    return db.session.scalar(select(func.count(Question.id))) or 0


def test_reimport_is_idempotent(ctx: None, clock: Clock, bank_file: Path) -> None:
    first = import_files([bank_file], clock.now)
    again = import_files([bank_file], clock.now)
    assert (first.added, again.added, again.unchanged, again.updated) == (9, 0, 9, 0)
    assert _count() == 9


def test_edited_question_is_updated_in_place_and_keeps_history(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    user = accounts.register("sam", "a long password", "UTC").id
    shown = study.next_question(accounts.get_account(user), "sample", clock.now, "s", 20)
    assert isinstance(shown, study.Shown)
    answers.submit_answer(user, "sample", shown.token, "Roscosmos", clock.now, "s")
    text = bank_file.read_text().replace(
        "Which agency signed for Russia?", "Which agency signed for Moscow?"
    )
    bank_file.write_text(text)
    summary = import_files([bank_file], clock.now)
    assert (summary.updated, summary.unchanged) == (1, 8)
    question = db.session.get_one(Question, shown.question_id)
    assert question.prompt == "Which agency signed for Moscow?"
    assert (
        db.session.scalar(select(func.count(Review.id)).where(Review.question_id == question.id))
        == 1
    )


def test_removed_question_is_retired_then_restored(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    original = bank_file.read_text()
    start = original.index('[[questions]]\nkey = "sample.numeric"')
    end = original.index("[[questions]]", start + 5)
    bank_file.write_text(original[:start] + original[end:])
    assert import_files([bank_file], clock.now).retired == 1
    retired = db.session.scalar(select(Question).where(Question.key == "sample.numeric"))
    assert retired is not None and retired.retired_at == clock.now
    bank_file.write_text(original)
    assert import_files([bank_file], clock.now).restored == 1
    assert db.session.get_one(Question, retired.id).retired_at is None


def test_one_bad_question_rejects_the_whole_run(
    ctx: None, clock: Clock, bank_file: Path, tmp_path: Path
) -> None:
    good_other = tmp_path / "other.toml"
    good_other.write_text(
        bank_file.read_text()
        .replace('slug = "sample"', 'slug = "other"')
        .replace('key = "sample.', 'key = "other.')
    )
    bank_file.write_text(bank_file.read_text().replace('answer = "Roscosmos"', 'answer = "Mars"'))
    with pytest.raises(ImportRejected) as caught:
        import_files([good_other, bank_file], clock.now)
    [problem] = caught.value.problems
    assert problem.startswith(
        f"{bank_file}:13: [sample.choice] answer must be exactly one of the options"
    )
    assert _count() == 0


def test_bad_edit_changes_nothing_already_imported(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    bank_file.write_text(
        bank_file.read_text().replace("Which agency", "Whose agency").replace("#5", "#9")
    )
    with pytest.raises(ImportRejected):
        import_files([bank_file], clock.now)
    assert db.session.scalar(select(Question.prompt).where(Question.key == "sample.choice")) == (
        "Which agency signed for Russia?"
    )
