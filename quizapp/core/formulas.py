"""Formulas teachers write in LaTeX: `\\( ... \\)` inside a line, `\\[ ... \\]` as a display.

Each formula is drawn on the server as MathML (latex2mathml), so a page needs no script to show
it. The LaTeX source stays with the MathML as its `alttext` and as an annotation, for assistive
technology that does not read MathML, and as its `aria-label`: without one, an option that is only
a formula names its radio button "2 3" for 2^3 in the accessibility tree, and nothing for axe.
A display formula takes the keyboard focus (tabindex): wider than a phone, it scrolls sideways in
its own box (style.css), and a box that scrolls must take the focus to be scrolled without a mouse.
What the converter emits is not yet safe: markup.py passes it through the sanitizer with the
MathML elements and layout attributes below, and nothing else.
A formula the converter cannot read is shown as written, as code, with a plain note.
Programs that typeset LaTeX themselves (Anki, with MathJax) get the formula written as LaTeX
instead, between the delimiters the teacher typed, as text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal
from xml.etree.ElementTree import Element, SubElement, tostring

from latex2mathml.converter import convert_to_element
from markupsafe import escape

FORMULA = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<block>.+?)\\\]", re.DOTALL)
# Private-use characters around a number: Markdown and the sanitizer pass them on untouched.
_HELD = re.compile("\ue000([0-9]+)\ue001")
_CHARACTER = re.compile(r"&#x([0-9a-fA-F]+);")
TEX = "application/x-tex"
# How a formula is written out: drawn as MathML, or kept as LaTeX between its delimiters.
Written = Literal["mathml", "latex"]
UNREADABLE = "(this formula has a mistake, so it is shown as written)"

# The elements latex2mathml emits, and the attributes that only lay them out. Left out on purpose:
# href (\href), class and style (\class, \style), and the colours (\color, \colorbox), which a
# teacher could use to carry meaning that a screen reader does not speak.
TAGS = frozenset(
    {
        "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace",
        "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover",
        "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose",
    }
)  # fmt: skip
LAYOUT = frozenset(
    {
        "accent", "columnalign", "columnlines", "columnspacing", "depth", "displaystyle",
        "fence", "form", "height", "linebreak", "linethickness", "lspace", "mathsize",
        "mathvariant", "maxsize", "minsize", "movablelimits", "notation", "rowlines",
        "rowspacing", "rspace", "scriptlevel", "separator", "stretchy", "voffset", "width",
    }
)  # fmt: skip
ATTRIBUTES = {
    **{tag: set(LAYOUT) for tag in TAGS},
    "math": {"display", "alttext", "aria-label", "tabindex"},
    "annotation": {"encoding"},
}


def holds_formula(text: str) -> bool:
    """True when the text has a formula in it, which only a page element that holds markup (not
    an <option> of a <select>) can draw."""
    return FORMULA.search(text) is not None


def hold(text: str) -> tuple[str, list[tuple[str, bool]]]:
    """The text with each formula replaced by a placeholder that Markdown and the sanitizer leave
    alone, and the formulas in order, each as its LaTeX and whether it is a display."""
    found: list[tuple[str, bool]] = []

    def placeholder(match: re.Match[str]) -> str:
        block = match["block"] is not None
        found.append((match["block"] if block else match["inline"], block))
        return f"\ue000{len(found) - 1}\ue001"

    return FORMULA.sub(placeholder, _HELD.sub("", text)), found


def put_back(text: str, formulas: list[str]) -> str:
    """The text with each placeholder replaced by its formula, as drawn by the caller."""
    return _HELD.sub(lambda match: formulas[int(match[1])], text)


def written(latex: str, block: bool, how: Written) -> str:
    """The formula as HTML: MathML (not yet sanitized), or its LaTeX between its delimiters as
    escaped text, which Anki's MathJax reads (and so, unchanged, as the teacher typed it)."""
    if how == "latex":
        return str(escape(rf"\[{latex}\]" if block else rf"\({latex}\)"))
    return mathml(latex, block)


@lru_cache(maxsize=4096)
def mathml(latex: str, block: bool) -> str:
    """The formula as MathML (not yet sanitized), or its source as code when it cannot be read."""
    try:
        math = convert_to_element(latex, display="block" if block else "inline")
        for element in math.iter():
            # The converter writes symbols as character references and unescapes its whole
            # output, which would also turn a "<" typed in \text{} into markup: decode them here.
            element.text = _decoded(element.text)
    except Exception:  # the converter's own errors, and recursion, for LaTeX it cannot read
        return f"<code>{escape(latex)}</code> {UNREADABLE}"
    return tostring(_annotated(math, latex), encoding="unicode")


def _annotated(math: Element, latex: str) -> Element:
    math.attrib.pop("xmlns", None)
    math.set("alttext", latex)
    math.set("aria-label", latex)
    if math.get("display") == "block":
        math.set("tabindex", "0")
    semantics = Element("semantics")
    semantics.extend(list(math))
    for child in list(math):
        math.remove(child)
    math.append(semantics)
    SubElement(semantics, "annotation", encoding=TEX).text = latex
    return math


def _decoded(text: str | None) -> str | None:
    return None if text is None else _CHARACTER.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    code = int(match[1], 16)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be sent as UTF-8
        raise ValueError(match[0])
    return chr(code)  # above U+10FFFF this raises ValueError too
