"""A live class game's rules: its modes, its phases, the clock and the points, as pure functions.

The game's state lives in the database; these functions read it as plain values and say what it
is now (a question whose time is up is revealed without anyone writing it) and what a teacher's
action makes of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

CLASSIC = "classic"
ACCURACY = "accuracy"
CLASS = "class"
MODES = (CLASSIC, ACCURACY, CLASS)
MODE_NAMES = {
    CLASSIC: "Classic: points for right answers, more for quick ones, the top five shown",
    ACCURACY: "Accuracy: points for right answers only, however long they take",
    CLASS: "The class against the questions: one class score, no one ranked",
}

LOBBY = "lobby"
QUESTION = "question"
REVEAL = "reveal"
ENDED = "ended"
PHASES = (LOBBY, QUESTION, REVEAL, ENDED)

ACTIONS = ("start", "next", "skip", "pause", "resume", "end")
GRACE = timedelta(seconds=1.5)  # an answer sent just before the time, still in flight
SECONDS = (10, 20, 30, 45, 60, 90, 120)
TOP = 5

CLASSIC_MAX = 1000  # a right answer given at once
CLASSIC_MIN = 500  # a right answer given at the last moment
ACCURACY_POINTS = 100


class InvalidMove(Exception):
    """The action does not apply to the game as it is now (a double click, a stale page)."""


@dataclass(frozen=True)
class Clock:
    """A game's state as stored: the phase, the question on screen and its clock."""

    phase: str
    position: int  # 1-based; 0 in the lobby
    count: int  # questions in the game
    seconds: int  # each question's time
    started_at: datetime | None  # when the current question opened (moved on by pauses)
    paused_at: datetime | None


def deadline(clock: Clock, now: datetime) -> datetime | None:
    """When the current question's time runs out; a pause holds it back as long as it lasts."""
    if clock.started_at is None:
        return None
    held = now - clock.paused_at if clock.paused_at is not None else timedelta(0)
    return clock.started_at + timedelta(seconds=clock.seconds) + held


def remaining(clock: Clock, now: datetime) -> float:
    """Seconds left for the current question, never below 0."""
    end = deadline(clock, now)
    if clock.phase != QUESTION or end is None:
        return 0.0
    return max(0.0, (end - now).total_seconds())


def phase_now(clock: Clock, now: datetime, answered: int, players: int) -> str:
    """The phase as players see it: an open question is revealed once its time is up or every
    player has answered, without anyone writing it."""
    if clock.phase != QUESTION:
        return clock.phase
    if clock.paused_at is None and remaining(clock, now) <= 0:
        return REVEAL
    if players > 0 and answered >= players:
        return REVEAL
    return QUESTION


def accepts_answer(clock: Clock, position: int, now: datetime) -> bool:
    """Whether an answer to `position` still counts: its question is open and its time (plus a
    small grace for the request in flight) not over."""
    end = deadline(clock, now)
    if clock.phase != QUESTION or position != clock.position or end is None:
        return False
    return now <= end + GRACE


def _open(clock: Clock, position: int, now: datetime) -> Clock:
    return replace(clock, phase=QUESTION, position=position, started_at=now, paused_at=None)


def _ended(clock: Clock) -> Clock:
    return replace(clock, phase=ENDED, paused_at=None)


def apply(clock: Clock, action: str, now: datetime, shown_phase: str) -> Clock:
    """The clock after a teacher's action; `shown_phase` is phase_now's answer.

    next: reveal an open question at once, or open the next one after a reveal (the last one
    ends the game); skip: go to the next question without a reveal; pause and resume hold the
    clock; end: the game is over.
    """
    if clock.phase == ENDED or action not in ACTIONS:
        raise InvalidMove(action)
    if action == "end":
        return _ended(clock)
    if action == "start":
        if clock.phase != LOBBY or clock.count == 0:
            raise InvalidMove(action)
        return _open(clock, 1, now)
    if action in {"pause", "resume"}:
        return _paused(clock, action == "pause", now)
    if clock.phase == LOBBY:
        raise InvalidMove(action)
    if action == "next" and shown_phase == QUESTION:
        return replace(clock, phase=REVEAL, paused_at=None)
    if clock.position >= clock.count:
        return _ended(clock)
    return _open(clock, clock.position + 1, now)


