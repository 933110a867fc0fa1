from pathlib import Path

import pytest

from quizapp.core.bankfile import bank_paths, load_banks
from quizapp.core.tomlbank import dump_bank
from tests.citing import SHIPPED_SOURCES

GOOD = """[bank]
slug = "t"
title = "T"

[[questions]]
key = "t.one"
type = "choice"
prompt = "Which agency is Russian?"
options = ["Roscosmos", "NASA"]
answer = "Roscosmos"
explanation = "Roscosmos is Russia's agency."
tags = ["agencies", "easy"]
cite = ["nbc-lunar#5"]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _messages(tmp_path: Path, *texts: str) -> list[str]:
    paths = [_write(tmp_path, f"b{i}.toml", t) for i, t in enumerate(texts)]
    _, problems = load_banks(paths, SHIPPED_SOURCES)
    return [str(p) for p in problems]


def test_a_good_bank_loads(tmp_path: Path) -> None:
    banks, problems = load_banks([_write(tmp_path, "b.toml", GOOD)], SHIPPED_SOURCES)
    assert problems == []
    question = banks[0].questions[0]
    assert (question.key, question.line, str(question.cite[0])) == (
        "t.one",
        5,
        "nbc-lunar#5",
    )


def test_citation_to_a_missing_paragraph_names_file_line_and_key(tmp_path: Path) -> None:
    text = GOOD.replace("#5", "#30")
    [message] = _messages(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'b0.toml'}:13: [t.one] 'nbc-lunar#30'")
    assert "paragraphs 1 to 29" in message


def test_citation_to_page_furniture_is_rejected(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, GOOD.replace("#5", "#9"))
    assert "paragraph 9 of NBC News" in message and "not part of its content" in message


def test_a_citation_by_the_old_file_name_means_the_same_paragraph(tmp_path: Path) -> None:
    banks, problems = load_banks(
        [_write(tmp_path, "b.toml", GOOD.replace("nbc-lunar#5", "000_874f975c85c112d9.txt#5"))],
        SHIPPED_SOURCES,
    )
    assert problems == []
    assert [str(c) for c in banks[0].questions[0].cite] == ["nbc-lunar#5"]


def test_a_citation_to_an_unknown_source_is_refused(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, GOOD.replace("nbc-lunar#5", "my-notes#5"))
    assert "this bank has no source called 'my-notes'" in message


def test_duplicate_key_across_files(tmp_path: Path) -> None:
    other = GOOD.replace('slug = "t"', 'slug = "u"')
    [message] = _messages(tmp_path, GOOD, other)
    assert message.endswith("[t.one] duplicate key") and "b1.toml:5:" in message


def test_a_question_without_citation_is_refused_only_where_the_bank_requires_one(
    tmp_path: Path,
) -> None:
    text = GOOD.replace('cite = ["nbc-lunar#5"]\n', "")
    assert _messages(tmp_path, text) == []
    required = text.replace('title = "T"\n', 'title = "T"\nrequire_citations = true\n')
    [message] = _messages(tmp_path, required)
    assert "Pick the paragraph this fact comes from" in message


def test_explanation_is_optional_but_must_be_a_text(tmp_path: Path) -> None:
    without = GOOD.replace('explanation = "Roscosmos is Russia\'s agency."\n', "")
    assert _messages(tmp_path, without) == []
    number = GOOD.replace('explanation = "Roscosmos is Russia\'s agency."', "explanation = 3")
    assert any("explanation must be a text" in m for m in _messages(tmp_path, number))


def test_every_shipped_question_explains_its_answer() -> None:
    banks, problems = load_banks(bank_paths([], Path("question_banks")))
    assert problems == []
    unexplained = [q.key for b in banks for q in b.questions if not q.explanation.strip()]
    assert unexplained == []


def test_duplicate_options(tmp_path: Path) -> None:
    [message] = _messages(
        tmp_path, GOOD.replace('["Roscosmos", "NASA"]', '["Roscosmos", "NASA", "nasa"]')
    )
    assert ":9: [t.one] duplicate option 'nasa'" in message


def test_answer_must_be_an_option(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, GOOD.replace('answer = "Roscosmos"', 'answer = "CNSA"'))
    assert ":10: [t.one] answer must be exactly one of the options" in message


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, GOOD.replace('title = "T"', "title = T"))
    assert ":3: TOML:" in message


def test_unknown_type_and_missing_difficulty(tmp_path: Path) -> None:
    messages = _messages(tmp_path, GOOD.replace('"choice"', '"essay"').replace(', "easy"', ""))
    assert any(":7: [t.one] unknown type 'essay'" in m for m in messages)
    assert any("exactly one of easy, medium, hard" in m for m in messages)


def test_a_title_longer_than_its_column_is_reported(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, GOOD.replace('title = "T"', f'title = "{"T" * 201}"'))
    assert message == f"{tmp_path / 'b0.toml'}:3: [bank] title: at most 200 characters"


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ('"first"', "position must be a whole number"),
        ('"7"', "position must be a whole number"),
        ("true", "position must be a whole number"),
        ("1.5", "position must be a whole number"),
        ("99999999999", "position must be between 0 and 2147483647"),
        ("-1", "position must be between 0 and 2147483647"),
    ],
)
def test_a_bank_position_must_fit_its_column(tmp_path: Path, position: str, expected: str) -> None:
    text = GOOD.replace('title = "T"\n', f'title = "T"\nposition = {position}\n')
    [message] = _messages(tmp_path, text)
    assert message == f"{tmp_path / 'b0.toml'}:4: [bank] {expected}"


NUMERIC = GOOD.replace(
    """type = "choice"
