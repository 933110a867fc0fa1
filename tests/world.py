"""Two teachers' worlds side by side, for the tests that try every route as an outsider would.

Each side has a class with a student, a private bank the class studies (with a homework on it), a
bank kept for quizzes only, an open quiz on it whose answers show only after it closes, the
student's attempt at it (one answer saved), a practice quiz and a study answer. Side A also has a
co-teacher; a student in no class and an admin stand apart. The quiz questions' right answers,
explanations and feedback on answers are marker words that no page may show a student before the
quiz allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from flask import Flask
from PIL import Image
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks import editor
from quizapp.banks.models import Bank, Question
from quizapp.banks.versions import Origin, add_version
from quizapp.classes import services as classes
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.games import services as games
from quizapp.games import setup as game_setup
from quizapp.homework import services as homework
from quizapp.pictures import services as pictures
from quizapp.quizzes import attempts, practice
from quizapp.quizzes import services as quizzes
from quizapp.sources import library
from quizapp.study import answers
from quizapp.study import services as study
from tests.conftest import Auth

PASSWORD = "correct horse battery"
SECRET = "test-secret"  # TestConfig's key, which signs the answer tokens the pages check


@dataclass
class Side:
    """One teacher's class and everything in it (ids and slugs)."""

    name: str
    owner: int = 0
    student: int = 0
    student_name: str = ""
    class_id: int = 0
    code: str = ""
    study_slug: str = ""
    quiz_slug: str = ""
    study_question: int = 0
    quiz_questions: list[int] = field(default_factory=list)
    quiz_id: int = 0
    attempt_id: int = 0
    practice_id: int = 0
    review_id: int = 0
    source_id: int = 0  # the owner's own source, for all of their banks
    homework_id: int = 0  # on the study bank, due in a week
    game_id: int = 0  # a live game of the class, its student in it, a question open
    picture: str = ""  # a picture of the quiz-only bank, shown by its first quiz question
    secrets: list[str] = field(default_factory=list)  # right answers and explanations


@dataclass
class World:
    a: Side
    b: Side
    users: dict[str, tuple[str, int]]  # relation to side A -> (username, id)
    closes_at: datetime


def _content(qtype: str, prompt: str, explanation: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": qtype,
        "prompt": prompt,
        "explanation": explanation,
        "tags": ["world"],
        "cite": [],
        "spec": {"prompt": prompt, **spec},
    }


def _questions(slug: str, contents: list[dict[str, Any]], now: datetime) -> list[int]:
    with tx.write() as session:
        bank = session.scalars(select(Bank).where(Bank.slug == slug)).one()
        made = []
        for position, content in enumerate(contents):
            question = Question(key=f"{slug}.q{position}", bank_id=bank.id, position=position)
            add_version(session, question, content, Origin("browser", "", bank.owner_id), now)
            made.append(question.id)
    return made


def _quiz_contents(tag: str, picture: str) -> list[dict[str, Any]]:
    """Three quiz questions whose right answers, explanations and per-answer feedback are
    marker words."""
    return [
        _content(
            "short",
            f"Which word names side {tag}? ![Map {tag}](picture:{picture})",
            f"Explained zqvellum{tag} because of the station.",
            {
                "answers": [f"xylograph{tag}"],
                "feedback": {"*": f"Hinted vexquarrel{tag} for any other answer."},
            },
        ),
        _content(
            "choice",
            f"Which option fits side {tag}?",
            f"Reasoned zqvellum{tag} from the memorandum.",
            {
                "options": [f"Pickme{tag}", "Other one", "Third one"],
                "answer": f"Pickme{tag}",
                "credit": {"Other one": 0.5},
                "feedback": {"Other one": f"Half vexquarrel{tag}: close."},
            },
        ),
        _content(
            "cloze",
            f"Side {tag} signs with {{{{quokkaflint{tag}}}}} today.",
            f"Because zqvellum{tag} of the agreement.",
            {},
        ),
    ]


