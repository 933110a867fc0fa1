"""PDFs as paragraphs: pypdf's text, page by page, with the paragraphs rebuilt from where lines sit.

A PDF holds lines, not paragraphs. pypdf gives each page's lines in the order they were written,
which keeps a column together, and tells where each line sits. A new paragraph starts at a blank
line, where the gap to the line before is clearly wider than the page's usual line spacing, where
the text size changes (a heading) and where the next line sits higher than the last (the next
column). The lines of a paragraph are joined with spaces, and a word broken with a hyphen at a
line end is mended. A paragraph cut by a column or a page goes on when the text before the cut
has no full stop and the text after it starts with a small letter. Paragraphs set apart only by
an indent, with no space between them, are not told apart.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pypdf
from pypdf.constants import UserAccessPermissions
from pypdf.errors import DependencyError

from quizapp.core import limits
from quizapp.core.sourcefiles import UnreadableSource

DAMAGED = "This PDF is damaged: quizapp could not read it"
LOCKED = (
    "This PDF is protected, so quizapp cannot read it: save or print a copy without "
    "protection and upload that"
)
TOO_MANY_PAGES = f"This PDF has more than {limits.SOURCE_PDF_PAGES} pages"
SCANNED = "This PDF has no text that can be copied: it may be a scan"

PARAGRAPH_GAP = 1.3  # a gap this many times the usual line spacing starts a paragraph
SIZE_CHANGE = 0.1  # text this much larger or smaller starts a paragraph
_SPACES = re.compile(r"\s+")
_HYPHENS = ("-", "\u2010")
_SOFT_HYPHEN = "\u00ad"
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
)


@dataclass
class _Line:
    text: str = ""
    height: float | None = None  # how far up the page (along the text's own up) the line sits
    size: float = 0.0  # the largest text on the line, in points


def _placed(cm: Sequence[float], tm: Sequence[float], font_size: float) -> tuple[float, float]:
    """Where text drawn with these matrices sits along its up direction, and its size."""
    up_x = tm[2] * cm[0] + tm[3] * cm[2]
    up_y = tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.hypot(up_x, up_y) or 1.0
    return (x * up_x + y * up_y) / scale, abs(font_size) * scale


def _lines(page: Any) -> list[_Line]:
    lines = [_Line()]

    def visit(text: str, cm: Any, tm: Any, font: Any, font_size: float) -> None:
        for n, piece in enumerate(text.split("\n")):
            if n:
                lines.append(_Line())
            line = lines[-1]
            line.text += piece
            if piece.strip():
                height, size = _placed(cm, tm, font_size)
                line.height = height if line.height is None else line.height
                line.size = max(line.size, size)

    page.extract_text(visitor_text=visit)
    return lines


def _line_spacing(lines: Sequence[_Line]) -> float | None:
    """The usual distance from one line to the next on the page, for text of one size."""
    steps = [
        a.height - b.height
        for a, b in itertools.pairwise(lines)
        if a.height is not None
        and b.height is not None
        and not _resized(a, b)
        and 0 < a.height - b.height < 3 * a.size
    ]
    return statistics.median(steps) if steps else None


def _resized(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) > SIZE_CHANGE * max(a.size, b.size)


def _boundary(before: _Line, line: _Line, spacing: float | None) -> str | None:
    """Whether `line` goes on the paragraph of the line `before` it (None), starts a new one
    ("new"), or moved up the page, to the next column, where the paragraph may go on ("up")."""
    if before.height is None or line.height is None:
        return None
    drop = before.height - line.height
    if drop < -0.5 * line.size:
        return "up"
    if _resized(before, line) or (spacing is not None and drop > PARAGRAPH_GAP * spacing):
        return "new"
    return None


def continues(text: str, after: str) -> bool:
    """A paragraph cut by a column or page: no full stop before, a small letter after."""
    return (text[-1:].isalnum() or text[-1:] in (",", *_HYPHENS)) and after[:1].islower()


def join_lines(lines: Sequence[str]) -> str:
    """One paragraph from its lines: spaces between them, words broken at a line end mended."""
    text = ""
    for raw in lines:
        line = _SPACES.sub(" ", raw).strip()
        broken = text[-1:] in _HYPHENS and text[-2:-1].isalpha()
        if not line:
            continue
        if text.endswith(_SOFT_HYPHEN) or (broken and line[0].islower()):
            text = text[:-1] + line  # "sur-" + "face" is "surface"
        elif broken or not text:
            text += line  # "Russia-" + "China" keeps its hyphen
        else:
            text += " " + line
    return text.replace(_SOFT_HYPHEN, "").translate(_LIGATURES)


def _page_paragraphs(page: Any) -> list[tuple[str, bool]]:
    """The page's paragraphs, each with whether it may go on from the one before it."""
    lines = _lines(page)
    spacing = _line_spacing([line for line in lines if line.text.strip()])
    groups: list[tuple[list[str], bool]] = [([], True)]
    before = _Line()
    for line in lines:
        boundary = "new" if not line.text.strip() else _boundary(before, line, spacing)
        if boundary:
            groups.append(([], boundary == "up"))
        if line.text.strip():
            groups[-1][0].append(line.text)
            before = line
    return [(join_lines(group), cut) for group, cut in groups if join_lines(group)]


def _joined(pieces: Sequence[tuple[str, bool]]) -> list[str]:
    paragraphs: list[str] = []
    for text, cut in pieces:
        if cut and paragraphs and continues(paragraphs[-1], text):
            paragraphs[-1] = join_lines([paragraphs[-1], text])
        else:
            paragraphs.append(text)
    return paragraphs


def _may_copy(reader: pypdf.PdfReader) -> bool:
    allowed = reader.user_access_permissions
    return allowed is not None and UserAccessPermissions.EXTRACT in allowed


def _reader(data: bytes) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(BytesIO(data))
        # Encrypted and opened without a password (or not at all): read only where the file
        # allows copying its text, as publishers' copy-protected PDFs do not.
        locked = reader.is_encrypted and not (reader.decrypt("") and _may_copy(reader))
        pages = 0 if locked else len(reader.pages)
    except DependencyError as error:  # encrypted in a way pypdf needs more libraries to open
        raise UnreadableSource(LOCKED) from error
    except Exception as error:  # pypdf lets KeyError, ValueError and others out of damaged files
        raise UnreadableSource(DAMAGED) from error
    if locked:
        raise UnreadableSource(LOCKED)
    if pages > limits.SOURCE_PDF_PAGES:
        raise UnreadableSource(TOO_MANY_PAGES)
    return reader


def pdf_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a PDF's text, page after page."""
    reader = _reader(data)
    try:
        paragraphs = _joined([piece for page in reader.pages for piece in _page_paragraphs(page)])
    except Exception as error:  # as in _reader: a damaged page fails in many ways
        raise UnreadableSource(DAMAGED) from error
    if not paragraphs:
        raise UnreadableSource(SCANNED)
    return paragraphs
