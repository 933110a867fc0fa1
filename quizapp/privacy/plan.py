"""What quizapp holds about a person, declared once: every column that names someone, whether
"Download my data" includes its rows, and what "Delete my account" does with them.

A test walks the tables and fails when a column that refers to a user (a foreign key to user.id,
or a name such as `*_by`, `owner_id`, `actor_id`) is not listed here, so a new table that names
people is one line here before it can ship.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Fate(StrEnum):
    """What deleting the account does with the rows that name the person."""

    DELETED = "deleted"
    # Quiz attempts and live games played: kept for the class's statistics under an anonymous
    # placeholder account (one per quiz or game).
    ANONYMISED = "anonymised"
    # The teachers of a class: each class the person owns passes to the heir chosen for it.
    CLASS_HEIR = "class heir"
    # Rows of a class (its quizzes, homework): named after the class's owner once handed over.
    CLASS_OWNER = "class owner"
    # Banks, sources and regrades: passed to the one heir chosen for them.
    HEIR = "heir"
    # A record that stays, no longer naming anyone (who uploaded a picture, wrote a version).
    CLEARED = "cleared"
    # The staff audit log: append-only, and it keeps usernames by design.
    KEPT = "kept"


@dataclass(frozen=True)
class Reference:
    """A column naming a person: its rows are theirs to download when `exported`."""

    table: str
    column: str
    exported: bool
    fate: Fate
    what: str  # plain words for the delete page and the archive's README


REFERENCES: tuple[Reference, ...] = (
    Reference("recovery_code", "user_id", False, Fate.DELETED, "two-factor recovery codes"),
    Reference("one_time_code", "user_id", True, Fate.DELETED, "password and email codes"),
    Reference("sso_identity", "user_id", True, Fate.DELETED, "school sign-in accounts linked"),
    Reference("card", "user_id", True, Fate.DELETED, "study cards (what is due when)"),
    Reference("review", "user_id", True, Fate.DELETED, "study answers and their history"),
    Reference("regraded_answer", "user_id", True, Fate.DELETED, "notices of regraded answers"),
    Reference("membership", "user_id", True, Fate.DELETED, "class memberships"),
    Reference("scheduler_fit", "user_id", True, Fate.DELETED, "the scheduler fitted to you"),
    Reference("student_schedule", "user_id", True, Fate.DELETED, "the schedule tuned to you"),
    Reference("quiz_accommodations", "student_id", True, Fate.DELETED, "quiz accommodations"),
    Reference("bank_editor", "user_id", True, Fate.DELETED, "permissions to edit school banks"),
    # A copy of a file being imported, deleted within the hour anyway.
    Reference("held_import", "user_id", False, Fate.DELETED, "files previewed for import"),
    Reference("attempt", "user_id", True, Fate.ANONYMISED, "quiz attempts and their answers"),
    # A guest's row (user_id empty, a nickname instead) names no account: no one downloads or
    # deletes it, and anonymising a student's rows leaves it alone.
    Reference("game_player", "user_id", True, Fate.ANONYMISED, "live games played, and answers"),
    Reference("classroom_teacher", "user_id", True, Fate.CLASS_HEIR, "classes taught"),
    Reference("quiz", "created_by", True, Fate.CLASS_OWNER, "quizzes set"),
    Reference("homework", "set_by", True, Fate.CLASS_OWNER, "homework set"),
    Reference("game", "teacher_id", True, Fate.CLASS_OWNER, "live games run"),
    # Rows about students: not the teacher's to download.
    Reference("quiz_accommodations", "set_by", False, Fate.CLASS_OWNER, "accommodations set"),
    Reference("bank", "owner_id", True, Fate.HEIR, "banks made"),
    Reference("source", "owner_id", True, Fate.HEIR, "sources added"),
    Reference("regrade", "by_id", True, Fate.HEIR, "regrades done"),
    Reference("question_version", "author_id", True, Fate.CLEARED, "question versions written"),
    Reference("picture", "uploaded_by", True, Fate.CLEARED, "pictures uploaded"),
    Reference("attempt", "override_by", False, Fate.CLEARED, "manual scores given"),
    Reference("one_time_code", "created_by_id", False, Fate.CLEARED, "password codes given"),
    # Entries name other people (whose role changed, whose answer was scored): not exported.
    Reference("audit_entry", "actor_id", False, Fate.KEPT, "staff actions in the audit log"),
    Reference("audit_entry", "actor", False, Fate.KEPT, "staff actions in the audit log"),
)
# Columns whose names look like a person's but name no quizapp account.
NOT_ACCOUNTS = {("source", "author"): "the author of a book or article a question cites"}

# The account's own row: each column is exported, or withheld for the reason given.
ACCOUNT_EXPORTED = (
    "id",
    "username",
    "email",
    "role",
    "timezone",
    "new_per_day",
    "extra_new_day",
    "extra_new_count",
    "created_at",
)
ACCOUNT_WITHHELD = {
    "password_hash": "the password, kept only as a hash",
    "session_token": "the secret that keeps a browser signed in",
    "totp_secret": "the two-factor authenticator secret",
    "totp_last_step": "when the last two-factor code was used",
}
# Columns of exported tables left out of the archive, with the reason.
COLUMNS_WITHHELD = {
    ("review", "token"): "a one-time token that stopped an answer being recorded twice",
    ("one_time_code", "code_hash"): "the code itself, kept only as a hash",
    ("one_time_code", "token_hash"): "the link's secret, kept only as a hash",
    ("picture", "data"): "the picture itself (download the bank from the bank editor)",
    ("classroom", "join_code"): "the class's code for joining, which its teachers keep",
    ("game", "guest_code"): "a live game's code for guests joining, which its teachers keep",
    ("game_player", "guest_secret_hash"): "a guest's secret, kept only as a hash (always empty)",
}
# Marks of a quiz attempt's answers, left out until the attempt is submitted: while a quiz is
# being taken they would tell which answers are right.
MARKS_AFTER_SUBMITTING = ("score", "correct")
# Marks of an answer to a live game's question that is still open, left out until the game moves
# past it, in the game's row and in the study answer it made: a player could otherwise tell the
# room which answers are right before the reveal.
MARKS_AFTER_REVEAL = {
    "game_answer": ("correct", "points"),
    "review": ("score", "correct", "rating", "due_after"),
}
# Rows exported because the person's rows point at them: (table, column, via table, via column),
# the rows of `table` whose `column` is among the `via column` values of the person's `via table`.
THROUGH = (
    ("attempt_item", "attempt_id", "attempt", "id"),
    ("game_answer", "player_id", "game_player", "id"),
    ("classroom", "id", "membership", "classroom_id"),
    ("classroom", "id", "classroom_teacher", "classroom_id"),
)
