import pytest

from quizapp.core.textmatch import Match, match_answer, normalize, within_one_edit


def test_normalize_folds_case_accents_punctuation_and_articles() -> None:
    assert normalize("  The Çnsa-Roscosmos deal!  ") == "cnsa roscosmos deal"
    assert normalize("Moscow\u2019s plan") == "moscows plan"


def test_ampersand_is_and() -> None:
    assert normalize("Rights&Responsibilities") == "rights and responsibilities"
    assert match_answer("rights & responsibilities", ["rights and responsibilities"]) is Match.EXACT


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("The C.N.S.A.!", "cnsa"),
        ("M.O.U", "mou"),
        ("U.S.-led", "us led"),
        ("memorandum of understanding (M.O.U.)", "memorandum of understanding mou"),
        ("M. O. U.", "m o u"),  # spaced letters are read as letters
        ("D.Rogozin", "d rogozin"),  # an initial before a name is not an initialism
    ],
)
def test_dotted_initialisms_run_together(typed: str, folded: str) -> None:
    assert normalize(typed) == folded


def test_dotted_initialism_matches_the_plain_one() -> None:
    assert match_answer("M.O.U.", ["MoU"]) is Match.EXACT
    assert match_answer("the U.S.A.", ["USA"]) is Match.EXACT


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


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Rusia", Match.TYPO),
        ("Russsia", Match.TYPO),
        ("Prussia", Match.NONE),  # another country's name
        ("Tussia", Match.NONE),  # the first letter is kept by a typo
        ("Russian", Match.NONE),  # a word of its own
    ],
)
def test_a_typo_keeps_the_first_letter_and_makes_no_other_word(given: str, expected: Match) -> None:
    assert match_answer(given, ["Russia"]) is expected


def test_short_words_get_no_typo_tolerance() -> None:
    assert match_answer("NASe", ["NASA"]) is Match.NONE


def test_a_year_must_be_exact() -> None:
    assert match_answer("2011", ["2011"]) is Match.EXACT
    assert match_answer("2012", ["2011"]) is Match.NONE
    assert match_answer("2O11", ["2011"]) is Match.NONE
    assert match_answer("in 2011", ["2011"]) is Match.NONE


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [("2021.", "2021"), ("09", "9"), ("9.", "9"), (" 2,5 ", "2.5"), ("2021", "2021.")],
)
def test_a_number_may_have_a_full_stop_leading_zeros_or_a_decimal_comma(
    typed: str, accepted: str
) -> None:
    assert match_answer(typed, [accepted]) is Match.EXACT


@pytest.mark.parametrize("typed", ["2021..", "20.21", "9 9", "."])
def test_other_text_is_not_the_number(typed: str) -> None:
    assert match_answer(typed, ["2021", "9"]) is Match.NONE


def test_one_edit_distance() -> None:
    assert within_one_edit("abcde", "abde")
    assert within_one_edit("abcde", "abxde")
    assert within_one_edit("abcde", "bacde")
    assert not within_one_edit("abcde", "badce")
    assert not within_one_edit("abcde", "abc")
