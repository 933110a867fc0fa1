"""Texts in Moodle XML: how quizapp writes its Markdown and plain texts, and reads them back.

A prompt, explanation or feedback ("rich") is written as HTML (quizapp's own rendering, formulas
kept as LaTeX between \\( \\) for Moodle's MathJax filter); an option, ordering item or left side
of a pair ("option") as HTML of its plain text; a short answer, right side of a pair or number
("raw") as itself, since Moodle compares what a student types with it as written.
Next to each HTML text quizapp writes its own text in a `<quizapp>` element, which Moodle ignores:
reading back, that text is taken only while the HTML is still exactly what it renders to, so a
text edited in Moodle is read from its HTML and an untouched one comes back unchanged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Literal
from xml.etree.ElementTree import Element

from quizapp.core.formats.html_text import markdown_of, text_of
from quizapp.core.formats.moodle_files import pictures_of
from quizapp.core.formulas import FORMULA
from quizapp.core.markup import MOODLE_FILES, pictures, render, render_text

Kind = Literal["rich", "option", "raw"]
SOURCE = "quizapp"
_FORMULA_PLACE = "\ue102{}\ue103"
_HELD_FORMULA = re.compile("\ue102([0-9]+)\ue103")


def html_of(text: str, kind: Kind) -> str:
    """How quizapp writes a text of this kind in Moodle XML."""
    if kind == "rich":
        return str(render(text, formulas_as="latex", pictures_at=MOODLE_FILES))
    if kind == "option":
        return str(render_text(text, formulas_as="latex", pictures_at=MOODLE_FILES))
    return text


WILDCARD = re.compile(r"(?<!\\)\*")


def literal(answer: str) -> str:
    """A short answer as Moodle's pattern for it: an asterisk alone would be a wildcard."""
    return answer.replace("*", "\\*")


def converted(body: str, fmt: str, kind: Kind, shown: Mapping[str, str] | None = None) -> str:
    """A Moodle text in its format as quizapp's text of this kind; its formulas, written
    \\( \\) or \\[ \\] for Moodle's MathJax filter as for quizapp, are kept as they are, and
    so are the pictures of `shown` (an <img> address -> the bank's picture)."""
    formulas = [html.unescape(found.group(0)) for found in FORMULA.finditer(body)]
    numbers = iter(range(len(formulas)))
    held = FORMULA.sub(lambda _m: _FORMULA_PLACE.format(next(numbers)), body)
    text = _converted(held, fmt.lower(), kind, shown or {})
    return _HELD_FORMULA.sub(lambda m: formulas[int(m.group(1))], text)


def _converted(body: str, fmt: str, kind: Kind, shown: Mapping[str, str]) -> str:
    if fmt == "markdown":
        return body.strip() if kind == "rich" else text_of(str(render(body)))
    if fmt == "plain_text":
        body = html.escape(body, quote=False).replace("\n", "<br>")
    elif fmt == "moodle_auto_format":
        body = body.replace("\n", "<br>")
    return markdown_of(body, shown) if kind == "rich" else text_of(body, shown)


def read_text(element: Element | None, kind: Kind, default_format: str = "html") -> str:
    """The text of a Moodle element such as <questiontext>, as quizapp's text of this kind."""
    if element is None:
        return ""
    body = element.findtext("text") or ""
    if kind == "raw":
        return body.strip()
    source = element.findtext(SOURCE)
    shown = pictures_of(element)
    # quizapp's own text is taken only when the pictures it shows travel with it
    held = shown.values()
    if (
        source is not None
        and html_of(source, kind) == body.strip()
        and all(name in held for _, name in pictures(source))
    ):
        return source
    return converted(body, element.get("format") or default_format, kind, shown)
