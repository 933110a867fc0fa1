"""Web pages as paragraphs: one a block, what a reader never sees left out."""

from __future__ import annotations

import pytest

from quizapp.core.sourcetext import UnreadableSource, paragraphs_from_upload


def page(html: str) -> list[str]:
    return paragraphs_from_upload("page.html", html.encode())


def test_each_block_of_a_page_is_one_paragraph_in_reading_order() -> None:
    html = """<!doctype html><html><head><meta charset="utf-8"><title>Tab title</title></head>
    <body><article><h1>A station on the Moon</h1>
    <p>Two agencies <em>signed</em> a <a href="/m">memorandum</a>.</p>
    <ul><li>landers</li><li><p>a base</p></li></ul>
    <blockquote><p>First quoted.</p><p>Second quoted.</p></blockquote>
    <table><tr><th>Year</th><td>2021</td></tr></table>
    <div>Loose text<div>inner block</div>after it</div>
    <h2>Next</h2><p></p><p>   </p><p>End.</p></article></body></html>"""
    assert page(html) == [
        "A station on the Moon",
        "Two agencies signed a memorandum.",
        "landers",
        "a base",
        "First quoted.",
        "Second quoted.",
        "Year",
        "2021",
        "Loose text",
        "inner block",
        "after it",
        "Next",
        "End.",
    ]


BLOCKS = (
    "p li h1 h2 h3 h4 h5 h6 blockquote pre td th tr table div section article header footer dt dd"
)
HIDDEN = "script style noscript template title nav svg iframe object button select textarea video"


@pytest.mark.parametrize("tag", BLOCKS.split())
def test_a_block_ends_the_text_before_it_and_its_own(tag: str) -> None:
    assert page(f"before<{tag}>inside</{tag}>after") == ["before", "inside", "after"]


def test_inline_elements_stay_within_the_paragraph() -> None:
    html = "<p>The <b>agencies</b> <i>signed</i> a <span><a href='#'>memo</a></span>.</p>"
    assert page(html) == ["The agencies signed a memo."]


@pytest.mark.parametrize("tag", HIDDEN.split())
def test_what_a_reader_never_sees_as_text_is_left_out(tag: str) -> None:
    assert page(f"<p>Before</p><{tag}>hidden <b>words</b></{tag}><p>After</p>") == [
        "Before",
        "After",
    ]


def test_scripts_and_styles_are_left_out_even_when_they_hold_markup() -> None:
    html = (
        "<style>p::before { content: '<p>styled</p>' }</style><p>Text</p>"
        "<script>document.write('<p>written</p>')</script><nav><nav>menu</nav>more menu</nav>"
        "<p>Last</p>"
    )
    assert page(html) == ["Text", "Last"]


def test_entities_are_decoded_and_runs_of_spaces_collapsed() -> None:
    html = "<p>Moon &amp; Mars:\n\t  &lt;b&gt; caf&eacute; &#8212; 5&nbsp;km&#x21;</p><p>&nbsp;</p>"
    assert page(html) == ["Moon & Mars: <b> café — 5 km!"]


def test_a_line_break_stays_and_two_in_a_row_end_a_paragraph() -> None:
    html = "<body>Line one<br>line two<br/><br>\n<br>Next paragraph<br></body>"
    assert page(html) == ["Line one\nline two", "Next paragraph"]


def test_preformatted_text_keeps_its_spaces_and_blank_lines() -> None:
    html = "<p>Before</p><pre>\n  x = 1\n\n  y = 2\n</pre><p>After</p>"
    assert page(html) == ["Before", "  x = 1\n\n  y = 2", "After"]


def test_a_page_not_in_utf8_is_read_in_the_encoding_it_declares() -> None:
    html = '<html><head><meta charset="windows-1252"></head><p>Caf\xe9 \x93Moon\x94</p></html>'
    assert paragraphs_from_upload("page.htm", html.encode("latin-1")) == ["Café “Moon”"]
    declared_latin1 = html.replace("windows-1252", "ISO-8859-1").encode("latin-1")
    assert paragraphs_from_upload("page.htm", declared_latin1) == ["Café “Moon”"]


@pytest.mark.parametrize(
    "data",
    ["<p>Caf\xe9</p>".encode("latin-1"), b'<meta charset="klingon"><p>Caf\xe9</p>'],
    ids=["undeclared", "unknown-encoding"],
)
def test_a_page_in_an_unknown_encoding_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableSource, match="is not UTF-8 text"):
        paragraphs_from_upload("page.html", data)


def test_markup_the_parser_cannot_go_on_from_is_refused_in_plain_words() -> None:
    with pytest.raises(UnreadableSource) as caught:
        page("<p>Text</p><![unknown[ section ]]>")
    assert caught.value.message == "This web page file is damaged: quizapp could not read it"
