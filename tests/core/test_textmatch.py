import pytest

from quizapp.core.textmatch import Match, match_answer, normalize, within_one_edit


def test_normalize_folds_case_accents_punctuation_and_articles() -> None:
    assert normalize("  The Ç-N.S.A!  ") == "c n s a"
    assert normalize("Moscow\u2019s plan") == "moscows plan"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("dmitry rogozin", Match.EXACT),
        ("DMITRY ROGOZIN.", Match.EXACT),
        ("Dmitry Rogozn", Match.TYPO),  # one missing letter in a long word
        ("Dmirty Rogozin", Match.TYPO),  # swapped letters
        ("Rogozin", Match.EXACT),  # second accepted form
        ("Dmitry Ragazan", Match.NONE),  # two letters wrong
        ("Rogozin Dmitry", Match.NONE),
        ("", Match.NONE),
    ],
)
def test_typed_names_are_matched_leniently(given: str, expected: Match) -> None:
    assert match_answer(given, ["Dmitry Rogozin", "Rogozin"]) is expected


def test_short_words_get_no_typo_tolerance() -> None:
    assert match_answer("NASe", ["NASA"]) is Match.NONE


def test_a_year_must_be_exact() -> None:
    assert match_answer("2011", ["2011"]) is Match.EXACT
    assert match_answer("2012", ["2011"]) is Match.NONE
    assert match_answer("2O11", ["2011"]) is Match.NONE


def test_one_edit_distance() -> None:
    assert within_one_edit("abcde", "abde")
    assert within_one_edit("abcde", "abxde")
    assert within_one_edit("abcde", "bacde")
    assert not within_one_edit("abcde", "badce")
    assert not within_one_edit("abcde", "abc")