def _paused(clock: Clock, pause: bool, now: datetime) -> Clock:
    if pause == (clock.paused_at is not None):
        raise InvalidMove("pause" if pause else "resume")
    if pause:
        return replace(clock, paused_at=now)
    assert clock.paused_at is not None
    started = clock.started_at + (now - clock.paused_at) if clock.started_at else None
    return replace(clock, paused_at=None, started_at=started)


def points(mode: str, correct: bool, elapsed: float, seconds: int) -> int:
    """The points one answer earns: classic gives 500 to 1000 for a right answer, the quicker the
    more; accuracy 100 for a right answer; the class mode 1, counted only towards the class."""
    if not correct:
        return 0
    if mode == CLASSIC:
        share = min(1.0, max(0.0, elapsed / seconds)) if seconds > 0 else 1.0
        return round(CLASSIC_MAX - (CLASSIC_MAX - CLASSIC_MIN) * share)
    if mode == ACCURACY:
        return ACCURACY_POINTS
    return 1


def class_score(right: int, answers_expected: int) -> int:
    """The class's score in percent: the share of the answers it owed that were right (a player
    who did not answer owes one too)."""
    if answers_expected <= 0:
        return 0
    return round(100 * right / answers_expected)


def shows_ranking(mode: str) -> bool:
    """Whether players see standings; the class mode never ranks anyone."""
    return mode != CLASS


@dataclass(frozen=True)
class Standing:
    player_id: int
    name: str
    points: int
    rank: int


def standings(totals: list[tuple[int, str, int]]) -> list[Standing]:
    """Players by points (ties share a rank, then by name): (player id, name, points) rows."""
    ordered = sorted(totals, key=lambda row: (-row[2], row[1].casefold(), row[0]))
    found: list[Standing] = []
    for index, (player_id, name, total) in enumerate(ordered):
        rank = found[-1].rank if found and found[-1].points == total else index + 1
        found.append(Standing(player_id, name, total, rank))
    return found


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    right: bool


MAX_BARS = 8


def distribution(options: list[tuple[str, bool]], given: list[tuple[list[str], bool]]) -> list[Bar]:
    """How the room answered: each option (label, right) in its order, then any other answer
    given, most given first, at most MAX_BARS bars. `given` holds each answer's labels (several
    for a question with several right options) and whether the answer was right."""
    counts: dict[str, int] = {label: 0 for label, _ in options}
    right = dict(options)
    for labels, correct in given:
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
            right.setdefault(label, correct)
    fixed = [Bar(label, counts[label], right[label]) for label, _ in options]
    others = sorted(
        (Bar(label, n, right[label]) for label, n in counts.items() if label not in dict(options)),
        key=lambda bar: (-bar.count, bar.label),
    )
    return (fixed + others)[: max(MAX_BARS, len(fixed))]


NICKNAME = 24  # the longest nickname a guest may take


class BadNickname(ValueError):
    """A nickname a guest may not take; str() says why, in plain words."""


def nickname(typed: str) -> str:
    """A guest's nickname as typed, trimmed (inner runs of spaces made one); BadNickname when it
    is empty, longer than NICKNAME or holds characters that do not print."""
    name = " ".join(part for part in typed.strip().split(" ") if part)
    if not name:
        raise BadNickname("Type a nickname.")
    if len(name) > NICKNAME:
        raise BadNickname(f"A nickname has at most {NICKNAME} characters.")
    if not name.isprintable():
        raise BadNickname("Use letters, digits, spaces and punctuation only.")
    return name


def nickname_key(name: str) -> str:
    """What two nicknames share when they differ only in case: one of them is refused."""
    return name.casefold()