def png(colour: tuple[int, int, int], size: tuple[int, int] = (24, 16)) -> bytes:
    """A small PNG of one colour: each colour a different picture."""
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _side(side: Side, teacher: str, student: str, now: datetime, closes: datetime) -> None:
    tag = side.name
    side.owner = accounts.register(teacher, PASSWORD, "UTC", role="teacher").id
    side.student = accounts.register(student, PASSWORD, "UTC").id
    side.student_name = student
    side.class_id = classes.create_class(side.owner, f"Class {tag}", "", now)
    side.code = classes.class_detail(side.owner, side.class_id).join_code
    side.study_slug = editor.create_bank(side.owner, f"Study {tag}", "", now)
    side.quiz_slug = editor.create_bank(side.owner, f"Exam {tag}", "", now, quiz_only=True)
    colour = (200, 40, 40) if tag == "A" else (40, 40, 200)
    side.picture = pictures.upload(side.owner, side.quiz_slug, png(colour), f"Map {tag}", now).name
    notes = library.Draft(f"Notes {tag}", side.name, None, "", "", [f"Secret notes of {tag}."])
    side.source_id = library.create(side.owner, notes, None, now)
    study_content = _content(
        "short", f"Study question of {tag}?", "Studied openly.", {"answers": [f"open{tag}"]}
    )
    side.study_question = _questions(side.study_slug, [study_content], now)[0]
    side.quiz_questions = _questions(side.quiz_slug, _quiz_contents(tag, side.picture), now)
    # Marker words long enough never to turn up by chance in a random token on a page.
    side.secrets = [f"xylograph{tag}", f"quokkaflint{tag}", f"zqvellum{tag}", f"vexquarrel{tag}"]
    classes.set_banks(side.owner, side.class_id, ["sample", side.study_slug, side.quiz_slug])
    classes.join(side.student, side.code, now)
    settings = quizzes.QuizSettings(
        f"Exam quiz {tag}",
        side.quiz_questions,
        shuffle_questions=False,
        closes_local=closes.replace(tzinfo=None),
        attempts_allowed=2,
        reveal="close",
    )
    side.quiz_id = quizzes.create_quiz(side.owner, side.class_id, settings, now)
    side.attempt_id = attempts.start(side.student, side.quiz_id, now)
    attempts.save_answer(side.student, side.attempt_id, 1, f"guess{tag}", False, now)
    study_bank = db.session.scalars(select(Bank.id).where(Bank.slug == side.study_slug)).one()
    goal = homework.HomeworkSettings(
        f"Homework {tag}", study_bank, "studied", (now + timedelta(days=7)).replace(tzinfo=None)
    )
    side.homework_id = homework.create_homework(side.owner, side.class_id, goal, now)
    game = game_setup.GameSettings("classic", 120, question_ids=[side.study_question])
    side.game_id = game_setup.create_game(side.owner, side.class_id, game, now)
    games.join(side.student, side.game_id, now)
    games.control(side.owner, side.game_id, "start", now)
    side.practice_id = practice.start(side.student, side.study_slug, 0, [], now)
    account = accounts.get_account(side.student)
    shown = study.next_question(account, side.study_slug, now, SECRET, 20)
    assert isinstance(shown, study.Shown)
    side.review_id = answers.submit_answer(
        side.student, side.study_slug, shown.token, "wrong", now, SECRET
    ).review_id


def build(app: Flask, now: datetime) -> World:
    """Both sides, the co-teacher, a student in no class and an admin (sample banks imported)."""
    closes = now + timedelta(days=2)
    with app.app_context():
        a, b = Side("A"), Side("B")
        _side(a, "a_owner", "a_student", now, closes)
        _side(b, "b_owner", "b_student", now, closes)
        co = accounts.register("a_co", PASSWORD, "UTC", role="teacher").id
        classes.add_co_teacher(a.owner, a.class_id, "a_co")
        loner = accounts.register("loner", PASSWORD, "UTC").id
        admin = accounts.register("boss", PASSWORD, "UTC", role="admin").id
        db.session.remove()
    users = {
        "owner": ("a_owner", a.owner),
        "co-teacher": ("a_co", co),
        "other teacher": ("b_owner", b.owner),
        "admin": ("boss", admin),
        "student of the class": ("a_student", a.student),
        "student of another class": ("b_student", b.student),
        "student in no class": ("loner", loner),
    }
    return World(a, b, users, closes)


def clients(app: Flask, world: World) -> dict[str, Any]:
    """A logged-in test client for each relation to side A, and an anonymous one."""
    found = {"anonymous": app.test_client()}
    for relation, (username, _) in world.users.items():
        client = app.test_client()
        assert Auth(client).login(username, PASSWORD).status_code == 302, relation
        found[relation] = client
    return found
