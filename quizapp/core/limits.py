"""Sizes shared by the database columns, the bank checks and the forms, so that they agree."""

from __future__ import annotations

import re

USERNAME = 40
PASSWORD = 200
EMAIL = 254  # the longest address SMTP carries
TIMEZONE = 64
SSO_ISSUER = 255  # an OpenID provider's issuer address
SSO_SUBJECT = 255  # its id for a person: OpenID Connect caps it at 255 ASCII characters
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
LIST_ITEMS = 100  # options, pairs, items or accepted answers of one question: the editor's rows
LARGEST_NUMBER = 1e300  # a numeric answer or tolerance: a float holds it, a sum of two too
DB_INTEGER_MAX = 2**31 - 1  # PostgreSQL's integer; ids and positions stay below it
SOURCE_TITLE = 300  # a source: its title, author or outlet, and link
SOURCE_AUTHOR = 200
SOURCE_URL = 1000
SOURCE_LICENCE = 500
SOURCE_UPLOAD_BYTES = 5 * 1024 * 1024  # a file a teacher uploads as a source, or text she pastes
SOURCE_UNPACKED_BYTES = 50 * 1024 * 1024  # what a .docx (a zip) may unpack to
SOURCE_PDF_PAGES = 300
SOURCE_PARAGRAPHS = 2000
SOURCE_PARAGRAPH_CHARS = 10_000
PICTURE_UPLOAD_BYTES = 5 * 1024 * 1024  # one picture file as uploaded
PICTURE_BANK_BYTES = 50 * 1024 * 1024  # all of a bank's stored pictures together
PICTURE_MAX_SIDE = 2000  # pixels; a larger picture is scaled down to this
PICTURE_MAX_PIXELS = 40_000_000  # declared width x height; more is refused before decoding
PICTURE_ALT = 300  # a picture's alt text
# A file to import: a bank exported as Moodle XML carries its pictures as base64 (4/3 of their
# bytes, 67 MB at the bank's limit) and its questions' text, so such a file imports whole.
IMPORT_FILE_BYTES = 80 * 1024 * 1024
IMPORT_HELD_MINUTES = 60  # how long a previewed file waits for the teacher to confirm it

# C0 and C1 control characters other than tab, newline and carriage return: PostgreSQL refuses NUL,
# and none of them belongs in anything a person types or reads.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_character(text: str) -> bool:
    """True when the text holds a character nobody types (NUL, escape, bell, ...)."""
    return _CONTROL.search(text) is not None


def without_control_characters(text: str) -> str:
    """The text less the characters nobody types, which extracted text sometimes carries."""
    return _CONTROL.sub("", text)
