from typing import Any

import pytest

from quizapp.core.formats import gift
from quizapp.core.formats.common import FileProblem, ImportDefaults, Parsed
from quizapp.core.grading import grade
from tests.citing import SHIPPED

CITE = "nbc-lunar#5"
OTHER_CITE = "silkroad-moon#9"
DEFAULTS = ImportDefaults(tags=("medium",), cite=(CITE,), rule=SHIPPED)


def _parse(text: str, taken: tuple[str, ...] = ()) -> Parsed:
    return gift.parse(text, "b", set(taken), DEFAULTS)


def _one(text: str) -> dict[str, Any]:
    parsed = _parse(text)
    assert parsed.problems == ()
    [question] = parsed.questions
    return question.raw


def _problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in _parse(text).problems]


# ---------------------------------------------------------------- reading each kind


def test_multiple_choice() -> None:
    raw = _one("::b.agency::Which agency is Russian? {=Roscosmos ~NASA ~CNSA}")
    assert raw == {
        "key": "b.agency",
        "type": "choice",
        "prompt": "Which agency is Russian?",
        "options": ["Roscosmos", "NASA", "CNSA"],
        "answer": "Roscosmos",
        "explanation": "",
        "tags": ["medium"],
        "cite": [CITE],
    }


def test_answers_on_their_own_lines_with_feedback_and_general_feedback() -> None:
    raw = _one(
        "Which agency is Russian? {\n"
        "    =Roscosmos # right: Rogozin ran it\n"
        "    ~NASA # no, that is the American agency\n"
        "    ####Roscosmos is the Russian space agency.\n"
        "}\n"
    )
    assert raw["options"] == ["Roscosmos", "NASA"]
    assert raw["answer"] == "Roscosmos"
    assert raw["explanation"] == "Roscosmos is the Russian space agency."
    assert raw["feedback"] == {
        "Roscosmos": "right: Rogozin ran it",
        "NASA": "no, that is the American agency",
    }


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("{T}", True),
        ("{TRUE}", True),
        ("{F}", False),
        ("{FALSE}", False),
        ("{false#no#yes}", False),
    ],
)
def test_true_false(answers: str, expected: bool) -> None:
    raw = _one(f"The memorandum was signed in 2021. {answers}")
    assert (raw["type"], raw["answer"], raw["prompt"]) == (
        "truefalse",
        expected,
        "The memorandum was signed in 2021.",
    )


def test_several_right_answers_of_a_choice_question_are_each_right() -> None:
    raw = _one("Who is buried in Grant's tomb? {~Grant =no one ~Jefferson =nobody #both right}")
    assert raw["type"] == "choice"
    assert (raw["answer"], raw["also_right"]) == ("no one", ["nobody"])
    assert [grade("choice", raw, o).correct for o in raw["options"]] == [False, True, False, True]


def test_a_choice_question_with_several_right_answers_is_written_with_each_marked_right() -> None:
    raw = _one("Who? {~Grant =no one =nobody}")
    assert "{\n\t~Grant\n\t=no one\n\t~%100%nobody\n}" in gift.dump([raw])


def test_an_option_weighted_100_percent_is_also_right_beside_the_answer() -> None:
    raw = _one("Who? {~%100%nobody ~Grant =no one ~%50%Jefferson}")
    assert (raw["answer"], raw["also_right"]) == ("no one", ["nobody"])


