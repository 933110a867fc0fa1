"""The regrade page of bench/district_pages.py: a teacher corrects a much answered question's key.

The question: one with at least 10,000 answers (the fewest above; a short-answer question before
a multiple-choice one; the most answered when none has as many), picked by SQL. Its new key also
accepts the wrong answer its students gave most, so that those answers become right and every
student who gave it has their card replayed. The teacher: a teacher of a class that studies the
bank, allowed to edit it (a school bank: an admin's BankEditor row, added for the run and removed
after it when the bench made it).

Before each save the question is put back as it was, untimed and by SQL: the old key (the
question row), the answers' grades and schedules, the cards, and no regrade or notice made by the
bench; at the end the versions its saves made go too. The audit log is append-only: each
regrade's entry stays, as any regrade's. A question regraded before is not picked: a run that was
killed leaves its question regraded (as a teacher would have), and the next run takes another.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Protocol

import psycopg
from browser import Reply

ANSWERS = 10_000  # the "a question with 10,000 answers"
EDITABLE = ("short", "choice")  # a key that can accept one more answer
REVIEW_SAVED = "score, correct, rating, before, due_after"
SNAPSHOT = "bench_regrade"  # prefix of this bench's temporary tables


class Sending(Protocol):
    def send(self, call: Any) -> Reply: ...


@dataclass
class RegradePick:
    question_id: int = 0
    key: str = ""
    qtype: str = ""
    bank_id: int = 0
    slug: str = ""
    answers: int = 0
    students: int = 0
    most_answered: int = 0  # the most answers any question has, for the report
    accepted: str = ""  # the wrong answer the new key accepts
    wrongly: int = 0  # how many answers gave it
    teacher: str = ""
    teacher_id: int = 0
    made_editor: bool = False  # the bench added the BankEditor row (and removes it)


def _one(conn: psycopg.Connection[Any], sql: str, *params: Any) -> tuple[Any, ...]:
    row = conn.execute(sql, params).fetchone()
    if row is None:
        raise SystemExit(f"the seeded data has nothing for: {' '.join(sql.split())[:120]}")
    return tuple(row)


def pick_regrade(conn: psycopg.Connection[Any]) -> RegradePick:
    """The question, the answer its new key accepts, and its teacher (allowed to edit it)."""
    p = RegradePick()
    # Ranked by the cards' counts of answers (a card a student and question: small beside the
    # answers), then the picked question's answers counted.
    p.question_id, p.key, p.qtype, p.bank_id, p.slug, p.most_answered = _one(
        conn,
        "WITH counts AS (SELECT question_id, sum(reps) AS answers FROM card GROUP BY 1) "
        "SELECT q.id, q.key, q.type, b.id, b.slug, max(c.answers) OVER () "
        "FROM counts c JOIN question q ON q.id = c.question_id JOIN bank b ON b.id = q.bank_id "
        "WHERE q.type = ANY(%s) AND q.retired_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM regrade r WHERE r.question_id = q.id) "
        "ORDER BY c.answers >= %s DESC, q.type = 'short' DESC, "
        "CASE WHEN c.answers >= %s THEN c.answers ELSE -c.answers END, q.id LIMIT 1",
        list(EDITABLE),
        ANSWERS,
        ANSWERS,
    )
    p.answers, p.students = _one(
        conn,
        "SELECT count(*), count(DISTINCT user_id) FROM review WHERE question_id = %s",
        p.question_id,
    )
    accepted, p.wrongly = _one(
        conn,
        "SELECT response #>> '{}', count(*) FROM review WHERE question_id = %s AND NOT correct "
        "AND overridden_at IS NULL AND jsonb_typeof(response::jsonb) = 'string' "
        "AND response #>> '{}' <> '' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
        p.question_id,
    )
    p.accepted = str(accepted)
    p.teacher_id, p.teacher = _one(
        conn,
        "SELECT u.id, u.username FROM classroom_bank cb JOIN classroom_teacher t "
        'ON t.classroom_id = cb.classroom_id JOIN "user" u ON u.id = t.user_id '
        "WHERE cb.bank_id = %s ORDER BY t.is_owner DESC, u.id LIMIT 1",
        p.bank_id,
    )
    return p


def print_regrade_pick(p: RegradePick) -> None:
    fewer = "" if p.answers >= ANSWERS else f" (none has {ANSWERS:,}: the most answered)"
    print(
        f"regrade: question {p.question_id} ({p.qtype}, {p.key}): {p.answers:,} answers by "
        f"{p.students:,} students{fewer}; the most answered question has {p.most_answered:,} "
        "(its cards' count); "
        f"the new key accepts {p.accepted!r} ({p.wrongly:,} answers); edited by {p.teacher}",
        flush=True,
    )


class EditorForm(HTMLParser):
    """What a browser sends from the editor form as the page shows it (no button pressed)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.options: dict[str, str] = {}  # "options-3" -> its text
        self._inside = False
        self._done = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._chosen: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and not self._done and "editor-form" in a.get("class", "").split():
            self._inside = True
        if not self._inside or (not a.get("name") and tag != "option"):
            return
        if tag == "input":
            self._input(a)
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select, self._chosen = a["name"], None
        elif (
            tag == "option"
            and self._select is not None
            and (self._chosen is None or "selected" in a)
        ):
            self._chosen = a.get("value", "")

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if kind in {"submit", "file", "button"} or (
            kind in {"checkbox", "radio"} and "checked" not in a
        ):
            return
        if kind in {"checkbox", "radio"}:
            self.fields.append((a["name"], a.get("value", "on")))
            return
        if a["name"] == "decision":
            return  # "keep": only there once the page asked
        self.fields.append((a["name"], a.get("value", "")))
        if a["name"].startswith("options-"):
            self.options[a["name"]] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._chosen or ""))
            self._select = None
        elif tag == "form" and self._inside:
            self._inside, self._done = False, True


