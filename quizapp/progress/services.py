"""A student's progress pages as plain data: across all banks or one, and one question's history.

Each takes a user id, so that a teacher's view of a student can show exactly what the student sees.
A page is three statements whatever the history: the banks' questions with the student's cards
and their answers counted by question, the year's answers counted by the student's local day,
kind (first, spaced, repeat) and outcome, and the prompts of the few questions it lists; the
database counts, so a student with 20,000 answers sends the page a row a question and a few
hundred rows of days, not 20,000.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from fsrs import Rating
from sqlalchemy import (
    BigInteger,
    Integer,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
)

from quizapp.banks.models import Bank, Question
from quizapp.core import progress as figures
from quizapp.core.checks import DIFFICULTIES
from quizapp.core.grading import blanks_hidden, correct_answer, feedback_for
from quizapp.database.sql import local_date, run, whole_days
from quizapp.database.types import UTCDateTime
from quizapp.errors import NotFound
from quizapp.scheduling.services import TUNED_SCOPE, TUNED_SINCE
from quizapp.sources.services import Cited, cited
from quizapp.study.feedback import your_answer
from quizapp.study.figures import VISIBLE
from quizapp.study.models import Card, Review
from quizapp.study.regraded import COLUMNS, Regraded, joined, regraded

ACTIVITY_DAYS = 365
LISTED = 5  # questions in the "most likely forgotten" and "hardest" lists

_SLUG = bindparam("slug", type_=Bank.slug.type)
# The banks the student studies (all of them, or the one named): never another teacher's private
# bank nor a bank kept for quizzes, whose names and questions stay unknown to the student.
_SCOPE = VISIBLE & (_SLUG.is_(None) | (Bank.slug == _SLUG))
_IN_SCOPE = (
    select(Question.id).join(Bank, Bank.id == Question.bank_id).where(_SCOPE).correlate(None)
)
# Every answer of the student's to a question in scope, with the time of the one before it (None
# for the first).
_HISTORY = (
    select(
        Review.question_id,
        Review.answered_at,
        Review.correct,
        func.lag(Review.answered_at, type_=UTCDateTime())
        .over(partition_by=Review.question_id, order_by=Review.id)
        .label("previous_at"),
    )
    .where(Review.user_id == bindparam("user_id"), Review.question_id.in_(_IN_SCOPE))
    .subquery()
)
_SINCE = bindparam("since", type_=UTCDateTime())
_THIS_YEAR = _HISTORY.c.answered_at >= _SINCE
# Per question: its right answers among its answers this year, and whether its latest answer (of
# any year) was right. Without a window: of the numbers 2 id + outcome, the largest is the
# latest answer's, and its last bit is that answer's outcome.
_ANSWER_THIS_YEAR = Review.answered_at >= _SINCE
_PER_QUESTION = (
    select(
        Review.question_id,
        func.count().filter(_ANSWER_THIS_YEAR, Review.correct).label("right"),
        func.count().filter(_ANSWER_THIS_YEAR).label("answers"),
        (func.max(cast(Review.id, BigInteger) * 2 + cast(Review.correct, Integer)) % 2 == 1).label(
            "last_correct"
        ),
    )
    .where(Review.user_id == bindparam("user_id"))
    .group_by(Review.question_id)
    .subquery()
)
# The banks' questions with the student's card and answers, labelled as `figures.Card` names its
# fields: read into `CardLine`s, they are the cards the figures read.
_CARDS = (
    select(
        Bank.slug.label("bank_slug"),
        Bank.title,
        Question.id.label("question_id"),
        cast(Question.tags, Text).label("tags"),  # as written: read once per different list
        Card.state,
        Card.stability,
        Card.due,
        Card.last_review,
        func.coalesce(Card.reps, 0).label("reps"),
        func.coalesce(Card.lapses, 0).label("lapses"),
        func.coalesce(Card.score_sum, 0.0).label("score_sum"),
        _PER_QUESTION.c.right,
        _PER_QUESTION.c.answers,
        _PER_QUESTION.c.last_correct,
        TUNED_SCOPE,
        TUNED_SINCE,
    )
    .join(Question, and_(Question.bank_id == Bank.id, Question.retired_at.is_(None)))
    .outerjoin(Card, and_(Card.question_id == Question.id, Card.user_id == bindparam("user_id")))
    .outerjoin(_PER_QUESTION, _PER_QUESTION.c.question_id == Question.id)
    .where(_SCOPE)
    .order_by(Bank.position, Bank.title, Question.position, Question.id)
)


class CardLine(NamedTuple):
    """A row of `_CARDS`, column for column: the figures read each card's fields many times, and
    a tuple's fields are read in a fraction of the time a database row's names take."""

    bank_slug: str
    title: str
    question_id: int
    tags: Sequence[str]
    state: int | None
    stability: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    score_sum: float
    right: int | None
    answers: int | None
    last_correct: bool | None
    tuned_scope: str | None
    tuned_since: datetime | None


_KIND = case(
    (_HISTORY.c.previous_at.is_(None), literal(figures.NEW)),
    (whole_days(_HISTORY.c.answered_at, _HISTORY.c.previous_at) >= 1, literal(figures.SPACED)),
    else_=literal(figures.REPEAT),
)
_DAY = local_date(_HISTORY.c.answered_at, bindparam("timezone"))
# The year's answers counted by the student's local day, kind and outcome: at most a few rows a
# day of study however many answers (`figures.AnswerCount`).
_COUNTED = (
    select(_DAY, _KIND, _HISTORY.c.correct, func.count())
    .where(_THIS_YEAR)
    .group_by(_DAY, _KIND, _HISTORY.c.correct)
)


@dataclass(frozen=True)
class BankStanding:
    slug: str
    title: str
    stages: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.stages.values())


@dataclass(frozen=True)
class QuestionLine:
    question_id: int
    bank_slug: str
    prompt: str
    figure: str  # what the list is about: "12% likely", "3 lapses, 40% average"


@dataclass(frozen=True)
class Progress:
    title: str | None  # the bank's title, None across all banks
    slug: str | None
    banks: list[BankStanding]
    seen: int
    total: int
    recall_expected: float  # sum of recall probabilities of seen questions
    forgotten: list[QuestionLine]
    forecast: list[int]  # reviews due on each of the next 30 days; day 0 includes the backlog
    backlog: int  # due now
    activity: list[int]  # answers per local day, the last 365 days, today last
    activity_start: date
    streak: int
    longest_streak: int
    answers_this_year: int
    retention: list[figures.RetentionRow]
    by_topic: dict[str, figures.Share]
    by_difficulty: dict[str, figures.Share]
    hardest: list[QuestionLine]
    # Whose answers the schedule is tuned to (student, class or school; None: FSRS's defaults)
    # and since when.
    tuned_scope: str | None = None
    tuned_since: datetime | None = None

    @property
    def slipping_below_percent(self) -> int:
        """The chance of recall under which a question is slipping, for the page's words."""
        return round(100 * figures.SLIPPING_BELOW)

    @property
    def today(self) -> date:
        return self.activity_start + timedelta(days=len(self.activity) - 1)

    @property
    def activity_by_month(self) -> list[tuple[str, int]]:
        """Answers per calendar month of the activity year, oldest first (the heatmap as text)."""
        months: dict[str, int] = {}
        for offset, count in enumerate(self.activity):
            day = self.activity_start + timedelta(days=offset)
            label = f"{day:%B %Y}"
            months[label] = months.get(label, 0) + count
        return list(months.items())


