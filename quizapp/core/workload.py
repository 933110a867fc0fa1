"""A class's daily workload at a desired retention, simulated as Anki's estimate is: FSRS's own
simulator (fsrs-rs-python) runs a student through the class's questions for some months."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import fsrs_rs_python as rs

# The retentions the teacher's page compares.
COMPARED = (0.80, 0.85, 0.90, 0.95)
DAYS = 90
STUDENTS = 20  # simulated, for an average that one student's luck does not sway
# quizapp's auto-graded answers are Again, Hard or Good; Easy comes only from flashcards.
_FIRST = [0.40, 0.05, 0.50, 0.05]  # a new question: Again, Hard, Good, Easy
_REVIEW = [0.10, 0.85, 0.05]  # a recalled question: Hard, Good, Easy


@dataclass(frozen=True)
class Workload:
    """One student's study at a desired retention, on average over the simulated days."""

    retention: float
    reviews_per_day: float  # answers a day, new questions included
    minutes_per_day: float
    remembered: float  # questions likely recalled at the end

    @property
    def remembered_per_minute(self) -> float:
        total = self.minutes_per_day * DAYS
        return self.remembered / total if total else 0.0


def estimate(
    parameters: Sequence[float], retention: float, questions: int, new_per_day: int
) -> Workload:
    """Simulate STUDENTS students of the class for DAYS days (`questions` to learn, at most
    `new_per_day` new a day), each with their own luck, and average them."""
    if questions <= 0:
        return Workload(retention, 0.0, 0.0, 0.0)
    config = rs.default_simulator_config()
    config.deck_size = questions
    config.learn_span = DAYS
    config.learn_limit = max(1, new_per_day)
    config.first_rating_prob = _FIRST
    config.review_rating_prob = _REVIEW
    runs = [rs.simulate(list(parameters), retention, config, seed) for seed in range(STUDENTS)]
    answers = sum(sum(r.review_cnt_per_day) + sum(r.learn_cnt_per_day) for r in runs)
    seconds = sum(sum(r.cost_per_day) for r in runs)
    remembered = sum(r.memorized_cnt_per_day[-1] for r in runs if r.memorized_cnt_per_day)
    days = DAYS * STUDENTS
    return Workload(retention, answers / days, seconds / 60 / days, remembered / STUDENTS)


def suggested(workloads: Sequence[Workload]) -> float:
    """The retention that keeps the most questions in memory per minute of study."""
    return max(workloads, key=lambda w: w.remembered_per_minute).retention
