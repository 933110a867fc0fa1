"""One page of a long list: which rows, and the page numbers around it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    number: int  # 1-based, within 1..pages
    pages: int  # at least 1, even for an empty list
    total: int  # rows on every page together

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def page_of(rows: Sequence[T], number: int, size: int) -> Page[T]:
    """Page `number` of `rows`; a number past either end gives the first or the last page."""
    pages = max(1, -(-len(rows) // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(list(rows[start : start + size]), number, pages, len(rows))
