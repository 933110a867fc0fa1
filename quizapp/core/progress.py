"""A student's progress figures, from plain rows: standing, memory, forecast, activity, retention.

Every function takes `now` and the student's time zone; days are the student's local days.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from fsrs import Scheduler, State

MASTERED_DAYS = 21
STAGES = ("new", "learning", "young", "mastered")
_SCHEDULER = Scheduler(enable_fuzzing=False)


class Card(Protocol):
    """What the figures read of a question and the student's card for it: a `CardRow`, or a
    database row whose columns have these names."""

    @property
    def question_id(self) -> int: ...
    @property
    def bank_slug(self) -> str: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def state(self) -> int | None: ...
    @property
    def stability(self) -> float | None: ...
    @property
    def due(self) -> datetime | None: ...
    @property
    def last_review(self) -> datetime | None: ...
    @property
    def reps(self) -> int: ...
    @property
    def lapses(self) -> int: ...
    @property
    def score_sum(self) -> float: ...
    @property
    def last_correct(self) -> bool | None: ...


@dataclass(frozen=True)
class CardRow:
    """A question and, once answered, the student's card for it."""

    question_id: int
    bank_slug: str
    prompt: str
    tags: Sequence[str]
    state: int | None = None  # None: never answered
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    score_sum: float = 0.0
    last_correct: bool | None = None  # the student's latest answer to it; None: never answered


def stage(card: Card) -> str:
    """new, learning (in its first steps or relearning), young (< 21 days apart) or mastered."""
    if card.state is None:
        return "new"
    if card.state != State.Review.value or card.due is None or card.last_review is None:
        return "learning"
    return "mastered" if card.due - card.last_review >= timedelta(days=MASTERED_DAYS) else "young"


def stage_counts(cards: Iterable[Card]) -> dict[str, int]:
    counts = Counter(stage(card) for card in cards)
    return {name: counts.get(name, 0) for name in STAGES}


def recall_from(stability: float | None, last_review: datetime | None, now: datetime) -> float:
    """FSRS's probability of recall now, from the two numbers it depends on (fsrs's own
    formula, on whole days since the last review); 0 for a question never answered. Cheap
    enough for every card of a whole year group."""
    if stability is None or last_review is None:
        return 0.0
    days = elapsed_days(last_review, now)
    return float((1 + _SCHEDULER._FACTOR * days / stability) ** _SCHEDULER._DECAY)


def elapsed_days(last_review: datetime, now: datetime) -> int:
    """The whole days from the last review to `now` that FSRS counts (0 if `now` is earlier)."""
    return max(0, (now - last_review).days)


def recall_reach(chance: float) -> float:
    """How long a memory keeps this chance of recall, per day of stability: the chance is at
    least `chance` exactly while the whole days since the last review are at most stability times
    this (fsrs's curve solved for the days; infinite for a chance of 0). A database can then
    count recalled questions with one product and one comparison a card, no power."""
    if chance <= 0:
        return math.inf
    return float((chance ** (1 / _SCHEDULER._DECAY) - 1) / _SCHEDULER._FACTOR)


def recall_probability(card: Card, now: datetime) -> float:
    """FSRS's probability that the student would recall this question now (0 for unseen)."""
    return recall_from(card.stability, card.last_review, now)


SLIPPING_BELOW = 0.9  # a chance of recall under this, and the question is slipping


def slipping(card: Card, chance: float) -> bool:
    """A studied question is slipping when its latest answer was wrong or its chance of recall
    (`chance`, from recall_probability) is under SLIPPING_BELOW. FSRS rates any question 100%
    likely right after an answer, a wrong one too: the chance alone would call a question just
    missed safe. The progress page's list and its "nothing is slipping" both read this rule."""
    return card.state is not None and (card.last_correct is False or chance < SLIPPING_BELOW)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def forecast(cards: Iterable[Card], now: datetime, tz: str, days: int = 30) -> list[int]:
    """Reviews falling due on each of the next `days` local days; day 0 includes the backlog."""
    zone = ZoneInfo(tz)
    today = local_date(now, zone)
    counts = [0] * days
    for card in cards:
        if card.due is None:
            continue
        offset = max(0, (local_date(card.due, zone) - today).days)
        if offset < days:
            counts[offset] += 1
    return counts


def daily_counts(
    counted: Iterable[tuple[date, int]], now: datetime, tz: str, days: int
) -> list[int]:
    """Answers on each of the last `days` local days, oldest first, today last, from (local
    day, answers that day) pairs."""
    today = local_date(now, ZoneInfo(tz))
    counts = [0] * days
    for day, answers in counted:
        back = (today - day).days
        if 0 <= back < days:
            counts[days - 1 - back] += answers
    return counts


def streaks(per_day: Sequence[int]) -> tuple[int, int]:
    """(current, longest) runs of days with at least one answer; `per_day` ends with today.

    The current streak is still alive if the student has not studied yet today but did yesterday.
    """
    longest = run = 0
    for count in per_day:
        run = run + 1 if count else 0
        longest = max(longest, run)
    current = run
    if current == 0 and len(per_day) > 1 and per_day[-1] == 0:
        for count in reversed(per_day[:-1]):
            if not count:
                break
            current += 1
    return current, longest


@dataclass(frozen=True)
class Share:
    right: int
    total: int

    @property
    def percent(self) -> float | None:
        return None if self.total == 0 else round(100 * self.right / self.total, 1)


@dataclass(frozen=True)
class RetentionRow:
    period: str
    new: Share  # first answers to a question
    reviews: Share  # answers to a question last answered at least a day before


PERIODS = (("Today", 0), ("7 days", 6), ("30 days", 29), ("A year", 364))
NEW, SPACED, REPEAT = "new", "spaced", "repeat"  # kinds of answer, as retention counts them


@dataclass(frozen=True)
class AnswerCount:
    """Answers of one kind and outcome given on one local day (the student's)."""

    day: date
    kind: str  # NEW: first answer to the question; SPACED: a day or more after the last; REPEAT
    correct: bool
    count: int


def retention_of(counted: Iterable[AnswerCount], now: datetime, tz: str) -> list[RetentionRow]:
    """Anki's true retention: right answers among first answers and among reviews a day or more
    after the last, for today and the last 7, 30 and 365 local days, from answers counted by
    local day, kind and outcome. Repeats within a day (learning steps) count in neither column."""
    today = local_date(now, ZoneInfo(tz))
    new: list[list[int]] = [[0, 0] for _ in PERIODS]  # [right, total] per period
    spaced: list[list[int]] = [[0, 0] for _ in PERIODS]
    for answers in counted:
        if answers.kind == REPEAT:
            continue
        column = new if answers.kind == NEW else spaced
        back = (today - answers.day).days
        for i, (_, days) in enumerate(PERIODS):
            if 0 <= back <= days:
                column[i][0] += answers.count if answers.correct else 0
                column[i][1] += answers.count
    return [
        RetentionRow(label, Share(*new[i]), Share(*spaced[i]))
        for i, (label, _) in enumerate(PERIODS)
    ]


def accuracy_by_tag_of(
    per_question: Mapping[int, Share], tags: dict[int, Sequence[str]], wanted: Iterable[str] | None
) -> dict[str, Share]:
    """Right answers among all answers, per tag (only the `wanted` tags when given), from each
    question's right answers among its answers."""
    wanted_set = None if wanted is None else set(wanted)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for qid, share in per_question.items():
        for tag in tags.get(qid, ()):
            if wanted_set is None or tag in wanted_set:
                total[tag] += share.total
                right[tag] += share.right
    return {tag: Share(right[tag], total[tag]) for tag in sorted(total)}
