from pathlib import Path

from quizapp.core.bankfile import load_banks

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
cite = ["000_874f975c85c112d9.txt#5"]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _messages(tmp_path: Path, *texts: str) -> list[str]:
    paths = [_write(tmp_path, f"b{i}.toml", t) for i, t in enumerate(texts)]
    _, problems = load_banks(paths)
    return [str(p) for p in problems]


def test_a_good_bank_loads(tmp_path: Path) -> None:
    banks, problems = load_banks([_write(tmp_path, "b.toml", GOOD)])
    assert problems == []
    question = banks[0].questions[0]
    assert (question.key, question.line, str(question.cite[0])) == (
        "t.one",
        5,
        "000_874f975c85c112d9.txt#5",
    )


def test_citation_to_a_missing_paragraph_names_file_line_and_key(tmp_path: Path) -> None:
    text = GOOD.replace("#5", "#30")
    [message] = _messages(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'b0.toml'}:13: [t.one] citation")
    assert "paragraphs 1 to 29" in message


def test_citation_to_page_furniture_is_rejected(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, GOOD.replace("#5", "#9"))
    assert "page furniture" in message


def test_duplicate_key_across_files(tmp_path: Path) -> None:
    other = GOOD.replace('slug = "t"', 'slug = "u"')
    [message] = _messages(tmp_path, GOOD, other)
    assert message.endswith("[t.one] duplicate key") and "b1.toml:5:" in message


def test_question_without_explanation_or_citation(tmp_path: Path) -> None:
    text = GOOD.replace('explanation = "Roscosmos is Russia\'s agency."\n', "").replace(
        'cite = ["000_874f975c85c112d9.txt#5"]\n', ""
    )
    messages = _messages(tmp_path, text)
    assert any("question without explanation" in m for m in messages)
    assert any("question without citation" in m for m in messages)


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