def with_accepted(
    fields: list[tuple[str, str]], qtype: str, accepted: str
) -> list[tuple[str, str]]:
    """The form's fields with `accepted` counted right too: one more accepted answer (short) or
    its option marked right beside the others (choice)."""
    if qtype == "short":
        rows = [int(name.split("-")[1]) for name, _ in fields if name.startswith("answers-")]
        return [*fields, (f"answers-{max(rows) + 1}", accepted)]
    for name, text in fields:
        if name.startswith("options-") and text == accepted:
            return [*fields, ("correct", name.split("-")[1])]
    raise SystemExit(f"the editor shows no option {accepted!r}")


def _put_back(table: str, columns: list[str]) -> str:
    """UPDATE the rows of `table` that differ from its snapshot (by id) back to it; compared as
    text, json having no equality."""
    kept = ", ".join(f"s.{c}" for c in columns)
    now = ", ".join(f"t.{c}" for c in columns)
    return (
        f'UPDATE "{table}" t SET ({", ".join(columns)}) = ({kept}) FROM {SNAPSHOT}_{table} s '
        f"WHERE t.id = s.id AND ROW({kept})::text IS DISTINCT FROM ROW({now})::text"
    )


class Restoring:
    """The question's rows as seeded, kept in temporary tables on a connection of its own, and
    put back (only the rows that differ) whenever asked."""

    def __init__(self, url: str, p: RegradePick) -> None:
        self.p = p
        self.conn = psycopg.connect(url, autocommit=True)
        q = p.question_id
        self.conn.execute(
            f"CREATE TEMP TABLE {SNAPSHOT}_review AS SELECT id, {REVIEW_SAVED} FROM review "
            "WHERE question_id = %s",
            (q,),
        )
        self.conn.execute(
            f"CREATE TEMP TABLE {SNAPSHOT}_card AS SELECT * FROM card WHERE question_id = %s",
            (q,),
        )
        self.conn.execute(
            f"CREATE TEMP TABLE {SNAPSHOT}_question AS SELECT * FROM question WHERE id = %s", (q,)
        )
        for table in ("review", "card", "question"):  # planned as the few rows they are
            self.conn.execute(f"ANALYZE {SNAPSHOT}_{table}")
        (self.regrade,) = _one(
            self.conn, "SELECT coalesce(max(id), 0) FROM regrade WHERE question_id = %s", q
        )
        (self.version,) = _one(
            self.conn,
            "SELECT coalesce(max(number), 0) FROM question_version WHERE question_id = %s",
            q,
        )
        (self.bank_updated,) = _one(
            self.conn, "SELECT updated_at FROM bank WHERE id = %s", p.bank_id
        )
        self.card_columns = [
            name
            for (name,) in self.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'card' "
                "AND table_schema = current_schema() AND column_name <> 'id' ORDER BY 1"
            )
        ]
        self.question_columns = [
            name
            for (name,) in self.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'question' "
                "AND table_schema = current_schema() AND column_name <> 'id' ORDER BY 1"
            )
        ]

    def restore(self) -> None:
        """The question (its old key), its answers and cards as seeded; the bench's regrades and
        their notices gone. The versions its saves made stay until close()."""
        q, p = self.p.question_id, self.p
        review_cols = [c.strip() for c in REVIEW_SAVED.split(",")]
        with self.conn.transaction():
            made = "SELECT id FROM regrade WHERE question_id = %s AND id > %s"
            self.conn.execute(
                f"DELETE FROM regraded_answer WHERE regrade_id IN ({made})", (q, self.regrade)
            )
            self.conn.execute(
                "DELETE FROM regrade WHERE question_id = %s AND id > %s", (q, self.regrade)
            )
            for table, columns in (
                ("question", self.question_columns),
                ("review", review_cols),
                ("card", self.card_columns),
            ):
                self.conn.execute(_put_back(table, columns))
            self.conn.execute(
                "UPDATE bank SET updated_at = %s WHERE id = %s", (self.bank_updated, p.bank_id)
            )

    def close(self) -> None:
        """Restore, and remove the versions the bench's saves made (once: without an index on
        the answers' version, each one removed reads the answers whole to check none uses it)."""
        self.restore()
        self.conn.execute(
            "DELETE FROM question_version v WHERE question_id = %s AND number > %s "
            "AND NOT EXISTS (SELECT 1 FROM review r WHERE r.question_id = %s "
            "AND r.version_id = v.id)",
            (self.p.question_id, self.version, self.p.question_id),
        )
        self.conn.close()


def allow_teacher(conn: psycopg.Connection[Any], p: RegradePick) -> None:
    """Let the picked teacher edit the (school) bank, as an admin would, for the run."""
    allowed = conn.execute(
        "SELECT 1 FROM bank b WHERE b.id = %s AND (b.owner_id = %s OR EXISTS (SELECT 1 FROM "
        "bank_editor e WHERE e.bank_id = b.id AND e.user_id = %s))",
        (p.bank_id, p.teacher_id, p.teacher_id),
    ).fetchone()
    if not allowed:
        conn.execute(
            "INSERT INTO bank_editor (bank_id, user_id) VALUES (%s, %s)", (p.bank_id, p.teacher_id)
        )
        p.made_editor = True


def disallow_teacher(conn: psycopg.Connection[Any], p: RegradePick) -> None:
    if p.made_editor:
        conn.execute(
            "DELETE FROM bank_editor WHERE bank_id = %s AND user_id = %s", (p.bank_id, p.teacher_id)
        )
