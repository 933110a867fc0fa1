"""Web pages as paragraphs: the text of each block (paragraph, list item, heading, table cell, ...).

The standard library's parser reads the page; what a reader never sees as the text (scripts,
styles, the page's title, menus, forms, pictures drawn in SVG) is left out. Entities are decoded,
runs of spaces and line ends become one space, a line break stays a line break and two in a row
end a paragraph, as pages written without <p> use them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from quizapp.core.sourcefiles import NOT_TEXT, UnreadableSource

DAMAGED = "This web page file is damaged: quizapp could not read it"

# Starting or ending one of these ends the paragraph before it.
_BLOCK_NAMES = (
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main ol p pre section summary table tbody td tfoot th thead tr ul"
)
BLOCKS = frozenset(_BLOCK_NAMES.split())
# Their content is not the text: code, styles, the page's title, menus, controls, drawings.
_HIDDEN_NAMES = (
    "audio button canvas iframe nav noscript object script select style svg template "
    "textarea title video"
)
HIDDEN = frozenset(_HIDDEN_NAMES.split())
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_SPACE = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\n{2,}")  # two line breaks in a row
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers read for these labels (the HTML standard's encoding table).
_BROWSER_CODEC = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._text: list[str] = []
        self._hidden: str | None = None  # the outermost hidden element we are inside
        self._hidden_depth = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden is not None:
            self._hidden_depth += tag == self._hidden
        elif tag in HIDDEN:
            self._hidden, self._hidden_depth = tag, 1
        elif tag == "br":
            self._text.append("\n")
        elif tag in BLOCKS:
            self._flush()
            self._pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if self._hidden is not None:
            self._hidden_depth -= tag == self._hidden
            if self._hidden_depth == 0:
                self._hidden = None
        elif tag in BLOCKS:
            self._flush()
            self._pre = max(0, self._pre - (tag == "pre"))

    def handle_data(self, data: str) -> None:
        if self._hidden is None:
            self._text.append(data if self._pre else _HTML_SPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text, self._text = "".join(self._text), []
        if self._pre:
            if text.strip():
                self.paragraphs.append(text.strip("\n").rstrip())
            return
        lines = "\n".join(line.strip() for line in _SPACE.sub(" ", text).split("\n"))
        self.paragraphs.extend(part.strip("\n") for part in _BREAKS.split(lines) if part.strip())


def decode(data: bytes) -> str:
    """The page's text: UTF-8, or else the encoding the page declares for itself."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(_BROWSER_CODEC.get(label, label))
        except (LookupError, UnicodeDecodeError):
            pass
    raise UnreadableSource(NOT_TEXT)


def html_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a web page, in the order a reader meets them."""
    parser = _Blocks()
    try:
        parser.feed(decode(data))
        parser.close()
    except AssertionError as error:  # the parser's word for markup it cannot go on from
        raise UnreadableSource(DAMAGED) from error
    return parser.paragraphs
