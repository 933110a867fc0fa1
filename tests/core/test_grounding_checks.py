"""The checks that a question keeps to its sources, and that no prompt gives another's answer."""

from __future__ import annotations

from typing import Any

from quizapp.core.grounding import answers_given_away, grounding_problems
from quizapp.core.wording import copied_runs, folded_words, word_runs

SIGNING = (
    "Dmitry Rogozin, the CEO of the Russian space agency, Roscosmos, and his Chinese counterpart "
    "Zhang Kejian signed a bilateral memorandum of understanding on Tuesday."
)
REBUKE = (
    "Russia and China have agreed to build a base on or around the Moon, the latest signal of "
    "geopolitical maneuvering in space and an apparent rebuke of the United States."
)
ARTEMIS = "NASA had invited Russia to join a U.S.-led lunar project known as Artemis."
ISS = "The U.S. put astronauts on the moon eight years later."
SOURCE = [SIGNING, REBUKE, ARTEMIS, ISS]


def _question(**fields: Any) -> dict[str, Any]:
    return {"key": "t.q", "type": "short", "prompt": "Who signed?", "answers": ["Rogozin"]} | {
        "explanation": "Rogozin signed for Russia."
    } | fields  # fmt: skip


Found = list[tuple[str | None, str]]


def _problems(raw: dict[str, Any], *cited: str, copy_words: int = 8) -> Found:
    texts = {f"a.txt#{n}": text for n, text in enumerate((SIGNING, *cited), 1)}
    return grounding_problems(raw, texts, SOURCE, copy_words=copy_words)


def test_a_grounded_question_has_no_problem() -> None:
    assert _problems(_question(), SIGNING) == []


def test_a_quote_the_cited_paragraph_lacks_is_reported() -> None:
    raw = _question(prompt='Who called the deal "a historic triumph"?')
    assert _problems(raw, SIGNING) == [
        ("prompt", 'the words in quotation marks, "a historic triumph", are not in the paragraphs '
         "it cites")
    ]  # fmt: skip


def test_a_quote_is_looked_for_in_the_cited_paragraphs_only() -> None:
    raw = _question(explanation='NBC News calls it "an apparent rebuke" of America.')
    assert [field for field, _ in _problems(raw, SIGNING)] == ["explanation"]
    assert _problems(raw, SIGNING, REBUKE) == []


def test_quotes_match_whatever_their_marks_case_and_punctuation() -> None:
    curly = _question(prompt="Which project is \u201cU.S.-LED\u201d, in NBC's words?")
    straight = _question(options=['"a U.S. led lunar project"', "x"])
    assert _problems(curly, ARTEMIS) == []
    assert _problems(straight, ARTEMIS) == []
    made_up = _question(prompt="Who said \u201ca historic triumph\u201d?")
    assert [f for f, _ in _problems(made_up, ARTEMIS)] == ["prompt"]


def test_a_quote_cut_with_an_ellipsis_is_found_in_its_parts() -> None:
    raw = _question(prompt='It is "a base \u2026 the Moon" and "a base ... the Sun".')
    assert [m for _, m in _problems(raw, REBUKE)] == [
        'the words in quotation marks, "a base ... the Sun", are not in the paragraphs it cites'
    ]


def test_without_any_cited_text_only_copying_is_checked() -> None:
    raw = _question(prompt='Who said "nothing like this"?', answers=["Nobody"])
    assert grounding_problems(raw, {}, SOURCE) == []
    copied = _question(prompt="Was it the latest signal of geopolitical maneuvering in space?")
    assert [f for f, _ in grounding_problems(copied, {}, SOURCE)] == ["prompt"]


def test_eight_words_copied_in_a_row_are_reported_with_the_words() -> None:
    raw = _question(explanation="NBC: the latest signal of geopolitical maneuvering in space.")
    assert _problems(raw, REBUKE) == [
        ("explanation", '8 words in a row are copied from the source: "the latest signal of '
         'geopolitical maneuvering in space". Say it in your own words, or quote it where the '
         "quote is the point.")
    ]  # fmt: skip


def test_the_copy_limit_counts_words_and_can_be_lowered() -> None:
    seven = _question(explanation="NBC saw an apparent rebuke of the United States there.")
    assert _problems(seven, REBUKE) == []
    [(field, message)] = _problems(seven, REBUKE, copy_words=7)
    assert field == "explanation"
    assert message.startswith('7 words in a row are copied from the source: "an apparent rebuke')


def test_the_united_states_and_the_us_are_the_same_words() -> None:
    raw = _question(prompt="Was it an apparent rebuke of the U.S. by Russia and China?")
    assert [f for f, _ in _problems(raw, REBUKE, copy_words=7)] == ["prompt"]