def test_positive_weights_make_a_question_with_several_right_answers() -> None:
    raw = _one("Which agencies signed? {~%50%Roscosmos ~%50%CNSA ~%-50%NASA ~%-50%ESA}")
    assert raw["type"] == "multi"
    assert raw["options"] == ["Roscosmos", "CNSA", "NASA", "ESA"]
    assert raw["answers"] == ["Roscosmos", "CNSA"]
    assert _one("Which? {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-33.33333%d}")["answers"] == [
        "a",
        "b",
        "c",
    ]


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        # Moodle's own example: a wrong pick takes all marks off; quizapp would take half.
        ("~%50%Roscosmos ~%50%CNSA ~%-100%NASA", "'NASA' -100%"),
        # A wrong option at 0% costs nothing in Moodle: ticking every box scores full marks.
        ("~%50%Roscosmos ~%50%CNSA ~ESA", "'ESA' 0%"),
        ("~%75%Roscosmos ~%25%CNSA ~%-50%ESA", "'Roscosmos' 75%"),
    ],
)
def test_several_right_answers_weighted_otherwise_than_quizapp_counts_are_left_out(
    answers: str, said: str
) -> None:
    parsed = _parse("::b.ok::Is it? {T}\n\n::b.which::Which signed? {" + answers + "}\n")
    assert [q.raw["key"] for q in parsed.questions] == ["b.ok"]
    [note] = parsed.left_out
    assert (note.line, note.key) == (3, "b.which")
    assert note.what.startswith("left out: its weights (") and said in note.what


def test_short_answer_keeps_fully_right_answers_and_a_wrong_one_worth_nothing() -> None:
    raw = _one("Who signed for Roscosmos? {=Dmitry Rogozin =%100%Rogozin =%0%Dmitry#close}")
    assert raw["type"] == "short"
    assert raw["answers"] == ["Dmitry Rogozin", "Rogozin"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Who? {=Dmitry Rogozin =%50%Dmitry}", "the answer 'Dmitry' (50%) is worth part"),
        ("How many? {#=2021:0 =%50%2020:0}", "the number '2020:0' is worth 50%"),
        ("Which? {=Roscosmos ~%-25%NASA ~CNSA}", "the option 'NASA' (-25%) takes marks off"),
    ],
)
def test_answers_worth_part_or_taking_marks_off_leave_the_question_out(
    text: str, said: str
) -> None:
    parsed = _parse(text)
    assert parsed.questions == ()
    assert [n.line for n in parsed.left_out] == [1]
    assert said in parsed.left_out[0].what


@pytest.mark.parametrize(
    ("answers", "spec"),
    [
        ("{#3:0.5}", {"answer": 3, "tolerance": 0.5}),
        ("{#2..4}", {"answer": 3, "tolerance": 1}),
        ("{#2..5}", {"answer": 3.5, "tolerance": 1.5}),
        ("{#2021}", {"answer": 2021}),
        ("{#-1.5:0}", {"answer": -1.5, "tolerance": 0}),
        ("{#\n=%100%2021:0#right\n=%0%2020:0#close\n~#wrong\n}", {"answer": 2021, "tolerance": 0}),
    ],
)
def test_numeric(answers: str, spec: dict[str, Any]) -> None:
    raw = _one(f"In what year was it signed? {answers}")
    assert raw["type"] == "numeric"
    assert {k: raw[k] for k in ("answer", "tolerance") if k in raw} == spec
    assert type(raw["answer"]) is type(spec["answer"])


@pytest.mark.parametrize(
    ("answers", "inside", "outside"),
    [
        ("{#3.141..3.142}", ["3.141", "3.142", "3.1415"], ["3.1409", "3.1421"]),
        ("{#3.1415:0.0005}", ["3.141", "3.142"], ["3.1409", "3.1421"]),
        ("{#0.1..0.3}", ["0.1", "0.3", "0,3"], ["0.09", "0.31"]),
        ("{#1.1:0.1}", ["1.0", "1.2"], ["0.99", "1.21"]),
        ("{#-0.7..-0.3}", ["-0.7", "-0.3"], ["-0.71", "-0.29"]),
        ("{#2.675:0.005}", ["2.67", "2.68"], ["2.669", "2.681"]),
    ],
)
def test_numeric_ranges_and_margins_include_both_ends(
    answers: str, inside: list[str], outside: list[str]
) -> None:
    raw = _one(f"What is pi to three places? {answers}")
    spec = {k: raw[k] for k in ("answer", "tolerance")}
    assert [grade("numeric", spec, given).correct for given in inside] == [True] * len(inside)
    assert [grade("numeric", spec, given).correct for given in outside] == [False] * len(outside)


def test_a_range_is_stored_as_its_written_midpoint_and_half_width() -> None:
    raw = _one("What is pi to three places? {#3.141..3.142}")
    assert (raw["answer"], raw["tolerance"]) == (3.1415, 0.0005)


