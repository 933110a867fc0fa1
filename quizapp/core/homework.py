"""Homework measured by memory: a goal over a bank's questions (or some of its topics), each
student's progress towards it from plain rows, and where they stand against the time allowed.

Recall is FSRS's retrievability at the homework's due date, not now: a question answered today
may well be forgotten by Friday, and the goal is about Friday.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from quizapp.core.progress import elapsed_days, recall_from, recall_reach
from quizapp.core.scheduling import Recallable

STUDIED = "studied"  # every question in scope answered at least once
RECALLED = "recalled"  # every question recalled at N % or better on the due date
CORRECT = "correct"  # N correct answers in scope since the homework was set
GOAL_KINDS = (STUDIED, RECALLED, CORRECT)

DONE, ON_TRACK, BEHIND, NOT_STARTED = "done", "on track", "behind", "not started"
STATUSES = (DONE, ON_TRACK, BEHIND, NOT_STARTED)


@dataclass(frozen=True)
class Goal:
    kind: str
    number: int | None = None  # RECALLED: the percentage; CORRECT: how many answers

    def describe(self) -> str:
        """The goal in plain words, as teachers and students read it."""
        if self.kind == RECALLED:
            return f"Every question recalled at {self.number} % or better on the due date"
        if self.kind == CORRECT:
            return f"{self.number} correct answers"
        return "Every question studied"


def in_scope(tags: Sequence[str], question_tags: Iterable[str]) -> bool:
    """A question counts if the homework names no topic, or shares one with it."""
    return not tags or bool(set(tags) & set(question_tags))


def recall_at(card: Recallable | None, moment: datetime) -> float:
    """The chance the student recalls the question at `moment` (0 if never studied)."""
    return 0.0 if card is None else recall_from(card.stability, card.last_review, moment)


@dataclass(frozen=True)
class Progress:
    questions: int  # in scope
    studied: int  # questions in scope the student has answered
    recalled: int  # RECALLED: studied questions at or above the goal at the due date
    correct: int  # correct answers in scope since the homework was set
    answered: int  # answers in scope since the homework was set
    fraction: float  # 0..1 of the goal

    @property
    def not_studied(self) -> int:
        return self.questions - self.studied

    @property
    def forgotten(self) -> int:
        """Studied, but likely below the goal's recall by the due date."""
        return self.studied - self.recalled

    @property
    def met(self) -> bool:
        return self.fraction >= 1.0

    @property
    def percent(self) -> int:
        return int(self.fraction * 100)


def _fraction(goal: Goal, questions: int, studied: int, recalled: int, correct: int) -> float:
    if goal.kind == CORRECT:
        target = max(goal.number or 1, 1)
        return min(correct, target) / target
    if questions == 0:
        return 1.0
    return (recalled if goal.kind == RECALLED else studied) / questions


def progress(
    goal: Goal,
    question_ids: Sequence[int],
    cards: Mapping[int, Recallable],
    answers: Mapping[int, tuple[int, int]],
    due_at: datetime,
) -> Progress:
    """One student's progress. `cards` maps question ids to their card; `answers` maps question
    ids to (answers, correct answers) since the homework was set; both may hold other questions."""
    scope = set(question_ids)
    studied = [cards[q] for q in scope if q in cards]
    reach = days_recalled(goal)
    recalled = sum(1 for c in studied if recalled_within(reach, c.stability, c.last_review, due_at))
    answered = sum(answers[q][0] for q in scope if q in answers)
    correct = sum(answers[q][1] for q in scope if q in answers)
    return tally(goal, len(scope), len(studied), recalled, correct, answered)


def days_recalled(goal: Goal) -> float:
    """How long, per day of stability, a question stays recalled for the goal (`recall_reach` of
    its chance; infinite for a goal of 0, which any chance of recall meets)."""
    return recall_reach(recall_needed(goal))


