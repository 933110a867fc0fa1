"""A source's text as numbered paragraphs, from text a teacher pastes or a file she uploads.

Paragraph n is element n - 1, the number questions cite as "source#n". Plain text and Markdown
keep the rule the shipped articles use (`sources.split_paragraphs`: blocks separated by blank
lines), so their numbers do not move; web pages, Word documents and PDFs are read by the
modules of `quizapp.core.sourcefiles`. Whatever goes wrong comes back as `UnreadableSource`,
whose message is a sentence for the teacher.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from quizapp.core import limits
from quizapp.core.sourcefiles import NOT_TEXT, UnreadableSource, megabytes
from quizapp.core.sourcefiles.docx_text import docx_paragraphs
from quizapp.core.sourcefiles.html_text import html_paragraphs
from quizapp.core.sourcefiles.pdf_text import pdf_paragraphs
from quizapp.core.sources import split_paragraphs

__all__ = ["UnreadableSource", "paragraphs_from_text", "paragraphs_from_upload"]

TOO_LARGE = f"This file is larger than {megabytes(limits.SOURCE_UPLOAD_BYTES)}"
TEXT_TOO_LARGE = f"This text is larger than {megabytes(limits.SOURCE_UPLOAD_BYTES)}"
UNKNOWN_KIND = "quizapp reads .txt, .md, .html, .docx and .pdf files"
EMPTY = "There is no text in this source"
TOO_MANY = f"This source has more than {limits.SOURCE_PARAGRAPHS:,} paragraphs: split it in two"


def too_long(number: int) -> str:
    """The message for a paragraph over the length quizapp keeps."""
    return (
        f"Paragraph {number} is longer than {limits.SOURCE_PARAGRAPH_CHARS:,} characters: "
        "break it into shorter paragraphs"
    )


def _checked(paragraphs: list[str]) -> list[str]:
    kept = [text for text in map(limits.without_control_characters, paragraphs) if text.strip()]
    if not kept:
        raise UnreadableSource(EMPTY)
    if len(kept) > limits.SOURCE_PARAGRAPHS:
        raise UnreadableSource(TOO_MANY)
    for number, text in enumerate(kept, start=1):
        if len(text) > limits.SOURCE_PARAGRAPH_CHARS:
            raise UnreadableSource(too_long(number))
    return kept


def _split(text: str) -> list[str]:
    return split_paragraphs(text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs_from_text(text: str) -> list[str]:
    """The paragraphs of pasted text: blocks separated by blank lines, as the articles count."""
    if len(text) > limits.SOURCE_UPLOAD_BYTES:
        raise UnreadableSource(TEXT_TOO_LARGE)
    return _checked(_split(text))


def _text_file(data: bytes) -> list[str]:
    """A .txt or .md file: UTF-8 (with or without the mark Windows puts first), never binary."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableSource(NOT_TEXT) from error
    if "\x00" in text:  # valid UTF-8 but a program's file, not text a person wrote
        raise UnreadableSource(NOT_TEXT)
    return _split(text)


_READERS: dict[str, Callable[[bytes], list[str]]] = {
    ".txt": _text_file,
    ".md": _text_file,
    ".html": html_paragraphs,
    ".htm": html_paragraphs,
    ".docx": docx_paragraphs,
    ".pdf": pdf_paragraphs,
}


def paragraphs_from_upload(filename: str, data: bytes) -> list[str]:
    """The paragraphs of an uploaded file, read according to its name's ending."""
    reader = _READERS.get(PurePath(filename).suffix.lower())
    if reader is None:
        raise UnreadableSource(UNKNOWN_KIND)
    if len(data) > limits.SOURCE_UPLOAD_BYTES:
        raise UnreadableSource(TOO_LARGE)
    return _checked(reader(data))
