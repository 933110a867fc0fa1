"""How a seeded district's students answer: FSRS's own formulas in plain floats, per card.

Calling the fsrs library for each of 10 million answers takes longer than the rest of the seeding
together (datetimes, card copies), so this module ports its formulas (the default parameters, the
1 and 10 minute learning steps, the 10 minute relearning step, no fuzzing, retention 0.9) to floats
in epoch seconds. `bench/district.py --check` replays seeded answers through the app's own
scheduler (quizapp.core.scheduling.review) and compares the cards it gets with the seeded ones.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS

W = DEFAULT_PARAMETERS
DECAY = -W[20]
FACTOR = 0.9 ** (1 / DECAY) - 1
DAY = 86400.0
LEARNING, REVIEW, RELEARNING = 1, 2, 3
LEARNING_STEPS = (60.0, 600.0)
RELEARNING_STEPS = (600.0,)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
# Answers come in the students' local afternoons and evenings.
AFTERNOON, EVENING = 15 * 3600.0, 22 * 3600.0


def _initial_difficulty(rating: int) -> float:
    return W[4] - math.exp(W[5] * (rating - 1)) + 1


_EASY_DIFFICULTY = _initial_difficulty(EASY)


def _clamp(difficulty: float) -> float:
    return min(max(difficulty, 1.0), 10.0)


def _next_difficulty(difficulty: float, rating: int) -> float:
    delta = -(W[6] * (rating - 3))
    damped = difficulty + (10.0 - difficulty) * delta / 9.0
    return _clamp(W[7] * _EASY_DIFFICULTY + (1 - W[7]) * damped)


def _short_term(stability: float, rating: int) -> float:
    increase = math.exp(W[17] * (rating - 3 + W[18])) * stability ** -W[19]
    if rating != AGAIN:
        increase = max(increase, 1.0)
    return max(stability * increase, 0.001)


def _long_term(difficulty: float, stability: float, recall: float, rating: int) -> float:
    if rating == AGAIN:
        forget = (
            W[11]
            * difficulty ** -W[12]
            * ((stability + 1) ** W[13] - 1)
            * math.exp((1 - recall) * W[14])
        )
        return max(min(forget, stability / math.exp(W[17] * W[18])), 0.001)
    bonus = (W[15] if rating == HARD else 1.0) * (W[16] if rating == EASY else 1.0)
    growth = math.exp(W[8]) * (11 - difficulty) * stability ** -W[9]
    return max(stability * (1 + growth * (math.exp((1 - recall) * W[10]) - 1) * bonus), 0.001)


def recall(stability: float, elapsed_days: int) -> float:
    """FSRS's chance of recall after whole `elapsed_days` at this stability."""
    return float((1 + FACTOR * elapsed_days / stability) ** DECAY)


def interval_days(stability: float) -> int:
    wanted = (stability / FACTOR) * (0.9 ** (1 / DECAY) - 1)
    return min(max(round(wanted), 1), 36500)


# A card state: state, step, stability, difficulty, due, last review.
State = tuple[int, int | None, float | None, float | None, float, float | None]