def recalled_within(
    reach: float, stability: float | None, last_review: datetime | None, due_at: datetime
) -> bool:
    """Whether a studied question counts as recalled on the due date for a goal whose
    `days_recalled` is `reach`: its chance of recall then is at least the goal's, told by the days
    that chance lasts, so that the figures counted in the database (`rows.tallies`) are the same
    to the card."""
    if math.isinf(reach):
        return True
    if stability is None or last_review is None:
        return False
    return elapsed_days(last_review, due_at) <= stability * reach


def recall_needed(goal: Goal) -> float:
    """The chance of recall on the due date at which a question counts as recalled (0..1)."""
    return (goal.number or 0) / 100


def tally(
    goal: Goal, questions: int, studied: int, recalled: int, correct: int, answered: int
) -> Progress:
    """The progress from its counts, for pages that count a whole year group's cards at once."""
    fraction = _fraction(goal, questions, studied, recalled, correct)
    return Progress(questions, studied, recalled, correct, answered, fraction)


def time_passed(set_at: datetime, due_at: datetime, now: datetime) -> float:
    """The fraction (0..1) of the time from setting to the due date that has passed."""
    span = (due_at - set_at).total_seconds()
    if span <= 0:
        return 1.0
    return min(max((now - set_at).total_seconds() / span, 0.0), 1.0)


def status(done: Progress, set_at: datetime, due_at: datetime, now: datetime) -> str:
    """Done when the goal is met; not started with no answer in scope since it was set; on track
    while the share of the goal reached keeps up with the share of the time passed; else behind."""
    if done.met:
        return DONE
    if done.answered == 0:
        return NOT_STARTED
    return ON_TRACK if done.fraction >= time_passed(set_at, due_at, now) else BEHIND


def day_words(moment: datetime, tz_name: str, now: datetime) -> str:
    """'today', 'tomorrow', 'Friday' within the week ahead, else 'Fri 27 Nov', in the zone."""
    zone = ZoneInfo(tz_name)
    day, today = moment.astimezone(zone).date(), now.astimezone(zone).date()
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    if today < day < today + timedelta(days=7):
        return f"{day:%A}"
    return f"{day:%a} {day.day} {day:%b}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def left_in_words(goal: Goal, done: Progress, by: str) -> str:
    """What is left, e.g. '12 questions not yet studied, 5 likely forgotten by Friday'."""
    if done.met:
        return "Goal reached."
    if goal.kind == CORRECT:
        left = max((goal.number or 0) - done.correct, 0)
        return f"{_plural(left, 'more correct answer', 'more correct answers')} to go."
    parts = []
    if done.not_studied:
        parts.append(f"{_plural(done.not_studied, 'question', 'questions')} not yet studied")
    if goal.kind == RECALLED and done.forgotten:
        parts.append(f"{done.forgotten} likely forgotten by {by}")
    return ", ".join(parts) + "." if parts else "Goal reached."


@dataclass(frozen=True)
class QuestionRecall:
    question_id: int
    mean_recall: float  # over the class's students; one who never studied it recalls 0
    studied_by: int


def weakest(
    question_ids: Sequence[int],
    cards: Mapping[tuple[int, int], Recallable],
    students: Sequence[int],
    due_at: datetime,
    limit: int = 10,
) -> list[QuestionRecall]:
    """The questions with the lowest mean recall at the due date across the class's students;
    `cards` maps (student id, question id) to the card."""
    recalls = {
        qid: [recall_at(cards[(s, qid)], due_at) for s in students if (s, qid) in cards]
        for qid in question_ids
    }
    return rank_weakest(recalls, len(students), limit)


def rank_weakest(
    recalls: Mapping[int, Sequence[float]], students: int, limit: int = 10
) -> list[QuestionRecall]:
    """The questions with the lowest mean recall over `students` students; `recalls` maps each
    question to the chances of recall of those who studied it, in any order: they are summed
    exactly, so the same chances give the same mean (and ties the same order) however they came."""
    if not students:
        return []
    found = [QuestionRecall(qid, math.fsum(r) / students, len(r)) for qid, r in recalls.items()]
    found.sort(key=lambda r: (r.mean_recall, r.question_id))
    return found[:limit]
