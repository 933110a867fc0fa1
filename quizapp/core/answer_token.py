"""One-time answer tokens: which question was shown to whom, when, and at which review, signed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "quizapp.answer-token"
MAX_AGE = timedelta(days=1)


class InvalidToken(Exception):
    """The answer form's token was altered, belongs to someone else, or is not one of ours."""


class ExpiredToken(InvalidToken):
    """The question was shown too long ago for its answer to count."""


@dataclass(frozen=True)
class TokenClaims:
    nonce: str  # stored with the review under a unique constraint
    user_id: int
    question_id: int
    shown_at: datetime
    reps: int  # the card's review count when it was shown: only that showing may be answered


def issue(secret: str, user_id: int, question_id: int, reps: int, now: datetime) -> str:
    """A signed token for one showing of one question to one student."""
    payload = [secrets.token_hex(16), user_id, question_id, now.timestamp(), reps]
    return URLSafeSerializer(secret, salt=_SALT).dumps(payload)


def read(secret: str, token: str, user_id: int, now: datetime) -> TokenClaims:
    """The claims of a token issued to this user within MAX_AGE; raises InvalidToken otherwise."""
    try:
        nonce, owner, question_id, shown, reps = URLSafeSerializer(secret, salt=_SALT).loads(token)
        claims = TokenClaims(
            str(nonce), int(owner), int(question_id), datetime.fromtimestamp(shown, UTC), int(reps)
        )
    except (BadSignature, ValueError, TypeError, OverflowError) as exc:
        raise InvalidToken("This answer form is not valid. Please reload the question.") from exc
    if claims.user_id != user_id:
        raise InvalidToken(
            "This answer form belongs to another session. Please reload the question."
        )
    if now - claims.shown_at > MAX_AGE:
        raise ExpiredToken(
            "This question was shown more than a day ago, so its answer form has expired."
        )
    return claims
