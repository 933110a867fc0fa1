"""Answers the shipped banks must accept, or refuse, as found in the review against the articles."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from quizapp.core.grading import grade

BANKS = Path(__file__).resolve().parents[2] / "question_banks"


def _question(key: str) -> dict[str, object]:
    bank = BANKS / f"{key.split('.')[0]}.toml"
    found = [q for q in tomllib.loads(bank.read_text())["questions"] if q["key"] == key]
    assert len(found) == 1, key
    return dict(found[0])


@pytest.mark.parametrize(
    ("key", "response", "right"),
    [
        ("agreement.signer-china", "Zhang Kejian", True),
        ("agreement.signer-china", "Kejian Zhang", True),
        ("agreement.signer-china", "Zhang", True),  # a family name alone, as for Rogozin
        ("agreement.signer-russia", "Rogozin", True),
        ("agreement.signer-china", "Chang", False),  # another name, not a slip of Zhang
        ("agreement.signer-china", "Kejian", False),
        ("agreement.document-type", "bilateral memorandum of understanding", True),
        ("agreement.document-type", "M.O.U.", True),
        ("agreement.robotic", ["uncrewed", "Moon"], True),
        ("reactions.gt-cloze", ["USA"], True),
        ("reactions.gt-cloze", ["Washington"], True),
        ("reactions.answer-to-artemis", ["Project Artemis"], True),
        ("reactions.answer-to-artemis", ["Artemis"], True),
        ("reactions.nato", "NATO", True),
        ("reactions.nato", "NATO in space", True),
        ("reactions.nato", "NATO-in-space", True),
        ("reactions.nato", "North Atlantic Treaty Organization", True),
        ("reactions.nato", "the UN", False),
        ("reactions.us-astronauts", "Americans", True),
        ("reactions.us-astronauts", "American", True),
        ("reactions.us-astronauts", "NASA astronauts", True),
        ("reactions.us-astronauts", "Chinese astronauts", False),
        ("space-powers.gagarin-years", "59", True),
        ("space-powers.gagarin-years", "62", False),  # "almost 60": one year either side at most
        ("space-powers.most-significant", "Russian Federation", True),
        ("space-powers.outpace", ["private", "Chinese"], True),
        ("agreement.date-cloze", ["March", "ninth", "2021"], True),
        ("agreement.date-cloze", ["March", "9", "2020"], False),
        ("space-powers.law-cloze", ["2011", "U.S. Congress", "Obama"], True),
        ("space-powers.law-cloze", ["2011", "Congress", "President Obama"], True),
        ("space-powers.law-cloze", ["2017", "Congress", "Barack Obama"], False),
        ("agreement.open-to", ["Any interested country may take part"], False),  # half of it
        ("space-powers.artemis-base", ["base", "international", "surface"], True),
        ("space-powers.artemis-invite", "NASA had asked Russia to take part in it", True),
        ("space-powers.artemis-invite", "Russia had asked NASA for a place in it", False),
        ("space-powers.iss-ageing", "The station is getting old", True),
        ("space-powers.stations-despite-ban", "false", True),
    ],
)
def test_shipped_answers(key: str, response: str | list[str], right: bool) -> None:
    question = _question(key)
    assert grade(str(question["type"]), question, response).correct is right
