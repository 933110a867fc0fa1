"""Regrading past answers under a corrected key, and replaying a student's card through FSRS.

Expected cards come from the fsrs package's own scheduler, driven step by step here apart from
quizapp's replay, and a few due dates are pinned as literals worked out from the default
learning steps (1 and 10 minutes) and the initial stability of a first Good (2.3065 days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from quizapp.core import regrade as regrade_module
from quizapp.core.grading import SELF_GRADED, Response, grade
from quizapp.core.regrade import (
    Change,
    PastReview,
    Replayed,
    Summary,
    card_figures,
    count_summary,
    regrade_reviews,
    replay,
)
from quizapp.core.scheduling import (
    CardState,
    new_card,
    rating_for,
    review,
    state_from_json,
    state_to_json,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)
AGAIN, HARD, GOOD = int(Rating.Again), int(Rating.Hard), int(Rating.Good)

# "Who signed the memorandum for the China National Space Administration?" with a wrong key
# first, then the key the teacher fixed.
OLD_SIGNER = {"answers": ["Dmitry Rogozin"]}
NEW_SIGNER = {"answers": ["Zhang Kejian", "Kejian Zhang"]}


def _past(
    review_id: int,
    response: Response,
    score: float,
    rating: int,
    *,
    user_id: int = 1,
    at: datetime = T0,
    overridden: bool = False,
    dont_know: bool = False,
) -> PastReview:
    return PastReview(
        id=review_id,
        user_id=user_id,
        response=response,
        score=score,
        correct=score >= 1.0,
        rating=rating,
        answered_at=at,
        overridden=overridden,
        dont_know=dont_know,
    )


def _fsrs_cards(history: list[tuple[datetime, int]]) -> list[FsrsCard]:
    """The card before the first answer and after each one, from fsrs's own scheduler."""
    scheduler = Scheduler(enable_fuzzing=False)
    cards = [FsrsCard(card_id=1, due=history[0][0])]
    for at, rating in history:
        after, _ = scheduler.review_card(cards[-1], Rating(rating), review_datetime=at)
        cards.append(after)
    return cards


def _fields(card: CardState | FsrsCard) -> tuple[Any, ...]:
    state = card.state.value if isinstance(card, FsrsCard) else card.state
    return (state, card.step, card.stability, card.difficulty, card.due, card.last_review)


def _assert_replay_is_fsrs(replayed: Replayed, history: list[tuple[datetime, int]]) -> None:
    cards = _fsrs_cards(history)
    assert _fields(replayed.card) == _fields(cards[-1])
    assert [_fields(step.before) for step in replayed.steps] == [_fields(c) for c in cards[:-1]]
    assert [step.due_after for step in replayed.steps] == [c.due for c in cards[1:]]


# Day 0, ten minutes later, day 3.
TIMES = [T0, T0 + 10 * MINUTE, T0 + 3 * DAY]
HISTORY = [
    _past(1, "Dmitry Rogozin", 1.0, GOOD, at=TIMES[0]),  # right under the old key only
    _past(2, "Zhang Kejian", 0.0, AGAIN, at=TIMES[1]),
    _past(3, "Kejian Zhang", 0.0, AGAIN, at=TIMES[2]),
]


def test_replay_of_three_good_answers_is_what_fsrs_schedules() -> None:
    history = [(at, GOOD) for at in TIMES]
    replayed = replay(history)
    _assert_replay_is_fsrs(replayed, history)
    # A first Good moves a new card to the second learning step, 10 minutes on; a second Good
    # graduates it with the initial Good stability, 2.3065 days, rounded to a 2-day interval.
    assert replayed.steps[0].due_after == datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
    assert replayed.steps[1].due_after == datetime(2026, 3, 4, 9, 10, tzinfo=UTC)
    assert replayed.steps[1].before.stability == pytest.approx(2.3065)
    assert replayed.steps[0].before == new_card(T0)
    assert (replayed.card.state, replayed.card.step) == (State.Review.value, None)
    assert replayed.card.last_review == TIMES[2]
    assert (replayed.reps, replayed.lapses) == (3, 0)


