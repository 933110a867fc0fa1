"""A synthetic school whose students forget by a known curve, with individual differences.

Each class has its own FSRS parameters, perturbed from the defaults, and each student's are
perturbed again from their class's: that is how the student really remembers. quizapp schedules
them as it does today (the defaults, no fuzzing); whether an answer is right is drawn from the
student's real chance of recall. The answers are what quizapp would store: (answered_at, rating).
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

START = datetime(2026, 9, 1, 16, 0, tzinfo=UTC)
# The parameters that shape forgetting most: first stabilities, growth on success, after a
# lapse, and the curve's decay.
_VARIED = (0, 1, 2, 3, 8, 9, 10, 11, 20)


@dataclass
class Student:
    name: str
    klass: str
    parameters: tuple[float, ...]
    histories: list[list[tuple[datetime, int]]] = field(default_factory=list)


def perturbed(base: tuple[float, ...], spread: float, rng: random.Random) -> tuple[float, ...]:
    """`base` with the varied parameters scaled by log-normal factors, kept within bounds."""
    out = list(base)
    for n in _VARIED:
        value = base[n] * rng.lognormvariate(0.0, spread)
        out[n] = min(max(value, LOWER_BOUNDS_PARAMETERS[n]), UPPER_BOUNDS_PARAMETERS[n])
    return tuple(out)


def _study(student: Student, cards: int, days: int, rng: random.Random) -> None:
    app = Scheduler(enable_fuzzing=False)
    truth = Scheduler(parameters=student.parameters, enable_fuzzing=False)
    queue: list[tuple[datetime, int]] = []
    scheduled: dict[int, tuple[Card, Card]] = {}
    per_day = max(1, cards // max(1, days // 3))
    for day in range(days):
        session = START + timedelta(days=day, minutes=rng.randrange(0, 240))
        if rng.random() > 0.8:  # some days a student does not study
            continue
        for n in range(len(scheduled), min(cards, len(scheduled) + per_day)):
            scheduled[n] = (Card(card_id=n + 1), Card(card_id=n + 1))
            student.histories.append([])
            heapq.heappush(queue, (session, n))
        now = session
        end = session + timedelta(minutes=45)
        while queue and queue[0][0] <= end:
            due, n = heapq.heappop(queue)
            now = max(now, due) + timedelta(seconds=20)
            app_card, true_card = scheduled[n]
            if true_card.last_review is None:
                recalled = rng.random() < 0.4
            else:
                recalled = rng.random() < truth.get_card_retrievability(true_card, now)
            rating = (
                (Rating.Hard if rng.random() < 0.1 else Rating.Good) if recalled else Rating.Again
            )
            app_card, _ = app.review_card(app_card, rating, review_datetime=now)
            true_card, _ = truth.review_card(true_card, rating, review_datetime=now)
            scheduled[n] = (app_card, true_card)
            student.histories[n].append((now, int(rating)))
            heapq.heappush(queue, (app_card.due, n))


def school(
    classes: int = 3,
    students: int = 8,
    cards: tuple[int, int] = (20, 120),
    days: int = 120,
    class_spread: float = 0.35,
    student_spread: float = 0.25,
    seed: int = 7,
) -> list[Student]:
    """A seeded synthetic school: its students with their true parameters and their answers;
    each student studies a number of cards drawn from `cards`."""
    rng = random.Random(seed)
    population = []
    for c in range(classes):
        class_parameters = perturbed(tuple(DEFAULT_PARAMETERS), class_spread, rng)
        for s in range(students):
            own = perturbed(class_parameters, student_spread, rng)
            student = Student(f"c{c}s{s}", f"c{c}", own)
            _study(student, rng.randint(*cards), days, rng)
            population.append(student)
    return population
