"""The editor's row buttons on plain lists: what each does to the rows and to the right marks."""

from __future__ import annotations

from quizapp.banks.forms import MAX_ROWS
from quizapp.banks.question_form import ROWS
from quizapp.banks.question_rows import RowAction, changed, focus_id, row_action

CHOICE, MATCHING, SHORT = ROWS["choice"], ROWS["matching"], ROWS["short"]


def test_a_button_is_read_only_for_its_own_list_and_a_short_index() -> None:
    assert row_action("add:options", "choice") == RowAction("add", -1)
    assert row_action("up:options:2", "multi") == RowAction("up", 2)
    assert row_action("remove:pairs:0", "matching") == RowAction("remove", 0)
    for value in ("up:pairs:1", "jump:options:1", "up:options:²", "up:options:999", "up:options"):
        assert row_action(value, "choice") is None, value
    assert row_action("add:options", "truefalse") is None
    assert row_action(None, "choice") is None


def test_adding_puts_an_empty_row_last_and_stops_at_the_most_rows() -> None:
    assert changed(["A", "B"], [1], RowAction("add", -1), CHOICE) == (["A", "B", ""], [1], 2)
    pairs = changed([{"left": "a", "right": "b"}], [], RowAction("add", -1), MATCHING)[0]
    assert pairs == [{"left": "a", "right": "b"}, {"left": "", "right": ""}]
    full = ["x"] * MAX_ROWS
    assert changed(full, [], RowAction("add", -1), CHOICE)[0] == full


def test_removing_a_row_keeps_the_marks_on_the_same_options() -> None:
    rows, marks, focus = changed(["A", "B", "C", "D"], [0, 3], RowAction("remove", 1), CHOICE)
    assert rows == ["A", "C", "D"] and marks == [0, 2] and focus == 1
    rows, marks, focus = changed(["A", "B", "C"], [2], RowAction("remove", 2), CHOICE)
    assert rows == ["A", "B"] and marks == [] and focus == 1


def test_a_row_the_question_needs_is_not_removed() -> None:
    assert changed(["A", "B"], [0], RowAction("remove", 0), CHOICE) == (["A", "B"], [0], 0)
    assert changed(["only"], [], RowAction("remove", 0), SHORT)[0] == ["only"]


def test_moving_swaps_two_rows_and_their_marks() -> None:
    rows, marks, focus = changed(["A", "B", "C"], [2], RowAction("up", 2), CHOICE)
    assert rows == ["A", "C", "B"] and marks == [1] and focus == 1
    rows, marks, focus = changed(["A", "B", "C"], [0, 2], RowAction("down", 0), CHOICE)
    assert rows == ["B", "A", "C"] and marks == [1, 2] and focus == 1


def test_moving_past_either_end_or_a_row_that_is_not_there_changes_nothing() -> None:
    assert changed(["A", "B"], [0], RowAction("up", 0), CHOICE) == (["A", "B"], [0], 0)
    assert changed(["A", "B"], [0], RowAction("down", 1), CHOICE) == (["A", "B"], [0], 1)
    assert changed(["A", "B"], [0], RowAction("down", 7), CHOICE)[:2] == (["A", "B"], [0])
    assert changed(["A", "B"], [], RowAction("up", 1), SHORT)[0] == ["A", "B"]  # not movable


def test_the_focus_follows_the_moved_row_until_its_button_is_disabled() -> None:
    assert focus_id(CHOICE, RowAction("up", 3), 2, 5) == "options-2-up"
    assert focus_id(CHOICE, RowAction("up", 1), 0, 5) == "options-0"
    assert focus_id(CHOICE, RowAction("down", 3), 4, 5) == "options-4"
    assert focus_id(MATCHING, RowAction("add", -1), 3, 4) == "pairs-3-left"
