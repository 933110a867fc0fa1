"""The Markdown subset of prompts and explanations: what renders, and that nothing runs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from quizapp.core import checks
from quizapp.core.markup import (
    pictures,
    pictures_as_alt,
    plain,
    render,
    render_inline,
    render_text,
)
from quizapp.core.sources import NO_SOURCES
from tests.xss_payloads import PAYLOADS, SAFE_SCHEMES, active_content, parse, url_scheme

ALLOWED = {
    "p": set(),
    "em": set(),
    "strong": set(),
    "code": set(),
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "a": {"href", "rel"},
    "br": set(),
    "img": {"src", "alt", "loading"},
}
PICTURE = "ab" * 32 + ".png"
PICTURE_SRC = re.compile(r"/pictures/[0-9a-f]{64}\.(png|jpg|webp)")
REL = 'rel="noopener noreferrer nofollow"'


def unsafe(html: str) -> list[str]:
    """Everything in rendered Markdown outside the subset, or able to run script."""
    problems = ["<script"] if "<script" in html.lower() else []
    for element in parse(html).elements:
        if element.tag not in ALLOWED:
            problems.append(f"<{element.tag}>")
        problems += [
            f"{element.tag}[{n}]" for n in element.attrs if n not in ALLOWED.get(element.tag, ())
        ]
        problems += active_content(element)
        if "href" in element.attrs and url_scheme(element.attrs["href"]) not in SAFE_SCHEMES:
            problems.append(f"href={element.attrs['href']!r}")
        if element.tag == "img" and not PICTURE_SRC.fullmatch(element.attrs.get("src") or ""):
            problems.append(f"src={element.attrs.get('src')!r}")
    return problems


# Each feature of the subset


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("What is Roscosmos?", "<p>What is Roscosmos?</p>"),
        ("*em* and _em_", "<p><em>em</em> and <em>em</em></p>"),
        ("**strong** and __strong__", "<p><strong>strong</strong> and <strong>strong</strong></p>"),
        ("`a < b`", "<p><code>a &lt; b</code></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>"),
        ("3. third\n4. fourth", '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>'),
        (
            "[NBC News](https://www.nbcnews.com/news/a?b=1&c=2)",
            f'<p><a href="https://www.nbcnews.com/news/a?b=1&amp;c=2" {REL}>NBC News</a></p>',
        ),
        (
            "<http://example.org>",
            f'<p><a href="http://example.org" {REL}>http://example.org</a></p>',
        ),
        ("[write](mailto:a@example.org)", f'<p><a href="mailto:a@example.org" {REL}>write</a></p>'),
        ("one\ntwo", "<p>one<br>\ntwo</p>"),
        ("one\\\ntwo", "<p>one<br>\ntwo</p>"),
        ("one\n\ntwo", "<p>one</p>\n<p>two</p>"),
        ("", ""),
    ],
)
def test_each_feature_of_the_subset_renders(text: str, html: str) -> None:
    assert render(text) == Markup(html)


def test_a_list_item_holds_inline_markup() -> None:
    assert render("- **Roscosmos** signed\n- `CNSA` too") == Markup(
        "<ul>\n<li><strong>Roscosmos</strong> signed</li>\n<li><code>CNSA</code> too</li>\n</ul>"
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<b>bold</b> <i>it</i>", "<p>&lt;b&gt;bold&lt;/b&gt; &lt;i&gt;it&lt;/i&gt;</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("# Not a heading", "<p># Not a heading</p>"),
        ("> not a quote", "<p>&gt; not a quote</p>"),
        ("    not code", "<p>not code</p>"),
        ("a\n\n---\n\nb", "<p>a</p>\n<p>---</p>\n<p>b</p>"),
        ("| a | b |\n|---|---|", "<p>| a | b |<br>\n|---|---|</p>"),
        ("~~not struck~~", "<p>~~not struck~~</p>"),
        ("see https://example.org", "<p>see https://example.org</p>"),
        ("![a picture](https://example.org/x.png)", None),
        ("[relative](/admin)", f"<p><a {REL}>relative</a></p>"),
        ("[page](#top)", f"<p><a {REL}>page</a></p>"),
    ],
)
def test_what_is_outside_the_subset_stays_text(text: str, html: str | None) -> None:
    rendered = render(text)
    if html is not None:
        assert rendered == Markup(html)
    assert "<img" not in rendered and "<h1" not in rendered and "<blockquote" not in rendered


# Pictures


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            f"See ![a red apple](picture:{PICTURE}) here",
            f'<p>See <img src="/pictures/{PICTURE}" alt="a red apple" loading="lazy"> here</p>',
        ),
        (
            f'![say "hi" <b>](picture:{PICTURE})',
            f'<p><img src="/pictures/{PICTURE}" alt="say &quot;hi&quot; &lt;b&gt;" '
            'loading="lazy"></p>',
        ),
        # Not one of the bank's pictures: the text as written, never an image.
        ("![x](picture:../../admin.png)", "<p>![x](picture:../../admin.png)</p>"),
        ("![x](/pictures/a.png)", "<p>![x](/pictures/a.png)</p>"),
        ("![pic](https://example.org/x.png)", "<p>![pic](https://example.org/x.png)</p>"),
    ],
)
def test_a_picture_of_the_bank_is_drawn_and_nothing_else_is(text: str, html: str) -> None:
    assert render(text) == Markup(html)


def test_options_and_answers_draw_pictures_and_stay_plain_text() -> None:
    drawn = render_text(f"*apple* ![an <apple>](picture:{PICTURE}) & pear")
    assert drawn == Markup(
        f'*apple* <img src="/pictures/{PICTURE}" alt="an &lt;apple&gt;" loading="lazy"> &amp; pear'
    )
    assert render_text("![x](https://example.org/x.png)") == Markup(
        "![x](https://example.org/x.png)"
    )
    assert unsafe(render_text(f'![" onerror="alert(1)](picture:{PICTURE})')) == []


def test_where_only_text_fits_a_picture_is_named_by_its_alt_text() -> None:
    assert pictures_as_alt(f"Flag ![A blue flag](picture:{PICTURE}) here") == (
        "Flag A blue flag (picture) here"
    )
    assert pictures_as_alt("![x](https://example.org/x.png)") == "![x](https://example.org/x.png)"


def test_anki_gets_the_picture_by_its_file_name() -> None:
    html = render(f"![apple](picture:{PICTURE})", formulas_as="latex", pictures_at="")
    assert html == Markup(f'<p><img src="{PICTURE}" alt="apple" loading="lazy"></p>')
    assert render_text(f"![apple](picture:{PICTURE})", pictures_at="") == Markup(
        f'<img src="{PICTURE}" alt="apple" loading="lazy">'
    )


def test_a_picture_without_alt_text_is_a_problem_in_any_field() -> None:
    raw = {
        "key": "k",
        "type": "choice",
        "prompt": "Which?",
        "explanation": f"![ ](picture:{PICTURE})",
        "tags": ["easy"],
        "options": [f"![](picture:{PICTURE})", "pear"],
        "answer": "pear",
    }
    found = checks.check_question(raw, NO_SOURCES)
    assert ("explanation", "explanation: a picture needs alt text") in found
    assert ("options", "options: a picture needs alt text") in found
    raw["options"] = [f"![apple](picture:{PICTURE})", "pear"]
    raw["explanation"] = f"![apple](picture:{PICTURE})"
    assert checks.check_question(raw, NO_SOURCES) == []
    assert pictures(raw["explanation"]) == [("apple", PICTURE)]


def test_the_result_is_markup_that_jinja_does_not_escape_again() -> None:
    rendered = render("a < **b**")
    assert isinstance(rendered, Markup) and isinstance(render_inline("x"), Markup)
    assert escape(rendered) == rendered == Markup("<p>a &lt; <strong>b</strong></p>")


def test_template_syntax_stays_literal() -> None:
    for text in ("{{7*7}}", "{% raw %}{{ config }}{% endraw %}"):
        assert render(text) == Markup(f"<p>{text}</p>")
        assert render_inline(text) == Markup(text)
    assert "49" not in render("{{7*7}}")


# Inline rendering: no blocks, the spaces around a cloze blank kept


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("What is Roscosmos?", "What is Roscosmos?"),
        ("The memorandum was signed for China by ", "The memorandum was signed for China by "),
        (" of the *China National Space* agency.", " of the <em>China National Space</em> agency."),
        (
            "`code`, [link](https://a.org)",
            f'<code>code</code>, <a href="https://a.org" {REL}>link</a>',
        ),
        ("- not a list\n1. nor this", "- not a list<br>\n1. nor this"),
        ("two\n\nparagraphs", "two<br>\n<br>\nparagraphs"),
        ("# not a heading <b>", "# not a heading &lt;b&gt;"),
    ],
)
def test_inline_rendering_makes_no_blocks(text: str, html: str) -> None:
    assert render_inline(text) == Markup(html)


# Plain text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is Roscosmos?", "What is Roscosmos?"),
        ("**Roscosmos** signed [it](https://example.org)", "Roscosmos signed it"),
        ("`CNSA` and *Roscosmos*", "CNSA and Roscosmos"),
        ("one\ntwo\n\nthree", "one\ntwo\nthree"),
        ("- one\n- two", "one\ntwo"),
        ("2011. The U.S. bars it\n2017. A programme", "2011. The U.S. bars it\n2017. A programme"),
        ("AT&amp;T \\*not em\\*", "AT&T *not em*"),
        ("<b>raw</b> stays", "<b>raw</b> stays"),
        ("  spaced   out  ", "spaced out"),
        ("", ""),
    ],
)
def test_plain_removes_the_markdown(text: str, expected: str) -> None:
    assert plain(text) == expected


# Every payload is inert


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_every_payload_renders_inert(payload: str) -> None:
    for html in (render(payload), render_inline(payload)):
        assert unsafe(html) == [], html


def test_the_payloads_are_many_and_varied() -> None:
    text = "\n".join(PAYLOADS).lower()
    assert len(PAYLOADS) >= 30
    for needle in ("<script", "onerror", "onload", "javascript:", "data:", "vbscript:", "&#x09;"):
        assert needle in text
    for needle in ("<svg", "<iframe", "<object", "<embed", "<form", "<meta", "<base", "style="):
        assert needle in text
    assert "{{7*7}}" in text and "{% raw %}" in text and "\x00" in text and "![" in text


def test_the_inertness_check_catches_what_it_should() -> None:
    # The check itself must be able to fail, or the tests above prove nothing.
    assert unsafe('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert unsafe('<a href=" JAVASCRIPT:alert(1)">x</a>')
    assert unsafe("<img src=x onerror=alert(1)>")
    assert unsafe('<p style="color:red">x</p>')
    assert unsafe("<p onclick=alert(1)>x</p>")
    assert unsafe("<SCRIPT>alert(1)</SCRIPT>")
    assert unsafe(f'<a href="/relative" {REL}>x</a>')
    assert unsafe('<img src="/admin/x.png" alt="">')
    assert unsafe(f'<img src="/pictures/{PICTURE}" alt="a">') == []
    assert unsafe(f'<a href="https://example.org" {REL}>x</a><br>') == []


def _fragments() -> list[str]:
    pieces = set(PAYLOADS)
    for payload in PAYLOADS:
        pieces.update(re.split(r"(?<=[\s>\])])", payload))
    pieces.update(["[", "](", ")", "*", "**", "`", "\n", "\n\n", "- ", "1. ", "<", ">", "&#"])
    pieces.update(["javascript:", "java", "script:", "&#x09;", "&colon;", '"', "'", "=", "!"])
    return sorted(piece for piece in pieces if piece)


TEXTS = st.lists(
    st.one_of(
        st.sampled_from(_fragments()),
        st.text(alphabet="<>\"'`*_[]()!&#;:/\\\n\t -=ajvsciptorn0x", max_size=6),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_text_made_of_payload_fragments_renders_inert(text: str) -> None:
    assert unsafe(render(text)) == []
    assert unsafe(render_inline(text)) == []


def test_the_sanitizer_keeps_an_img_only_with_the_address_of_a_picture() -> None:
    # The second line of defence, behind the renderer, which writes no other img.
    from quizapp.core.markup import _clean

    kept = _clean(f'<img src="/pictures/{PICTURE}" alt="a" onerror="x()">', [], "mathml")
    assert kept == Markup(f'<img src="/pictures/{PICTURE}" alt="a" loading="lazy">')
    for src in ("/admin/x.png", "https://example.org/x.png", "javascript:alert(1)", "x.png"):
        assert "src=" not in _clean(f'<img src="{src}" alt="a">', [], "mathml"), src
