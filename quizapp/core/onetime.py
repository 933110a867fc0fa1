"""One-time codes and link tokens for setting a password or confirming an email address.

A code is short enough for a child to type off a card (three groups of four, no look-alikes); a
link carries a long random token. Both are kept only as hashes: they are random enough that a
plain SHA-256 is all the hashing they need.
"""

from __future__ import annotations

import hashlib
import secrets

from quizapp.core import joincode
from quizapp.core.joincode import ALPHABET

GROUPS, GROUP_LENGTH = 3, 4  # 31**12 ≈ 7.9 * 10**17 codes
LENGTH = GROUPS * GROUP_LENGTH


def new_code() -> str:
    """A new code, without its dashes."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_token() -> str:
    """A new token for a link (43 characters, URL-safe)."""
    return secrets.token_urlsafe(32)


def normalise(typed: str) -> str | None:
    """The code someone meant ('abcd efgh-jkmn' is ABCDEFGHJKMN), or None if it cannot be one."""
    return joincode.normalise(typed, LENGTH)


def spaced(code: str) -> str:
    """'ABCD-EFGH-JKMN': the groups a child copies one at a time."""
    return "-".join(code[i : i + GROUP_LENGTH] for i in range(0, LENGTH, GROUP_LENGTH))


def digest(secret: str) -> str:
    """What is stored of a code or token."""
    return hashlib.sha256(secret.encode()).hexdigest()
