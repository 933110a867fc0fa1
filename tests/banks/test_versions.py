"""Question versions from files and the browser; import conflicts; byte-stable export."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.audit.services import Actor
from quizapp.banks import history, question_edit
from quizapp.banks.export import export_bank, export_banks
from quizapp.banks.importing import import_files
from quizapp.banks.models import Question, QuestionVersion
from quizapp.banks.versions import content_from_raw, content_of, raw_of
from quizapp.core.bankfile import bank_paths
from quizapp.errors import ImportRejected
from quizapp.extensions import db
from quizapp.study import answers, feedback
from quizapp.study import services as study
from quizapp.study.models import Review
from tests.conftest import SAMPLE_BANKS, Clock

PROMPT = "Which agency signed for Russia?"


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.toml"
    shutil.copy(SAMPLE_BANKS / "sample.toml", path)
    shutil.copytree(SAMPLE_BANKS / "sources", tmp_path / "sources")  # the sources it cites
    return path


def _question(key: str) -> Question:
    db.session.expire_all()
    return db.session.scalars(select(Question).where(Question.key == key)).one()


def _versions(key: str) -> list[QuestionVersion]:
    question = _question(key)
    return list(
        db.session.scalars(
            select(QuestionVersion)
            .where(QuestionVersion.question_id == question.id)
            .order_by(QuestionVersion.number)
        )
    )


def _admin() -> int:
    return accounts.register("root", "a long admin password", "UTC", role="admin").id


def _browser_edit(user_id: int, key: str, clock: Clock, **changes: Any) -> None:
    question = _question(key)
    raw = raw_of(question.key, content_of(question)) | changes
    outcome = question_edit.save(
        Actor(user_id, "root"), "sample", question.id, raw, clock.now, "keep"
    )
    assert isinstance(outcome, question_edit.Saved) and outcome.version > 1


def test_import_makes_a_version_per_change_and_none_when_unchanged(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    import_files([bank_file], clock.now)
    [first] = _versions("sample.choice")
    assert (first.number, first.source, first.source_detail) == (1, "import", str(bank_file))
    bank_file.write_text(bank_file.read_text().replace(PROMPT, "Which agency signed for Moscow?"))
    import_files([bank_file], clock.advance(minutes=5))
    versions = _versions("sample.choice")
    assert [(v.number, v.content["prompt"]) for v in versions] == [
        (1, PROMPT),
        (2, "Which agency signed for Moscow?"),
    ]
    assert _question("sample.choice").version_id == versions[1].id


def test_a_browser_edit_survives_reimporting_the_unchanged_file(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    _browser_edit(_admin(), "sample.choice", clock, prompt="Which agency signed for Moscow?")
    summary = import_files([bank_file], clock.advance(minutes=1))
    assert summary.kept == ["sample.choice"]
    assert _question("sample.choice").prompt == "Which agency signed for Moscow?"
    assert [v.source for v in _versions("sample.choice")] == ["import", "browser"]


def test_a_file_changed_after_a_browser_edit_is_a_conflict_and_nothing_is_imported(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    _browser_edit(_admin(), "sample.choice", clock, prompt="Which agency signed for Moscow?")
    text = bank_file.read_text().replace(PROMPT, "Which agency signed in Moscow?")
    text = text.replace("Who headed Roscosmos and signed for it?", "Who led Roscosmos?")
    bank_file.write_text(text)
    with pytest.raises(ImportRejected) as caught:
        import_files([bank_file], clock.advance(minutes=1))
    [message] = caught.value.problems
    line = text.splitlines().index('key = "sample.choice"')  # the [[questions]] line before it
    assert message.startswith(f"{bank_file}:{line}: [sample.choice] conflict:")
    assert "root" in message and "--prefer-file" in message
    assert _question("sample.short").prompt == "Who headed Roscosmos and signed for it?"
    assert _question("sample.choice").prompt == "Which agency signed for Moscow?"

    summary = import_files([bank_file], clock.advance(minutes=1), prefer_file=True)
    assert summary.updated == 2
    assert _question("sample.choice").prompt == "Which agency signed in Moscow?"
    assert [v.source for v in _versions("sample.choice")] == ["import", "browser", "import"]


def test_a_question_made_in_the_browser_is_not_retired_by_its_school_banks_file(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    raw = raw_of("sample.extra", content_of(_question("sample.choice")))
    outcome = question_edit.save(Actor(_admin(), "root"), "sample", None, raw, clock.now)
    assert isinstance(outcome, question_edit.Saved)
    summary = import_files([bank_file], clock.advance(minutes=1))
    assert (summary.retired, summary.kept) == (0, ["sample.extra"])
    assert _question("sample.extra").retired_at is None


def test_export_is_byte_stable_and_imports_as_unchanged(
    ctx: None, clock: Clock, bank_file: Path, tmp_path: Path
) -> None:
    import_files([bank_file], clock.now)
    first = export_bank("sample").toml
    out = tmp_path / "out" / "sample.toml"
    out.parent.mkdir()
    out.write_text(first, encoding="utf-8")
    summary = import_files([out], clock.advance(minutes=1), school_dir=bank_file.parent)
    assert (summary.updated, summary.added, summary.unchanged) == (0, 0, 9)
    assert export_bank("sample").toml == first
    assert [v.number for v in _versions("sample.choice")] == [1]


def test_the_shipped_banks_are_exactly_what_export_writes(ctx: None, clock: Clock) -> None:
    """The files in question_banks/ are in the export's format: `flask banks export` after an
    import rewrites them byte for byte, so a browser edit exported shows as a small diff."""
    paths = bank_paths([], Path("question_banks"))
    import_files(paths, clock.now)
    exported = {bank.slug: bank.toml for bank in export_banks([])}
    for path in paths:
        assert exported[path.stem] == path.read_text(encoding="utf-8"), path


def test_an_answer_records_its_version_and_feedback_shows_the_question_as_asked(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    student = accounts.register("sam", "a long password", "UTC").id
    shown = study.next_question(accounts.get_account(student), "sample", clock.now, "s", 20)
    assert isinstance(shown, study.Shown) and shown.prompt == PROMPT
    recorded = answers.submit_answer(student, "sample", shown.token, "Roscosmos", clock.now, "s")
    _browser_edit(_admin(), "sample.choice", clock, prompt="Which agency signed for Moscow?")
    review = db.session.get_one(Review, recorded.review_id)
    assert review.version_id == _versions("sample.choice")[0].id
    page = feedback.feedback(student, "sample", recorded.review_id)
    assert page.prompt == PROMPT


def test_history_lists_versions_diffs_and_restores(
    ctx: None, clock: Clock, bank_file: Path
) -> None:
    import_files([bank_file], clock.now)
    admin = _admin()
    _browser_edit(admin, "sample.choice", clock, prompt="Which agency signed for Moscow?")
    question_id = _question("sample.choice").id
    found = history.history(admin, "sample", question_id)
    assert [(v.number, v.current) for v in found.versions] == [(2, True), (1, False)]
    assert found.versions[0].where == "browser, by root"
    assert found.versions[1].where == "sample.toml at import"  # never the server's folders
    changed = [(d.change, d.text) for d in found.diff(1, 2) if d.change != "same"]
    assert changed == [
        ("removed", f"Prompt: {PROMPT}"),
        ("added", "Prompt: Which agency signed for Moscow?"),
    ]
    assert history.restore(admin, "sample", question_id, 1, clock.now) == 3
    assert _question("sample.choice").prompt == PROMPT
    assert _versions("sample.choice")[2].source == "restore"


def test_a_formula_question_keeps_its_flag_as_a_version_and_back() -> None:
    raw = {
        "key": "algebra.half",
        "type": "short",
        "prompt": "Half of x?",
        "answers": [r"\frac{x}{2}"],
        "formula": True,
        "explanation": "",
        "tags": ["easy"],
        "cite": [],
    }
    content = content_from_raw(raw)
    assert content["spec"]["formula"] is True
    assert raw_of("algebra.half", content) == raw
