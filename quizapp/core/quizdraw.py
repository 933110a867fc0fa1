"""Which questions a student's attempt asks, and in what order: seeded, so the same attempt
always draws the same."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
OTHER = ""  # the stratum of questions with none of the tags to balance by


@dataclass(frozen=True)
class Candidate:
    question_id: int
    tags: tuple[str, ...]


def shuffled(items: Sequence[T], seed: str) -> list[T]:
    """A new list of the items in an order fixed by `seed`."""
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def order_for(question_ids: Sequence[int], seed: str, shuffle: bool) -> list[int]:
    """The attempt's question order: shuffled by `seed`, or as the teacher set it."""
    return shuffled(question_ids, seed) if shuffle else list(question_ids)


def _allocate(sizes: dict[str, int], count: int) -> dict[str, int]:
    """`count` (at most the total) shared among strata in proportion to their sizes by largest
    remainder; ties go to the stratum named first. A stratum's share is its exact quota rounded
    down or up, and the quota count * size / total never passes its size, so none is asked for
    more questions than it holds and nothing has to spill over."""
    total = sum(sizes.values())
    quotas = {name: divmod(count * size, total) for name, size in sizes.items()}
    given = {name: whole for name, (whole, _) in quotas.items()}
    names = list(sizes)
    by_remainder = sorted(names, key=lambda n: (-quotas[n][1], names.index(n)))
    for name in by_remainder[: count - sum(given.values())]:
        given[name] += 1
    return given


def draw(
    candidates: Sequence[Candidate],
    count: int | None,
    seed: str,
    stratify_by: Sequence[str] = (),
) -> list[int]:
    """`count` question ids (all when None or more than there are), shuffled by `seed`. With
    `stratify_by`, a question counts under the first of those tags it has (questions with none
    under one more stratum) and each stratum gives its share in proportion to its size."""
    if count is not None and count < 0:
        raise ValueError("A quiz cannot draw fewer than no questions.")
    rng = random.Random(seed)
    ids = [c.question_id for c in candidates]
    if count is None or count >= len(ids):
        rng.shuffle(ids)
        return ids
    if not stratify_by:
        return rng.sample(ids, count)
    strata: dict[str, list[int]] = {}
    for candidate in candidates:
        name = next((t for t in stratify_by if t in candidate.tags), OTHER)
        strata.setdefault(name, []).append(candidate.question_id)
    ordered = {name: strata[name] for name in [*stratify_by, OTHER] if name in strata}
    given = _allocate({name: len(qids) for name, qids in ordered.items()}, count)
    chosen = [qid for name, qids in ordered.items() for qid in rng.sample(qids, given[name])]
    rng.shuffle(chosen)
    return chosen
