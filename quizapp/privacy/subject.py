"""Whose data a request may reach: one's own account, and any account for an admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from quizapp.accounts.models import User
from quizapp.accounts.services import PLACEHOLDER_ROLE
from quizapp.errors import NotFound
from quizapp.extensions import db


@dataclass(frozen=True)
class Subject:
    """The account whose data is downloaded or deleted, and who is asking."""

    id: int
    username: str
    role: str
    actor_id: int
    actor_username: str

    @property
    def own(self) -> bool:
        return self.id == self.actor_id


def subject(actor_id: int, username: str) -> Subject:
    """The account called `username`, if the actor may reach it; NotFound otherwise, the same
    answer as for a username that does not exist."""
    session = db.session()
    actor = session.get_one(User, actor_id)
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    mine = user is not None and user.id == actor.id
    if user is None or user.role == PLACEHOLDER_ROLE or not (mine or actor.role == "admin"):
        raise NotFound("There is no such account.")
    return Subject(user.id, user.username, user.role, actor.id, actor.username)
