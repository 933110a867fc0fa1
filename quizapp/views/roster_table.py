"""The roster as a spreadsheet: UTF-8 with a byte-order mark, one header row, ISO dates."""

from __future__ import annotations

import io
from datetime import datetime

from quizapp.core.spreadsheet import Writer
from quizapp.services.roster import Roster


def as_csv(roster: Roster, now: datetime) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = Writer(out)
    header = ["student", "joined", "last active", "answers in 7 days", "accuracy %", "flags"]
    for bank in roster.banks:
        header += [f"{bank.title}: {part}" for part in ("seen", "mastered", "due now", "overdue")]
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
        writer.writerow(cells)
    return out.getvalue()