def test_copying_is_checked_in_every_field_a_student_reads() -> None:
    copied = "the latest signal of geopolitical maneuvering in space"
    for field, value in [
        ("answers", [copied]),
        ("options", [copied, "no"]),
        ("pairs", [["left", copied]]),
        ("items", ["one", copied]),
    ]:
        found = _problems(_question(**{field: value}), REBUKE)
        assert [f for f, _ in found] == [field], field


def test_a_right_option_copied_is_reported_once() -> None:
    copied = "the latest signal of geopolitical maneuvering in space"
    raw = _question(type="choice", options=[copied, "no"], answer=copied)
    assert [f for f, _ in _problems(raw, REBUKE)] == ["options"]


def test_a_cloze_prompt_is_read_with_its_blanks_filled() -> None:
    blank = "It was the latest {{signal|sign}} of geopolitical maneuvering in space."
    raw = _question(type="cloze", prompt=blank)
    assert [f for f, _ in _problems(raw, REBUKE)] == ["prompt"]


def test_words_in_quotation_marks_are_a_quote_not_a_copy() -> None:
    raw = _question(prompt='NBC saw "the latest signal of geopolitical maneuvering in space".')
    assert _problems(raw, REBUKE) == []


def test_a_short_answer_the_cited_paragraph_lacks_is_reported() -> None:
    raw = _question(answers=["Yuri Gagarin", "Gagarin"])
    assert _problems(raw, SIGNING) == [
        ("answers", 'none of the accepted answers ("Yuri Gagarin", "Gagarin") is in the '
         "paragraphs it cites")
    ]  # fmt: skip


def test_a_short_question_with_no_answer_yet_is_not_said_to_lack_one_in_its_paragraphs() -> None:
    # The editor checks an unfinished question too; "write an answer" is said beside the field.
    assert _problems(_question(answers=[]), SIGNING) == []


def test_one_accepted_answer_found_is_enough_whatever_its_case_and_dots() -> None:
    assert _problems(_question(answers=["Kejian Zhang", "zhang kejian"]), SIGNING) == []
    visit = "It may stop U.S. astronauts from visiting."
    assert _problems(_question(answers=["United States astronauts"]), visit) == []


def test_numbers_match_as_digits_or_words() -> None:
    assert _problems(_question(answers=["8 years"]), ISS) == []
    assert _problems(_question(answers=["eight"]), "It took 8 years.") == []
    assert [f for f, _ in _problems(_question(answers=["9"]), ISS)] == ["answers"]


def test_an_answer_is_a_whole_word_not_part_of_one() -> None:
    assert [f for f, _ in _problems(_question(answers=["Rog"]), SIGNING)] == ["answers"]


def test_each_cloze_blank_must_be_in_the_cited_paragraphs() -> None:
    raw = _question(type="cloze", prompt="{{Rogozin}} signed a {{treaty|pact}} on Tuesday.")
    assert _problems(raw, SIGNING) == [
        ("prompt", 'the blank "treaty": none of its accepted forms is in the paragraphs it cites')
    ]


def test_phrases_are_compared_word_by_word() -> None:
    assert folded_words("Moscow\u2019s U.S.-led plan, 2.5 times") == (
        "moscow", "united", "states", "led", "plan", "2.5", "times",
    )  # fmt: skip
    source = word_runs(folded_words(REBUKE), 4)
    assert copied_runs('Not "on or around the Moon" but on or around the Moon!', source, 4) == [
        "on or around the Moon"
    ]


# ---- answers printed in another question's prompt


def _bank(*questions: dict[str, Any]) -> list[dict[str, Any]]:
    common = {"type": "truefalse", "answer": True}
    return [{"key": f"b.{n}"} | common | q for n, q in enumerate(questions)]


def test_a_name_printed_in_another_prompt_is_given_away() -> None:
    bank = _bank(
        {"type": "short", "prompt": "Who signed for Roscosmos?", "answers": ["Dmitry Rogozin"]},
        {"prompt": "Dmitry Rogozin signed on a Tuesday."},
    )
    assert answers_given_away(bank) == [
        ("b.0", 'its answer "Dmitry Rogozin" is printed in the prompt of b.1, so a student who '
         "reads that question learns it")
    ]  # fmt: skip


def test_an_answer_its_own_prompt_prints_is_not_given_away() -> None:
    bank = _bank(
        {"type": "short", "prompt": "Rogozin heads Roscosmos. Who signed?", "answers": ["Rogozin"]},
        {"prompt": "Rogozin signed on a Tuesday."},
    )
    assert answers_given_away(bank) == []


def test_short_and_everyday_answers_are_not_given_away() -> None:
    bank = _bank(
        {"type": "short", "prompt": "Where did they land?", "answers": ["sea"]},
        {"type": "short", "prompt": "Which step is it?", "answers": ["the first"]},
        {"prompt": "The first crews came down at sea."},
    )
    assert answers_given_away(bank) == []


