"""The roster as a spreadsheet: UTF-8 with a byte-order mark, one header row, ISO dates."""

from __future__ import annotations

import io
from datetime import datetime

from quizapp.classes.roster import Roster
from quizapp.core.spreadsheet import Writer

# The first four columns a bank had before the stages came; new columns go after them so that
# spreadsheets reading columns by position keep working.
PARTS = ("seen", "mastered", "due now", "overdue", "new", "learning", "young")


def as_csv(roster: Roster, now: datetime) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = Writer(out)
    header = ["student", "joined", "last active", "answers in 7 days", "accuracy %", "flags"]
    for bank in roster.banks:
        header += [f"{bank.title}: {part}" for part in PARTS]
    writer.writerow(header)
    for row in roster.rows:
        cells: list[object] = [
            row.username,
            row.joined_at.date().isoformat(),
            row.last_active.isoformat(timespec="minutes") if row.last_active else "",
            row.answers_7_days,
            "" if row.accuracy is None else row.accuracy,
            "; ".join(row.flags(now)),
        ]
        for bank in roster.banks:
            cell = row.banks[bank.slug]
            cells += [cell.seen, cell.mastered, cell.due, cell.overdue]
            cells += [cell.new, cell.learning, cell.young]
        writer.writerow(cells)
    return out.getvalue()
