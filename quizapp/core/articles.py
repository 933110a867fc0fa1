"""The two source articles: what a citation may point at, and how paragraphs are counted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Article:
    file: str
    outlet: str
    headline: str
    paragraphs: int
    furniture: frozenset[int]  # browser notices, app links, "About Us": not content

    def citable(self, paragraph: int) -> bool:
        return 1 <= paragraph <= self.paragraphs and paragraph not in self.furniture


ARTICLES: dict[str, Article] = {
    a.file: a
    for a in (
        Article(
            file="000_874f975c85c112d9.txt",
            outlet="NBC News",
            headline="Russia and China unveil plans for joint lunar space station "
            "as Moscow drifts away from NASA",
            paragraphs=29,
            furniture=frozenset({1, 9}),
        ),
        Article(
            file="003_8b10673861f1d029.txt",
            outlet="Silk Road Briefing",
            headline="China and Russia's Joint Venture Belt and Road to the Moon",
            paragraphs=13,
            furniture=frozenset({2, 11, 12, 13}),
        ),
    )
}

_BLANK_LINES = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[str]:
    """Split an article into paragraphs: blocks separated by blank lines, as authors count them."""
    return [block.strip() for block in _BLANK_LINES.split(text.strip())]


def read_paragraphs(articles_dir: Path, file: str) -> list[str]:
    """Read one article's paragraphs from disk (paragraph n is element n - 1)."""
    return split_paragraphs((articles_dir / file).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Citation:
    article: str
    paragraph: int

    def __str__(self) -> str:
        return f"{self.article}#{self.paragraph}"


def parse_citation(text: object) -> Citation | str:
    """Parse 'file#paragraph', or return the reason it is not a valid citation."""
    if not isinstance(text, str) or "#" not in text:
        return f"citation {text!r} is not of the form 'article-file#paragraph'"
    article, _, number = text.rpartition("#")
    if article not in ARTICLES:
        return f"citation {text!r}: unknown article {article!r}"
    if not number.isdigit():
        return f"citation {text!r}: paragraph must be a whole number"
    paragraph = int(number)
    source = ARTICLES[article]
    if not 1 <= paragraph <= source.paragraphs:
        return f"citation {text!r}: {article} has paragraphs 1 to {source.paragraphs}"
    if not source.citable(paragraph):
        return f"citation {text!r}: paragraph {paragraph} is page furniture, not content"
    return Citation(article, paragraph)
