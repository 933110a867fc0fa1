"""The class's memory of each question: who has seen it, mastered it, is struggling with it, and
how likely the class is to recall it now; and, for one question, the answers students gave."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from fsrs import State
from sqlalchemy import and_, bindparam, or_, select

from quizapp.core.grading import CLOZE_BLANK, correct_answer
from quizapp.core.progress import recall_from
from quizapp.core.scheduling import MASTERED_STABILITY_DAYS
from quizapp.models import Bank, Card, Question, Review
from quizapp.services.classes import CLASS_BANKS, CLASS_MEMBERS, teaching
from quizapp.services.errors import NotFound
from quizapp.services.feedback import your_answer
from quizapp.services.sql import run

# Struggling: two lapses or more, or the last answer was wrong (a wrong answer puts the card back
# at the first learning step, and only a wrong answer does so after it has been answered right).
_STRUGGLING = or_(
    Card.lapses >= 2,
    and_(
        Card.state.in_((State.Learning.value, State.Relearning.value)),
        Card.step == 0,
        Card.last_wrong_review_id.is_not(None),
    ),
)
_QUESTIONS = (
    select(Question.id, Bank.title, Question.prompt)
    .join(Bank, Bank.id == Question.bank_id)
    .where(Question.bank_id.in_(CLASS_BANKS), Question.retired_at.is_(None))
    .order_by(Bank.position, Question.position)
)
# One row per card of the class's students in the class's banks: the figures are summed in
# Python, where the recall formula is (one pass instead of an aggregate join and a second read).
_CARDS = (
    select(
        Card.question_id,
        Card.stability,
        Card.last_review,
        Card.stability >= MASTERED_STABILITY_DAYS,
        _STRUGGLING,
    )
    .join(Question, Question.id == Card.question_id)
    .where(
        Card.user_id.in_(CLASS_MEMBERS),
        Question.bank_id.in_(CLASS_BANKS),
        Question.retired_at.is_(None),
    )
)


@dataclass
class QuestionMemory:
    question_id: int
    bank_title: str
    prompt: str
    seen: int = 0
    mastered: int = 0
    struggling: int = 0
    recall_sum: float = 0.0

    @property
    def mean_recall(self) -> float | None:
        """The class's mean chance of recalling it now, among students who have seen it."""
        return None if not self.seen else round(100 * self.recall_sum / self.seen)


SORTS = {
    "order": lambda q: 0,
    "struggling": lambda q: -q.struggling,
    "recall": lambda q: (q.mean_recall is None, q.mean_recall or 0),
    "seen": lambda q: q.seen,
    "mastered": lambda q: -q.mastered,
}


def class_questions(
    teacher_id: int, class_id: int, now: datetime, sort: str = "order"
) -> list[QuestionMemory]:
    """Every question of the class's banks with the class's memory of it."""
    teaching(teacher_id, class_id)
    params = {"class_id": class_id}
    found = {
        qid: QuestionMemory(qid, title, CLOZE_BLANK.sub("_____", prompt))
        for qid, title, prompt in run(_QUESTIONS, params)
    }
    for question_id, stability, last_review, mastered, struggling in run(_CARDS, params).all():
        memory = found[question_id]
        memory.seen += 1
        memory.mastered += bool(mastered)
        memory.struggling += bool(struggling)
        memory.recall_sum += recall_from(stability, last_review, now)
    return sorted(found.values(), key=SORTS.get(sort, SORTS["order"]))


@dataclass(frozen=True)
class GivenAnswer:
    text: str
    correct: bool
    count: int


@dataclass(frozen=True)
class QuestionAnswers:
    question_id: int
    bank_title: str
    prompt: str
    correct_answer: str
    answers: list[GivenAnswer]  # the most common wrong answers first, then the right ones


_ANSWERS = select(Review.response, Review.correct).where(
    Review.question_id == bindparam("question_id"), Review.user_id.in_(CLASS_MEMBERS)
)


def question_answers(teacher_id: int, class_id: int, question_id: int) -> QuestionAnswers:
    """The answers the class's students gave to one of its questions, grouped and counted."""
    teaching(teacher_id, class_id)
    question = run(
        select(Question.type, Question.spec, Question.prompt, Bank.title)
        .join(Bank, Bank.id == Question.bank_id)
        .where(Question.id == question_id, Question.bank_id.in_(CLASS_BANKS)),
        {"class_id": class_id},
    ).first()
    if question is None:
        raise NotFound("That question is not in this class's banks.")
    counts: Counter[tuple[str, bool]] = Counter()
    for response, correct in run(_ANSWERS, {"class_id": class_id, "question_id": question_id}):
        counts[(your_answer(question.type, question.spec, response), bool(correct))] += 1
    ordered = sorted(counts.items(), key=lambda item: (item[0][1], -item[1], item[0][0]))
    return QuestionAnswers(
        question_id,
        question.title,
        CLOZE_BLANK.sub("_____", question.prompt),
        correct_answer(question.type, question.spec),
        [GivenAnswer(text, correct, count) for (text, correct), count in ordered],
    )
