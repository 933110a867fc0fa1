"""GIFT texts in other formats than quizapp's own: [html] becomes quizapp's Markdown, [markdown]
is kept, and the real files of Moodle read as Moodle shows them."""

from pathlib import Path

import pytest

from quizapp.core.formats import gift
from quizapp.core.formats.html_text import markdown_of, text_of
from quizapp.core.grading import grade
from quizapp.core.markup import render
from tests.core.test_gift import DEFAULTS, _one

MOODLE = Path(__file__).parents[1] / "data" / "moodle"


def test_html_question_shows_its_words_not_its_tags() -> None:
    raw = _one(
        '::Moodle acronym::[html]<span style="font-style: italic;">Moodle</span> is an'
        " <em>acronym</em> for <b>Modular Object-Oriented</b> Dynamic Learning Environment. {T}"
    )
    assert raw["prompt"] == (
        "Moodle is an *acronym* for **Modular Object-Oriented** Dynamic Learning Environment."
    )
    assert "&lt;" not in render(raw["prompt"])


def test_html_keeps_links_lists_code_and_line_breaks() -> None:
    raw = _one(
        '[html]<p>See <a href="https://moodle.org/">the site</a>:<br>then pick</p>'
        "<ol><li>one</li><li><code>two</code></li></ol> {=one ~two}"
    )
    assert raw["prompt"] == "See [the site](https://moodle.org/):\nthen pick\n1. one\n2. `two`"
    assert render(raw["prompt"]) == (
        '<p>See <a href="https://moodle.org/" rel="noopener noreferrer nofollow">the site</a>:'
        "<br>\nthen pick</p>\n<ol>\n<li>one</li>\n<li><code>two</code></li>\n</ol>"
    )


def test_pasted_word_html_keeps_the_words_only() -> None:
    word = (
        "[html]<!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]--><style>p.MsoNormal"
        '\\{margin:0\\}</style><p class\\="MsoNormal"><span style\\="font-family: Calibri">'
        "Which planet is <b>largest</b>?<o:p></o:p></span></p> {=Jupiter ~Mars}"
    )
    assert _one(word)["prompt"] == "Which planet is **largest**?"


def test_html_that_is_not_allowed_never_passes_through() -> None:
    raw = _one(
        '[html]<script>alert(1)</script><a href="javascript:alert(2)">click</a> <img src=x'
        ' onerror="alert(3)"> 2 * 3 \\= 6 and &lt;b&gt; {T}'
    )
    assert raw["prompt"] == "click 2 \\* 3 = 6 and \\<b\\>"
    assert render(raw["prompt"]) == "<p>click 2 * 3 = 6 and &lt;b&gt;</p>"


def test_html_answers_and_explanation_of_an_html_question() -> None:
    raw = _one("[html]Pick <i>one</i> {=<b>yes</b> ~[plain]no ####<p>Because <em>yes</em>.</p>}")
    assert raw["options"] == ["yes", "no"]
    assert raw["answer"] == "yes"
    assert raw["explanation"] == "Because *yes*."


def test_html_missing_word_keeps_the_spaces_around_the_blank() -> None:
    raw = _one("[html]Grant is <b>not</b> {=entombed =buried} in <i>Grant's</i> tomb.")
    assert raw["prompt"] == "Grant is **not** {{entombed|buried}} in *Grant's* tomb."


def test_markdown_plain_and_moodle_texts_stay_as_written() -> None:
    assert _one("[markdown]Who is **buried**? {=no one}")["prompt"] == "Who is **buried**?"
    assert _one("[plain]Is <b> a tag? {T}")["prompt"] == "Is <b> a tag?"
    assert _one("[moodle]Is <b> a tag? {T}")["prompt"] == "Is <b> a tag?"


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        (
            "<ul><li><p>one</p></li><li>two<ol><li>x</li></ol></li></ul>end",
            "- one\n- two\n   1. x\n\nend",
        ),
        ("<i> spaced </i>words", "*spaced* words"),
        ("<b>Word&nbsp;</b>pastes&nbsp;&nbsp;these", "**Word** pastes these"),
        ("<b><i>both</i></b>", "***both***"),
        ("<i>a <em>b</em></i>", "*a b*"),
        (
            '<a href=" https://x.org/a (b)">the <b>link</b> </a>.',
            "[the **link**](https://x.org/a%20%28b%29) .",
        ),
        ("- not a list<br>1. nor this", "\\- not a list\n1\\. nor this"),
        ("<em>never closed", "*never closed*"),
        ("<code>a `b`</code> <tt>c</tt>", "`` a `b` `` `c`"),
        ("<style>p {}</style>kept<script>x()</script>", "kept"),
        ("<a href='/relative'>kept words</a>", "kept words"),
    ],
)
def test_markdown_of_html(html: str, markdown: str) -> None:
    assert markdown_of(html) == markdown


def test_text_of_html_is_its_words() -> None:
    assert text_of("<p>a <b>*b*</b></p><p>c</p>") == "a *b*\nc"


def test_moodle_html_matching_question() -> None:
    text = (MOODLE / "questions.gift.txt").read_text()
    parsed = gift.parse(text, "m", set(), DEFAULTS)
    [matching] = [q.raw for q in parsed.questions if q.raw["key"] == "m.match-activity-description"]
    assert matching["prompt"] == "Match the **activity** to the description."
    assert matching["pairs"][0] == ["An activity supporting asynchronous discussions.", "Forum"]
    # Its distractor is listed as not kept; the essay, and the two questions quizapp would grade
    # otherwise than Moodle (weights, an answer worth half), as left out; nothing else.
    assert [(n.line, n.key, n.what.split(" (")[0]) for n in parsed.left_out] == [
        (2, "Q8", "left out: an essay question"),
        (5, "m.match-activity-description", "not kept: the extra choice 'Chat'"),
        (22, "colours", "left out: its weights"),
        (34, "Shortanswer", "left out: the answer 'Cat'"),
    ]


def test_moodle_examples_read_as_moodle_shows_them() -> None:
    parsed = gift.parse((MOODLE / "examples.txt").read_text(), "m", set(), DEFAULTS)
    assert parsed.problems == ()
    by_line = {q.line: q.raw for q in parsed.questions}
    assert by_line[108]["prompt"] == "Who's buried in **Grant's tomb**?"
    for line in (72, 74):  # pi as 3.1415:0.0005 and as 3.141..3.142
        pi = by_line[line]
        assert [grade("numeric", pi, typed).correct for typed in ("3.141", "3.142", "3.143")] == [
            True,
            True,
            False,
        ]


def test_a_picture_in_html_is_listed_as_not_kept() -> None:
    text = '[html]<p>Which crater? <img src="@@PLUGINFILE@@/crater.png" alt="Crater"></p>{=Rim}'
    parsed = gift.parse(text, "m", set(), DEFAULTS)
    assert parsed.problems == ()
    assert parsed.questions[0].raw["prompt"] == "Which crater?"
    assert [n.what for n in parsed.left_out] == [
        "not kept: a picture (crater.png), which cannot come in a GIFT file (text only)"
    ]
