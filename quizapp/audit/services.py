"""Writing to the audit log, inside the transaction of the action it records, so that an action
and its entry are kept or lost together."""

from __future__ import annotations

from contextvars import ContextVar
from typing import NamedTuple

from sqlalchemy.orm import Session

from quizapp.audit.models import Action, AuditEntry

COMMAND_LINE = "command line"
# Set by the web side at the start of each request (after the trusted proxies are unwrapped), so
# that services record the address without taking the request.
client_address: ContextVar[str] = ContextVar("client_address", default=COMMAND_LINE)


class Actor(NamedTuple):
    """The staff member doing an action: the views pass the signed-in user's id and name."""

    id: int
    username: str


def record(
    session: Session,
    actor: tuple[int, str] | None,
    action: Action,
    target: str,
    detail: str = "",
) -> None:
    """Add an entry for `action`, done by `actor` (id and username; None for the command line)."""
    actor_id, actor_name = actor if actor is not None else (None, COMMAND_LINE)
    session.add(
        AuditEntry(
            actor_id=actor_id,
            actor=actor_name[:64],
            action=action.value,
            target=target[:200],
            detail=detail[:500],
            address=client_address.get()[:64],
        )
    )
