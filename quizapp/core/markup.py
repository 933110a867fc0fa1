"""The Markdown teachers may write in prompts and explanations, and nothing more.

The subset: paragraphs, line breaks, *emphasis*, **strong**, `code`, bullet and numbered lists,
and links to http, https and mailto addresses. Raw HTML is shown as text, never rendered, and
whatever the parser produces is sanitized again to that subset before it reaches a page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

TAGS = frozenset({"p", "em", "strong", "code", "ul", "ol", "li", "a", "br"})
SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

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
        "image",
        "html_inline",
        "strikethrough",
        "linkify",
    ]
)

# The second line of defence: only the subset's tags; a link keeps its href only when the scheme
# is allowed (relative links are dropped: a prompt has no page of its own to be relative to).
# A numbered list keeps its first number, so "3." written by the teacher is not shown as "1.".
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes={"a": {"href"}, "ol": {"start"}},
    url_schemes=SCHEMES,
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def render(text: str) -> Markup:
    """A prompt or explanation as safe HTML blocks: paragraphs and lists."""
    return Markup(_CLEANER.clean(_MARKDOWN.render(text)).strip())


def render_inline(text: str) -> Markup:
    """Safe HTML with no blocks (no paragraphs, no lists), for text inside a heading or a line."""
    return Markup(_CLEANER.clean(_MARKDOWN.renderInline(text)))


def plain(text: str) -> str:
    """The text without Markdown syntax: one line per paragraph, list item or line break.

    A numbered item keeps its number ("3. ..."), which is part of what the teacher wrote.
    """
    lines: list[str] = []
    number = ""
    for token in _MARKDOWN.parse(text):
        if token.type == "list_item_open" and token.info:
            number = f"{token.info}{token.markup} "
        elif token.type == "list_item_close":
            number = ""
        elif token.type == "inline":
            found = _inline_lines(token.children or [])
            found[0] = number + found[0]
            lines.extend(found)
            number = ""  # a second paragraph of the same item has no number of its own
    return "\n".join(line for line in lines if line)


def _inline_lines(children: list[Token]) -> list[str]:
    words: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            words.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            words.append("\n")
    return [" ".join(line.split()) for line in "".join(words).split("\n")]
