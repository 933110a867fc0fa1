"""Formulas in LaTeX drawn as MathML in prompts, explanations, options and answers, all inert."""

from __future__ import annotations

import pytest
from markupsafe import Markup, escape

from quizapp.core import formulas
from quizapp.core.markup import plain, render, render_inline, render_text
from tests.xss_payloads import active_content, parse

MATH = formulas.ATTRIBUTES
TEXT = {"p": set(), "em": set(), "code": set(), "br": set(), "a": {"href", "rel", "title"}}
ALLOWED = {**TEXT, **MATH}


def unsafe(html: str) -> list[str]:
    """Anything outside the Markdown subset and the MathML allowlist, or able to run script."""
    problems = ["<script"] if "<script" in html.lower() else []
    allowed = {
        "p": set(),
        "em": set(),
        "code": set(),
        "br": set(),
        "a": {"href", "rel", "title"},
        **MATH,
    }
    for element in parse(html).elements:
        if element.tag not in ALLOWED:
            problems.append(f"<{element.tag}>")
        problems += [
            f"{element.tag}[{n}]" for n in element.attrs if n not in allowed.get(element.tag, ())
        ]
        problems += active_content(element)
    return problems


def elements(html: str) -> list[str]:
    return [element.tag for element in parse(html).elements]


# What renders


def test_an_inline_formula_in_a_prompt_is_mathml_between_the_words() -> None:
    html = render(r"Solve \(x^2 = 4\) for *x*.")
    opening = '<math display="inline" alttext="x^2 = 4" aria-label="x^2 = 4"><semantics>'
    assert html.startswith(f"<p>Solve {opening}")
    assert "<msup><mi>x</mi><mn>2</mn></msup><mo>=</mo><mn>4</mn>" in html
    assert html.endswith("</math> for <em>x</em>.</p>")


def test_a_display_formula_is_a_block_formula() -> None:
    html = render("The area:\n\n\\[\\pi r^2\\]")
    assert '<p><math display="block" alttext="\\pi r^2"' in html
    assert "<mi>π</mi>" in html  # the symbol as a character, not a reference shown as text


def test_a_display_formula_takes_the_focus_to_scroll_on_a_narrow_screen() -> None:
    assert '<math display="block" alttext="x" aria-label="x" tabindex="0">' in render(r"\[x\]")
    assert "tabindex" not in render(r"\(x\)")


def test_the_latex_stays_with_the_mathml_for_screen_readers() -> None:
    html = render_inline(r"\(\frac{a}{b}\)")
    assert 'alttext="\\frac{a}{b}"' in html and 'aria-label="\\frac{a}{b}"' in html
    assert '<annotation encoding="application/x-tex">\\frac{a}{b}</annotation>' in html
    assert elements(html)[:3] == ["math", "semantics", "mrow"]


def test_markdown_does_not_touch_what_is_inside_a_formula() -> None:
    # Unprotected, the stars would become emphasis and the backslashes escapes.
    html = render(r"\(a * b * c\) and \(\{x\}\)")
    assert "<em>" not in html and "<mo>*</mo>" in html
    assert html.count("<math") == 2


def test_options_and_answers_draw_formulas_and_keep_the_rest_as_text() -> None:
    html = render_text(r"*not em* <b>x</b> \(\sqrt{2}\)")
    assert html.startswith("*not em* &lt;b&gt;x&lt;/b&gt; <math")
    assert "<msqrt>" in html and isinstance(html, Markup)


def test_text_without_formulas_is_unchanged() -> None:
    assert render_text("Roscosmos & CNSA (2021)") == Markup("Roscosmos &amp; CNSA (2021)")
    assert render_text("O'Neill's \"plan\"") == escape("O'Neill's \"plan\"")  # as autoescaped
    assert render("Costs \\$5 (or (more))") == Markup("<p>Costs $5 (or (more))</p>")


def test_a_placeholder_typed_by_a_teacher_is_not_taken_for_a_formula() -> None:
    assert render_text("a \ue0000\ue001 b") == Markup("a  b")
    assert render("\ue0001\ue001 \\(x\\)").count("<math") == 1


def test_plain_text_shows_a_formula_as_its_latex() -> None:
    assert plain(r"Solve \(x^2 = 4\) for **x**") == "Solve x^2 = 4 for x"