def test_replay_counts_an_again_on_a_learning_card_as_a_lapse_but_not_the_first() -> None:
    history = [(TIMES[0], AGAIN), (TIMES[1], GOOD), (TIMES[2], AGAIN)]
    replayed = replay(history)
    _assert_replay_is_fsrs(replayed, history)
    # Again on a new card: back in 1 minute (the first learning step); the card is still
    # learning on day 3, so that Again sends it 1 minute out again.
    assert replayed.steps[0].due_after == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    assert replayed.steps[2].due_after == datetime(2026, 3, 5, 9, 1, tzinfo=UTC)
    assert replayed.card.state == State.Learning.value
    assert (replayed.reps, replayed.lapses) == (3, 1)


def test_replay_needs_an_answer() -> None:
    with pytest.raises(ValueError, match="at least one answer"):
        replay([])


def test_a_fixed_key_regrades_the_history_and_its_replay_reschedules_the_card() -> None:
    old_ratings = [r.rating for r in HISTORY]
    assert old_ratings == [GOOD, AGAIN, AGAIN]
    changes = regrade_reviews("short", NEW_SIGNER, HISTORY)
    assert changes == [
        Change(1, 1, 1.0, True, GOOD, 0.0, False, AGAIN),
        Change(2, 1, 0.0, False, AGAIN, 1.0, True, GOOD),
        Change(3, 1, 0.0, False, AGAIN, 1.0, True, GOOD),
    ]
    new_rating = {c.review_id: c.new_rating for c in changes}
    history = [(r.answered_at, new_rating[r.id]) for r in HISTORY]
    replayed = replay(history)
    _assert_replay_is_fsrs(replayed, history)
    assert replayed.steps[0].due_after == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    assert replayed.card.state == State.Review.value
    assert replayed.lapses == 0  # only the first answer is Again now, and it counts none
    assert replay([(r.answered_at, r.rating) for r in HISTORY]).lapses == 2


def test_the_history_in_the_brief_under_old_and_new_key() -> None:
    """Again/Good/Again under the old key, Good/Good/Good under the fixed one."""
    old_key = {"answers": ["Zhang Kejian"]}
    reviews = [
        _past(1, "Kejian", 0.0, AGAIN, at=TIMES[0]),
        _past(2, "Zhang Kejian", 1.0, GOOD, at=TIMES[1]),
        _past(3, "Kejian", 0.0, AGAIN, at=TIMES[2]),
    ]
    assert [int(rating_for(grade("short", old_key, r.response))) for r in reviews] == [
        r.rating for r in reviews
    ]
    changes = regrade_reviews("short", {"answers": ["Zhang Kejian", "Kejian"]}, reviews)
    assert [(c.review_id, c.new_rating) for c in changes] == [(1, GOOD), (3, GOOD)]
    replayed = replay([(r.answered_at, GOOD) for r in reviews])
    _assert_replay_is_fsrs(replayed, [(at, GOOD) for at in TIMES])
    assert replayed.card.due == datetime(2026, 3, 16, 9, 0, tzinfo=UTC)  # as fsrs gives it
    assert card_figures([(1, 0.0, False), (2, 1.0, True), (3, 0.0, False)]) == (1.0, 3)
    assert card_figures([(1, 1.0, True), (2, 1.0, True), (3, 1.0, True)]) == (3.0, None)


def test_short_key_turns_wrong_answers_right_and_typo_right_answers_hard() -> None:
    reviews = [
        _past(1, "Zhang Kejian", 0.0, AGAIN),
        _past(2, "Zhang Kejain", 0.0, AGAIN, user_id=2),  # two letters swapped
        _past(3, "Dmitry Rogozin", 1.0, GOOD, user_id=3),
        _past(4, "Yuri Gagarin", 0.0, AGAIN, user_id=4),  # wrong under both keys
    ]
    changes = regrade_reviews("short", NEW_SIGNER, reviews)
    assert changes == [
        Change(1, 1, 0.0, False, AGAIN, 1.0, True, GOOD),
        Change(2, 2, 0.0, False, AGAIN, 1.0, True, HARD),
        Change(3, 3, 1.0, True, GOOD, 0.0, False, AGAIN),
    ]
    assert count_summary(changes) == Summary(answers=3, students=3, became_right=2, became_wrong=1)


