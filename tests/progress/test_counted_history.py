"""The progress page counts a year's answers in the database (by quarter hour, kind and outcome,
and by question); its figures equal those worked out answer by answer, in time zones a quarter
hour off the hour and across a change of clocks, with answers on the edges of local days and of
"a day or more since the last answer"."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks.models import Question
from quizapp.core import progress as figures
from quizapp.core.checks import DIFFICULTIES
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.progress.services import ACTIVITY_DAYS, student_progress
from quizapp.study.models import Review
from tests.conftest import Clock
from tests.progress import by_hand

pytestmark = pytest.mark.usefixtures("sample_banks", "ctx")
ZONES = ["Asia/Kathmandu", "America/New_York", "Australia/Adelaide"]


def _moments(zone: ZoneInfo, now: datetime, rng: random.Random) -> list[datetime]:
    """Answer times over 400 days back, many a second either side of a local midnight (and of
    the change of clocks on 8 March in New York), in order."""
    found = []
    for _ in range(300):
        day = (now - timedelta(days=rng.randint(0, 400))).astimezone(zone).date()
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        found.append(midnight + timedelta(seconds=rng.choice([-1, 0, 1, 3600 * 17])))
    found += [datetime(2026, 3, 8, 3, 0, 1, tzinfo=zone), datetime(2026, 3, 8, 1, 59, tzinfo=zone)]
    return sorted(m for m in found if m <= now)


def _history(
    student: int, questions: list[int], moments: list[datetime], rng: random.Random
) -> list[by_hand.ReviewRow]:
    """Reviews at these moments, in order (ids follow time); some exactly a day, or a day less
    a second, after the last answer to the same question. The rows, answer by answer."""
    last: dict[int, datetime] = {}
    rows = []
    recent = moments[-1] - timedelta(days=60)  # two questions first answered this year
    for n, moment in enumerate(moments):
        qid = rng.choice(questions if moment >= recent else questions[:-2])
        if qid in last and rng.random() < 0.3:
            moment = max(moment, last[qid] + timedelta(days=1, seconds=rng.choice([-1, 0])))
        rows.append((qid, moment, rng.random() < 0.6, last.get(qid), n))
        last[qid] = moment
    rows.sort(key=lambda r: (r[1], r[4]))
    with tx.write() as session:
        for qid, moment, correct, _, n in rows:
            session.add(
                Review(token=f"{student}-{n}", user_id=student, question_id=qid, response={},
                       score=float(correct), correct=correct, rating=3, duration_ms=None,
                       shown_at=moment, answered_at=moment, due_after=moment)
            )  # fmt: skip
    # previous_at as the page defines it: the answer before, by id, to the same question
    previous: dict[int, datetime] = {}
    given = []
    for qid, moment, correct, _, _ in rows:
        given.append(by_hand.ReviewRow(qid, moment, correct, previous.get(qid)))
        previous[qid] = moment
    return given


@pytest.mark.parametrize("zone_name", ZONES)
def test_the_counted_figures_equal_those_worked_out_answer_by_answer(
    clock: Clock, zone_name: str
) -> None:
    rng = random.Random(zone_name)
    zone = ZoneInfo(zone_name)
    student = accounts.register("ada", "correct horse battery", zone_name).id
    questions = list(db.session.scalars(select(Question.id)))
    found = db.session.execute(select(Question.id, Question.tags))
    tags = {qid: list(ts or []) for qid, ts in found}
    reviews = _history(student, questions, _moments(zone, clock.now, rng), rng)

    shown = student_progress(student, zone_name, clock.now, None)

    today = clock.now.astimezone(zone).date()
    start = today - timedelta(days=ACTIVITY_DAYS - 1)
    since = datetime(start.year, start.month, start.day, tzinfo=zone)
    year = [r for r in reviews if r.answered_at >= since]
    assert len(year) > 150 and len(year) < len(reviews)  # some answers are older than a year
    times = [r.answered_at for r in year]
    assert shown.activity == by_hand.daily_answers(times, clock.now, zone_name, ACTIVITY_DAYS)
    assert shown.answers_this_year == len(year)
    assert shown.retention == by_hand.retention(year, clock.now, zone_name)
    topics = {t for ts in tags.values() for t in ts or []} - set(DIFFICULTIES)
    assert shown.by_topic == by_hand.accuracy_by_tag(year, tags, topics)
    assert shown.by_difficulty == by_hand.accuracy_by_tag(year, tags, DIFFICULTIES)
    kinds = {by_hand.answer_kind(r) for r in year}
    assert kinds == {figures.NEW, figures.SPACED, figures.REPEAT}  # each kind was counted
