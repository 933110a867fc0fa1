"""Password strength: refuse what a guesser tries first, and say why (zxcvbn's estimate)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from zxcvbn import zxcvbn

MIN_SCORE = 3  # zxcvbn's "safely unguessable": beyond 10^8 guesses
_CHECKED_LENGTH = 72  # zxcvbn refuses longer input; a longer passphrase is judged on its start
# zxcvbn keeps the user's own words in a module-level dictionary while it scores.
_LOCK = threading.Lock()


def weakness(password: str, user_inputs: Sequence[str] = ()) -> str | None:
    """Why this password is too easy to guess, in words for the sign-up form; None if it is fine."""
    with _LOCK:
        result = zxcvbn(password[:_CHECKED_LENGTH], user_inputs=[*user_inputs, "quizapp"])
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    reason = feedback["warning"] or "It would be among the first few million guesses."
    tips = feedback["suggestions"] or ["Add another word or two."]
    return f"This password is too easy to guess. {reason} {tips[0]}"
