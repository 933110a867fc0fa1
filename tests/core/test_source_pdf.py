"""PDFs as paragraphs, on real files made by LibreOffice and Chromium (tests/data/sources/)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from pypdf.constants import UserAccessPermissions
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from quizapp.core import limits
from quizapp.core.sourcefiles.pdf_text import continues, join_lines
from quizapp.core.sourcetext import UnreadableSource, paragraphs_from_upload

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"
DAMAGED = "This PDF is damaged: quizapp could not read it"


def fixture(name: str) -> bytes:
    return (SOURCES / name).read_bytes()


def refusal(data: bytes) -> str:
    with pytest.raises(UnreadableSource) as caught:
        paragraphs_from_upload("source.pdf", data)
    return caught.value.message


def test_a_word_processors_pdf_gives_back_the_documents_paragraphs() -> None:
    assert paragraphs_from_upload("notes.pdf", fixture("notes.pdf")) == [
        "The lunar research station",
        "In March 2021 two space agencies signed a memorandum of understanding to build a "
        "research station on the Moon together. The station was to be open to other countries "
        "and to international organisations that wished to take part.",
        "The partners described a sequence of robotic expeditions to survey the surface, "
        "followed by the construction of the station's infrastructure and its "
        "telecommunications and, in the long run, crewed visits. Commentators remarked on the "
        "absence of a detailed timetable and on the international organisations that might "
        "take part.",
        "Funding, the division of the work and the rules for the use of the station were left "
        "for later agreements.",
        "Who joined",
        "Several other countries were invited to join during the following years. Some of them "
        "signed, others kept to the programme led by another group of space agencies.",
        "The last paragraph of these notes starts near the foot of the second page and goes on "
        "over the page break: a reader counts it once, however many pages it takes, and so "
        "does quizapp when the text before the break has no full stop and the text after it "
        "begins with a small letter, as it does here in the middle of a sentence.",
    ]


def test_a_printed_web_page_in_columns_gives_one_paragraph_per_paragraph() -> None:
    assert paragraphs_from_upload("article.pdf", fixture("article.pdf")) == [
        "A station on the Moon",
        "Two space agencies agreed in 2021 to build a research station on the Moon and invited "
        "other countries to join them.",
        "The first column begins with the plan: robotic landers, then a base, then crews. The "
        "partners did not publish a timetable with the memorandum.",
        "Observers asked how the work would be shared, who would build the landers, the rovers "
        "and the power plant, and who would pay for the telecommunications network around the "
        "Moon that every mission after the first would need.",
        "The third column starts with a paragraph of its own, at the top of the column.",
    ]


@pytest.mark.parametrize(
    ("lines", "paragraph"),
    [
        (["the sur-", "face of it"], "the surface of it"),
        (["the Russia-", "China agreement"], "the Russia-China agreement"),
        (["COVID-", "19 cases"], "COVID-19 cases"),
        (["from 2021 -", "2022"], "from 2021 - 2022"),
        (["tele\u00ad", "communications"], "telecommunications"),
        (["tele\u2010", "communications"], "telecommunications"),
        (["  spread   out  ", "", "words\t"], "spread out words"),
        (["\ufb01nal e\ufb00ort"], "final effort"),
    ],
)
def test_lines_are_joined_and_words_broken_at_a_line_end_mended(
    lines: list[str], paragraph: str
) -> None:
    assert join_lines(lines) == paragraph


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("who would pay for the", "telecommunications network", True),
        ("one, two,", "three", True),
        ("the sur-", "face", True),
        ("would need.", "the column", False),
        ("Who joined", "Several countries", False),
        ("another group of space", "Agencies", False),
        ("a question?", "and more", False),
    ],
)
def test_a_paragraph_cut_by_a_column_or_page_goes_on_only_mid_sentence(
    before: str, after: str, joined: bool
) -> None:
    assert continues(before, after) is joined


def written(writer: pypdf.PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def typed_page(content: bytes) -> bytes:
    """A one-page PDF drawing `content` (PDF text operators) in Helvetica as /F1."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=300, height=300)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    stream = ContentStream(None, None)
    stream.set_data(content)
    page.replace_contents(stream)
    return written(writer)


def test_a_blank_line_in_the_text_ends_a_paragraph() -> None:
    lines = b"BT /F1 12 Tf 20 250 Td 14 TL (line one) Tj T* (  ) Tj T* (line two) Tj ET"
    assert paragraphs_from_upload("a.pdf", typed_page(lines)) == ["line one", "line two"]


def test_a_pdf_with_no_text_says_it_may_be_a_scan() -> None:
    assert refusal(fixture("scan.pdf")) == (
        "This PDF has no text that can be copied: it may be a scan"
    )


def test_a_pdf_of_more_than_300_pages_is_refused() -> None:
    writer = pypdf.PdfWriter()
    for _ in range(limits.SOURCE_PDF_PAGES + 1):
        writer.add_blank_page(width=200, height=200)
    assert refusal(written(writer)) == "This PDF has more than 300 pages"


def encrypted(user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(fixture("article.pdf")))
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    return written(writer)


def test_a_pdf_that_opens_without_a_password_is_read_though_encrypted() -> None:
    assert paragraphs_from_upload("a.pdf", encrypted(""))[0] == "A station on the Moon"


LOCKED = (
    "This PDF is protected, so quizapp cannot read it: save or print a copy without "
    "protection and upload that"
)


def test_a_pdf_that_needs_a_password_is_refused_in_plain_words() -> None:
    assert refusal(encrypted("secret")) == LOCKED


def test_a_pdf_protected_as_publishers_do_is_refused_as_protected() -> None:
    # It opens without a password (AES-256), but forbids copying its text.
    assert refusal(fixture("protected.pdf")) == LOCKED


def _encrypted(user_password: str, permissions: UserAccessPermissions) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(fixture("notes.pdf")))
    writer.encrypt(user_password, "owner", permissions_flag=permissions, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_encrypted_pdf_is_read_only_without_a_password_and_where_copying_is_allowed() -> None:
    everything = UserAccessPermissions.all()
    assert paragraphs_from_upload("s.pdf", _encrypted("", everything))[0] == (
        "The lunar research station"
    )
    assert refusal(_encrypted("a password", everything)) == LOCKED
    assert refusal(_encrypted("", everything & ~UserAccessPermissions.EXTRACT)) == LOCKED


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nnothing more",
        b"not a PDF at all",
        b"",
        fixture("notes.pdf")[:5000],
    ],
    ids=["header-only", "not-a-pdf", "empty", "cut-short"],
)
def test_a_damaged_pdf_is_refused_in_plain_words(data: bytes) -> None:
    assert refusal(data) == DAMAGED