def test_choice_key_changed_turns_right_answers_wrong() -> None:
    spec = {"options": ["Roscosmos", "CNSA", "ESA"], "answer": "CNSA"}
    reviews = [
        _past(1, "Roscosmos", 1.0, GOOD),
        _past(2, "Roscosmos", 1.0, GOOD, user_id=2),
        _past(3, "CNSA", 0.0, AGAIN, user_id=2),
        _past(4, "ESA", 0.0, AGAIN, user_id=3),
    ]
    changes = regrade_reviews("choice", spec, reviews)
    assert [(c.review_id, c.new_score, c.new_correct, c.new_rating) for c in changes] == [
        (1, 0.0, False, AGAIN),
        (2, 0.0, False, AGAIN),
        (3, 1.0, True, GOOD),
    ]
    assert count_summary(changes) == Summary(answers=3, students=2, became_right=1, became_wrong=2)


def test_multi_partial_scores_follow_the_new_key() -> None:
    # Old key: two right options; the fixed key adds a third.
    old = {"options": ["Moon", "Mars", "orbit", "Venus"], "answers": ["Moon", "orbit"]}
    new = old | {"answers": ["Moon", "orbit", "Mars"]}
    responses: list[list[str]] = [["Moon", "orbit"], ["Moon"], ["Moon", "orbit", "Mars"]]
    responses.append(["Moon", "Venus"])
    reviews = []
    for n, response in enumerate(responses, start=1):
        old_grade = grade("multi", old, response)
        reviews.append(_past(n, response, old_grade.score, int(rating_for(old_grade))))
    assert [r.score for r in reviews] == [1.0, 0.5, 0.5, 0.0]  # (hits - misses) / 2
    changes = regrade_reviews("multi", new, reviews)
    # (hits - misses) / 3: 2/3, 1/3, 1; ["Moon", "Venus"] stays at 0.
    assert [(c.review_id, c.new_score, c.new_correct, c.new_rating) for c in changes] == [
        (1, 2 / 3, False, AGAIN),
        (2, 1 / 3, False, AGAIN),
        (3, 1.0, True, GOOD),
    ]
    summary = count_summary(changes)
    assert (summary.became_right, summary.became_wrong, summary.other) == (1, 1, 1)


def test_numeric_tolerance_widened_accepts_near_answers_only() -> None:
    reviews = [
        _past(1, "2017", 1.0, GOOD),
        _past(2, "2016", 0.0, AGAIN, user_id=2),
        _past(3, "2018,0", 0.0, AGAIN, user_id=3),
        _past(4, "2012", 0.0, AGAIN, user_id=4),
    ]
    changes = regrade_reviews("numeric", {"answer": 2017, "tolerance": 1}, reviews)
    assert [(c.review_id, c.new_correct, c.new_rating) for c in changes] == [
        (2, True, GOOD),
        (3, True, GOOD),
    ]


def test_flashcard_answers_are_never_regraded() -> None:
    assert "flashcard" in SELF_GRADED
    # The button pressed is the rating: "Hard" is right but stays Hard, which the auto-graded
    # rule (Good) would change.
    reviews = [_past(1, "2", 1.0, HARD), _past(2, "1", 0.0, AGAIN)]
    assert regrade_reviews("flashcard", {"answer": "Zhang Kejian, of CNSA"}, reviews) == []


def test_overridden_answers_keep_the_students_claim() -> None:
    # "I was right" made these right with Hard; the new key rejects the first and accepts the
    # second exactly (which would be Good): neither changes.
    reviews = [
        _past(1, "Zhang Kejan", 1.0, HARD, overridden=True),
        _past(2, "Zhang Kejian", 1.0, HARD, user_id=2, overridden=True),
    ]
    assert regrade_reviews("short", {"answers": ["Dmitry Rogozin"]}, reviews) == []
    assert regrade_reviews("short", NEW_SIGNER, reviews) == []
    assert len(regrade_reviews("short", NEW_SIGNER, [_past(2, "Zhang Kejian", 1.0, HARD)])) == 1


