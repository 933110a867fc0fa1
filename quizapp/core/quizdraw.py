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
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def order_for(question_ids: Sequence[int], seed: str, shuffle: bool) -> list[int]:
    return shuffled(question_ids, seed) if shuffle else list(question_ids)


def _allocate(sizes: dict[str, int], count: int) -> dict[str, int]:
    """`count` shared among strata in proportion to their sizes (largest remainder), never more
    than a stratum holds; what a small stratum cannot take goes to those with room."""
    total = sum(sizes.values())
    shares = {name: count * size / total for name, size in sizes.items()}
    given = {name: min(int(share), sizes[name]) for name, share in shares.items()}
    by_remainder = sorted(
        sizes, key=lambda n: (-(shares[n] - int(shares[n])), list(sizes).index(n))
    )
    while sum(given.values()) < count:
        room = [n for n in by_remainder if given[n] < sizes[n]]
        if not room:
            break
        given[room[0]] += 1
        by_remainder = room[1:] + room[:1]
    return given


def draw(
    candidates: Sequence[Candidate],
    count: int | None,
    seed: str,
    stratify_by: Sequence[str] = (),
) -> list[int]:
    """`count` question ids (all when None or more than there are), shuffled by `seed`; with
    `stratify_by`, each tag's questions in proportion to how many there are."""
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
