from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.core.answer_token import InvalidToken
from quizapp.core.grading import Response as Grading
from quizapp.errors import NotFound, QuestionRetired
from quizapp.quizzes import practice
from quizapp.study import answers, feedback, figures, overrides
from quizapp.study import services as study
from quizapp.study.forms import UNANSWERED, AnswerForm, Unanswered
from quizapp.web.common import now, secret, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("study", __name__, url_prefix="/study")


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


def _refused(message: str, status: int) -> tuple[str, int]:
    slug = (request.view_args or {}).get("slug")
    return render_template("study/refused.html", message=message, slug=slug), status


@bp.errorhandler(InvalidToken)
def invalid_token(exc: InvalidToken) -> tuple[str, int]:
    return _refused(str(exc), 400)


@bp.errorhandler(QuestionRetired)
def retired(exc: QuestionRetired) -> tuple[str, int]:
    return _refused(str(exc), 410)


@bp.get("/<slug:slug>/")
def overview(slug: str) -> str:
    stats = figures.bank_stats(user_id(), current_user.timezone, slug, now())
    topics = practice.topics(user_id(), slug)
    return render_template("study/overview.html", bank=stats, stats=stats, topics=topics)


def _question_page(
    shown: study.Shown, form: AnswerForm | Unanswered, status: int = 200
) -> tuple[str, int]:
    page = render_template("study/question.html", bank=shown.bank, shown=shown, form=form)
    return page, status


@bp.get("/<slug:slug>/next")
def next_question(slug: str) -> tuple[str, int]:
    limit = current_app.config["NEW_PER_DAY"]
    item = study.next_question(current_user.account, slug, now(), secret(), limit)
    if isinstance(item, study.NothingDue):
        return render_template("study/done.html", bank=item.bank, item=item), 200
    return _question_page(item, UNANSWERED)


def _to_feedback(slug: str, recorded: answers.Recorded) -> Response:
    if recorded.already_answered:
        flash(
            "You had already answered this question in another tab or window: "
            "this is the answer that counted.",
            "info",
        )
    return redirect(url_for("study.answered", slug=slug, review_id=recorded.review_id), code=303)


@bp.post("/<slug:slug>/answer")
def answer(slug: str) -> Response | tuple[str, int]:
    form = AnswerForm()
    form.validate()  # field errors are kept; the question shown decides which of them count

    def accept(shown: study.Shown) -> Grading | None:
        if not form.check_for(shown.type, shown.part_count, shown.choices):
            return None
        return form.response(shown.type, shown.choices)

    outcome = answers.answer(user_id(), slug, form.token.data or "", now(), secret(), accept)
    if isinstance(outcome, answers.Refused):
        return _question_page(outcome.shown, form, 422)
    return _to_feedback(slug, outcome)


@bp.get("/<slug:slug>/answers/<id:review_id>")
def answered(slug: str, review_id: int) -> str:
    result = feedback.feedback(user_id(), slug, review_id)
    stats = figures.bank_stats(user_id(), current_user.timezone, slug, now())
    return render_template("study/feedback.html", result=result, stats=stats)


@bp.post("/<slug:slug>/more-new")
def more_new(slug: str) -> Response:
    if PostForm().validate_on_submit():
        study.allow_more_new(user_id(), slug, now())
    return redirect(url_for("study.next_question", slug=slug), code=303)


@bp.post("/<slug:slug>/answers/<id:review_id>/right")
def claim_right(slug: str, review_id: int) -> Response:
    if PostForm().validate_on_submit():
        try:
            overrides.claim_right(user_id(), slug, review_id, now())
            flash(
                "Your answer now counts as right (rated Hard): you said you were right.", "success"
            )
        except overrides.CannotOverride as refused:
            flash(str(refused), "info")
    return redirect(url_for("study.answered", slug=slug, review_id=review_id), code=303)
