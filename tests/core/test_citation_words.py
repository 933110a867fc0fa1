"""A citation a bank cannot use: the bank file's message quotes it as the file writes it, and the
editor's words name the source and paragraph without the file's syntax."""

from __future__ import annotations

import pytest

from quizapp.core.sources import Catalogue, Citation, SourceInfo, Unusable

NOTES = SourceInfo("notes", "Notes on the Moon", "Ms Lee", paragraphs=9, furniture=frozenset({1}))
ONE = SourceInfo("one", "A single fact", paragraphs=1)
CATALOGUE = Catalogue.of([NOTES, ONE])


@pytest.mark.parametrize(
    ("text", "rule", "message", "words"),
    [
        ("notes", "not-a-citation", "'notes' does not name a source and paragraph",
         "One citation names no source and paragraph: remove it and pick the paragraph"),
        ("moon#2", "unknown-source", "'moon#2': this bank has no source called 'moon'",
         "This bank cannot cite the source “moon”: remove the citation, or add the source"),
        ("notes#two", "no-paragraph", "'notes#two': the paragraph must be a whole number",
         "A citation of “Notes on the Moon” names no paragraph: remove it and pick one."),
        ("notes#12", "no-paragraph", "'notes#12': Ms Lee, “Notes on the Moon” has paragraphs",
         "Paragraph 12 of “Notes on the Moon” does not exist; it has 9 paragraphs."),
        ("one#3", "no-paragraph", "'one#3': “A single fact” has paragraphs 1 to 1",
         "Paragraph 3 of “A single fact” does not exist; it has 1 paragraph."),
        ("notes#1", "furniture", "'notes#1': paragraph 1 of Ms Lee, “Notes on the Moon” is not",
         "Paragraph 1 of “Notes on the Moon” is a notice, a link or a heading, not part of its"),
    ],
)  # fmt: skip
def test_a_citation_a_bank_cannot_use_is_said_for_the_file_and_for_the_editor(
    text: str, rule: str, message: str, words: str
) -> None:
    found = CATALOGUE.parse(text)
    assert isinstance(found, Unusable)
    assert found.rule == rule and found.message.startswith(message) and str(found) == found.message
    assert found.words.startswith(words)
    assert "#" not in found.words and "'" not in found.words


def test_a_citation_the_bank_can_use_names_its_source_and_paragraph() -> None:
    assert CATALOGUE.parse("notes#9") == Citation("notes", 9)
