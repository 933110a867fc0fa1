"""'Download my data': everything quizapp holds about a person, as JSON and CSV in one zip.

One statement per table, whatever the person's history: each table's rows of the person are
selected at once, and rows reached through them (an attempt's answers, a membership's class) by
a subquery.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, or_, select

from quizapp.audit.models import Action
from quizapp.audit.services import record
from quizapp.core import game as rules
from quizapp.core.spreadsheet import Writer
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.games.models import Game, GameAnswer, GamePlayer
from quizapp.privacy.plan import (
    ACCOUNT_EXPORTED,
    ACCOUNT_WITHHELD,
    COLUMNS_WITHHELD,
    MARKS_AFTER_REVEAL,
    MARKS_AFTER_SUBMITTING,
    REFERENCES,
    THROUGH,
)
from quizapp.privacy.subject import Subject


@dataclass(frozen=True)
class Archive:
    filename: str
    content: bytes


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def _own_rows(table: Table, user_id: int) -> ColumnElement[bool]:
    """The condition that picks the person's rows of a table, by every column naming them."""
    columns = [r.column for r in REFERENCES if r.table == table.name and r.exported]
    return or_(*(table.c[column] == user_id for column in columns))


def _select(table: Table, condition: ColumnElement[bool]) -> list[dict[str, Any]]:
    shown = [c for c in table.c if (table.name, c.name) not in COLUMNS_WITHHELD]
    statement = select(*shown).where(condition).order_by(*table.primary_key.columns)
    return [dict(row) for row in db.session.execute(statement).mappings()]


def collect(user_id: int) -> dict[str, Any]:
    """The person's account and, table by table, their rows (plain values)."""
    user = _table("user")
    account = db.session.execute(
        select(*(user.c[name] for name in ACCOUNT_EXPORTED)).where(user.c.id == user_id)
    ).mappings()
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in sorted({r.table for r in REFERENCES if r.exported}):
        table = _table(name)
        tables[name] = _select(table, _own_rows(table, user_id))
    through: dict[str, list[ColumnElement[bool]]] = defaultdict(list)
    for name, column, via_name, via_column in THROUGH:
        via = _table(via_name)
        mine = select(via.c[via_column]).where(_own_rows(via, user_id))
        through[name].append(_table(name).c[column].in_(mine))
    for name, conditions in sorted(through.items()):
        tables[name] = _select(_table(name), or_(*conditions))
    _hide_open_marks(tables)
    _hide_unrevealed_marks(tables, user_id)
    return {"account": dict(account.one()), "tables": dict(sorted(tables.items()))}


def _hide_open_marks(tables: dict[str, list[dict[str, Any]]]) -> None:
    open_attempts = {a["id"] for a in tables["attempt"] if a["submitted_at"] is None}
    for item in tables["attempt_item"]:
        if item["attempt_id"] in open_attempts:
            item.update(dict.fromkeys(MARKS_AFTER_SUBMITTING))


def _hide_unrevealed_marks(tables: dict[str, list[dict[str, Any]]], user_id: int) -> None:
    """Blank the marks of the person's answers to a live game's question still on screen."""
    unrevealed = db.session.execute(
        select(GameAnswer.id, GameAnswer.review_id)
        .join(Game, Game.id == GameAnswer.game_id)
        .where(
            Game.phase == rules.QUESTION,
            Game.position == GameAnswer.position,
            GameAnswer.player_id.in_(select(GamePlayer.id).where(GamePlayer.user_id == user_id)),
        )
    ).all()
    hidden = {"game_answer": {row.id for row in unrevealed}}
    hidden["review"] = {row.review_id for row in unrevealed}
    for name, columns in MARKS_AFTER_REVEAL.items():
        for row in tables[name]:
            if row["id"] in hidden[name]:
                row.update(dict.fromkeys(columns))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _cell(value: Any) -> object:
    value = _plain(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = Writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_cell(row[column]) for column in columns)
    return out.getvalue()


def readme(username: str, moment: datetime, tables: list[str]) -> str:
    """What the archive holds, and what it leaves out on purpose."""
    withheld = [*ACCOUNT_WITHHELD.values(), "two-factor recovery codes, kept only as hashes"]
    withheld += list(COLUMNS_WITHHELD.values())
    lines = [
        f"Everything quizapp holds about {username}, as of {moment.isoformat()}.",
        "",
        "data.json holds all of it; each CSV file holds one table (account.csv, your account).",
        "Dates and times are ISO 8601, in UTC. Ids link the files: attempt_item.attempt_id",
        "is an attempt's id, membership.classroom_id a classroom's id, and question_id a",
        "question of a bank.",
        "",
        "Files: " + ", ".join(["account.csv", *(f"{name}.csv" for name in tables)]),
        "",
        "Left out on purpose:",
        *(f"- {reason}" for reason in withheld),
        "- quiz attempts of your students and the accommodations you set for them (their data)",
        "- the school's audit log of staff actions, whose entries name other people",
        "- whether the answers of a quiz attempt not yet submitted are right (shown once it is)",
        "- whether an answer to a live game's question still open is right (shown once the game",
        "  moves on)",
        "",
    ]
    return "\r\n".join(lines)


def archive(subject: Subject, moment: datetime) -> Archive:
    """The zip of the person's data; an admin's download of someone else's is in the audit log."""
    if not subject.own:
        with tx.write() as session:
            record(
                session,
                (subject.actor_id, subject.actor_username),
                Action.DATA_DOWNLOADED,
                f"{subject.role} {subject.username}",
            )
    data = collect(subject.id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("README.txt", readme(subject.username, moment, list(data["tables"])))
        document = {"exported_at": moment, **data}
        zipped.writestr("data.json", json.dumps(_plain(document), indent=2, ensure_ascii=False))
        zipped.writestr("account.csv", _csv([data["account"]], list(ACCOUNT_EXPORTED)))
        for name, rows in data["tables"].items():
            columns = [c.name for c in _table(name).c if (name, c.name) not in COLUMNS_WITHHELD]
            zipped.writestr(f"{name}.csv", _csv(rows, columns))
    day = moment.date().isoformat()
    return Archive(f"quizapp-{subject.username}-{day}.zip", buffer.getvalue())
