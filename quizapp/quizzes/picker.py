"""The question picker of the New quiz page: the class's pool grouped by bank, then by each
question's first tag, so that the list is short without a script to filter it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from quizapp.quizzes.services import PoolQuestion

UNTAGGED = "no tag"


@dataclass
class TagGroup:
    tag: str
    questions: list[PoolQuestion] = field(default_factory=list)
    chosen: int = 0  # ticked ones: a group with any is shown open


@dataclass
class BankGroup:
    title: str
    quiz_only: bool
    tags: list[TagGroup] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(group.questions) for group in self.tags)

    @property
    def chosen(self) -> int:
        return sum(group.chosen for group in self.tags)


def grouped(pool: list[PoolQuestion], chosen: Collection[int]) -> list[BankGroup]:
    """Banks in the pool's order; within each, its tags in order of first appearance."""
    banks: dict[str, BankGroup] = {}
    by_tag: dict[tuple[str, str], TagGroup] = {}
    for question in pool:
        bank = banks.setdefault(
            question.bank_title, BankGroup(question.bank_title, question.quiz_only)
        )
        tag = question.tags[0] if question.tags else UNTAGGED
        group = by_tag.get((bank.title, tag))
        if group is None:
            group = by_tag[(bank.title, tag)] = TagGroup(tag)
            bank.tags.append(group)
        group.questions.append(question)
        group.chosen += question.id in chosen
    return list(banks.values())


def all_tags(pool: list[PoolQuestion]) -> list[str]:
    """Every tag any question of the pool carries, for the filter."""
    return sorted({tag for question in pool for tag in question.tags}, key=str.casefold)
