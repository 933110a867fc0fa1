"""The live game's rules, with numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core import game as rules
from quizapp.core.game import Bar, Clock, InvalidMove

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _clock(phase: str = rules.QUESTION, position: int = 1, **changes: object) -> Clock:
    base = Clock(phase, position, 3, 20, T0 if phase != rules.LOBBY else None, None)
    return Clock(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_classic_gives_a_thousand_at_once_and_five_hundred_at_the_last_moment() -> None:
    assert rules.points(rules.CLASSIC, True, 0, 20) == 1000
    assert rules.points(rules.CLASSIC, True, 5, 20) == 875
    assert rules.points(rules.CLASSIC, True, 20, 20) == 500
    assert rules.points(rules.CLASSIC, True, 21.5, 20) == 500  # in the grace
    assert rules.points(rules.CLASSIC, False, 1, 20) == 0


def test_accuracy_gives_the_same_for_every_right_answer_however_slow() -> None:
    assert rules.points(rules.ACCURACY, True, 1, 20) == 100
    assert rules.points(rules.ACCURACY, True, 19, 20) == 100
    assert rules.points(rules.ACCURACY, False, 1, 20) == 0


def test_the_class_score_is_the_share_of_owed_answers_that_were_right() -> None:
    # 4 players, 3 questions: 12 answers owed, 9 right (an unanswered one counts as not right).
    assert rules.class_score(9, 12) == 75
    assert rules.class_score(0, 0) == 0
    assert rules.shows_ranking(rules.CLASS) is False
    assert rules.shows_ranking(rules.CLASSIC) and rules.shows_ranking(rules.ACCURACY)


def test_a_question_is_revealed_when_its_time_is_up_or_everyone_answered() -> None:
    clock = _clock()
    assert rules.phase_now(clock, _at(19.9), 2, 3) == rules.QUESTION
    assert rules.phase_now(clock, _at(20), 2, 3) == rules.REVEAL
    assert rules.phase_now(clock, _at(5), 3, 3) == rules.REVEAL
    assert rules.phase_now(clock, _at(5), 0, 0) == rules.QUESTION  # nobody to wait for yet
    assert rules.remaining(clock, _at(5)) == 15


def test_an_answer_counts_until_the_time_plus_the_grace() -> None:
    clock = _clock()
    assert rules.accepts_answer(clock, 1, _at(21.5))
    assert not rules.accepts_answer(clock, 1, _at(21.6))
    assert not rules.accepts_answer(clock, 2, _at(1))  # not the question on screen
    assert not rules.accepts_answer(_clock(rules.REVEAL), 1, _at(1))


def test_a_pause_holds_the_clock_for_as_long_as_it_lasts() -> None:
    paused = rules.apply(_clock(), "pause", _at(5), rules.QUESTION)
    assert rules.remaining(paused, _at(60)) == 15
    assert rules.phase_now(paused, _at(60), 0, 3) == rules.QUESTION
    resumed = rules.apply(paused, "resume", _at(65), rules.QUESTION)
    assert resumed.started_at == _at(60) and resumed.paused_at is None
    assert rules.remaining(resumed, _at(70)) == 10
    with pytest.raises(InvalidMove):
        rules.apply(resumed, "resume", _at(71), rules.QUESTION)


def test_next_reveals_an_open_question_then_opens_the_next_and_ends_after_the_last() -> None:
    lobby = _clock(rules.LOBBY, 0)
    first = rules.apply(lobby, "start", _at(0), rules.LOBBY)
    assert (first.phase, first.position, first.started_at) == (rules.QUESTION, 1, _at(0))
    shown = rules.apply(first, "next", _at(3), rules.QUESTION)
    assert (shown.phase, shown.position) == (rules.REVEAL, 1)
    second = rules.apply(shown, "next", _at(9), rules.REVEAL)
    assert (second.phase, second.position, second.started_at) == (rules.QUESTION, 2, _at(9))
    # Time up: "next" goes on to the next question, as from a reveal.
    third = rules.apply(second, "next", _at(40), rules.REVEAL)
    assert (third.phase, third.position) == (rules.QUESTION, 3)
    over = rules.apply(third, "skip", _at(41), rules.QUESTION)  # skipping the last one ends it
    assert over.phase == rules.ENDED


def test_moves_that_do_not_apply_are_refused() -> None:
    with pytest.raises(InvalidMove):
        rules.apply(_clock(rules.LOBBY, 0), "next", _at(0), rules.LOBBY)
    with pytest.raises(InvalidMove):
        rules.apply(_clock(rules.QUESTION), "start", _at(0), rules.QUESTION)
    with pytest.raises(InvalidMove):
        rules.apply(_clock(rules.ENDED), "end", _at(0), rules.ENDED)
    with pytest.raises(InvalidMove):
        rules.apply(_clock(rules.LOBBY, 0, count=0), "start", _at(0), rules.LOBBY)


def test_standings_share_a_rank_on_equal_points() -> None:
    found = rules.standings([(1, "cy", 500), (2, "al", 900), (3, "bo", 500), (4, "di", 0)])
    assert [(s.name, s.rank) for s in found] == [("al", 1), ("bo", 2), ("cy", 2), ("di", 4)]


def test_the_distribution_keeps_every_option_and_adds_typed_answers_by_count() -> None:
    options = [("A", True), ("B", False), ("C", False)]
    given = [(["A"], True), (["B"], False), (["A"], True)]
    assert rules.distribution(options, given) == [
        Bar("A", 2, True),
        Bar("B", 1, False),
        Bar("C", 0, False),
    ]
    typed = [(["2011"], True), (["2010"], False), (["2010"], False), (["1999"], False)]
    assert rules.distribution([], typed) == [
        Bar("2010", 2, False),
        Bar("1999", 1, False),
        Bar("2011", 1, True),
    ]
