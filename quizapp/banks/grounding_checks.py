"""The grounding checks on a question being edited: does it rest on the paragraphs it cites, and
does another question of its bank give its answer away (or it another's)?"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.banks.models import Bank, Question
from quizapp.banks.versions import content_of, raw_of
from quizapp.core.checks import Problem
from quizapp.core.grounding import answers_given_away, grounding_problems
from quizapp.sources import services as sources


def _given_away(session: Session, bank: Bank, raw: dict[str, Any]) -> list[Problem]:
    key = str(raw.get("key", ""))
    others = [
        raw_of(row.key, content_of(row))
        for row in session.scalars(
            select(Question).where(
                Question.bank_id == bank.id, Question.retired_at.is_(None), Question.key != key
            )
        )
    ]
    found = []
    for leaked, message in answers_given_away([*others, raw]):
        if leaked == key:
            found.append(Problem("prompt", f"This question: {message}.", "given-away"))
        elif f"prompt of {key}," in message:
            text = f"This prompt gives away the answer of {leaked}: {message}."
            found.append(Problem("prompt", text, "gives-away"))
    return found


def grounding(session: Session, bank: Bank, raw: dict[str, Any]) -> list[Problem]:
    """What a teacher should check before students see the question, in plain words."""
    listed = raw.get("cite")  # checked with the other problems, which may not all be fixed
    cites = [c for c in listed if isinstance(c, str)] if isinstance(listed, list) else []
    cited, paragraphs = sources.texts_for(cites)
    found = [
        Problem(name, message, "grounding")
        for name, message in grounding_problems(raw, cited, paragraphs)
    ]
    return found + _given_away(session, bank, raw)
