"""Drawing a student's questions: seeded, in proportion to the strata, shuffled."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.quizdraw import Candidate, draw, order_for, shuffled

LEVELS = ["easy", "medium", "hard"]
ROOT = Path(__file__).resolve().parents[2]


def pool(**sizes: int) -> list[Candidate]:
    """Candidates numbered from 0, `sizes[tag]` of each tag in the order given; the tag "none"
    stands for questions with no level tag."""
    tags = [tag for tag, size in sizes.items() for _ in range(size)]
    return [
        Candidate(n, ("topic",) if tag == "none" else (tag, "topic")) for n, tag in enumerate(tags)
    ]


def strata_of(candidates: list[Candidate], drawn: list[int]) -> Counter[str]:
    level = {c.question_id: c.tags[0] if len(c.tags) > 1 else "none" for c in candidates}
    return Counter(level[q] for q in drawn)


def test_the_same_seed_draws_the_same_questions_in_the_same_order() -> None:
    candidates = pool(easy=10, medium=5, hard=5)
    for stratify in ([], LEVELS):
        first = draw(candidates, 8, "quiz 1 student 2 attempt 1", stratify)
        assert first == draw(candidates, 8, "quiz 1 student 2 attempt 1", stratify)
        assert first != draw(candidates, 8, "quiz 1 student 3 attempt 1", stratify)


def test_a_draw_does_not_depend_on_the_process_hash_seed() -> None:
    script = (
        "from quizapp.core.quizdraw import Candidate, draw;"
        "print(draw([Candidate(n, ('easy',)) for n in range(30)], 6, 'quiz 4 student 9'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": hash_seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("0", "12345")
    }
    expected = str(draw([Candidate(n, ("easy",)) for n in range(30)], 6, "quiz 4 student 9"))
    assert outputs == {expected + "\n"}


def test_different_students_get_different_draws() -> None:
    candidates = pool(easy=10, medium=5, hard=5)
    draws = [tuple(draw(candidates, 8, f"quiz 1 student {n} attempt 1")) for n in range(20)]
    assert len(set(draws)) == 20
    assert len({frozenset(d) for d in draws}) == 20  # the questions differ, not just their order


def test_every_question_is_drawn_about_equally_often() -> None:
    candidates = pool(easy=20)
    seen = Counter(q for n in range(400) for q in draw(candidates, 5, f"student {n}"))
    assert set(seen) == set(range(20))
    assert all(60 <= times <= 140 for times in seen.values()), seen  # 100 each expected


def test_each_question_of_a_stratum_is_drawn_about_equally_often() -> None:
    candidates = pool(easy=10, medium=5, hard=5)
    seen = Counter(q for n in range(300) for q in draw(candidates, 8, f"student {n}", LEVELS))
    assert set(seen) == set(range(20))
    assert all(80 <= times <= 160 for times in seen.values()), seen  # 120 each expected


@pytest.mark.parametrize(
    ("sizes", "count", "stratify", "expected"),
    [
        # 8 of 20: quotas 4, 2, 2 exactly.
        ({"easy": 10, "medium": 5, "hard": 5}, 8, LEVELS, {"easy": 4, "medium": 2, "hard": 2}),
        # 7 of 9: quotas 2 1/3 each; the one left goes to the first named stratum.
        ({"easy": 3, "medium": 3, "hard": 3}, 7, LEVELS, {"easy": 3, "medium": 2, "hard": 2}),
        (
            {"easy": 3, "medium": 3, "hard": 3},
            7,
            ["hard", "medium", "easy"],
            {"hard": 3, "medium": 2, "easy": 2},
        ),
        # 6 of 11: quotas 6/11 and 60/11; remainders 6/11 > 5/11, so the lone hard one is asked.
        ({"hard": 1, "easy": 10}, 6, ["hard", "easy"], {"hard": 1, "easy": 5}),
        # 15 of 20: quotas 12.75, 1.5, 0.75; the two left go to easy (.75, named first) and hard.
        ({"easy": 17, "medium": 2, "hard": 1}, 15, LEVELS, {"easy": 13, "medium": 1, "hard": 1}),
        # 19 of 20: the small strata are taken whole and never asked for more than they hold.
        ({"easy": 17, "medium": 2, "hard": 1}, 19, LEVELS, {"easy": 16, "medium": 2, "hard": 1}),
        # Questions with none of the tags form one more stratum: quotas 2, 1, 1.
        ({"easy": 6, "hard": 3, "none": 3}, 4, ["easy", "hard"], {"easy": 2, "hard": 1, "none": 1}),
        # A tag no question has is an empty stratum and takes nothing.
        ({"easy": 4, "hard": 4}, 4, ["easy", "medium", "hard"], {"easy": 2, "hard": 2}),
    ],
)
def test_a_stratified_draw_shares_the_count_by_largest_remainder(
    sizes: dict[str, int], count: int, stratify: list[str], expected: dict[str, int]
) -> None:
    candidates = pool(**sizes)
    for seed in ("a", "b", "c"):
        drawn = draw(candidates, count, seed, stratify)
        assert len(drawn) == len(set(drawn)) == count
        assert strata_of(candidates, drawn) == expected


def test_a_question_counts_under_the_first_stratify_tag_it_has() -> None:
    # Tagged "hard" then "easy", balancing easy against hard: these four count as easy.
    both = [Candidate(n, ("hard", "easy")) for n in range(4)]
    candidates = [*both, *(Candidate(n, ("hard",)) for n in range(4, 8))]
    for n in range(10):
        drawn = draw(candidates, 4, f"student {n}", ["easy", "hard"])
        assert sorted(q < 4 for q in drawn) == [False, False, True, True], drawn


def test_a_stratified_draw_comes_back_shuffled_not_grouped() -> None:
    candidates = pool(easy=10, medium=5, hard=5)
    firsts = {
        strata_of(candidates, draw(candidates, 8, f"s{n}", LEVELS)[:1]).popitem()[0]
        for n in range(40)
    }
    assert firsts == set(LEVELS)


@given(
    sizes=st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=5),
    untagged=st.integers(min_value=0, max_value=6),
    count=st.integers(min_value=0, max_value=80),
    seed=st.text(max_size=8),
)
def test_each_stratum_gets_its_quota_rounded_down_or_up_and_no_more_than_it_holds(
    sizes: list[int], untagged: int, count: int, seed: str
) -> None:
    names = [f"t{i}" for i in range(len(sizes))]
    candidates = pool(**dict(zip(names, sizes, strict=True)), none=untagged)
    total = len(candidates)
    drawn = draw(candidates, count, seed, names)
    assert len(drawn) == len(set(drawn)) == min(count, total)
    got = strata_of(candidates, drawn)
    for name, size in [*zip(names, sizes, strict=True), ("none", untagged)]:
        quota = Fraction(min(count, total) * size, total)
        assert got[name] <= size
        assert got[name] in {quota.__floor__(), quota.__ceil__()}, (name, quota, got)


@pytest.mark.parametrize("stratify", [[], LEVELS])
def test_asking_for_all_or_more_than_there_are_gives_all_shuffled(stratify: list[str]) -> None:
    candidates = pool(easy=10, medium=5, hard=5)
    for count in (None, 20, 99):
        drawn = draw(candidates, count, "seed", stratify)
        assert sorted(drawn) == list(range(20))
        assert drawn != list(range(20))


def test_small_and_empty_draws() -> None:
    assert draw(pool(easy=5), 0, "seed") == []
    assert draw(pool(easy=5), 0, "seed", LEVELS) == []
    assert draw([], 5, "seed") == []
    assert draw([], None, "seed", LEVELS) == []
    assert len(draw(pool(easy=5), 1, "seed", LEVELS)) == 1
    with pytest.raises(ValueError, match="fewer than no questions"):
        draw(pool(easy=5), -1, "seed")


def test_shuffled_is_a_seeded_permutation_that_leaves_the_input_alone() -> None:
    items = list("abcdefghij")
    once = shuffled(items, "quiz 7 student 1")
    assert once == shuffled(items, "quiz 7 student 1")
    assert sorted(once) == items and once != items
    assert items == list("abcdefghij")
    orders = {tuple(shuffled(items, f"student {n}")) for n in range(10)}
    assert len(orders) == 10
    assert shuffled((), "seed") == []


def test_order_for_shuffles_only_when_asked() -> None:
    ids = [30, 10, 20, 50, 40]
    kept = order_for(ids, "seed", shuffle=False)
    assert kept == [30, 10, 20, 50, 40]
    kept.append(1)
    assert ids == [30, 10, 20, 50, 40]  # a copy, the caller's list is untouched
    mixed = order_for(ids, "seed", shuffle=True)
    assert mixed == shuffled(ids, "seed")
    assert sorted(mixed) == sorted(ids) and mixed != ids
