"""Saving a question from the editor: the bank file checks, a new version, and on request a
regrade of the answers already given, all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.audit import services as audit
from quizapp.audit.models import Action
from quizapp.audit.services import Actor
from quizapp.banks import regrade
from quizapp.banks.editor import editable_bank
from quizapp.banks.grounding_checks import grounding
from quizapp.banks.models import Bank, Question
from quizapp.banks.versions import Origin, add_version, content_from_raw, content_of, raw_of
from quizapp.core import limits
from quizapp.core.checks import Problem, question_problems
from quizapp.core.regrade import Summary
from quizapp.database import tx
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.pictures.checks import missing_pictures
from quizapp.sources import services as sources

Problems = list[Problem]


@dataclass(frozen=True)
class Editing:
    """A question as the editor form starts from it."""

    bank_slug: str
    bank_title: str
    question_id: int | None
    raw: dict[str, Any]
    retired: bool = False
    answers: int = 0  # answers already given to it


@dataclass(frozen=True)
class Saved:
    question_id: int
    version: int
    regraded: Summary | None = None
    warnings: tuple[str, ...] = ()  # grounding checks, where the bank does not require them


@dataclass(frozen=True)
class Rejected:
    problems: Problems


@dataclass(frozen=True)
class NeedsDecision:
    """The change alters past grades: the teacher chooses to regrade or not before it is saved."""

    summary: Summary


def _question(session: Session, bank: Bank, question_id: int) -> Question:
    question = session.get(Question, question_id)
    if question is None or question.bank_id != bank.id:
        raise NotFound("That question was not found in this bank.")
    return question


def editing(user_id: int, slug: str, question_id: int) -> Editing:
    session = db.session()
    bank = editable_bank(session, user_id, slug)
    question = _question(session, bank, question_id)
    return Editing(
        bank.slug,
        bank.title,
        question.id,
        raw_of(question.key, content_of(question)),
        retired=question.retired_at is not None,
        answers=regrade.answer_count(session, question.id),
    )


def new_question(user_id: int, slug: str) -> Editing:
    bank = editable_bank(db.session(), user_id, slug)
    return Editing(bank.slug, bank.title, None, {})


def problems(
    session: Session, bank: Bank, question: Question | None, raw: dict[str, Any]
) -> Problems:
    """The bank file checks, plus those that need the database: the key is free and in the
    bank's own namespace (a new question), the type and key unchanged (an existing one)."""
    found: Problems = question_problems(raw, sources.rule_for(bank))
    key = raw.get("key")
    if question is None:
        prefix = f"{bank.slug}."
        if isinstance(key, str) and not key.startswith(prefix):
            message = f"Keys in this bank start with “{prefix}”: start this one the same way."
            found.append(Problem("key", message, "prefix"))
        elif isinstance(key, str) and len(key) <= limits.QUESTION_KEY:
            taken = session.scalar(select(Question.id).where(Question.key == key))
            if taken is not None:
                message = "Another question already has this key: choose another."
                found.append(Problem("key", message, "taken"))
    else:
        if key != question.key:
            found.append(Problem("key", "A saved question's key cannot change.", "fixed"))
        if raw.get("type") != question.type:
            found.append(Problem("type", "A saved question's type cannot change.", "fixed"))
    found += missing_pictures(session, bank.id, raw)
    if bank.require_citations:  # errors in a bank that requires its sources, beside the others
        found += grounding(session, bank, raw)
    return found


def _warnings(session: Session, bank: Bank, raw: dict[str, Any]) -> tuple[str, ...]:
    """The grounding checks, as warnings, in a bank that does not require citations."""
    if bank.require_citations:
        return ()
    return tuple(p.message for p in grounding(session, bank, raw))


def check(
    user_id: int, slug: str, question_id: int | None, raw: dict[str, Any]
) -> tuple[Problems, Summary | None, tuple[str, ...]]:
    """What saving would find wrong, how it would change past grades, and what is worth
    checking (for the preview)."""
    session = db.session()
    bank = editable_bank(session, user_id, slug)
    question = _question(session, bank, question_id) if question_id else None
    found = problems(session, bank, question, raw)
    warnings = _warnings(session, bank, raw)  # shown while the form is still incomplete too
    if found or question is None:
        return found, None, warnings
    summary = regrade.preview(session, question, content_from_raw(raw))
    return found, summary if summary.answers else None, warnings


def save(
    user: Actor,
    slug: str,
    question_id: int | None,
    raw: dict[str, Any],
    now: datetime,
    decision: str | None = None,
) -> Saved | Rejected | NeedsDecision:
    """Save a new version. When it changes past grades, `decision` must be "regrade" (regrade and
    reschedule them in the same transaction) or "keep" (leave past grades as they were)."""
    user_id = user.id
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        question = _question(session, bank, question_id) if question_id else None
        found = problems(session, bank, question, raw)
        if found:
            return Rejected(found)
        warnings = _warnings(session, bank, raw)
        content = content_from_raw(raw)
        origin = Origin("browser", "", user_id)
        if question is None:
            count = len(
                list(session.scalars(select(Question.id).where(Question.bank_id == bank.id)))
            )
            question = Question(key=raw["key"], bank_id=bank.id, position=count)
            version = add_version(session, question, content, origin, now)
            return Saved(question.id, version.number, warnings=warnings)
        if content == content_of(question):
            return Saved(question.id, 0)  # nothing changed: no new version
        regrading = regrade.regraded(question, content)
        summary = regrading.summary
        if summary.answers and decision not in {"regrade", "keep"}:
            return NeedsDecision(summary)
        version = add_version(session, question, content, origin, now)
        done = None
        if summary.answers and decision == "regrade":
            done = regrade.apply(session, question, version.id, user_id, now, regrading)
            _record_regrade(session, user, bank, question, version.number, done)
        bank.updated_at = now
        return Saved(question.id, version.number, done, warnings)


def _record_regrade(
    session: Session, user: Actor, bank: Bank, question: Question, number: int, done: Summary
) -> None:
    if not done.answers:
        return  # the new key changed no grade after all: nothing was regraded
    audit.record(
        session,
        user,
        Action.REGRADE,
        f"question {question.key} of the bank {bank.slug}",
        f"version {number}: {done.answers} answers of {done.students} students regraded, "
        f"{done.became_right} now right, {done.became_wrong} now wrong",
    )
