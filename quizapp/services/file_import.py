"""Importing questions into a bank from the formats schools use (GIFT, Aiken, CSV): a preview
that lists every problem by line, then all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from quizapp.core.formats import aiken, csvcards, gift
from quizapp.core.formats.common import ImportDefaults, Parsed
from quizapp.core.keys import make_key
from quizapp.extensions import db
from quizapp.models import Question
from quizapp.services import tx
from quizapp.services.editor import editable_bank
from quizapp.services.errors import ImportRejected
from quizapp.services.versions import Origin, add_version, content_from_raw

Parser = Callable[[str, str, set[str], ImportDefaults], Parsed]
PARSERS: dict[str, Parser] = {
    "gift": gift.parse,
    "aiken": aiken.parse,
    "csv": csvcards.parse,
}
FORMAT_NAMES = {"gift": "GIFT (Moodle)", "aiken": "Aiken", "csv": "CSV (Quizlet: term, definition)"}


@dataclass(frozen=True)
class Preview:
    bank_slug: str
    bank_title: str
    parsed: Parsed


def _parse(slug: str, fmt: str, text: str, defaults: ImportDefaults) -> Parsed:
    taken = set(db.session.scalars(select(Question.key)))
    parsed = PARSERS[fmt](text, slug, taken, defaults)
    # Every new question gets a key of this bank, whatever the file called it.
    prefix = f"{slug}."
    fixed = []
    for item in parsed.questions:
        key = item.raw.get("key", "")
        if not isinstance(key, str) or not key.startswith(prefix) or key in taken:
            key = make_key(slug, str(item.raw.get("prompt", "")), taken)
            item.raw["key"] = key
        taken.add(key)
        fixed.append(item)
    return Parsed(tuple(fixed), parsed.problems)


def preview(user_id: int, slug: str, fmt: str, text: str, defaults: ImportDefaults) -> Preview:
    bank = editable_bank(db.session(), user_id, slug)
    return Preview(bank.slug, bank.title, _parse(bank.slug, fmt, text, defaults))


def import_questions(
    user_id: int,
    slug: str,
    fmt: str,
    text: str,
    defaults: ImportDefaults,
    filename: str,
    now: datetime,
) -> int:
    """Add every question of the file to the bank, or none when any problem is found."""
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        parsed = _parse(bank.slug, fmt, text, defaults)
        if parsed.problems:
            raise ImportRejected([f"{filename}:{p.line}: {p.message}" for p in parsed.problems])
        if not parsed.questions:
            raise ImportRejected([f"{filename}: no questions found"])
        start = (
            session.scalar(select(func.count(Question.id)).where(Question.bank_id == bank.id)) or 0
        )
        origin = Origin("upload", f"{filename} ({fmt})", user_id)
        for offset, item in enumerate(parsed.questions):
            question = Question(key=item.raw["key"], bank_id=bank.id, position=start + offset)
            add_version(session, question, content_from_raw(item.raw), origin, now)
        bank.updated_at = now
        return len(parsed.questions)
