"""Every column that names a person is declared in the privacy plan: what "Download my data"
includes and what "Delete my account" does with it. A table added without its line fails here."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from quizapp import create_app
from quizapp.config import TestConfig
from quizapp.extensions import db
from quizapp.privacy import coverage
from quizapp.privacy.plan import ACCOUNT_EXPORTED, ACCOUNT_WITHHELD, REFERENCES, Fate


def _metadata() -> MetaData:
    create_app(TestConfig)  # every part's models imported
    return db.metadata


def test_every_column_naming_a_person_is_in_the_plan() -> None:
    assert coverage.undeclared(_metadata()) == []
    assert coverage.stale(_metadata()) == []


def test_a_new_table_naming_a_person_without_its_line_is_caught() -> None:
    schema = MetaData()
    for table in _metadata().sorted_tables:
        table.to_metadata(schema)
    Table(
        "reset_code",
        schema,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("user.id")),
    )
    Table(
        "mail_log",
        schema,
        Column("id", Integer, primary_key=True),
        Column("sent_by", Integer),  # no foreign key, but it names someone
    )
    schema.tables["user"].append_column(Column("phone", String(200)))
    found = coverage.undeclared(schema)
    assert sorted(found) == ["mail_log.sent_by", "reset_code.user_id", "user.phone"]


def test_secrets_are_never_exported() -> None:
    exported = set(ACCOUNT_EXPORTED)
    assert {"password_hash", "totp_secret", "session_token"} <= set(ACCOUNT_WITHHELD)
    assert exported.isdisjoint(ACCOUNT_WITHHELD)
    recovery = [r for r in REFERENCES if r.table == "recovery_code"]
    assert recovery and not any(r.exported for r in recovery)
    assert all(r.fate is Fate.DELETED for r in recovery)
