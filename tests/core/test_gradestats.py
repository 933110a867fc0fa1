from pytest import approx

from quizapp.core.gradestats import spread


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    found = spread([1.0, 0.1, None, 0.7, 0.5])  # sorted 0.1, 0.5, 0.7, 1.0; one not taken
    assert found.graded == 4
    assert found.median == approx(0.6)  # (0.5 + 0.7) / 2
    assert found.mean == approx(0.575)  # 2.3 / 4


def test_the_median_of_an_odd_count_is_the_middle_grade() -> None:
    found = spread([0.9, 0.2, 0.4])
    assert (found.median, found.mean) == (approx(0.4), approx(0.5))


def test_nobody_graded_has_no_figures() -> None:
    assert spread([None, None]) == spread([]) and spread([]).mean is None
