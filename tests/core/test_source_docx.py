"""Word documents as paragraphs: the body in order, cells too, damaged files and zip bombs refused.

The documents are written with python-docx here; what Word writes that python-docx cannot
(a tracked insertion, a content control, a text box) is added as Word's own XML.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from quizapp.core import limits
from quizapp.core.sourcetext import UnreadableSource, paragraphs_from_upload

DAMAGED = "This .docx file is damaged or is not a Word document"
W = nsdecls("w")


def saved(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def notes() -> bytes:
    document = docx.Document()
    document.add_heading("The lunar station", level=1)
    document.add_paragraph("In March 2021 two agencies signed a memorandum.")
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.add_paragraph("\t Indented by the writer  ")
    line_break = document.add_paragraph("First line")
    line_break.add_run().add_break()
    line_break.add_run("second line")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Year", "Event", "2021", ""], strict=True):
        cell.text = text
    table.cell(1, 1).paragraphs[0].add_run("Signed")
    table.cell(1, 1).add_paragraph("")
    table.cell(1, 1).add_paragraph("in March")
    document.add_paragraph("After the table.")
    return saved(document)


def test_each_paragraph_of_the_body_and_each_table_cell_in_order() -> None:
    assert paragraphs_from_upload("notes.docx", notes()) == [
        "The lunar station",
        "In March 2021 two agencies signed a memorandum.",
        "Indented by the writer",
        "First line\nsecond line",
        "Year",
        "Event",
        "2021",
        "Signed\nin March",
        "After the table.",
    ]


def run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def test_text_in_links_tracked_insertions_and_content_controls_is_read_not_text_boxes() -> None:
    document = docx.Document()
    body = document.element.body
    change = "w:author='T' w:date='2021-03-09T00:00:00Z'"
    inserted = f"<w:ins w:id='1' {change}>{run('in 2021 ')}</w:ins>"
    deleted = f"<w:del w:id='2' {change}><w:r><w:delText>in 2020 </w:delText></w:r></w:del>"
    link = f"<w:hyperlink w:anchor='top'>{run('by two.')}</w:hyperlink>"
    body.append(parse_xml(f"<w:p {W}>{run('Signed ')}{inserted}{deleted}{link}</w:p>"))
    control = f"<w:sdt {W}><w:sdtContent><w:p>{run('In a control')}</w:p></w:sdtContent></w:sdt>"
    body.append(parse_xml(control))
    box = f"<w:r><w:pict><w:txbxContent><w:p>{run('boxed')}</w:p></w:txbxContent></w:pict></w:r>"
    body.append(parse_xml(f"<w:p {W}>{run('Beside a box')}{box}</w:p>"))
    assert paragraphs_from_upload("notes.docx", saved(document)) == [
        "Signed in 2021 by two.",
        "In a control",
        "Beside a box",
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        b"plain text named .docx",
        notes()[:3000],
        b"",
    ],
    ids=["broken-zip", "not-a-zip", "cut-short", "empty"],
)
def test_a_damaged_file_is_refused_in_plain_words(data: bytes) -> None:
    with pytest.raises(UnreadableSource) as caught:
        paragraphs_from_upload("notes.docx", data)
    assert caught.value.message == DAMAGED


def rezipped(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """The same zip with some entries replaced (bytes) or removed (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = change.get(entry.filename, source.read(entry))
            if content is not None:
                target.writestr(entry.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.mark.parametrize(
    "change",
    [
        {"word/document.xml": None},
        {"word/document.xml": b"<w:document>not closed"},
        {"[Content_Types].xml": None},
    ],
    ids=["no-body", "broken-xml", "no-content-types"],
)
def test_a_zip_that_is_not_a_word_document_is_refused(change: dict[str, bytes | None]) -> None:
    with pytest.raises(UnreadableSource) as caught:
        paragraphs_from_upload("notes.docx", rezipped(notes(), change))
    assert caught.value.message == DAMAGED


def test_a_small_file_that_unpacks_to_more_than_50_mb_is_refused_before_it_is_opened() -> None:
    original = notes()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        body = archive.read("word/document.xml")
    padding = b" " * limits.SOURCE_UNPACKED_BYTES  # a valid document, mostly spaces
    bomb = rezipped(
        original, {"word/document.xml": body.replace(b"<w:body>", b"<w:body>" + padding)}
    )
    assert len(bomb) < limits.SOURCE_UPLOAD_BYTES
    with pytest.raises(UnreadableSource) as caught:
        paragraphs_from_upload("notes.docx", bomb)
    assert caught.value.message == (
        "This .docx file is too large: its contents come to more than 50 MB once unpacked"
    )
