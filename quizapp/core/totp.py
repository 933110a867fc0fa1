"""Authenticator codes (TOTP, RFC 6238) through pyotp, with `now` passed in and no replays."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

ISSUER = "quizapp"
STEP_SECONDS = 30
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(secret: str, username: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step this code belongs to (now, or one step either side for clock drift), or
    None. A step at or before `last_step` was already used: a code cannot be replayed."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Single-use codes for a lost phone: 10 of them, 'xxxx-xxxx-xxxx' in lowercase hex."""
    return ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODES)]


def recovery_hash(code: str) -> str:
    """Recovery codes are random (48 bits), so a plain SHA-256 is enough to keep them unreadable."""
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()