def test_matching() -> None:
    raw = _one("Match the agencies. {=Roscosmos -> Russia =CNSA -> China =NASA -> the U.S.}")
    assert raw["type"] == "matching"
    assert raw["pairs"] == [["Roscosmos", "Russia"], ["CNSA", "China"], ["NASA", "the U.S."]]


def test_missing_word_with_choices_shows_a_blank() -> None:
    raw = _one("Rogozin ran {~NASA =Roscosmos ~CNSA} in 2021.")
    assert raw["type"] == "choice"
    assert raw["prompt"] == "Rogozin ran _____ in 2021."


def test_missing_word_with_accepted_answers_becomes_a_cloze() -> None:
    raw = _one("Luzin called it a diplomatic {=bargaining =bargain} game.")
    assert raw == {
        "key": "b.luzin-called-diplomatic-game",
        "type": "cloze",
        "prompt": "Luzin called it a diplomatic {{bargaining|bargain}} game.",
        "explanation": "",
        "tags": ["medium"],
        "cite": [CITE],
    }


def test_escapes_and_multi_line_text() -> None:
    raw = _one(
        "::b.esc::A question\\: with \\{braces\\}, \\~tilde, \\=equals,\n"
        "a \\#hash and a\\nbreak, a \\\\ backslash {\n"
        "=1\\:2 \\= 3\n"
        "~a \\{b\\}\n"
        "}"
    )
    assert raw["prompt"] == (
        "A question: with {braces}, ~tilde, =equals,\na #hash and a\nbreak, a \\ backslash"
    )
    assert raw["options"] == ["1:2 = 3", "a {b}"]
    assert raw["answer"] == "1:2 = 3"


def test_comments_categories_and_format_markers_are_dropped() -> None:
    parsed = _parse(
        "// question: 1  name: first\n"
        "$CATEGORY: $course$/top/Lunar\n"
        "\n"
        "// a comment\n"
        "::b.one::[markdown]Is *Roscosmos* Russian?{\n"
        "// a comment inside\n"
        "[plain]TRUE}\n"
        "\n"
        "// only a comment\n"
    )
    assert parsed.problems == ()
    [question] = parsed.questions
    assert (question.raw["prompt"], question.raw["answer"], question.line) == (
        "Is *Roscosmos* Russian?",
        True,
        5,
    )


def test_a_category_line_directly_above_a_question_is_skipped() -> None:
    raw = _one("$CATEGORY: lunar\n::b.one::Is it? {T}")
    assert raw["key"] == "b.one"


def test_metadata_comments_give_tags_sources_and_unit() -> None:
    raw = _one(
        "// tags: dates, hard\n"
        f"// cite: {CITE}, {OTHER_CITE}\n"
        "// unit: years\n"
        "How many years? {#20}"
    )
    assert (raw["tags"], raw["cite"], raw["unit"]) == (
        ["dates", "hard"],
        [CITE, OTHER_CITE],
        "years",
    )


def test_tags_without_a_difficulty_get_the_default_one() -> None:
    assert _one("// tags: dates\nIs it? {T}")["tags"] == ["dates", "medium"]


def test_metadata_above_a_blank_line_belongs_to_no_question() -> None:
    raw = _one("// tags: hard\n\nIs it? {T}")
    assert raw["tags"] == ["medium"]


def test_the_title_is_the_key_when_free_and_valid_else_a_key_is_made() -> None:
    parsed = _parse(
        "::b.taken::Is Roscosmos Russian? {T}\n\n"
        "::Q 2::Is NASA Russian? {F}\n\n"
        "::b.free::Is CNSA Chinese? {T}\n\n"
        "::b.free::Is CNSA Russian? {F}\n",
        taken=("b.taken",),
    )
    assert parsed.problems == ()
    assert [q.raw["key"] for q in parsed.questions] == [
        "b.roscosmos-russian",
        "b.nasa-russian",
        "b.free",
        "b.cnsa-russian",
    ]


