"""Which columns of a schema name a person but are missing from the plan: the check that a new
table cannot hold people's data without saying what downloading and deleting do with it."""

from __future__ import annotations

import re

from sqlalchemy import Column, MetaData

from quizapp.privacy.plan import ACCOUNT_EXPORTED, ACCOUNT_WITHHELD, NOT_ACCOUNTS, REFERENCES

# Column names that name a person even without a foreign key (the audit log's actor, say).
NAMING = re.compile(
    r"^(user|owner|author|student|teacher|actor|creator|by)(_id)?$|_by$|_by_id$|_user_id$"
)


def names_a_person(column: Column[object]) -> bool:
    if any(key.target_fullname == "user.id" for key in column.foreign_keys):
        return True
    return column.table.name != "user" and bool(NAMING.search(column.name))


def undeclared(metadata: MetaData) -> list[str]:
    """'table.column' for each column naming a person that the plan does not declare, and for
    each column of the account that is neither exported nor withheld."""
    declared = {(r.table, r.column) for r in REFERENCES} | set(NOT_ACCOUNTS)
    missing = [
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables
        for column in table.c
        if names_a_person(column) and (table.name, column.name) not in declared
    ]
    account = set(ACCOUNT_EXPORTED) | set(ACCOUNT_WITHHELD)
    if "user" in metadata.tables:
        missing += [f"user.{c.name}" for c in metadata.tables["user"].c if c.name not in account]
    return missing


def stale(metadata: MetaData) -> list[str]:
    """Declarations naming a table or column that does not exist."""
    return [
        f"{r.table}.{r.column}"
        for r in REFERENCES
        if r.table not in metadata.tables or r.column not in metadata.tables[r.table].c
    ]
