"""Fitting FSRS parameters to stored answers, with the checks a fit must pass before use.

A card's history is its answers in order, (answered_at, rating). Each answer after the first is one
thing to predict: FSRS reads the answers before it and says how likely a recall was. Histories are
split by time: the fit sees the earlier answers, and is judged on the later ones against the
defaults. The optimizer is fsrs-rs-python, the Rust optimizer Anki uses.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import fsrs_rs_python as rs
from fsrs.scheduler import (
    DEFAULT_PARAMETERS,
    LOWER_BOUNDS_PARAMETERS,
    UPPER_BOUNDS_PARAMETERS,
)

History = Sequence[tuple[datetime, int]]

# Few answers fit noise: below this many answers to predict, a fit is not tried at all.
MIN_FIT_ANSWERS = 64
# A student's own fit is used from this many answers; below it their class's. Chosen by
# bench/fitting.py: own fits from fewer answers predicted later answers no better than the class's.
MIN_OWN_ANSWERS = 1000
# How much of a history's time span is held out to judge a fit (the latest part).
HELD_OUT = 0.25
_TRAINING = rs.TrainingConfig(num_epochs=5, batch_size=512, seed=2023)


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predicted answers: log loss and binned RMSE, lower is better."""

    log_loss: float
    rmse: float
    answers: int


@dataclass(frozen=True)
class Fit:
    """A fit and its judgement; `refused` says why it must not be used (None when it may)."""

    parameters: tuple[float, ...]
    answers: int  # the answers the fit was made from
    fitted: Evaluation | None  # on the held-out answers
    defaults: Evaluation | None  # the defaults, on the same answers
    refused: str | None

    @property
    def gain(self) -> float:
        """How much lower the fit's held-out log loss is than the defaults' (0 if unknown)."""
        if self.fitted is None or self.defaults is None:
            return 0.0
        return self.defaults.log_loss - self.fitted.log_loss


def _days(earlier: datetime, later: datetime) -> int:
    return max(0, (later.date() - earlier.date()).days)


@dataclass(frozen=True)
class Item:
    """One answer to predict: when it was given, the days since the answer before, and the
    card's answers up to and including it, as FSRS reads them."""

    at: datetime
    days: int
    item: rs.FSRSItem
    spans_days: bool  # some answer in it came a day or more after the one before


def items(history: History) -> list[Item]:
    """One item per answer after the first: the answers FSRS predicts."""
    items = []
    reviews: list[rs.FSRSReview] = []
    previous = None
    spans_days = False
    for at, rating in history:
        days = 0 if previous is None else _days(previous, at)
        spans_days = spans_days or days > 0
        reviews.append(rs.FSRSReview(rating, days))
        previous = at
        if len(reviews) > 1:
            items.append(Item(at, days, rs.FSRSItem(list(reviews)), spans_days))
    return items


def split(
    histories: Iterable[History], held_out: float = HELD_OUT
) -> tuple[list[Item], list[Item]]:
    """The items to fit on and the items to judge on: the answers in the latest `held_out`
    of the time the histories span are judged, and only the answers before them are fitted."""
    dated = [item for history in histories for item in items(history)]
    if not dated:
        return [], []
    first = min(item.at for item in dated)
    last = max(item.at for item in dated)
    cutoff = last - (last - first) * held_out
    return [i for i in dated if i.at < cutoff], [i for i in dated if i.at >= cutoff]


def _judged(items: Sequence[Item]) -> list[rs.FSRSItem]:
    # FSRS judges only answers given a day or more after the one before.
    return [i.item for i in items if i.days > 0]


def evaluate(parameters: Sequence[float], items: Sequence[Item]) -> Evaluation | None:
    """How well `parameters` predict the answers `items` end with (None with none to judge)."""
    judged = _judged(items)
    if not judged:
        return None
    result = rs.FSRS(list(parameters)).evaluate(judged)
    return Evaluation(float(result.log_loss), float(result.rmse_bins), len(judged))


def problem(parameters: Sequence[float]) -> str | None:
    """Why these parameters cannot drive the scheduler, or None when they can: the scheduler's
    `fsrs` package takes exactly its own number of parameters, each finite and within its bounds."""
    if len(parameters) != len(DEFAULT_PARAMETERS):
        return f"{len(parameters)} parameters, the scheduler takes {len(DEFAULT_PARAMETERS)}"
    for n, (value, low, high) in enumerate(
        zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    ):
        if not math.isfinite(value):
            return f"parameter {n} is not a number"
        if not low <= value <= high:
            return f"parameter {n} is {value:.4g}, outside {low}..{high}"
    return None


def fit(histories: Iterable[History], held_out: float = HELD_OUT) -> Fit:
    """Fit on the earlier answers and judge on the later ones; a fit that fails a check or does
    not predict the held-out answers better than the defaults is refused."""
    train, test = split(histories, held_out)
    defaults = tuple(DEFAULT_PARAMETERS)
    if len(_judged(train)) < MIN_FIT_ANSWERS:
        return Fit(defaults, len(train), None, None, "too few answers to fit")
    try:
        found = rs.FSRS(list(defaults)).compute_parameters(
            [i.item for i in train if i.spans_days], training_config=_TRAINING
        )
    except ValueError as error:
        return Fit(defaults, len(train), None, evaluate(defaults, test), f"the fit failed: {error}")
    parameters = tuple(float(w) for w in found)
    baseline = evaluate(defaults, test)
    refused = problem(parameters)
    if refused is not None:
        return Fit(parameters, len(train), None, baseline, refused)
    fitted = evaluate(parameters, test)
    if fitted is None or baseline is None:
        refused = "no later answers to judge the fit on"
    elif fitted.log_loss >= baseline.log_loss:
        refused = "does not predict later answers better than the defaults"
    return Fit(parameters, len(train), fitted, baseline, refused)
