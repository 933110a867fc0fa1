"""The Markdown teachers may write in prompts and explanations, and nothing more.

The subset: paragraphs, line breaks, *emphasis*, **strong**, `code`, bullet and numbered lists,
links to http, https and mailto addresses, formulas in LaTeX drawn as MathML (formulas.py), and
pictures the bank holds, written `![alt text](picture:<sha256>.<ext>)`; any other image stays text.
Raw HTML is shown as text, never rendered, and whatever the parser and the formula converter
produce is sanitized again to that subset before it reaches a page. Options and answers are not
Markdown: they are shown as plain text with only their formulas drawn (`render_text`), and
their pictures.
Each function can instead keep the formulas as LaTeX (`formulas_as="latex"`), for a program that
typesets LaTeX itself, such as Anki.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from quizapp.core import formulas
from quizapp.core.pictures import NAME, SCHEME

TAGS = frozenset({"p", "em", "strong", "code", "ul", "ol", "li", "a", "br", "img"})
SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Where pages fetch a picture from; a program given the files themselves (Anki) uses "".
PICTURES_AT = "/pictures/"
# How Moodle XML refers to a file carried inside the question (`moodle_files`).
MOODLE_FILES = "@@PLUGINFILE@@/"
_LINK = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
_PICTURE_SRC = re.compile(rf"(?:{re.escape(PICTURES_AT)}|{re.escape(MOODLE_FILES)})?{NAME.pattern}")
# A picture in plain text (an option, an answer): the same syntax, nothing else of Markdown.
_TEXT_PICTURE = re.compile(rf"!\[([^\[\]\n]*)\]\({SCHEME}({NAME.pattern})\)")

# CommonMark with raw HTML off, cut down to the subset. Every newline a teacher types in the
# editor is a line break ("breaks"), as people who do not know Markdown expect.
_MARKDOWN = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True}
).disable(
    [
        "code",  # indented code blocks: an indented line stays an ordinary line
        "fence",
        "blockquote",
        "hr",
        "heading",
        "lheading",
        "html_block",
        "table",
        "html_inline",
        "strikethrough",
        "linkify",
    ]
)


def _image(
    self: RendererHTML, tokens: Sequence[Any], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    name = src.removeprefix(SCHEME)
    if src.startswith(SCHEME) and NAME.fullmatch(name):
        return _img(env.get("pictures_at", PICTURES_AT) + name, alt)
    # Not one of the bank's pictures (an address on another site, say): shown as written.
    return str(escape(f"![{alt}]({src})"))


def _img(src: str, alt: str) -> str:
    return f'<img src="{escape(src)}" alt="{escape(alt)}">'


_MARKDOWN.add_render_rule("image", _image)


def _attribute(tag: str, name: str, value: str) -> str | None:
    # Relative addresses pass the cleaner's scheme check, so they are judged here: a link needs
    # an allowed scheme (a prompt has no page of its own to be relative to), and a picture's
    # address is one of the bank's pictures and nothing else.
    if name == "href":
        return value if _LINK.match(value) else None
    if name == "src":
        return value if tag == "img" and _PICTURE_SRC.fullmatch(value) else None
    return value


# The second line of defence: only the subset's tags; a link keeps its href only when the scheme
# is allowed, a picture its src only when it is one of the bank's pictures.
# A numbered list keeps its first number, so "3." written by the teacher is not shown as "1.".
# Formulas add the MathML elements the converter emits, with their layout attributes only.
_CLEANER = nh3.Cleaner(
    tags=TAGS | formulas.TAGS,
    attributes={"a": {"href"}, "ol": {"start"}, "img": {"src", "alt"}, **formulas.ATTRIBUTES},
    set_tag_attribute_values={"img": {"loading": "lazy"}},
    attribute_filter=_attribute,
    url_schemes=SCHEMES,
    url_relative="pass_through",
    link_rel=LINK_REL,
    strip_comments=True,
)


def render(
    text: str, formulas_as: formulas.Written = "mathml", pictures_at: str = PICTURES_AT
) -> Markup:
    """A prompt or explanation as safe HTML blocks: paragraphs, lists and pictures."""
    held, found = formulas.hold(text)
    html = _MARKDOWN.render(held, {"pictures_at": pictures_at})
    return _clean(html, found, formulas_as).strip()


def render_inline(text: str, formulas_as: formulas.Written = "mathml") -> Markup:
    """Safe HTML with no blocks (no paragraphs, no lists), for text inside a heading or a line."""
    held, found = formulas.hold(text)
    return _clean(_MARKDOWN.renderInline(held), found, formulas_as)


def render_text(
    text: str, formulas_as: formulas.Written = "mathml", pictures_at: str = PICTURES_AT
) -> Markup:
    """Plain text, such as an option or an answer, as safe HTML with its formulas and pictures
    drawn."""
    held, found = formulas.hold(text)
    escaped = str(escape(held))
    # The alt text was escaped with the rest, so it goes into the attribute as it is.
    drawn = _TEXT_PICTURE.sub(lambda m: _img(pictures_at + m[2], Markup(m[1])), escaped)
    if not found and drawn == escaped:
        return Markup(escaped)  # exactly what the page showed before: the text, escaped
    return _clean(drawn, found, formulas_as)


def pictures_as_alt(text: str) -> str:
    """The text with each picture replaced by its alt text, for a place that shows only text."""
    return _TEXT_PICTURE.sub(lambda m: f"{m[1]} (picture)", text)


def pictures(text: str) -> list[tuple[str, str]]:
    """The pictures the text shows, as (alt text, picture name) in order."""
    return [(m[1], m[2]) for m in _TEXT_PICTURE.finditer(text)]


def _clean(html: str, found: list[tuple[str, bool]], how: formulas.Written) -> Markup:
    # The formulas go in before the sanitizer, so that what it lets through is all a page gets.
    drawn = [formulas.written(latex, block, how) for latex, block in found]
    return Markup(_CLEANER.clean(formulas.put_back(html, drawn)))


def plain(text: str) -> str:
    """The text without Markdown syntax: one line per paragraph, list item or line break.

    A numbered item keeps its number ("3. ..."), which is part of what the teacher wrote.
    """
    held, latex = formulas.hold(text)
    lines: list[str] = []
    number = ""
    for token in _MARKDOWN.parse(held):
        if token.type == "list_item_open" and token.info:
            number = f"{token.info}{token.markup} "
        elif token.type == "list_item_close":
            number = ""
        elif token.type == "inline":
            found = _inline_lines(token.children or [])
            found[0] = number + found[0]
            lines.extend(found)
            number = ""  # a second paragraph of the same item has no number of its own
    # A formula stays as its LaTeX: plain text has no better way to show it.
    return formulas.put_back(
        "\n".join(line for line in lines if line), [source for source, _ in latex]
    )


def _inline_lines(children: list[Token]) -> list[str]:
    words: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            words.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            words.append("\n")
    return [" ".join(line.split()) for line in "".join(words).split("\n")]