prompt = "Which agency is Russian?"
options = ["Roscosmos", "NASA"]
answer = "Roscosmos\"""",
    """type = "numeric"
prompt = "In which year?"
answer = 2011""",
)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_numeric_answer_must_be_a_finite_number(tmp_path: Path, value: str) -> None:
    [message] = _messages(tmp_path, NUMERIC.replace("answer = 2011", f"answer = {value}"))
    assert message.endswith(":9: [t.one] answer must be a finite number")


def test_a_tolerance_must_be_finite(tmp_path: Path) -> None:
    text = NUMERIC.replace("answer = 2011", "answer = 2011\ntolerance = inf")
    [message] = _messages(tmp_path, text)
    assert message.endswith(":10: [t.one] tolerance must be a finite number of at least 0")


def test_a_misspelt_field_is_reported_not_ignored(tmp_path: Path) -> None:
    text = NUMERIC.replace("answer = 2011", "answer = 2011\ntolerence = 1")
    [message] = _messages(tmp_path, text)
    assert message.endswith(":10: [t.one] unknown field 'tolerence' for a numeric question")


def test_control_characters_in_text_are_reported(tmp_path: Path) -> None:
    text = GOOD.replace('prompt = "Which agency', 'prompt = "Which\\u0000 agency')
    [message] = _messages(tmp_path, text)
    assert message.endswith(":8: [t.one] prompt contains a control character")


def test_text_longer_than_a_student_can_type_is_reported(tmp_path: Path) -> None:
    long_key = "t." + "k" * 119
    messages = _messages(
        tmp_path,
        GOOD.replace('key = "t.one"', f'key = "{long_key}"').replace(
            '"Roscosmos", "NASA"]', f'"Roscosmos", "NASA", "{"N" * 501}"]'
        ),
    )
    assert any(m.endswith(f":6: [{long_key}] key: at most 120 characters") for m in messages)
    assert any(m.endswith("options: each at most 500 characters") for m in messages)


def test_unknown_bank_fields_are_reported(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, GOOD.replace('title = "T"', 'title = "T"\ntitel = "U"'))
    assert message.endswith(":4: [bank] unknown field 'titel'")


def test_a_bank_file_is_named_within_question_banks_never_by_the_server_s_folders() -> None:
    from quizapp.core.bankfile import file_label

    assert file_label("/srv/app/question_banks/agreement.toml") == "question_banks/agreement.toml"
    assert file_label("/srv/question_banks/school/question_banks/a.toml") == "question_banks/a.toml"
    assert file_label("/tmp/pytest-7/banks/sample.toml") == "sample.toml"


FORMULA = """[bank]
slug = "f"
title = "F"

[[questions]]
key = "f.half"
type = "short"
prompt = "Half of \\\\(x\\\\)?"
answers = ["\\\\frac{x}{2}"]
formula = true
explanation = ""
tags = ["easy"]
cite = ["nbc-lunar#5"]
"""


def test_a_formula_question_keeps_its_flag_through_a_file_and_back(tmp_path: Path) -> None:
    banks, problems = load_banks([_write(tmp_path, "f.toml", FORMULA)], SHIPPED_SOURCES)
    assert problems == []
    question = banks[0].questions[0]
    assert question.spec["formula"] is True
    raw = {
        "key": question.key,
        "type": question.type,
        **question.spec,
        "explanation": question.explanation,
        "tags": list(question.tags),
        "cite": [str(c) for c in question.cite],
    }
    written = dump_bank({"slug": "f", "title": "F"}, [raw])
    assert "formula = true\n" in written
    again, problems = load_banks([_write(tmp_path, "g.toml", written)], SHIPPED_SOURCES)
    assert problems == []
    assert again[0].questions[0].spec == question.spec
