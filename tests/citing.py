"""The shipped sources, for tests that check citations without a database."""

from pathlib import Path

from quizapp.core.sourcefile import load_sources
from quizapp.core.sources import Catalogue, CitationRule

SHIPPED_SOURCES = load_sources({Path(__file__).parent.parent / "question_banks"})[0]
# As the shipped banks cite: their two sources, a citation required of every question.
SHIPPED = CitationRule(Catalogue.of(s.info for s in SHIPPED_SOURCES), required=True)
