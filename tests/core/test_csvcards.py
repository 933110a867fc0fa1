import csv
import io
from typing import Any

import pytest

from quizapp.core.formats import csvcards
from quizapp.core.formats.common import ImportDefaults, Parsed
from tests.citing import SHIPPED

CITE = "nbc-lunar#5"
OTHER_CITE = "silkroad-moon#9"
DEFAULTS = ImportDefaults(tags=("medium",), cite=(CITE,), rule=SHIPPED)


def _parse(text: str, taken: set[str] | None = None) -> Parsed:
    return csvcards.parse(text, "b", taken or set(), DEFAULTS)


def _problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in _parse(text).problems]


def test_term_and_definition_make_a_flashcard() -> None:
    parsed = _parse("term,definition\nMoU,Memorandum of understanding\n")
    assert parsed.problems == ()
    [card] = parsed.questions
    assert card.line == 2
    assert card.raw == {
        "key": "b.mou",
        "type": "flashcard",
        "prompt": "MoU",
        "answer": "Memorandum of understanding",
        "explanation": "",
        "tags": ["medium"],
        "cite": [CITE],
    }


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found_from_the_header(delimiter: str) -> None:
    header = delimiter.join(["Definition", "TERM", "Tags", "Cite", "Explanation", "Key"])
    row = delimiter.join(
        ["Roscosmos", "Russian agency?", '"agencies; easy"', f'"{CITE}; {OTHER_CITE}"']
    )
    text = f"\ufeff{header}\r\n{row}{delimiter}Rogozin ran it.{delimiter}b.ros\r\n"
    [card] = _parse(text).questions
    assert card.raw == {
        "key": "b.ros",
        "type": "flashcard",
        "prompt": "Russian agency?",
        "answer": "Roscosmos",
        "explanation": "Rogozin ran it.",
        "tags": ["agencies", "easy"],
        "cite": [CITE, OTHER_CITE],
    }


def test_quoted_cells_may_hold_line_breaks_and_lines_stay_the_files() -> None:
    text = (
        "term,definition,tags\n"  # 1
        '"Two\nlines",answer,easy\n'  # 2-3
        "\n"  # 4
        'Third,"a, b",\n'  # 5
    )
    parsed = _parse(text)
    assert parsed.problems == ()
    assert [(q.line, q.raw["prompt"], q.raw["answer"]) for q in parsed.questions] == [
        (2, "Two\nlines", "answer"),
        (5, "Third", "a, b"),
    ]


def test_line_ends_inside_a_quoted_cell_are_kept_as_plain_line_breaks() -> None:
    text = 'term,definition\r\n"Two\r\nlines","old\rMac"\r\n'
    [card] = _parse(text).questions
    assert (card.raw["prompt"], card.raw["answer"]) == ("Two\nlines", "old\nMac")


def test_taken_or_invalid_keys_are_replaced_and_unknown_columns_ignored() -> None:
    text = "key,term,definition,notes\nb.mou,MoU,memorandum,x\nBad Key,MoU,memo,y\n,CNSA,agency,z\n"
    keys = [q.raw["key"] for q in _parse(text, {"b.mou"}).questions]
    assert keys == ["b.mou-2", "b.mou-3", "b.cnsa"]


def test_a_header_without_term_or_definition_is_refused() -> None:
    assert _problems("front,back\na,b\n") == [
        (
            1,
            "the header row lacks the column(s) term, definition: the first row must name the"
            " columns, with term and definition among them (comma, semicolon or tab between);"
            " for a file exported from Quizlet, choose Quizlet export as the format",
        )
    ]


def test_duplicate_columns_and_extra_cells_are_reported_by_line() -> None:
    assert _problems("term,definition,Term\na,b,c\n")[0] == (
        1,
        "the column 'term' appears twice in the header: keep one",
    )
    [(line, message)] = _problems("term,definition\na,b\nc,d,e\n")
    assert line == 3 and message.startswith("3 cells but 2 columns")


def test_empty_cells_are_reported_by_the_bank_checks_at_their_row() -> None:
    parsed = csvcards.parse(
        "term,definition\nMoU,\n,answer\n", "b", set(), ImportDefaults(rule=SHIPPED)
    )
    found = {(p.line, p.message) for p in parsed.problems}
    assert (2, "a flashcard needs an answer (its back)") in found
    assert (3, "question without prompt") in found
    assert any(line == 2 and "fill the cite column" in m for line, m in found)


def test_an_unreadable_row_is_reported_at_its_line() -> None:
    [(line, message)] = _problems('term,definition\na,b\nc,"d\ne,f\n')
    assert line == 3 and message.startswith("not readable as CSV (unexpected end of data)")
    [(line, message)] = _problems('term,definition\na,"b"c\n')
    assert line == 2 and "a double quote inside it is written twice" in message


def test_a_file_with_a_header_only_is_a_problem() -> None:
    assert _problems("term,definition\n") == [(1, "the file holds no questions")]


def _question(**fields: Any) -> dict[str, Any]:
    return {"key": "b.q", "explanation": "", "tags": ["easy"], "cite": [CITE], **fields}


def test_dump_writes_the_header_and_one_row_a_question() -> None:
    questions = [
        _question(
            type="flashcard", prompt="MoU", answer="memo, of understanding", tags=["a", "easy"]
        ),
        _question(key="b.c", type="cloze", prompt="Signed by {{Rogozin|Dmitry Rogozin}}."),
        _question(key="b.n", type="numeric", prompt="When?", answer=2021, cite=[CITE, OTHER_CITE]),
        _question(key="b.m", type="matching", prompt="Match.", pairs=[["a", "b"], ["c", "d"]]),
    ]
    rows = list(csv.reader(io.StringIO(csvcards.dump(questions))))
    assert rows == [
        ["key", "term", "definition", "explanation", "tags", "cite"],
        ["b.q", "MoU", "memo, of understanding", "", "a; easy", CITE],
        ["b.c", "Signed by _____.", "Signed by Rogozin.", "", "easy", CITE],
        ["b.n", "When?", "2021", "", "easy", f"{CITE}; {OTHER_CITE}"],
        ["b.m", "Match.", "a → b; c → d", "", "easy", CITE],
    ]


def test_reading_a_dump_back_makes_every_row_a_flashcard() -> None:
    choice = _question(type="choice", prompt="Which?", options=["a", "b"], answer="b")
    [card] = _parse(csvcards.dump([choice])).questions
    assert card.raw == {**_question(type="flashcard", prompt="Which?", answer="b")}


FORMULAS = ["=1+1", "+44 20 7946 0000", "-273 °C", "@SUM(A1)", "'=1+1", "''-1", "\t=1", "\r=1"]


def test_dump_writes_no_cell_a_spreadsheet_runs_and_reads_back_the_same_text() -> None:
    cards = [
        _question(key=f"b.f{n}", type="flashcard", prompt=text, answer=text, explanation=text)
        for n, text in enumerate(FORMULAS)
    ]
    text = csvcards.dump(cards)
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert [c for c in cells if c[:1] in {"=", "+", "-", "@", "\t", "\r"}] == []
    back = [card.raw for card in _parse(text).questions]
    assert [(r["prompt"], r["answer"], r["explanation"]) for r in back] == [
        (t.strip(), t.strip(), t.strip()) for t in FORMULAS
    ]