@functools.lru_cache(maxsize=4096)
def _tags(written: str | None) -> tuple[str, ...]:
    """A question's tags from their JSON text: a bank's questions share a few lists of tags."""
    return tuple(json.loads(written)) if written else ()


def _standings(cards: Sequence[CardLine]) -> list[BankStanding]:
    titles = {card.bank_slug: card.title for card in cards}
    by_bank: dict[str, list[figures.Card]] = {slug: [] for slug in titles}
    for card in cards:
        by_bank[card.bank_slug].append(card)
    return [
        BankStanding(slug, title, figures.stage_counts(by_bank[slug]))
        for slug, title in titles.items()
    ]


# The prompts of the questions the page lists, read for those alone: the cards' rows are sorted
# and sent without them.
_PROMPTS = select(Question.id, Question.prompt).where(
    Question.id.in_(bindparam("question_ids", expanding=True))
)
Listed = list[tuple[figures.Card, str]]  # a question the page lists, with what it says of it


def _lines(*lists: Listed) -> list[list[QuestionLine]]:
    ids = sorted({card.question_id for listed in lists for card, _ in listed})
    prompts = {qid: text for qid, text in run(_PROMPTS, {"question_ids": ids})}
    return [
        [
            QuestionLine(c.question_id, c.bank_slug, blanks_hidden(prompts[c.question_id]), says)
            for c, says in listed
        ]
        for listed in lists
    ]


def _forgotten(seen: Sequence[figures.Card], chances: dict[int, float]) -> Listed:
    """The slipping questions, those just missed first, then the least likely to be recalled."""
    slipping = [card for card in seen if figures.slipping(card, chances[card.question_id])]
    ranked = sorted(slipping, key=lambda c: (c.last_correct is not False, chances[c.question_id]))
    return [
        (
            c,
            "missed at the last answer"
            if c.last_correct is False
            else f"{round(100 * chances[c.question_id])}% likely to be recalled",
        )
        for c in ranked[:LISTED]
    ]


def _hardest(seen: Sequence[figures.Card]) -> Listed:
    def mean(card: figures.Card) -> float:
        return card.score_sum / card.reps if card.reps else 0.0

    struggled = [c for c in seen if c.lapses or mean(c) < 1]
    ranked = sorted(struggled, key=lambda c: (-c.lapses, mean(c), c.question_id))
    return [
        (
            c,
            f"{c.lapses} lapse{'' if c.lapses == 1 else 's'}, "
            f"average score {round(100 * mean(c))}% over {c.reps} answer"
            f"{'' if c.reps == 1 else 's'}",
        )
        for c in ranked[:LISTED]
    ]


