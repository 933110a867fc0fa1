from flask import Blueprint, render_template
from flask_login import current_user

from quizapp.errors import NotFound
from quizapp.progress import services as report
from quizapp.quizzes import practice
from quizapp.web.common import now, user_id
from quizapp.web.progress_links import OWN

bp = Blueprint("progress", __name__, url_prefix="/progress")


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.get("/")
def index() -> str:
    figures = report.student_progress(user_id(), current_user.timezone, now(), None)
    return render_template("progress/index.html", p=figures, links=OWN)


@bp.get("/<slug:slug>/")
def bank(slug: str) -> str:
    figures = report.student_progress(user_id(), current_user.timezone, now(), slug)
    practices = practice.past(user_id(), slug)
    return render_template("progress/index.html", p=figures, links=OWN, practices=practices)


@bp.get("/questions/<id:question_id>")
def question(question_id: int) -> str:
    history = report.question_history(user_id(), question_id)
    return render_template("progress/question.html", h=history, links=OWN)