@dataclass
class Memory:
    """A card's scheduling state, as quizapp stores it (times in UTC epoch seconds)."""

    state: int = LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: float = 0.0
    last: float | None = None

    def as_tuple(self, now: float) -> State:
        """The state before an answer at `now` (a new card is due now, as the app's is)."""
        return (self.state, self.step, self.stability, self.difficulty, self.due or now, self.last)

    def answer(self, rating: int, now: float) -> None:
        """The state after an answer with this rating at `now`, as fsrs's Scheduler gives it."""
        if self.stability is None or self.difficulty is None:
            self.stability, self.difficulty = (
                max(W[rating - 1], 0.001),
                _clamp(_initial_difficulty(rating)),
            )
        else:
            elapsed = int((now - self.last) // DAY) if self.last is not None else 0
            if elapsed < 1:
                self.stability = _short_term(self.stability, rating)
            else:
                chance = recall(self.stability, elapsed)
                self.stability = _long_term(self.difficulty, self.stability, chance, rating)
            self.difficulty = _next_difficulty(self.difficulty, rating)
        wait = self._review_wait(rating) if self.state == REVIEW else self._step_wait(rating)
        self.due, self.last = now + wait, now

    def _to_review(self) -> float:
        self.state, self.step = REVIEW, None
        assert self.stability is not None
        return interval_days(self.stability) * DAY

    def _review_wait(self, rating: int) -> float:
        if rating == AGAIN:
            self.state, self.step = RELEARNING, 0
            return RELEARNING_STEPS[0]
        return self._to_review()

    def _step_wait(self, rating: int) -> float:
        steps = LEARNING_STEPS if self.state == LEARNING else RELEARNING_STEPS
        step = self.step or 0
        if rating == EASY or (step >= len(steps) and rating != AGAIN):
            return self._to_review()
        if rating == AGAIN:
            self.step = 0
            return steps[0]
        if rating == HARD:
            if step == 0:
                return steps[0] * 1.5 if len(steps) == 1 else (steps[0] + steps[1]) / 2.0
            return steps[step]
        if step + 1 == len(steps):
            return self._to_review()
        self.step = step + 1
        return steps[self.step]


@dataclass(frozen=True)
class Item:
    """A question as the seeding answers it: a right and a wrong response, graded by the app."""

    id: int
    version_id: int
    quiz_ok: bool  # not a flashcard: a quiz may ask it
    flashcard: bool
    right: str  # the response as COPY text (JSON, backslashes doubled)
    right_response: Any
    right_score: float
    right_rating: int
    wrong: str
    wrong_response: Any
    wrong_score: float


@dataclass
class CardRow:
    """One student's card for one question, filled in as the answers are simulated."""

    user_id: int
    item: Item
    memory: Memory = field(default_factory=Memory)
    first: float = 0.0
    reps: int = 0
    lapses: int = 0
    score_sum: float = 0.0
    last_wrong: int | None = None  # a review id, set as the reviews are numbered


# One answer: (answered_at, card, state before, correct, rating, due after, duration in ms).
Answer = tuple[float, CardRow, State, bool, int, float, int]


@dataclass(frozen=True)
class Student:
    user_id: int
    to_utc: Callable[[float], float]  # local seconds since the year's first midnight -> UTC
    skill: float  # scales the chance of recall: 0.85 forgetful to 1.02 diligent
    early: float  # how early in the year new questions start: 1 evenly, more: earlier
    per_card: float | None = None  # about how many answers before a question is left (None: all)


def _rating(item: Item, correct: bool, rng: random.Random) -> int:
    if not correct:
        return AGAIN
    if item.flashcard:
        return rng.choices((HARD, GOOD, EASY), (15, 70, 15))[0]
    return item.right_rating


def _next_local(local: float, wait: float, rng: random.Random) -> float:
    """When the student answers the card next: in the same sitting for a learning step, else
    on an afternoon or evening on or after its due day (sometimes days late)."""
    if wait < DAY:
        return local + wait + rng.uniform(20, 240)
    due = local + wait
    late = 0 if rng.random() < 0.5 else int(rng.expovariate(1 / 3)) + 1
    chosen = (int(due // DAY) + late) * DAY + rng.uniform(AFTERNOON, EVENING)
    return chosen if chosen >= due else chosen + DAY


def study_card(
    student: Student, card: CardRow, start: float, end: float, budget: int, rng: random.Random
) -> list[Answer]:
    """The card's answers from local time `start` until the year's `end`, at most `budget`."""
    answers: list[Answer] = []
    memory, local = card.memory, start
    while len(answers) < budget and local < end:
        now = student.to_utc(local)
        before = memory.as_tuple(now)
        if memory.stability is None or memory.last is None:
            chance = 0.6 * student.skill
        else:
            chance = recall(memory.stability, int((now - memory.last) // DAY)) * student.skill
        correct = rng.random() < chance
        rating = _rating(card.item, correct, rng)
        memory.answer(rating, now)
        card.first = card.first or now
        card.lapses += rating == AGAIN and card.reps > 0
        card.reps += 1
        card.score_sum += card.item.right_score if correct else card.item.wrong_score
        answers.append((now, card, before, correct, rating, memory.due, rng.randint(3000, 40000)))
        local = _next_local(local, memory.due - now, rng)
    return answers


def study_year(
    student: Student, pool: list[Item], target: int, days: int, rng: random.Random
) -> tuple[list[Answer], list[CardRow]]:
    """About `target` answers over the year: new questions from the pool start on random
    afternoons (earlier ones get more answers, up to the student's `per_card`) until the target
    is reached or the pool is done."""
    order = rng.sample(pool, len(pool))
    answers: list[Answer] = []
    cards: list[CardRow] = []
    end = days * DAY
    for item in order:
        if len(answers) >= target:
            break
        day = int(days * rng.random() ** student.early)
        start = day * DAY + rng.uniform(AFTERNOON, EVENING)
        card = CardRow(student.user_id, item)
        budget = target - len(answers)
        if student.per_card is not None:  # the student moves on (or the class does)
            budget = min(budget, 1 + int(rng.expovariate(1 / student.per_card)))
        done = study_card(student, card, start, end, budget, rng)
        if done:
            answers.extend(done)
            cards.append(card)
    return answers, cards
