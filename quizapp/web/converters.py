"""URL converters: a slug or an id that cannot exist is a 404 before any view or query runs."""

from __future__ import annotations

from werkzeug.routing import BaseConverter, IntegerConverter, Map

from quizapp.core import limits, pictures


class SlugConverter(BaseConverter):
    """A bank slug as `flask banks check` allows it: lowercase letters, digits, '.' and '-'."""

    regex = rf"[a-z0-9][a-z0-9.-]{{0,{limits.BANK_SLUG - 1}}}"


class IdConverter(IntegerConverter):
    """A row id: ASCII digits, 1 up to the largest value an integer column holds."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map) -> None:
        super().__init__(map, min=1, max=limits.DB_INTEGER_MAX)


class NumberConverter(IdConverter):
    """A position in a quiz or a version's number: counted from 1, bounded like an id, so that no
    number a database integer cannot hold reaches a query."""


class UsernameConverter(BaseConverter):
    """A username as sign-up allows it: letters, digits, '.', '_' and '-'."""

    regex = rf"[A-Za-z0-9._-]{{3,{limits.USERNAME}}}"


class PictureConverter(BaseConverter):
    """A stored picture's name: its SHA-256 in hex and its extension."""

    regex = pictures.NAME.pattern


CONVERTERS = {
    "slug": SlugConverter,
    "id": IdConverter,
    "num": NumberConverter,
    "username": UsernameConverter,
    "picture": PictureConverter,
}
