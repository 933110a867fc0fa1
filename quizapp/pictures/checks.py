"""The check a question's pictures need the database for: each is one of its bank's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core import pictures
from quizapp.core.checks import Problem
from quizapp.core.markup import pictures as shown_in
from quizapp.pictures.models import Picture

NOT_IN_BANK = (
    "This picture is not one of this bank's pictures (it may be another bank's): upload it on "
    "the bank's pictures page and use the line it gives."
)


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def missing_pictures(session: Session, bank_id: int, raw: dict[str, Any]) -> list[Problem]:
    """A problem for each field that shows a picture its bank does not hold (students would see
    a broken picture). No query when the question shows none."""
    named = {
        field: {name for text in _texts(value) for _, name in shown_in(text)}
        for field, value in raw.items()
    }
    wanted = set().union(*named.values()) if named else set()
    if not wanted:
        return []
    rows = session.execute(
        select(Picture.sha256, Picture.media_type).where(
            Picture.bank_id == bank_id,
            Picture.sha256.in_(name.partition(".")[0] for name in wanted),
        )
    )
    held = {f"{sha}.{pictures.EXTENSIONS[media]}" for sha, media in rows}
    return [
        Problem(field, NOT_IN_BANK, "unknown-picture", sorted(names - held)[0])
        for field, names in named.items()
        if names - held
    ]
