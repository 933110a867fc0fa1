"""The class's memory of each question: who has seen it, mastered it, is struggling with it, and
how likely the class is to recall it now; and, for one question, the answers students gave."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from fsrs import State
from sqlalchemy import and_, bindparam, or_, select

from quizapp.banks.models import Bank, Question
from quizapp.classes.services import CLASS_BANKS, CLASS_MEMBERS, teaching
from quizapp.core.grading import blanks_hidden, correct_answer
from quizapp.core.paging import Page, page_of
from quizapp.core.progress import recall_from
from quizapp.core.scheduling import MASTERED_STABILITY_DAYS
from quizapp.database.sql import run
from quizapp.errors import NotFound
from quizapp.study.feedback import your_answer
from quizapp.study.models import Card, Review

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
    select(Question.id, Bank.title, Question.prompt, Question.tags)
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
    tags: list[str]
    seen: int = 0
    mastered: int = 0
    struggling: int = 0
    recall_sum: float = 0.0

    @property
    def mean_recall(self) -> float | None:
        """The class's mean chance of recalling it now, among students who have seen it."""
        return None if not self.seen else round(100 * self.recall_sum / self.seen)


PER_PAGE = 25
SORTS = {
    "order": lambda q: 0,
    "struggling": lambda q: -q.struggling,
    # What the class will forget soonest: the lowest mean recall now, unrounded; questions
    # nobody has seen yet come last, since there is nothing yet to forget.
    "forget": lambda q: (not q.seen, q.recall_sum / q.seen if q.seen else 0.0),
    "seen": lambda q: q.seen,
    "mastered": lambda q: -q.mastered,
}
SORTS["recall"] = SORTS["forget"]  # its earlier name, in links teachers kept


@dataclass(frozen=True)
class QuestionsPage:
    page: Page[QuestionMemory]
    tags: list[str]  # every tag of the class's questions, for the filter
    query: str
    tag: str


def _wanted(memory: QuestionMemory, query: str, tag: str) -> bool:
    if tag and tag not in memory.tags:
        return False
    return not query or query.casefold() in memory.prompt.casefold()


def questions_page(
    teacher_id: int,
    class_id: int,
    now: datetime,
    sort: str = "order",
    *,
    query: str = "",
    tag: str = "",
    page: int = 1,
) -> QuestionsPage:
    """One page of the class's questions whose prompt contains `query` and that carry `tag`,
    sorted; filtered and paged after the same two statements, whatever is asked."""
    every = class_questions(teacher_id, class_id, now, sort)
    tags = sorted({t for memory in every for t in memory.tags}, key=str.casefold)
    wanted = [memory for memory in every if _wanted(memory, query, tag)]
    return QuestionsPage(page_of(wanted, page, PER_PAGE), tags, query, tag)


def class_questions(
    teacher_id: int, class_id: int, now: datetime, sort: str = "order"
) -> list[QuestionMemory]:
    """Every question of the class's banks with the class's memory of it."""
    teaching(teacher_id, class_id)
    params = {"class_id": class_id}
    found = {
        qid: QuestionMemory(qid, title, blanks_hidden(prompt), list(tags or []))
        for qid, title, prompt, tags in run(_QUESTIONS, params)
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
        blanks_hidden(question.prompt),
        correct_answer(question.type, question.spec),
        [GivenAnswer(text, correct, count) for (text, correct), count in ordered],
    )