def test_a_word_most_prompts_use_is_the_subject_not_an_answer() -> None:
    about_russia = [{"prompt": f"Russia did thing {n}."} for n in range(6)]
    short = {"type": "short", "prompt": "Which country?", "answers": ["Russia"]}
    bank = _bank(short, *about_russia)
    assert answers_given_away(bank) == []
    assert len(answers_given_away(bank[:3])) == 2  # in a small bank, Russia is still an answer
    about_the_us = [{"prompt": f"The United States did thing {n}."} for n in range(6)]
    short = {"type": "short", "prompt": "Which country?", "answers": ["U.S.", "United States"]}
    assert answers_given_away(_bank(short, *about_the_us)) == []


def test_a_one_word_blank_is_given_away_only_with_a_word_beside_it() -> None:
    blank = {"type": "cloze", "prompt": "They will send robots to explore the {{Moon}}."}
    beside = {"prompt": "Robots will explore the Moon."}
    elsewhere = {"prompt": "A base on the Moon is planned."}
    assert [key for key, _ in answers_given_away(_bank(blank, beside))] == ["b.0"]
    assert answers_given_away(_bank(blank, elsewhere)) == []


def test_the_us_in_a_blank_is_one_word_that_needs_a_word_beside_it() -> None:
    blank = {"type": "cloze", "prompt": "Gagarin started a race with the {{United States|U.S.}}."}
    other = {"prompt": "Who works with the U.S. and Europe?", "type": "short", "answers": ["Japan"]}
    beside = {"prompt": "Was there a race with the U.S.?"}
    assert answers_given_away(_bank(blank, other)) == []
    assert [key for key, _ in answers_given_away(_bank(blank, beside))] == ["b.0"]


def test_an_abbreviation_is_short_but_telling() -> None:
    short = {"type": "short", "prompt": "What kind of document?", "answers": ["MoU"]}
    blank = {"type": "cloze", "prompt": "The station is called the {{ILRS}} for short."}
    bank = _bank(short, blank, {"prompt": "The MoU describes the ILRS in detail."})
    assert [key for key, _ in answers_given_away(bank)] == ["b.0", "b.1"]


def test_a_year_in_a_blank_is_given_away_alone() -> None:
    bank = _bank(
        {"type": "cloze", "prompt": "The ban dates from {{2011}}."},
        {"prompt": "What did the 2011 rule forbid?", "type": "short", "answers": ["trade"]},
    )
    assert [key for key, _ in answers_given_away(bank)] == ["b.0"]


def test_a_number_is_given_away_with_its_unit() -> None:
    numeric = {"type": "numeric", "prompt": "For how long?", "answer": 25, "unit": "years"}
    assert answers_given_away(_bank(numeric, {"prompt": "They were partners for 25 years."}))
    assert answers_given_away(_bank(numeric, {"prompt": "They were 25 partners."})) == []


def test_a_false_statement_teaches_nothing() -> None:
    short = {"type": "short", "prompt": "Who signed?", "answers": ["Zhang Kejian"]}
    false = {"prompt": "Zhang Kejian signed for Russia.", "answer": False}
    true = {"prompt": "Zhang Kejian signed for China."}
    assert answers_given_away(_bank(short, false)) == []
    assert [key for key, _ in answers_given_away(_bank(short, true))] == ["b.0"]


def test_only_the_right_option_of_a_choice_is_its_answer() -> None:
    choice = {
        "type": "choice",
        "prompt": "What is Roscosmos?",
        "options": ["The Russian space agency", "A tabloid"],
        "answer": "The Russian space agency",
    }
    assert answers_given_away(_bank(choice, {"prompt": "Rogozin heads the Russian space agency."}))
    assert answers_given_away(_bank(choice, {"prompt": "A tabloid interviewed Rogozin."})) == []


def test_a_quotation_mark_never_closed_hides_nothing_from_the_copy_check() -> None:
    raw = _question(prompt='Was it "the latest signal of geopolitical maneuvering in space?')
    assert [f for f, _ in _problems(raw, REBUKE)] == ["prompt"]


def test_an_answer_is_found_whichever_article_it_starts_with() -> None:
    short = {"type": "short", "prompt": "What kind of paper?", "answers": ["The Russian tabloid"]}
    bank = _bank(short, {"prompt": "A Russian tabloid interviewed Rogozin."})
    assert [key for key, _ in answers_given_away(bank)] == ["b.0"]


def test_a_blank_in_another_prompt_prints_nothing() -> None:
    short = {"type": "short", "prompt": "Who signed?", "answers": ["Dmitry Rogozin"]}
    cloze = {"type": "cloze", "prompt": "{{Dmitry Rogozin}} signed on a Tuesday."}
    assert answers_given_away(_bank(short, cloze)) == []
