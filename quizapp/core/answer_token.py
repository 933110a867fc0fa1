"""One-time answer tokens: which question was shown to whom and when, signed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "quizapp.answer-token"


class InvalidToken(Exception):
    """The answer form's token was altered, belongs to someone else, or is not one of ours."""


@dataclass(frozen=True)
class TokenClaims:
    nonce: str  # stored with the review under a unique constraint
    user_id: int
    question_id: int
    shown_at: datetime


def issue(secret: str, user_id: int, question_id: int, now: datetime) -> str:
    """A signed token for one showing of one question to one student."""
    payload = [secrets.token_hex(16), user_id, question_id, now.timestamp()]
    return URLSafeSerializer(secret, salt=_SALT).dumps(payload)


def read(secret: str, token: str, user_id: int) -> TokenClaims:
    """The claims of a token issued to this user; raises InvalidToken otherwise."""
    try:
        nonce, owner, question_id, shown = URLSafeSerializer(secret, salt=_SALT).loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken("the answer form is not valid; please reload the question") from exc
    if owner != user_id:
        raise InvalidToken("this answer form belongs to another session")
    return TokenClaims(str(nonce), int(owner), int(question_id), datetime.fromtimestamp(shown, UTC))
