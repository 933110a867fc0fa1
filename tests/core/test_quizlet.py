import pytest

from quizapp.core.formats import csvcards, quizlet
from quizapp.core.formats.common import ImportDefaults, Parsed
from quizapp.core.formats.quizlet import Separators
from tests.citing import SHIPPED

CITE = "nbc-lunar#5"
DEFAULTS = ImportDefaults(tags=("medium",), cite=(CITE,), rule=SHIPPED)


def _parse(text: str, separators: Separators = quizlet.DEFAULT) -> Parsed:
    return quizlet.parse_with(separators, text, "b", set(), DEFAULTS)


def _cards(parsed: Parsed) -> list[tuple[int, str, str]]:
    return [(q.line, q.raw["prompt"], q.raw["answer"]) for q in parsed.questions]


def test_quizlets_default_export_makes_a_flashcard_of_each_row() -> None:
    parsed = _parse("\ufeffMoU\tMemorandum of understanding\nCNSA\tChina's space agency\n")
    assert parsed.problems == ()
    assert parsed.questions[0].raw == {
        "key": "b.mou",
        "type": "flashcard",
        "prompt": "MoU",
        "answer": "Memorandum of understanding",
        "explanation": "",
        "tags": ["medium"],
        "cite": [CITE],
    }
    assert _cards(parsed)[1] == (2, "CNSA", "China's space agency")


@pytest.mark.parametrize(
    ("separators", "text"),
    [
        (Separators(",", ";"), "MoU,memo, of understanding;\nILRS,lunar\r\nstation;"),
        (Separators(" - ", "||"), "MoU - memo, of understanding||\nILRS - lunar\nstation||"),
    ],
)
def test_the_chosen_separators_cut_rows_and_cards(separators: Separators, text: str) -> None:
    parsed = _parse(text, separators)
    assert parsed.problems == ()
    assert _cards(parsed) == [
        (1, "MoU", "memo, of understanding"),
        (2, "ILRS", "lunar\nstation"),
    ]


def test_a_row_without_the_separator_is_reported_at_its_line() -> None:
    parsed = _parse("MoU\tmemo\n\nCNSA, agency\n", Separators())
    assert [(p.line, p.message) for p in parsed.problems] == [
        (
            3,
            "no tab between term and definition in this card: choose the separators the file"
            " was exported with",
        )
    ]
    assert "no “ - ” between" in _parse("MoU\tmemo", Separators(" - ")).problems[0].message


def test_a_first_row_naming_the_columns_is_read_as_a_header() -> None:
    assert _cards(_parse("Term\tDefinition\nMoU\tmemo\n")) == [(2, "MoU", "memo")]
    exported = csvcards.dump(
        [
            {
                "key": "b.q",
                "type": "flashcard",
                "prompt": "MoU",
                "answer": "memo, of",
                "explanation": "",
                "tags": ["easy"],
                "cite": [CITE],
            }
        ]
    )
    assert _parse(exported) == csvcards.parse(exported, "b", set(), DEFAULTS)
    assert _cards(_parse("term\tdefinition, more\nMoU\tmemo\n")) == [
        (1, "term", "definition, more"),
        (2, "MoU", "memo"),
    ]


def test_a_missing_source_says_to_pick_one_in_the_import_form() -> None:
    parsed = quizlet.parse_with(Separators(), "MoU\tmemo", "b", set(), ImportDefaults(rule=SHIPPED))
    assert any("Quizlet files cannot name sources" in p.message for p in parsed.problems)
