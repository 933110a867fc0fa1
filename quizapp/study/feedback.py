"""What a student sees after answering: verdict, correct answer, explanation, source, next time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Rating
from sqlalchemy import bindparam, select

from quizapp.banks.models import Bank, Question
from quizapp.core import mathwrite
from quizapp.core.grading import Part, blanks_hidden, correct_answer, feedback_for, parts
from quizapp.database.sql import run
from quizapp.errors import NotFound
from quizapp.sources.services import Cited, cited
from quizapp.study.figures import VISIBLE
from quizapp.study.models import Review
from quizapp.study.overrides import LATEST_ID, refusal
from quizapp.study.regraded import ASKED, COLUMNS, GRADED, Regraded, joined, regraded


@dataclass(frozen=True)
class Feedback:
    bank_slug: str
    bank_title: str
    question_type: str
    prompt: str
    correct: bool
    score: float
    rating: str
    your_answer: str
    correct_answer: str
    explanation: str
    sources: list[Cited]
    due_after: datetime
    parts: list[Part]  # matching, ordering, multi and cloze: each part marked on its own
    dont_know: bool  # the student said "I don't know"
    review_id: int
    question_id: int
    can_claim_right: bool  # a typed answer marked wrong, the latest: "I was right" is offered
    overridden: bool  # the student claimed it right
    regraded: Regraded | None = None  # a teacher corrected the question and regraded this
    answer_feedback: tuple[str, ...] = ()  # the teacher's feedback on this answer (Markdown)


UNREADABLE = "(this could not be read as a formula)"


def unanswered(response: Any) -> bool:
    """An empty response: the student chose "I don't know" (the form accepts no other)."""
    return response in ("", [], None)


def your_answer(qtype: str, spec: dict[str, Any], response: Any) -> str:
    if qtype != "flashcard" and unanswered(response):
        return "I don't know"
    if qtype == "flashcard":
        return (
            f"You rated it {Rating(int(response)).name}" if response in {"1", "2", "3", "4"} else ""
        )
    if qtype == "matching" and isinstance(response, list):
        lefts = [left for left, _ in spec["pairs"]]
        return "; ".join(
            f"{left} → {pick or '—'}" for left, pick in zip(lefts, response, strict=False)
        )
    if qtype == "ordering" and isinstance(response, list):
        return " → ".join(response)
    if qtype == "truefalse" and str(response).lower() in {"true", "false"}:
        return str(response).capitalize()  # as the right answer is written: True, False
    if qtype == "short" and spec.get("formula") and isinstance(response, str):
        # As the grader read it, drawn: the student sees whether 1/2x was read as she meant.
        return mathwrite.shown(response) or f"{response} {UNREADABLE}"
    if isinstance(response, list):
        return "; ".join(r or "—" for r in response) or "(nothing chosen)"
    return str(response) or "(no answer)"


# The answer, its question as asked and its bank in one statement; another student's answer, or
# one from another bank, is not found.
_ANSWER = joined(
    select(
        Review.id,
        Review.before,
        Review.overridden_at,
        LATEST_ID,
        Review.correct,
        Review.score,
        Review.rating,
        Review.response,
        Review.due_after,
        Question.id.label("question_id"),
        Question.type,
        Question.spec,
        Question.prompt,
        Question.explanation,
        Question.cite,
        Bank.slug,
        Bank.title,
        ASKED.content.label("asked"),
        GRADED.content.label("graded"),
        *COLUMNS,
    )
    .join(Question, Question.id == Review.question_id)
    .join(Bank, Bank.id == Question.bank_id)
    .where(
        Review.id == bindparam("review_id"),
        Review.user_id == bindparam("user_id"),
        Bank.slug == bindparam("slug"),
        VISIBLE,
    )
)


def feedback(user_id: int, slug: str, review_id: int) -> Feedback:
    """The feedback page for one of the student's own answers to a question of this bank."""
    row = run(_ANSWER, {"review_id": review_id, "user_id": user_id, "slug": slug}).first()
    if row is None:
        raise NotFound("That answer was not found.")
    # The question as the student was asked it; the answer key it is graded against (a regrade's
    # version when a teacher corrected the question since).
    asked = row.asked or {n: getattr(row, n) for n in ("type", "spec", "prompt", "explanation")}
    asked = asked | {"cite": asked.get("cite", row.cite)}
    graded = row.graded or asked
    return Feedback(
        bank_slug=row.slug,
        bank_title=row.title,
        question_type=row.type,
        prompt=blanks_hidden(asked["prompt"]),
        correct=row.correct,
        score=row.score,
        rating=Rating(row.rating).name,
        your_answer=your_answer(row.type, asked["spec"], row.response),
        correct_answer=correct_answer(row.type, graded["spec"]),
        explanation=graded["explanation"],
        sources=cited(graded["cite"]),
        due_after=row.due_after,
        parts=[] if unanswered(row.response) else parts(row.type, graded["spec"], row.response),
        dont_know=row.type != "flashcard" and unanswered(row.response),
        review_id=row.id,
        question_id=row.question_id,
        can_claim_right=not unanswered(row.response) and refusal(row) is None,
        overridden=row.overridden_at is not None,
        regraded=regraded(row),
        answer_feedback=tuple(feedback_for(graded["spec"], row.type, row.response or "")),
    )