def test_dont_know_answers_stay_wrong_whatever_the_key() -> None:
    # "I don't know" is stored as an empty response of the question's shape.
    given_up = [_past(1, "", 0.0, AGAIN, dont_know=True)]
    assert regrade_reviews("numeric", {"answer": 2017, "tolerance": 10_000}, given_up) == []
    given_up = [_past(1, [], 0.0, AGAIN, dont_know=True)]
    assert regrade_reviews("multi", {"options": ["a", "b"], "answers": ["a"]}, given_up) == []
    # The flag decides, not what the grader would make of the stored response.
    flagged = [_past(1, "Zhang Kejian", 0.0, AGAIN, dont_know=True)]
    assert regrade_reviews("short", NEW_SIGNER, flagged) == []


def test_summary_counts_answers_students_and_direction() -> None:
    changes = [
        Change(1, 7, 0.0, False, AGAIN, 1.0, True, GOOD),
        Change(2, 7, 0.0, False, AGAIN, 1.0, True, HARD),
        Change(3, 8, 1.0, True, GOOD, 0.0, False, AGAIN),
        Change(4, 9, 0.5, False, AGAIN, 0.75, False, AGAIN),
        Change(5, 9, 1.0, True, GOOD, 1.0, True, HARD),
    ]
    summary = count_summary(changes)
    assert summary == Summary(answers=5, students=3, became_right=2, became_wrong=1)
    assert summary.other == 2
    assert count_summary([]) == Summary(0, 0, 0, 0)


@dataclass
class _Stored:
    """What the answer path and "I was right" leave stored for one student and one question."""

    card: CardState | None = None
    reps: int = 0
    lapses: int = 0
    score_sum: float = 0.0
    last_wrong: int | None = None
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def answer(self, qtype: str, spec: dict[str, Any], response: str, at: datetime) -> None:
        """As services.answers records an answer."""
        result = grade(qtype, spec, response)
        rating = Rating(int(response)) if qtype in SELF_GRADED else rating_for(result)
        before = new_card(at) if self.card is None else self.card
        after = review(before, rating, at)
        review_id = 100 + len(self.reviews)
        self.reviews.append(
            {
                "id": review_id,
                "answered_at": at,
                "score": result.score,
                "correct": result.correct,
                "rating": int(rating),
                "before": state_to_json(before),
                "due_after": after.due,
            }
        )
        self.lapses += int(self.card is not None and rating == Rating.Again)
        self.card, self.reps = after, self.reps + 1
        self.score_sum += result.score
        self.last_wrong = self.last_wrong if result.correct else review_id

    def claim_right(self) -> None:
        """As services.overrides regrades the latest answer right with Hard."""
        latest = self.reviews[-1]
        after = review(state_from_json(latest["before"]), Rating.Hard, latest["answered_at"])
        self.lapses -= int(self.reps > 1)
        self.score_sum += 1.0 - latest["score"]
        latest.update(correct=True, score=1.0, rating=HARD, due_after=after.due)
        if self.last_wrong == latest["id"]:
            wrong = [r["id"] for r in self.reviews if not r["correct"]]
            self.last_wrong = max(wrong, default=None)
        self.card = after


