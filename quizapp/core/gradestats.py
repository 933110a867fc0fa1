"""A quiz's figures across a class: the mean and the median of the students' grades."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    graded: int  # students with a grade; those without one are left out, not counted as 0
    mean: float | None  # 0..1, None with nobody graded
    median: float | None


NOBODY_GRADED = Spread(0, None, None)


def spread(grades: Iterable[float | None]) -> Spread:
    """Mean and median of the grades given (an even count's median is the mean of the middle
    two), leaving out students who have no grade yet."""
    given = [g for g in grades if g is not None]
    if not given:
        return NOBODY_GRADED
    return Spread(len(given), statistics.fmean(given), statistics.median(given))
