"""Practice quizzes: "Quiz me" on a bank, one question at a time, a score at the end."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.core.answer_token import InvalidToken
from quizapp.core.grading import Response as Grading
from quizapp.errors import NotFound, QuestionRetired
from quizapp.quizzes import practice, practice_result
from quizapp.study import answers, feedback
from quizapp.study.forms import UNANSWERED, AnswerForm
from quizapp.study.services import Shown
from quizapp.web.common import now, secret, user_id

bp = Blueprint("practice", __name__)


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.errorhandler(InvalidToken)
def invalid_token(exc: InvalidToken) -> tuple[str, int]:
    return render_template("study/refused.html", message=str(exc), slug=None), 400


@bp.errorhandler(QuestionRetired)
def retired(exc: QuestionRetired) -> tuple[str, int]:
    return render_template("study/refused.html", message=str(exc), slug=None), 410


@bp.post("/study/<slug:slug>/practice")
def start(slug: str) -> Response:
    size = request.form.get("size", type=int)
    size = size if size in practice.SIZES else 10
    tags = [t for t in request.form.getlist("tags") if t][:50]
    attempt_id = practice.start(user_id(), slug, size, tags, now())
    return redirect(url_for("practice.item", attempt_id=attempt_id, position=1), code=303)


def _page(item: practice.PracticeItem, shown: Shown, form: AnswerForm | None) -> tuple[str, int]:
    action = url_for("practice.answer", attempt_id=item.attempt_id, position=item.position)
    page = render_template(
        "study/question.html",
        bank=item.bank,
        shown=shown,
        form=form or UNANSWERED,
        answer_url=action,
        practice=item,
    )
    return page, 422 if form else 200


@bp.get("/practice/<id:attempt_id>/<num:position>")
def item(attempt_id: int, position: int) -> tuple[str, int]:
    found = practice.item(user_id(), attempt_id, position, now(), secret())
    if found.shown is not None:
        return _page(found, found.shown, None)
    assert found.review_id is not None
    result = feedback.feedback(user_id(), found.bank.slug, found.review_id)
    last = position >= found.count
    target = (
        url_for("practice.result", attempt_id=attempt_id)
        if last
        else url_for("practice.item", attempt_id=attempt_id, position=position + 1)
    )
    label = "See your score" if last else f"Question {position + 1} of {found.count}"
    page = render_template("study/feedback.html", result=result, next_url=target, next_label=label)
    return page, 200


@bp.post("/practice/<id:attempt_id>/<num:position>")
def answer(attempt_id: int, position: int) -> Response | tuple[str, int]:
    found = practice.item(user_id(), attempt_id, position, now(), secret())
    if found.shown is None:  # answered already (a second tab, a double click)
        return redirect(url_for("practice.item", attempt_id=attempt_id, position=position), 303)
    form = AnswerForm()
    form.validate()

    def accept(shown: Shown) -> Grading | None:
        if not form.check_for(shown.type, shown.part_count, shown.choices):
            return None
        return form.response(shown.type, shown.choices)

    token = form.token.data or ""
    outcome = answers.answer(user_id(), found.bank.slug, token, now(), secret(), accept)
    if isinstance(outcome, answers.Refused):
        return _page(found, outcome.shown, form)
    practice.link(user_id(), attempt_id, position, outcome.review_id, now())
    return redirect(url_for("practice.item", attempt_id=attempt_id, position=position), code=303)


@bp.get("/practice/<id:attempt_id>/")
def result(attempt_id: int) -> str:
    r = practice_result.result(user_id(), attempt_id)
    return render_template("quizzes/practice_result.html", r=r)


@bp.post("/practice/<id:attempt_id>/retry")
def retry(attempt_id: int) -> Response:
    again = practice_result.retry(user_id(), attempt_id, now())
    return redirect(url_for("practice.item", attempt_id=again, position=1), code=303)
