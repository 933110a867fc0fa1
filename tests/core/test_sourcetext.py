"""Pasted text and text files as paragraphs: the articles' rule, the encodings, the limits.

The readers of web pages, Word documents and PDFs have their own test files (test_source_*.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.config import Config
from quizapp.core import limits
from quizapp.core.sources import split_paragraphs
from quizapp.core.sourcetext import UnreadableSource, paragraphs_from_text, paragraphs_from_upload
from tests.citing import SHIPPED_SOURCES

ARTICLES = {s.info.file: s.info for s in SHIPPED_SOURCES}

NOT_TEXT = "The file is not UTF-8 text: save it again as UTF-8 and upload it"


def refusal(filename: str, data: bytes) -> str:
    with pytest.raises(UnreadableSource) as caught:
        paragraphs_from_upload(filename, data)
    return caught.value.message


@pytest.fixture(scope="module")
def articles() -> Path:
    """The shipped articles' folder: skipped without it, but not in CI (as test_grounding)."""
    folder = Path(Config.ARTICLES_DIR)
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the source articles are not at {folder}")
        pytest.skip(f"the source articles are not at {folder}")
    return folder


@pytest.mark.parametrize("file", sorted(ARTICLES))
def test_an_article_uploaded_as_text_keeps_its_paragraph_numbers(articles: Path, file: str) -> None:
    data = (articles / file).read_bytes()
    paragraphs = paragraphs_from_upload(file, data)
    assert paragraphs == split_paragraphs((articles / file).read_text(encoding="utf-8"))
    assert len(paragraphs) == ARTICLES[file].paragraphs
    pasted = data.decode().replace("\n", "\r\n")
    assert paragraphs_from_text(pasted) == paragraphs


def test_pasted_text_is_split_at_blank_lines_with_windows_and_old_mac_line_ends() -> None:
    text = "First line\r\nstill the first\r\n\r\nSecond\r \r\rThird\n  \n\n"
    assert paragraphs_from_text(text) == ["First line\nstill the first", "Second", "Third"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "with-bom"])
def test_text_file_is_read_as_utf8_with_or_without_the_byte_order_mark(bom: bytes) -> None:
    data = bom + "Café on the Moon\n\nSecond paragraph".encode()
    assert paragraphs_from_upload("notes.txt", data) == ["Café on the Moon", "Second paragraph"]


def test_markdown_keeps_each_block_as_written() -> None:
    text = "# The station\n\n- landers\n- a base\n\n\n\nSee **the memorandum** [here](x.html).\n"
    assert paragraphs_from_upload("notes.md", text.encode()) == [
        "# The station",
        "- landers\n- a base",
        "See **the memorandum** [here](x.html).",
    ]


@pytest.mark.parametrize(
    "data",
    [
        "Café".encode("cp1252"),  # a Windows text file
        "Station".encode("utf-16"),  # what some editors call "Unicode"
        b"\x00\x01\x02PK binary\x00",  # valid UTF-8, but a program's file
    ],
    ids=["windows-1252", "utf-16", "binary"],
)
def test_text_that_is_not_utf8_is_refused_in_plain_words(data: bytes) -> None:
    assert refusal("notes.txt", data) == NOT_TEXT


def test_characters_nobody_types_are_dropped_and_so_is_a_block_of_nothing_else() -> None:
    assert paragraphs_from_text("Moon\x07 base\n\n\x1b\x7f\n\nEnd") == ["Moon base", "End"]


@pytest.mark.parametrize(
    ("name", "paragraph"),
    [("NOTES.TXT", "<p>Text</p>"), ("page.HTM", "Text"), ("a.b.md", "<p>Text</p>")],
)
def test_the_ending_of_the_name_chooses_the_reader_in_any_case(name: str, paragraph: str) -> None:
    assert paragraphs_from_upload(name, b"<p>Text</p>") == [paragraph]


@pytest.mark.parametrize("name", ["notes.odt", "notes.doc", "notes", "notes.txt.exe", ".txt"])
def test_other_kinds_of_file_are_refused_with_the_kinds_quizapp_reads(name: str) -> None:
    assert refusal(name, b"text") == "quizapp reads .txt, .md, .html, .docx and .pdf files"


def test_a_file_over_5_mb_is_refused_before_it_is_read() -> None:
    data = b"a" * (limits.SOURCE_UPLOAD_BYTES + 1)
    assert refusal("big.txt", data) == "This file is larger than 5 MB"
    assert refusal("big.pdf", data) == "This file is larger than 5 MB"


def test_pasted_text_over_5_mb_is_refused() -> None:
    with pytest.raises(UnreadableSource, match=r"^This text is larger than 5 MB$"):
        paragraphs_from_text("a" * (limits.SOURCE_UPLOAD_BYTES + 1))


def test_at_most_2000_paragraphs() -> None:
    assert len(paragraphs_from_text("\n\n".join(["p"] * limits.SOURCE_PARAGRAPHS))) == 2000
    with pytest.raises(UnreadableSource) as caught:
        paragraphs_from_text("\n\n".join(["p"] * (limits.SOURCE_PARAGRAPHS + 1)))
    assert caught.value.message == "This source has more than 2,000 paragraphs: split it in two"


def test_a_paragraph_over_10000_characters_is_named() -> None:
    longest = "x" * limits.SOURCE_PARAGRAPH_CHARS
    assert paragraphs_from_text(f"short\n\n{longest}") == ["short", longest]
    with pytest.raises(UnreadableSource) as caught:
        paragraphs_from_text(f"short\n\n{longest}x\n\nend")
    assert caught.value.message == (
        "Paragraph 2 is longer than 10,000 characters: break it into shorter paragraphs"
    )


@pytest.mark.parametrize("data", [b"", b"\n \n\t\n", b"\xef\xbb\xbf"])
def test_a_file_with_no_text_is_refused(data: bytes) -> None:
    assert refusal("empty.txt", data) == "There is no text in this source"
