from datetime import UTC, datetime, timedelta

from fsrs import Rating, State

from quizapp.core.grading import Grade
from quizapp.core.scheduling import new_card, preview, rating_for, review

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_ratings_from_grades() -> None:
    assert rating_for(Grade(score=1.0)) is Rating.Good
    assert rating_for(Grade(score=1.0, typo=True)) is Rating.Hard
    assert rating_for(Grade(score=0.0)) is Rating.Again
    assert rating_for(Grade(score=0.75)) is Rating.Again  # partly right is never Hard or better
    assert rating_for(Grade(score=0.0, typo=True)) is Rating.Again


def test_good_answers_push_a_card_further_out() -> None:
    card, when = new_card(NOW), NOW
    gaps = []
    for _ in range(4):
        card = review(card, Rating.Good, when)
        gaps.append(card.due - when)
        when = card.due
    assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=1)
    assert card.state == State.Review.value


def test_wrong_answer_sends_card_to_relearning() -> None:
    card = review(new_card(NOW), Rating.Easy, NOW)
    later = card.due
    lapsed = review(card, Rating.Again, later)
    assert lapsed.state == State.Relearning.value
    assert lapsed.due - later <= timedelta(minutes=10)
    assert (lapsed.stability or 0) < (card.stability or 0)


def test_preview_matches_what_a_rating_gives() -> None:
    card = review(new_card(NOW), Rating.Good, NOW)
    when = card.due
    waits = preview(card, when)
    for rating in Rating:
        assert review(card, rating, when).due - when == waits[rating]
    assert waits[Rating.Again] < waits[Rating.Hard] <= waits[Rating.Good] < waits[Rating.Easy]
