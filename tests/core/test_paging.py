from quizapp.core.paging import page_of


def test_a_hundred_rows_make_four_pages_of_25() -> None:
    rows = list(range(100))
    second = page_of(rows, 2, 25)
    assert (second.rows[0], second.rows[-1], second.number, second.pages) == (25, 49, 2, 4)
    assert (second.previous, second.next) == (1, 3)


def test_a_page_past_either_end_is_the_first_or_the_last() -> None:
    rows = list(range(51))
    assert page_of(rows, 0, 25).number == 1 and page_of(rows, -3, 25).previous is None
    last = page_of(rows, 99, 25)
    assert (last.number, last.pages, last.rows, last.next) == (3, 3, [50], None)


def test_an_empty_list_is_one_empty_page() -> None:
    empty = page_of([], 4, 25)
    assert (empty.rows, empty.number, empty.pages, empty.total) == ([], 1, 1, 0)
