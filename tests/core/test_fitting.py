"""Fitting FSRS to stored answers: a fit is checked before use and judged on later answers."""

from __future__ import annotations

import math

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from bench.population import school
from quizapp.core import fitting


@pytest.fixture(scope="module")
def population():  # type: ignore[no-untyped-def]
    return school(classes=1, students=4, cards=(60, 80), days=120, seed=3)


def test_a_fit_differs_from_the_defaults_and_predicts_later_answers_better(population) -> None:  # type: ignore[no-untyped-def]
    fit = fitting.fit([h for s in population for h in s.histories])
    assert fit.refused is None
    assert fit.parameters != pytest.approx(tuple(DEFAULT_PARAMETERS), abs=1e-3)
    assert fit.fitted is not None and fit.defaults is not None
    assert fit.fitted.log_loss < fit.defaults.log_loss
    assert fit.fitted.answers == fit.defaults.answers > 50


def test_a_fit_from_too_few_answers_is_refused(population) -> None:  # type: ignore[no-untyped-def]
    fit = fitting.fit(population[0].histories[:3])
    assert fit.refused == "too few answers to fit"
    assert fit.parameters == tuple(DEFAULT_PARAMETERS)


def test_the_scheduler_takes_the_optimizer_s_parameters() -> None:
    import fsrs_rs_python as rs

    assert len(rs.DEFAULT_PARAMETERS) == len(DEFAULT_PARAMETERS) == 21
    assert pytest.approx(DEFAULT_PARAMETERS, abs=1e-6) == rs.DEFAULT_PARAMETERS
    assert fitting.problem(DEFAULT_PARAMETERS) is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda w: w[:19], "19 parameters, the scheduler takes 21"),
        (lambda w: [*w, 0.5], "22 parameters, the scheduler takes 21"),
        (lambda w: [math.nan, *w[1:]], "parameter 0 is not a number"),
        (lambda w: [*w[:20], 0.95], "parameter 20 is 0.95, outside 0.1..0.8"),
        (lambda w: [*w[:4], 0.5, *w[5:]], "parameter 4 is 0.5, outside 1.0..10.0"),
    ],
)
def test_parameters_the_scheduler_cannot_take_are_refused(change, reason) -> None:  # type: ignore[no-untyped-def]
    assert fitting.problem(change(list(DEFAULT_PARAMETERS))) == reason


def test_a_fit_no_better_than_the_defaults_is_refused(monkeypatch, population) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        fitting.rs.FSRS, "compute_parameters", lambda self, *a, **k: list(DEFAULT_PARAMETERS)
    )
    fit = fitting.fit([h for s in population for h in s.histories])
    assert fit.refused == "does not predict later answers better than the defaults"


def test_answers_are_split_by_time_and_each_later_answer_is_judged() -> None:
    from datetime import UTC, datetime, timedelta

    day = datetime(2026, 1, 1, tzinfo=UTC)
    history = [(day + timedelta(days=d), 3) for d in (0, 1, 3, 7, 15)]
    train, test = fitting.split([history], held_out=0.25)
    assert [i.at for i in train] == [day + timedelta(days=d) for d in (1, 3, 7)]
    assert [i.at for i in test] == [day + timedelta(days=15)]
    assert [i.days for i in train + test] == [1, 2, 4, 8]