def test_a_leading_bom_and_windows_line_ends_are_read() -> None:
    parsed = _parse("\ufeff::b.one::Is it? {T}\r\n\r\n::b.two::Is it not? {F}\r\n")
    assert [(q.raw["key"], q.line) for q in parsed.questions] == [("b.one", 1), ("b.two", 3)]


def test_the_line_of_each_question_is_its_first_text_line() -> None:
    parsed = _parse("// tags: easy\n::b.one::Is it?\n{T}\n\n\n\n::b.two::\nIs it not?\n{F}\n")
    assert [q.line for q in parsed.questions] == [2, 7]


# ---------------------------------------------------------------- broken files


def test_every_broken_question_is_reported_at_its_line() -> None:
    text = (
        "::b.ok::Is it? {T}\n"  # 1
        "\n"
        "Write an essay. {}\n"  # 3
        "\n"
        "Just a description.\n"  # 5
        "\n"
        "::b.open::Which one?\n"  # 7
        "{=a ~b\n"  # 8
        "\n"
        "Which two? {=a ~b}\n"  # 10
        "\n"
        "Which? {~a ~b}\n"  # 12
        "\n"
        "How many? {#three}\n"  # 14
        "\n"
        "Match. {=a -> b =c d}\n"  # 16
        "\n"
        "First? {T}\n"  # 18
        "Second? {F}\n"  # 19
    )
    problems = _problems(text)
    assert [line for line, _ in problems] == [8, 12, 14, 16, 19]
    messages = dict(problems)
    assert "not closed with }" in messages[8]
    assert "no right answer" in messages[12]
    assert "'three' is not a number" in messages[14]
    assert "has no ->" in messages[16]
    assert "separate questions with a blank line" in messages[19]


def test_brace_problems_point_at_the_brace() -> None:
    assert _problems("Which?\n~a } ~b {") == [
        (2, "a } without a { before it: write a literal brace as \\}")
    ]
    assert _problems("Which?\n{~a\n{ ~b}")[0][0] == 3


def test_problems_found_by_the_bank_checks_are_reported_at_the_question() -> None:
    parsed = gift.parse(
        "::b.one::Is it? {T}\n\n// cite: nowhere.txt#1\n::b.two::Which? {=a ~a}\n",
        "b",
        set(),
        ImportDefaults(rule=SHIPPED),
    )
    assert parsed.questions
    assert FileProblem(1, "b.one", _no_citation()) in parsed.problems
    lines = [(p.line, p.key) for p in parsed.problems]
    assert lines == [(1, "b.one"), (4, "b.two"), (4, "b.two")]
    assert any("duplicate option" in p.message for p in parsed.problems)


def _no_citation() -> str:
    return (
        "Pick the paragraph this fact comes from: this bank needs a source (write '// cite: "
        "nbc-lunar#5' (a source and a paragraph) directly above the question)"
    )


def test_an_empty_file_is_a_problem() -> None:
    assert _problems("// nothing here\n\n") == [(1, "the file holds no questions")]


def test_what_quizapp_cannot_keep_is_listed_question_by_question_and_the_rest_imports() -> None:
    text = (
        "::b.ok::Is it? {T}\n"  # 1
        "\n"
        "::b.essay::Write an essay. {}\n"  # 3
        "\n"
        "Just a description.\n"  # 5
        "\n"
        "::b.match::Match. {=a -> b =c -> d = -> e}\n"  # 7
    )
    parsed = _parse(text)
    assert parsed.problems == ()
    assert [q.raw["key"] for q in parsed.questions] == ["b.ok", "b.match"]
    assert parsed.questions[1].raw["pairs"] == [["a", "b"], ["c", "d"]]
    found = [(n.line, n.key, n.what) for n in parsed.left_out]
    assert [(line, key) for line, key, _ in found] == [(3, "b.essay"), (5, None), (7, "b.match")]
    assert found[0][2].startswith("left out: an essay question ({}) has no answer quizapp")
    assert found[1][2].startswith("left out: a description (text with no answers in braces")
    assert found[2][2].startswith("not kept: the extra choice 'e' (a distractor")


