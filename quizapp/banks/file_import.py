"""Importing questions into a bank from the formats schools use (GIFT, Moodle XML, Aiken, CSV):
a preview that lists every problem by line, then all or nothing. A file ready to import is held
in the database between the preview and the confirmation (`HeldImport`), named by its hash."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from quizapp.banks.editor import editable_bank
from quizapp.banks.models import Bank, HeldImport, Question
from quizapp.banks.versions import Origin, add_version, content_from_raw
from quizapp.core import limits
from quizapp.core.formats import aiken, csvcards, gift, moodle_xml, quizlet
from quizapp.core.formats.common import ImportDefaults, Parsed, picture_alts
from quizapp.core.keys import make_key
from quizapp.database import tx
from quizapp.errors import ImportRejected
from quizapp.extensions import db
from quizapp.pictures.services import PictureRefused, add_to_bank
from quizapp.sources import services as sources

Parser = Callable[[str, str, set[str], ImportDefaults], Parsed]
PARSERS: dict[str, Parser] = {
    "gift": gift.parse,
    "moodlexml": moodle_xml.parse,
    "aiken": aiken.parse,
    "csv": csvcards.parse,
}
FORMAT_NAMES = {
    "gift": "GIFT (Moodle)",
    "moodlexml": "Moodle XML",
    "aiken": "Aiken",
    "csv": "CSV: term, definition",
    "quizlet": "Quizlet export",
}


@dataclass(frozen=True)
class Preview:
    bank_slug: str
    bank_title: str
    parsed: Parsed
    held: str = ""  # the sha256 the confirmation names the held file by; "" when none is held


def _parser(fmt: str, separators: quizlet.Separators) -> Parser:
    if fmt == "quizlet":
        return partial(quizlet.parse_with, separators)
    return PARSERS[fmt]


def _parse(
    bank: Bank, fmt: str, text: str, defaults: ImportDefaults, separators: quizlet.Separators
) -> Parsed:
    slug = bank.slug
    taken = set(db.session.scalars(select(Question.key)))
    # The file's citations are checked against the bank's sources, and required where it says so.
    defaults = replace(defaults, rule=sources.rule_for(bank))
    parsed = _parser(fmt, separators)(text, slug, taken, defaults)
    # Every new question gets a key of this bank, whatever the file called it.
    prefix = f"{slug}."
    fixed, renamed = [], {}
    for item in parsed.questions:
        key = item.raw.get("key", "")
        if not isinstance(key, str) or not key.startswith(prefix) or key in taken:
            new = make_key(slug, str(item.raw.get("prompt", "")), taken)
            renamed[(item.line, key)] = new
            item.raw["key"] = key = new
        taken.add(key)
        fixed.append(item)
    # What is not kept of a question is listed under the key the question will have.
    left_out = tuple(replace(n, key=renamed.get((n.line, n.key), n.key)) for n in parsed.left_out)
    return Parsed(tuple(fixed), parsed.problems, left_out, parsed.pictures)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _expired(now: datetime) -> datetime:
    return now - timedelta(minutes=limits.IMPORT_HELD_MINUTES)


def preview(
    user_id: int,
    slug: str,
    fmt: str,
    text: str,
    defaults: ImportDefaults,
    separators: quizlet.Separators = quizlet.DEFAULT,
    now: datetime | None = None,
) -> Preview:
    """What the file would add to the bank, with every problem by line; no question is saved.
    Given `now`, a file ready to import is held for the confirmation (and files held too long
    are forgotten)."""
    bank = editable_bank(db.session(), user_id, slug)
    found = Preview(bank.slug, bank.title, _parse(bank, fmt, text, defaults, separators))
    if now is None or found.parsed.problems or not found.parsed.questions:
        return found
    held = _sha256(text)
    with tx.write() as session:
        session.execute(delete(HeldImport).where(HeldImport.created_at < _expired(now)))
        session.add(HeldImport(user_id=user_id, sha256=held, text=text.encode(), created_at=now))
    return replace(found, held=held)


def held_text(user_id: int, sha256: str, now: datetime) -> str | None:
    """The file this teacher previewed under this hash, or None once it is imported or has
    waited longer than `limits.IMPORT_HELD_MINUTES`."""
    data = db.session.scalars(
        select(HeldImport.text)
        .where(HeldImport.user_id == user_id, HeldImport.sha256 == sha256)
        .where(HeldImport.created_at >= _expired(now))
        .limit(1)
    ).first()
    return None if data is None else data.decode("utf-8")


def import_questions(
    user_id: int,
    slug: str,
    fmt: str,
    text: str,
    defaults: ImportDefaults,
    filename: str,
    now: datetime,
    separators: quizlet.Separators = quizlet.DEFAULT,
) -> int:
    """Add every question of the file to the bank, or none when any problem is found."""
    with tx.write() as session:
        bank = editable_bank(session, user_id, slug)
        parsed = _parse(bank, fmt, text, defaults, separators)
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
        _add_pictures(session, bank, parsed, filename, user_id, now)
        bank.updated_at = now
        held = (HeldImport.user_id == user_id, HeldImport.sha256 == _sha256(text))
        session.execute(delete(HeldImport).where(*held))
        return len(parsed.questions)


def _add_pictures(
    session: Session, bank: Bank, parsed: Parsed, filename: str, user_id: int, now: datetime
) -> None:
    """The pictures the questions show, added to the bank with them; the bank's limits hold for
    an import as for an upload, and a file they do not fit is refused whole."""
    alts = picture_alts(item.raw for item in parsed.questions)
    for name, picture in parsed.pictures.items():
        try:
            add_to_bank(session, bank, picture, alts.get(name, ""), user_id, now)
        except PictureRefused as refused:
            raise ImportRejected([f"{filename}: its pictures do not fit: {refused}"]) from None
