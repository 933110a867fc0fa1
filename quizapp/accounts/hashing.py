"""Password hashes: argon2id at the cost the app is configured with (PASSWORD_HASHING), set
once per process when the app is made (`create_app`), argon2-cffi's defaults until then."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Mapping

from argon2 import DEFAULT_MEMORY_COST, DEFAULT_PARALLELISM, DEFAULT_TIME_COST, PasswordHasher

_DEFAULT = (DEFAULT_TIME_COST, DEFAULT_MEMORY_COST, DEFAULT_PARALLELISM)
_cost = _DEFAULT


def use_cost(cost: Mapping[str, int]) -> None:
    """Hash at this cost from now on in this process: time_cost, memory_cost (KiB) and
    parallelism, each argon2-cffi's default where not given. A process serves one app."""
    global _cost
    _cost = (
        cost.get("time_cost", DEFAULT_TIME_COST),
        cost.get("memory_cost", DEFAULT_MEMORY_COST),
        cost.get("parallelism", DEFAULT_PARALLELISM),
    )


@functools.cache
def _hashing(time_cost: int, memory_cost: int, parallelism: int) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher, hasher.hash(secrets.token_hex(8))


def hasher() -> PasswordHasher:
    return _hashing(*_cost)[0]


def dummy_hash() -> str:
    """A hash to verify against when the username is unknown, so that both failures take the
    same time."""
    return _hashing(*_cost)[1]