def student_progress(user_id: int, timezone: str, now: datetime, slug: str | None) -> Progress:
    """Everything the progress page shows, across all banks (`slug` None) or for one bank."""
    zone = ZoneInfo(timezone)
    today = figures.local_date(now, zone)
    start = today - timedelta(days=ACTIVITY_DAYS - 1)
    since = datetime.combine(start, datetime.min.time(), tzinfo=zone)
    params = {"user_id": user_id, "slug": slug, "since": since, "timezone": timezone}
    cards = [CardLine._make((*row[:3], _tags(row[3]), *row[4:])) for row in run(_CARDS, params)]
    if slug is not None and not cards:
        raise NotFound(f"There is no bank called {slug!r}.")
    counted = [
        figures.AnswerCount(day, kind, bool(correct), count)
        for day, kind, correct, count in run(_COUNTED, params).all()
    ]
    by_question = {
        c.question_id: figures.Share(c.right or 0, c.answers) for c in cards if c.answers
    }
    seen = [card for card in cards if card.state is not None]
    activity = figures.daily_counts(
        ((c.day, c.count) for c in counted), now, timezone, ACTIVITY_DAYS
    )
    streak, longest = figures.streaks(activity)
    tags = {card.question_id: card.tags for card in cards}
    chances = {card.question_id: figures.recall_probability(card, now) for card in seen}
    topics = {tag for card in cards for tag in card.tags} - set(DIFFICULTIES)
    forgotten, hardest = _lines(_forgotten(seen, chances), _hardest(seen))
    return Progress(
        tuned_scope=cards[0].tuned_scope if cards else None,
        tuned_since=cards[0].tuned_since if cards else None,
        title=cards[0].title if slug is not None else None,
        slug=slug,
        banks=_standings(cards),
        seen=len(seen),
        total=len(cards),
        recall_expected=sum(chances.values()),
        forgotten=forgotten,
        forecast=figures.forecast(seen, now, timezone),
        backlog=sum(1 for card in seen if card.due is not None and card.due <= now),
        activity=activity,
        activity_start=start,
        streak=streak,
        longest_streak=longest,
        answers_this_year=sum(c.count for c in counted),
        retention=figures.retention_of(counted, now, timezone),
        by_topic=figures.accuracy_by_tag_of(by_question, tags, topics),
        by_difficulty=figures.accuracy_by_tag_of(by_question, tags, DIFFICULTIES),
        hardest=hardest,
    )


@dataclass(frozen=True)
class Attempt:
    answered_at: datetime
    answer: str
    correct: bool
    score: float
    rating: str
    interval: timedelta  # until the question was due again after this answer
    overridden: bool  # the student claimed it right ("I was right")
    feedback: tuple[str, ...] = ()  # the teacher's feedback on this answer (Markdown)
    regraded: Regraded | None = None  # a teacher corrected the question and regraded this


@dataclass(frozen=True)
class QuestionHistory:
    question_id: int
    bank_slug: str
    bank_title: str
    question_type: str
    prompt: str
    correct_answer: str
    explanation: str
    sources: list[Cited]
    attempts: list[Attempt]


_QUESTION = (
    select(
        Question.id,
        Question.type,
        Question.prompt,
        Question.spec,
        Question.explanation,
        Question.cite,
        Bank.slug,
        Bank.title,
    )
    .join(Bank, Bank.id == Question.bank_id)
    .where(Question.id == bindparam("question_id"), VISIBLE)
)
_ATTEMPTS = joined(
    select(
        Review.answered_at,
        Review.response,
        Review.correct,
        Review.score,
        Review.rating,
        Review.due_after,
        Review.overridden_at,
        *COLUMNS,
    )
    .where(Review.user_id == bindparam("user_id"), Review.question_id == bindparam("question_id"))
    .order_by(Review.id.desc())
)


def question_history(user_id: int, question_id: int) -> QuestionHistory:
    """Every answer the student gave to one question, newest first, with the question itself."""
    params = {"user_id": user_id, "question_id": question_id}
    question = run(_QUESTION, params).first()
    if question is None:
        raise NotFound("That question was not found.")
    attempts = [
        Attempt(
            a.answered_at,
            your_answer(question.type, question.spec, a.response),
            a.correct,
            a.score,
            Rating(a.rating).name,
            a.due_after - a.answered_at,
            a.overridden_at is not None,
            tuple(feedback_for(question.spec, question.type, a.response or "")),
            regraded(a),
        )
        for a in run(_ATTEMPTS, params).all()
    ]
    return QuestionHistory(
        question.id,
        question.slug,
        question.title,
        question.type,
        blanks_hidden(question.prompt),
        correct_answer(question.type, question.spec),
        question.explanation,
        cited(question.cite),
        attempts,
    )
