"""Sizes shared by the database columns, the bank checks and the forms, so that they agree."""

from __future__ import annotations

import re

USERNAME = 40
PASSWORD = 200
TIMEZONE = 64
BANK_SLUG = 80
BANK_TITLE = 200
BANK_DESCRIPTION = 2000
SOURCE_PATH = 500  # where a bank file was imported from
QUESTION_KEY = 120
PROMPT = 2000
EXPLANATION = 2000
TAG = 40
CLASS_NAME = 120
CLASS_DESCRIPTION = 1000
JOIN_CODE = 8
OPTION = 500  # an option, pair item, ordering item or flashcard back
TYPED_ANSWER = 500  # what a student may type into one box; accepted answers must fit it
DB_INTEGER_MAX = 2**31 - 1  # PostgreSQL's integer; ids and positions stay below it

# C0 and C1 control characters other than tab, newline and carriage return: PostgreSQL refuses NUL,
# and none of them belongs in anything a person types or reads.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_character(text: str) -> bool:
    """True when the text holds a character nobody types (NUL, escape, bell, ...)."""
    return _CONTROL.search(text) is not None
