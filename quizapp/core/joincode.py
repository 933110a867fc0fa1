"""Join codes: 8 characters a class can read off a projector, with no look-alikes (0/O, 1/I/l)."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # 31 symbols: 31**8 ≈ 8.5 * 10**11 codes
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str, length: int = LENGTH) -> str | None:
    """The code a student meant ('abcd-2345 ' is ABCD2345), or None if it cannot be one of this
    length (one-time codes share the alphabet and this reading)."""
    code = "".join(ch for ch in typed.upper() if ch not in " -")
    if len(code) != length or any(ch not in ALPHABET for ch in code):
        return None
    return code


def spaced(code: str) -> str:
    """'ABCD 2345': easier to read aloud and to copy from a wall."""
    return f"{code[:4]} {code[4:]}"
