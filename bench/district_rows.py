"""Rows as PostgreSQL's COPY reads them (text format), written fast: times, JSON, tokens."""

from __future__ import annotations

import json
from datetime import date

from district_memory import Answer, CardRow, State

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAYS: dict[int, str] = {}
_TOKEN_MULTIPLIER = 0x9E3779B97F4A7C15F39CC0605CEDC835  # odd: n -> n * it mod 2**128 is one-to-one
_MASK = (1 << 128) - 1
NULL = "\\N"


def _day(number: int) -> str:
    text = _DAYS.get(number)
    if text is None:
        text = _DAYS[number] = date.fromordinal(_EPOCH_ORDINAL + number).isoformat()
    return text


def stamp(moment: float, sep: str = " ") -> str:
    """UTC epoch seconds as a naive UTC timestamp (the app's UTCDateTime columns)."""
    day, rest = divmod(moment, 86400.0)
    whole = int(rest)
    micro = int((rest - whole) * 1_000_000)
    hours, left = divmod(whole, 3600)
    minutes, seconds = divmod(left, 60)
    return f"{_day(int(day))}{sep}{hours:02d}:{minutes:02d}:{seconds:02d}.{micro:06d}"


def iso(moment: float) -> str:
    """As quizapp.core.scheduling.state_to_json writes a time."""
    return stamp(moment, "T") + "+00:00"


def copy_json(value: object) -> str:
    """A JSON value as COPY text: json.dumps escapes control characters, COPY wants `\\` doubled."""
    return json.dumps(value).replace("\\", "\\\\")


def token(review_id: int) -> str:
    """A unique answer token that looks like the app's (32 hex digits)."""
    return f"{(review_id * _TOKEN_MULTIPLIER) & _MASK:032x}"


def _number(value: float | int | None) -> str:
    return "null" if value is None else repr(value)


def before_json(state: State) -> str:
    """A card state as state_to_json writes it into review.before."""
    kind, step, stability, difficulty, due, last = state
    last_text = "null" if last is None else f'"{iso(last)}"'
    return (
        f'{{"state": {kind}, "step": {_number(step)}, "stability": {_number(stability)}, '
        f'"difficulty": {_number(difficulty)}, "due": "{iso(due)}", "last_review": {last_text}}}'
    )


def review_line(review_id: int, answer: Answer) -> str:
    """One review row: id, token, user_id, question_id, response, score, correct, rating,
    duration_ms, shown_at, answered_at, due_after, before, version_id."""
    now, card, before, correct, rating, due, duration = answer
    item = card.item
    response, score = (item.right, item.right_score) if correct else (item.wrong, item.wrong_score)
    if item.flashcard:  # self-graded: the response is the rating the student chose
        response = f'"{rating}"'
    return (
        f"{review_id}\t{token(review_id)}\t{card.user_id}\t{item.id}\t{response}\t{score!r}\t"
        f"{'t' if correct else 'f'}\t{rating}\t{duration}\t{stamp(now - duration / 1000)}\t"
        f"{stamp(now)}\t{stamp(due)}\t{before_json(before)}\t{item.version_id}\n"
    )


REVIEW_COLUMNS = (
    "id, token, user_id, question_id, response, score, correct, rating, duration_ms, shown_at, "
    "answered_at, due_after, before, version_id"
)
CARD_COLUMNS = (
    "id, user_id, question_id, state, step, stability, difficulty, due, last_review, "
    "first_seen_at, reps, lapses, score_sum, last_wrong_review_id"
)


def card_line(card_id: int, card: CardRow) -> str:
    m = card.memory
    assert m.last is not None
    step = NULL if m.step is None else str(m.step)
    wrong = NULL if card.last_wrong is None else str(card.last_wrong)
    return (
        f"{card_id}\t{card.user_id}\t{card.item.id}\t{m.state}\t{step}\t{m.stability!r}\t"
        f"{m.difficulty!r}\t{stamp(m.due)}\t{stamp(m.last)}\t{stamp(card.first)}\t{card.reps}\t"
        f"{card.lapses}\t{card.score_sum!r}\t{wrong}\n"
    )
