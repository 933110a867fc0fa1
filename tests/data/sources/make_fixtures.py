"""Make the PDF fixtures of tests/core/test_sourcetext.py again (see README.md).

Run from the repository root with LibreOffice, Chromium and qpdf installed:
    .venv/bin/python tests/data/sources/make_fixtures.py
"""

from __future__ import annotations

import base64
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SHY = "\u00ad"  # a soft hyphen: where a word may be broken at the end of a line

NOTES_PAGE_1 = [
    "In March 2021 two space agencies signed a memorandum of understanding to build a "
    "research station on the Moon together. The station was to be open to other countries "
    "and to international organisations that wished to take part.",
    # "|" marks where a word may be broken at a line end (a soft hyphen in the document)
    (
        "The partners described a sequence of robotic ex|pe|di|tions to survey the sur|face, "
        "followed by the con|struc|tion of the station's in|fra|struc|ture and its "
        "tele|com|mu|ni|ca|tions and, in the long run, crewed visits. Com|men|ta|tors re|marked "
        "on the ab|sence of a de|tailed timetable and on the in|ter|na|tion|al or|gan|i|sa|tions "
        "that might take part."
    ).replace("|", SHY),
    "Funding, the division of the work and the rules for the use of the station were left "
    "for later agreements.",
]
NOTES_PAGE_2 = [
    "Several other countries were invited to join during the following years. Some of them "
    "signed, others kept to the programme led by another group of space agencies.",
]
# Set low on page 2 by the space above it, so that it runs on to page 3.
NOTES_OVER_THE_PAGE = (
    "The last paragraph of these notes starts near the foot of the second page and goes on "
    "over the page break: a reader counts it once, however many pages it takes, and so "
    "does quizapp when the text before the break has no full stop and the text after it "
    "begins with a small letter, as it does here in the middle of a sentence."
)


def notes_docx(path: Path) -> None:
    """A Word document: headings, paragraphs with soft hyphens, one running over a page."""
    document = docx.Document()
    document.add_heading("The lunar research station", level=1)
    for text in NOTES_PAGE_1:
        document.add_paragraph(text)
    document.add_page_break()
    document.add_heading("Who joined", level=2)
    for text in NOTES_PAGE_2:
        document.add_paragraph(text)
    document.add_paragraph(NOTES_OVER_THE_PAGE).paragraph_format.space_before = Pt(520)
    document.save(str(path))


ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A station on the Moon</title>
<style>
body { font-family: serif; font-size: 11pt; width: 18cm; }
.columns { column-count: 3; column-gap: 0.8cm; }
p { margin: 0 0 0.8em 0; }
.last { break-before: column; }
</style></head>
<body>
<h1>A station on the Moon</h1>
<p>Two space agencies agreed in 2021 to build a research station on the Moon and invited
other countries to join them.</p>
<div class="columns">
<p>The first column begins with the plan: robotic landers, then a base, then crews. The
partners did not publish a timetable with the memorandum.</p>
<p>Observers asked how the work would be shared, who would build the landers, the rovers and the
power plant, and who would pay for the telecommunications network around the Moon that every
mission after the first would need.</p>
<p class="last">The third column starts with a paragraph of its own, at the top of the column.</p>
</div>
</body></html>
"""


def scan_png() -> bytes:
    """A grey picture of ruled lines, as a scanner would give: pixels, no text."""
    width, height = 400, 300
    rows = b"".join(b"\0" + (b"\x40" if y % 20 < 2 else b"\xf0") * width for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def chromium_pdf(html: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "notes.docx"
        notes_docx(source)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(HERE), str(source)],
            check=True,
            capture_output=True,
        )
    chromium_pdf(ARTICLE, HERE / "article.pdf")
    # AES-256, opened without a password, copying forbidden: as publishers protect their PDFs
    protect = ["qpdf", "--encrypt", "", "owner", "256", "--extract=n", "--"]
    subprocess.run([*protect, HERE / "article.pdf", HERE / "protected.pdf"], check=True)
    picture = base64.b64encode(scan_png()).decode()
    chromium_pdf(f'<!doctype html><img src="data:image/png;base64,{picture}">', HERE / "scan.pdf")


if __name__ == "__main__":
    main()
