"""Word documents (.docx) as paragraphs: each paragraph of the body in order, each table cell one.

A .docx is a zip of XML files: the sizes its entries declare are added up before python-docx
opens it, so a small file that would unpack to gigabytes is refused first (zipfile never gives
more than an entry declares). Text inside text boxes, headers, footers and notes is not read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import docx
from docx.oxml.ns import qn

from quizapp.core import limits
from quizapp.core.sourcefiles import UnreadableSource, megabytes

DAMAGED = "This .docx file is damaged or is not a Word document"
TOO_BIG = (
    "This .docx file is too large: its contents come to more than "
    f"{megabytes(limits.SOURCE_UNPACKED_BYTES)} once unpacked"
)
# Runs of the paragraph itself, also inside links, tracked insertions and fields, not in text boxes.
_RUNS = ".//w:r[not(ancestor::w:txbxContent)]"


def _unpacked_size(data: bytes) -> int:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise UnreadableSource(DAMAGED) from error


def _paragraph(element: Any) -> str:
    return "".join(run.text for run in element.xpath(_RUNS))


def _cells(table: Any) -> Iterator[str]:
    for row in table.iterchildren(qn("w:tr")):
        for cell in row.iterchildren(qn("w:tc")):
            yield "\n".join(text for text in _blocks(cell) if text.strip())


def _blocks(parent: Any) -> Iterator[str]:
    """The paragraphs and table cells directly in `parent`, and in its content controls."""
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield _paragraph(child)
        elif child.tag == qn("w:tbl"):
            yield from _cells(child)
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _blocks(content)


def docx_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a Word document's body, table cells included, in order."""
    if _unpacked_size(data) > limits.SOURCE_UNPACKED_BYTES:
        raise UnreadableSource(TOO_BIG)
    try:
        body = docx.Document(BytesIO(data)).element.body
        return [text.strip() for text in _blocks(body) if text.strip()]
    except Exception as error:  # python-docx lets zip, XML and package errors of every kind out
        raise UnreadableSource(DAMAGED) from error
