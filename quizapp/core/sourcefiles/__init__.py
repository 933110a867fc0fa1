"""Reading the files teachers upload as sources (web pages, Word documents, PDFs) as paragraphs.

Each reader takes the file's bytes and returns its paragraphs in order, or raises
`UnreadableSource` with a sentence for the teacher; `quizapp.core.sourcetext` chooses the reader
and applies the limits. Nothing here reads from disk or touches the database.
"""

from __future__ import annotations

NOT_TEXT = "The file is not UTF-8 text: save it again as UTF-8 and upload it"


class UnreadableSource(ValueError):
    """A file or text quizapp cannot turn into paragraphs; the message is for the teacher."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def megabytes(size: int) -> str:
    """A size in bytes as a teacher reads it: '5 MB'."""
    return f"{size // (1024 * 1024):,} MB"