def test_a_file_of_essays_only_imports_nothing_and_says_why() -> None:
    parsed = _parse("Write an essay. {}\n")
    assert [(p.line, p.message) for p in parsed.problems] == [
        (1, "the file holds no questions quizapp can keep")
    ]
    assert len(parsed.left_out) == 1


def test_a_matching_question_left_with_one_pair_by_its_distractors_is_refused() -> None:
    [(line, message)] = _problems("Match. {=a -> b = -> d = -> e}")
    assert line == 1 and "pairs" in message


def test_unknown_type_comment_and_misplaced_unit() -> None:
    assert "not one quizapp knows" in _problems("// type: essay\nIs it? {T}")[0][1]
    assert "only with a numeric question" in _problems("// unit: years\nIs it? {T}")[0][1]
    assert "needs one answer" in _problems("// type: flashcard\nWho? {=a =b}")[0][1]


def test_a_missing_word_that_cannot_be_a_blank_is_refused() -> None:
    [(_, message)] = _problems("Pick {=a|b} now.")
    assert "cannot become a quizapp blank" in message


# ---------------------------------------------------------------- writing


def _question(**fields: Any) -> dict[str, Any]:
    return {"key": "b.q", "explanation": "", "tags": ["easy"], "cite": [CITE], **fields}


def test_dump_writes_metadata_title_answers_and_explanation() -> None:
    raw = _question(
        type="choice",
        prompt="Which?",
        options=["Roscosmos", "NASA"],
        answer="Roscosmos",
        explanation="Because.",
        tags=["agencies", "easy"],
        cite=[CITE, OTHER_CITE],
    )
    assert gift.dump([raw]) == (
        "// tags: agencies, easy\n"
        f"// cite: {CITE}, {OTHER_CITE}\n"
        "::b.q::Which? {\n\t=Roscosmos\n\t~NASA\n\t####Because.\n}\n"
    )


def test_dump_escapes_gift_syntax() -> None:
    raw = _question(type="short", prompt="a: {b} ~c =d #e \\f\ng", answers=["x -> y", "%5% off"])
    body = gift.dump([raw]).split("\n", 2)[2]
    assert body == (
        "::b.q::a\\: \\{b\\} \\~c \\=d \\#e \\\\f\\ng {\n\t=x -\\> y\n\t=%100%%5% off\n}\n"
    )
    assert _parse(gift.dump([raw])).questions[0].raw == raw


def test_dump_of_a_flashcard_is_a_short_answer_marked_as_a_flashcard() -> None:
    raw = _question(type="flashcard", prompt="MoU?", answer="Memorandum of understanding")
    text = gift.dump([raw])
    assert text.startswith("// type: flashcard\n")
    assert "::b.q::MoU? {\n\t=Memorandum of understanding\n}" in text
    assert _one(text) == raw


def test_dump_of_a_one_blank_cloze_is_a_missing_word_question() -> None:
    raw = _question(type="cloze", prompt="A diplomatic {{bargaining|bargain}} game.")
    text = gift.dump([raw])
    assert "::b.q::A diplomatic {\n\t=bargaining\n\t=bargain\n} game." in text
    assert "// type:" not in text
    assert _one(text) == raw


def test_a_cloze_ending_in_its_blank_is_marked_so_it_reads_back_as_a_cloze() -> None:
    raw = _question(type="cloze", prompt="The deal was signed by {{Rogozin}}")
    text = gift.dump([raw])
    assert text.startswith("// type: cloze\n")
    assert _one(text) == raw


def test_ordering_and_clozes_with_several_blanks_are_left_out_with_a_comment() -> None:
    order = _question(key="b.order", type="ordering", prompt="Order", items=["a", "b", "c"])
    cloze = _question(key="b.two", type="cloze", prompt="{{a}} and {{b}}")
    kept = _question(key="b.kept", type="truefalse", prompt="True?", answer=True)
    text = gift.dump([order, cloze, kept])
    assert text.splitlines()[0] == "// quizapp: b.order left out: GIFT has no ordering questions"
    assert "// quizapp: b.two left out: GIFT holds one blank a question and this one has 2" in text
    assert [q.raw["key"] for q in _parse(text).questions] == ["b.kept"]


