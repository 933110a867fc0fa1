"""Sources and citations: what a question may cite, and how a citation names a paragraph.

A source is any text a bank's facts come from: an article, a chapter, a teacher's notes. It has
numbered paragraphs (blocks separated by blank lines, the first block is 1) and a short stable id;
a citation is "id#paragraph". A school's sources ship as metadata files (sources/*.toml beside the
bank files) without their text, which is loaded from a copy the school holds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class SourceInfo:
    """What checking a citation needs to know of a source (its text is not needed)."""

    slug: str
    title: str
    author: str = ""  # an author or an outlet
    paragraphs: int = 0
    furniture: frozenset[int] = frozenset()  # notices, links, "About Us": not content
    file: str = ""  # the file a school's copy is read from; earlier bank files cited it by name

    def citable(self, paragraph: int) -> bool:
        return 1 <= paragraph <= self.paragraphs and paragraph not in self.furniture

    @property
    def label(self) -> str:
        return f"{self.author}, “{self.title}”" if self.author else f"“{self.title}”"


@dataclass(frozen=True)
class Citation:
    source: str
    paragraph: int

    def __str__(self) -> str:
        return f"{self.source}#{self.paragraph}"


@dataclass(frozen=True)
class Unusable:
    """Why a text names no paragraph a bank may cite: `message` for a bank file's author (it
    quotes the citation as the file writes it), `words` for a teacher in the editor (no file
    syntax), `rule` for what is wrong."""

    message: str
    words: str
    rule: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Catalogue:
    """The sources one bank may cite, by id (and by the file name older bank files used)."""

    sources: dict[str, SourceInfo] = field(default_factory=dict)
    _by_file: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, sources: Iterable[SourceInfo]) -> Catalogue:
        found = {s.slug: s for s in sources}
        return cls(found, {s.file: s.slug for s in found.values() if s.file})

    def parse(self, text: object) -> Citation | Unusable:
        """The citation a text names, or why it names none (for a file's author and a teacher)."""
        if not isinstance(text, str) or "#" not in text:
            return Unusable(
                f"{text!r} does not name a source and paragraph, such as nbc-lunar#5",
                "One citation names no source and paragraph: remove it and pick the paragraph "
                "this fact comes from.",
                "not-a-citation",
            )
        name, _, number = text.strip().rpartition("#")
        slug = self._by_file.get(name, name)
        source = self.sources.get(slug)
        if source is None:
            return Unusable(
                f"{text!r}: this bank has no source called {name!r}",
                f"This bank cannot cite the source “{name}”: remove the citation, or add the "
                "source to this bank.",
                "unknown-source",
            )
        if not number.isdigit():
            return Unusable(
                f"{text!r}: the paragraph must be a whole number",
                f"A citation of “{source.title}” names no paragraph: remove it and pick one.",
                "no-paragraph",
            )
        return self._paragraph(text, source, int(number))

    @staticmethod
    def _paragraph(text: str, source: SourceInfo, paragraph: int) -> Citation | Unusable:
        if not 1 <= paragraph <= source.paragraphs:
            count = source.paragraphs
            has = f"{count} paragraph{'' if count == 1 else 's'}" if count else "no paragraphs"
            return Unusable(
                f"{text!r}: {source.label} has paragraphs 1 to {source.paragraphs}",
                f"Paragraph {paragraph} of “{source.title}” does not exist; it has {has}.",
                "no-paragraph",
            )
        if not source.citable(paragraph):
            return Unusable(
                f"{text!r}: paragraph {paragraph} of {source.label} is not part of its content "
                "(a notice, a link or a heading)",
                f"Paragraph {paragraph} of “{source.title}” is a notice, a link or a heading, "
                "not part of its text: pick another.",
                "furniture",
            )
        return Citation(source.slug, paragraph)

    def canonical(self, cites: Iterable[object]) -> list[str]:
        """The citations as "id#paragraph" (older file names replaced); invalid ones unchanged."""
        return [str(c) if isinstance(c := self.parse(t), Citation) else str(t) for t in cites]


@dataclass(frozen=True)
class CitationRule:
    """How a bank treats citations: the sources it may cite, and whether each question must."""

    catalogue: Catalogue
    required: bool = False


NO_SOURCES = CitationRule(Catalogue())


def split_paragraphs(text: str) -> list[str]:
    """Split a text into paragraphs: blocks separated by blank lines, as authors count them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.strip() for block in _BLANK_LINES.split(text)] if text else []


def text_digest(paragraphs: Iterable[str]) -> str:
    """A fingerprint of a text's paragraphs, to know a school's copy is the one the banks cite."""
    return hashlib.sha256("\n\n".join(paragraphs).encode("utf-8")).hexdigest()