def test_formulas_can_stay_latex_for_a_program_that_typesets_them_itself() -> None:
    html = render("Since \\(a < b\\), *so*:\n\n\\[b > a\\]", formulas_as="latex")
    assert html == Markup("<p>Since \\(a &lt; b\\), <em>so</em>:</p>\n<p>\\[b &gt; a\\]</p>")
    assert render_inline(r"\(x_1 * y_2\)", formulas_as="latex") == Markup(r"\(x_1 * y_2\)")
    assert render_text(r"\(\frac{1}{\)", formulas_as="latex") == escape(r"\(\frac{1}{\)")
    typed = r"\(\text{<b>} < 1\)"  # what the teacher typed, tags and all, as text
    assert render_text(typed, formulas_as="latex") == Markup(r"\(\text{&lt;b&gt;} &lt; 1\)")


# A formula the converter cannot read


@pytest.mark.parametrize(
    "latex", [r"\frac{1}{", r"\left( x", r"\def\a{\a}\a", r"\text{&#xD800;}", r"\text{&#x110000;}"]
)
def test_a_formula_with_a_mistake_is_shown_as_written_with_a_note(latex: str) -> None:
    html = render(f"Before \\({latex}\\) after")
    assert "<math" not in html and "<code>" in html
    assert formulas.UNREADABLE in html and html.endswith("after</p>")
    assert parse(html).elements[1].tag == "code"


# Nothing runs


@pytest.mark.parametrize(
    ("latex", "dropped"),
    [
        (r"\href{javascript:alert(1)}{x}", "href"),
        (r"\style{background:url(javascript:alert(1))}{x}", "style"),
        (r"\class{sr-only}{x}", "class"),
        (r"\color{red}{x}", "mathcolor"),
        (r"\colorbox{red}{x}", "mathbackground"),
        (r"\fcolorbox{red}{blue}{x}", "border-color"),
    ],
)
def test_links_styles_classes_and_colours_written_in_latex_are_dropped(
    latex: str, dropped: str
) -> None:
    assert f"{dropped}=" in formulas.mathml(latex, False)  # the converter does emit it
    for html in (render(f"\\({latex}\\)"), render_text(f"\\[{latex}\\]")):
        assert f"{dropped}=" not in html and ">x</m" in html
        assert unsafe(html) == []


@pytest.mark.parametrize(
    "latex",
    [
        r"\text{<script>alert(1)</script>}",
        r"\text{<img src=x onerror=alert(1)>}",
        r"\text{&lt;script&gt;}",
        r"x</mi></math><img src=x onerror=alert(1)>",
        r'\text{" onmouseover="alert(1)}',
        r"\mathrm{</annotation><script>alert(1)</script>}",
    ],
)
def test_html_inside_a_formula_stays_text(latex: str) -> None:
    for html in (render(f"\\({latex}\\)"), render_inline(f"\\({latex}\\)"), render_text(latex)):
        assert unsafe(html) == [], html
        assert "<img" not in html and "<script" not in html
    for how in ("mathml", "latex"):
        html = render_text(f"\\[{latex}\\]", formulas_as=how)
        assert unsafe(html) == [] and "<img" not in html and "<script" not in html


def test_html_in_latex_text_is_shown_as_the_characters_typed() -> None:
    assert "<mtext>&lt;b&gt;</mtext>" in render_text(r"\(\text{<b>}\)")


def test_a_formula_in_a_link_title_cannot_smuggle_an_attribute() -> None:
    # The formula breaks the title's quotes before the sanitizer runs: what it makes is garbled
    # but stays within the allowlist, since the sanitizer comes last.
    html = render(r'[x](https://example.org "\(y\" onclick=\"alert(1)\)")')
    assert unsafe(html) == [] and "onclick=" not in html


def test_the_allowlist_holds_only_mathml_and_no_attribute_that_runs_or_styles() -> None:
    assert all(tag == "math" or tag.startswith("m") or tag in {"semantics", "annotation"}
               for tag in formulas.TAGS)  # fmt: skip
    names = {name for names in MATH.values() for name in names}
    assert not names & {"href", "src", "style", "class", "id", "mathcolor", "mathbackground"}
    assert not any(name.startswith("on") for name in names)


def test_the_inertness_check_catches_what_it_should() -> None:
    assert unsafe('<math><mrow href="javascript:alert(1)"><mi>x</mi></mrow></math>')
    assert unsafe('<math><mstyle style="color:red"><mi>x</mi></mstyle></math>')
    assert unsafe("<math><mtext><img src=x></mtext></math>")
    assert unsafe('<math display="block"><mi>x</mi></math>') == []