def test_dump_of_numeric_multi_and_matching() -> None:
    numeric = _question(type="numeric", prompt="Years?", answer=60, tolerance=2, unit="years")
    multi = _question(type="multi", prompt="Which?", options=["a", "b", "c"], answers=["a", "b"])
    pairs = _question(type="matching", prompt="Match.", pairs=[["a->", "b"], ["c", "d->e"]])
    text = gift.dump([numeric, multi, pairs])
    assert "// unit: years\n::b.q::Years? {#\n\t=60:2\n}" in text
    assert "::b.q::Which? {\n\t~%50%a\n\t~%50%b\n\t~%-50%c\n}" in text
    assert "::b.q::Match. {\n\t=a-\\> -> b\n\t=c -> d->e\n}" in text


def test_a_text_that_starts_like_a_format_marker_keeps_it() -> None:
    raw = _question(type="truefalse", prompt="[html] is a marker?", answer=True)
    assert "::b.q::[markdown][html] is a marker? {" in gift.dump([raw])
    assert _one(gift.dump([raw]))["prompt"] == "[html] is a marker?"


def test_dump_is_the_same_every_time() -> None:
    raw = _question(type="choice", prompt="Which?", options=["a", "b"], answer="b")
    assert gift.dump([raw, raw]) == gift.dump([raw, raw])
    assert gift.dump([]) == ""


def test_a_file_exported_by_moodle_is_read() -> None:
    text = (
        "// question: 0  name: Switch category to $course$/top/Lunar\n"
        "$CATEGORY: $course$/top/Lunar\n"
        "\n"
        "\n"
        "// question: 12  name: Who signed\n"
        "::Who signed::[html]Who signed for Roscosmos?{\n"
        "\t=%100%Dmitry Rogozin#\n"
        "\t=%100%Rogozin#Surname only is fine\n"
        "}\n"
        "\n"
        "// question: 13  name: Year\n"
        "::Year::[html]In what year?{#\n"
        "\t=%100%2021:0#\n"
        "\t####[html]The caption gives the date.\n"
        "}\n"
        "\n"
        "// question: 14  name: Agency\n"
        "::Agency::[html]Which agency is Russian?{\n"
        "\t=Roscosmos#Right\n"
        "\t~NASA#No\n"
        "}\n"
        "\n"
        "// question: 15  name: Signed\n"
        "::Signed::[html]It was signed in 2021.{TRUE#Wrong#Right}\n"
    )
    parsed = _parse(text)
    assert parsed.problems == ()
    assert [(q.line, q.raw["type"], q.raw["key"]) for q in parsed.questions] == [
        (6, "short", "b.signed-roscosmos"),
        (12, "numeric", "b.year"),
        (18, "choice", "b.agency-russian"),
        (24, "truefalse", "b.signed-2021"),
    ]
    short, numeric, choice, truth = (q.raw for q in parsed.questions)
    assert short["answers"] == ["Dmitry Rogozin", "Rogozin"]
    assert (numeric["answer"], numeric["tolerance"]) == (2021, 0)
    assert numeric["explanation"] == "The caption gives the date."
    assert (choice["options"], choice["answer"]) == (["Roscosmos", "NASA"], "Roscosmos")
    assert (truth["prompt"], truth["answer"]) == ("It was signed in 2021.", True)


def test_a_number_too_large_to_store_is_a_problem() -> None:
    [(line, message)] = _problems("How far? {#1e400}")
    assert line == 1
    assert "too large a number" in message


def test_a_question_showing_a_picture_is_left_out_of_gift_with_the_reason() -> None:
    picture = "ab" * 32 + ".png"
    shows = {
        "key": "maps.q1",
        "type": "choice",
        "prompt": "Which coast?",
        "explanation": "",
        "tags": ["easy"],
        "cite": [],
        "options": [f"![The east coast](picture:{picture})", "West"],
        "answer": "West",
    }
    plain = {**shows, "key": "maps.q2", "options": ["East", "West"]}
    written = gift.dump([shows, plain])
    assert "// quizapp: maps.q1 left out: GIFT cannot carry pictures" in written
    assert "::maps.q2::" in written and picture not in written