def test_replaying_a_recorded_history_reproduces_the_stored_card() -> None:
    stored = _Stored()
    spec = NEW_SIGNER
    stored.answer("short", spec, "Dmitry Rogozin", T0)  # first answer: Again, no lapse
    stored.answer("short", spec, "Rogozin", T0 + 2 * MINUTE)  # Again while learning: a lapse
    stored.answer("short", spec, "Zhang Kejian", T0 + 5 * MINUTE)
    stored.answer("short", spec, "Zhang Kejian", T0 + 20 * MINUTE)
    stored.answer("short", spec, "Zhang Kejan", T0 + 2 * DAY)  # typo: Hard
    stored.answer("short", spec, "Zhang", T0 + 6 * DAY)  # wrong, then claimed right
    stored.claim_right()
    stored.answer("short", spec, "Kejian Zhang", T0 + 9 * DAY)
    stored.answer("short", spec, "Zhang Jian", T0 + 30 * DAY)  # a lapse on a review card
    assert [r["rating"] for r in stored.reviews] == [1, 1, 3, 3, 2, 2, 3, 1]
    assert stored.lapses == 2

    replayed = replay([(r["answered_at"], r["rating"]) for r in stored.reviews])
    assert replayed.card == stored.card
    assert (replayed.reps, replayed.lapses) == (stored.reps, stored.lapses) == (8, 2)
    assert [state_to_json(s.before) for s in replayed.steps] == [
        r["before"] for r in stored.reviews
    ]
    assert [s.due_after for s in replayed.steps] == [r["due_after"] for r in stored.reviews]

    figures = card_figures((r["id"], r["score"], r["correct"]) for r in stored.reviews)
    assert (figures.score_sum, figures.last_wrong_review_id) == (5.0, 107)
    assert figures == (stored.score_sum, stored.last_wrong)


def test_card_figures_count_a_partly_right_answer_as_wrong() -> None:
    figures = card_figures([(4, 0.5, False), (9, 1.0, True), (6, 0.25, False)])
    assert figures.score_sum == 1.75
    assert figures.last_wrong_review_id == 6  # the latest wrong answer has the highest id


def test_a_change_of_partial_credit_regrades_the_score_but_not_the_rating() -> None:
    """Credit is a grading change: the half-right answer's score moves, it stays wrong (Again)."""
    old = {"options": ["Paris", "Lyon", "Rome"], "answer": "Paris", "credit": {"Lyon": 0.5}}
    reviews = [_past(1, "Lyon", 0.5, AGAIN), _past(2, "Paris", 1.0, GOOD)]
    assert regrade_reviews("choice", old, reviews) == []
    new = {**old, "credit": {"Lyon": 0.25}}
    assert regrade_reviews("choice", new, reviews) == [
        Change(1, 1, 0.5, False, AGAIN, 0.25, False, AGAIN)
    ]
    dropped = {key: value for key, value in old.items() if key != "credit"}
    changes = regrade_reviews("choice", dropped, reviews)
    assert [(c.review_id, c.new_score) for c in changes] == [(1, 0.0)]
    assert count_summary(changes) == Summary(answers=1, students=1, became_right=0, became_wrong=0)


def test_a_regrade_grades_each_distinct_answer_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of answers are a few distinct ones: each is graded once, and every answer
    that gave it gets that grade (a list answer as well as a typed one)."""
    graded: list[Any] = []

    def counted(qtype: str, spec: Any, response: Response) -> Any:
        graded.append(response)
        return grade(qtype, spec, response)

    monkeypatch.setattr(regrade_module, "grade", counted)
    reviews = [
        _past(n, "Zhang K." if n % 2 else "Gagarin", 0.0, 1, user_id=n % 7) for n in range(40)
    ]
    changes = regrade_reviews("short", {"answers": ["Zhang Kejian", "Zhang K."]}, reviews)
    assert sorted(graded) == ["Gagarin", "Zhang K."]
    assert [c.review_id for c in changes] == list(range(1, 40, 2))
    assert {(c.new_score, c.new_correct) for c in changes} == {(1.0, True)}
    graded.clear()
    spec = {"options": ["a", "b", "c"], "answers": ["a", "c"]}
    lists = [_past(n, ["a", "c"] if n % 3 else ["a"], 0.0, 1) for n in range(9)]
    changes = regrade_reviews("multi", {**spec, "answers": ["a"]}, lists)
    assert sorted(map(tuple, graded)) == [("a",), ("a", "c")]
    assert [c.review_id for c in changes] == [0, 3, 6]
