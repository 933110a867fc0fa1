"""Quizzes: teachers set them and read the gradebook and item analysis; students take them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.errors import NotFound
from quizapp.quizzes import attempts, gradebook, item_stats, picker, results
from quizapp.quizzes import services as quizzes
from quizapp.quizzes.forms import OverrideForm, QuizAnswerForm, QuizForm
from quizapp.study.services import Shown
from quizapp.web.common import actor, now, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("quizzes", __name__)


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


@bp.errorhandler(attempts.QuizClosed)
def closed(exc: attempts.QuizClosed) -> Response:
    flash(str(exc), "info")
    return redirect(url_for("quizzes.mine"), code=303)


# --- teachers ---------------------------------------------------------------------------------


@bp.get("/classes/<id:class_id>/quizzes/")
def class_quizzes(class_id: int) -> str:
    found = quizzes.class_quizzes(user_id(), class_id, now())
    return render_template(
        "quizzes/class.html", class_id=class_id, class_name=found.class_name, quizzes=found.quizzes
    )


def _quiz_form_page(class_id: int, form: QuizForm, status: int = 200) -> tuple[str, int]:
    pool = quizzes.question_pool(user_id(), class_id)
    form.questions.choices = [(q.id, q.prompt) for q in pool]
    zone = quizzes.class_zone(user_id(), class_id)
    chosen = set(form.questions.data or [])
    page = render_template(
        "quizzes/new.html",
        class_id=class_id,
        form=form,
        pool=pool,
        groups=picker.grouped(pool, chosen),
        tags=picker.all_tags(pool),
        chosen=chosen,
        zone=zone,
    )
    return page, status


@bp.get("/classes/<id:class_id>/quizzes/new")
def new_quiz(class_id: int) -> tuple[str, int]:
    return _quiz_form_page(class_id, QuizForm())


def _tags(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


@bp.post("/classes/<id:class_id>/quizzes/new")
def create_quiz(class_id: int) -> Response | tuple[str, int]:
    form = QuizForm()
    if not form.validate():
        return _quiz_form_page(class_id, form, 422)
    attempts_allowed = int(form.attempts.data or "1") or None
    settings = quizzes.QuizSettings(
        title=form.title.data,
        question_ids=list(form.questions.data or []),
        draw_count=form.draw_count.data,
        stratify=_tags(form.stratify.data),
        shuffle_questions=bool(form.shuffle_questions.data),
        shuffle_options=bool(form.shuffle_options.data),
        opens_local=form.opens.data,
        closes_local=form.closes.data,
        time_limit_minutes=form.time_limit.data,
        question_time_s=form.question_time.data,
        attempts_allowed=attempts_allowed,
        grading=str(form.grading.data),
        reveal=str(form.reveal.data),
        layout=str(form.layout.data),
        studied_ok=bool(form.studied_ok.data),
    )
    try:
        quizzes.create_quiz(user_id(), class_id, settings, now())
    except quizzes.QuizRefused as refused:
        form[refused.field_name].errors = [str(refused)]
        return _quiz_form_page(class_id, form, 422)
    flash("Quiz created: your students see it on their Quizzes page.", "success")
    return redirect(url_for("quizzes.class_quizzes", class_id=class_id), code=303)


@bp.get("/classes/<id:class_id>/gradebook")
def class_gradebook(class_id: int) -> str:
    book = gradebook.gradebook(user_id(), class_id, now())
    return render_template("quizzes/gradebook.html", book=book)


@bp.get("/classes/<id:class_id>/gradebook.csv")
def gradebook_csv(class_id: int) -> Response:
    book = gradebook.gradebook(user_id(), class_id, now())
    return Response(
        gradebook.as_csv(book),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="gradebook.csv"'},
    )


@bp.get("/classes/<id:class_id>/gradebook/<id:student_id>")
def student_attempts(class_id: int, student_id: int) -> str:
    username, rows = gradebook.student_attempts(user_id(), class_id, student_id)
    return render_template(
        "quizzes/student_attempts.html",
        class_id=class_id,
        student_id=student_id,
        username=username,
        rows=rows,
        form=OverrideForm(),
    )


@bp.post("/classes/<id:class_id>/attempts/<id:attempt_id>/override")
def override(class_id: int, attempt_id: int) -> Response:
    form = OverrideForm()
    student = request.form.get("student", type=int) or 0
    if not form.validate():
        gradebook.check_attempt(user_id(), class_id, attempt_id)  # "not found" for outsiders
        flash("Give a score between 0 and 100 and the reason.", "error")
    else:
        try:
            student = gradebook.override(
                actor(), class_id, attempt_id, float(form.percent.data), form.reason.data, now()
            )
            flash("Score changed; the reason is kept with it.", "success")
        except gradebook.OverrideRefused as refused:
            flash(str(refused), "error")
    if not student:
        return redirect(url_for("quizzes.class_gradebook", class_id=class_id), code=303)
    target = url_for("quizzes.student_attempts", class_id=class_id, student_id=student)
    return redirect(target, code=303)


# --- students ---------------------------------------------------------------------------------


@bp.get("/quizzes/")
def mine() -> str:
    found = results.student_quizzes(user_id(), now())
    return render_template("quizzes/mine.html", quizzes=found, post=PostForm())


@bp.get("/quizzes/grades")
def my_grades() -> str:
    # The signed-in student's quizzes only: the page takes no student id to change.
    found = results.student_quizzes(user_id(), now())
    return render_template("quizzes/grades.html", quizzes=found)


@bp.post("/quizzes/<id:quiz_id>/start")
def start(quiz_id: int) -> Response:
    attempt_id = attempts.start(user_id(), quiz_id, now())
    if attempts.layout(user_id(), attempt_id) == "single":
        return redirect(url_for("quizzes.whole", attempt_id=attempt_id), code=303)
    position = attempts.resume_at(user_id(), attempt_id)
    return redirect(url_for("quizzes.item", attempt_id=attempt_id, position=position), code=303)


def _prefill(shown: Shown, saved: Any) -> dict[str, Any]:
    if saved is None:
        return {}
    if shown.type == "multi":
        return {"picks": list(saved)}
    if shown.type in {"cloze", "matching"}:
        return {"parts": list(saved)}
    if shown.type == "ordering":
        order = list(saved)
        return {"parts": [str(order.index(c) + 1) if c in order else "" for c in shown.choices]}
    return {"answer": saved}


def _item_page(page: attempts.ItemPage, form: QuizAnswerForm, status: int = 200) -> tuple[str, int]:
    return render_template("quizzes/item.html", p=page, shown=page.shown, form=form), status


def _finished(attempt_id: int) -> Response:
    """Time ran out (or the attempt was submitted): what was saved counts; show the result."""
    attempts.submit(user_id(), attempt_id, now())
    flash("Time is up: your saved answers were submitted.", "info")
    return redirect(url_for("quizzes.result", attempt_id=attempt_id), code=303)


@bp.get("/attempts/<id:attempt_id>/<num:position>")
def item(attempt_id: int, position: int) -> Response | tuple[str, int]:
    try:
        page = attempts.item_page(user_id(), attempt_id, position, now())
    except attempts.QuizClosed:
        return _finished(attempt_id)
    if page.first_shown:  # this question's own time runs from now
        attempts.mark_shown(user_id(), attempt_id, position, now())
    form = QuizAnswerForm(formdata=None, data=_prefill(page.shown, page.saved))
    return _item_page(page, form)


def _next(attempt_id: int, go: str | None) -> Response:
    if go and go.isascii() and go.isdigit() and len(go) <= 6:  # "²" is a digit too
        target = url_for("quizzes.item", attempt_id=attempt_id, position=int(go))
    else:
        target = url_for("quizzes.review", attempt_id=attempt_id)
    return redirect(target, code=303)


@bp.post("/attempts/<id:attempt_id>/<num:position>")
def save(attempt_id: int, position: int) -> Response | tuple[str, int]:
    form = QuizAnswerForm()
    form.validate()

    def accept(shown: Shown, locked: bool) -> attempts.Given | None:
        answered = not locked and _gave_something(form, shown)
        if answered and not form.check_for(shown.type, shown.part_count, shown.choices):
            return None
        response = form.response(shown.type, shown.choices) if answered else None
        return response, bool(form.flagged.data)

    try:
        saved = attempts.answer_item(user_id(), attempt_id, position, accept, now())
        if saved is attempts.Saved.REFUSED:
            page = attempts.item_page(user_id(), attempt_id, position, now())
            return _item_page(page, form, 422)
    except attempts.QuizClosed:
        return _finished(attempt_id)
    if saved is attempts.Saved.LATE:
        flash(f"Time for question {position} was up: that answer was not saved.", "error")
    if saved is attempts.Saved.REVEALED:  # the right answer, at once, before moving on
        return redirect(url_for("quizzes.item", attempt_id=attempt_id, position=position), 303)
    return _next(attempt_id, request.form.get("go"))


def _gave_something(form: QuizAnswerForm, shown: Shown) -> bool:
    """Moving on without answering leaves the question unanswered, not wrong."""
    if shown.type == "multi":
        return bool(form.picks.data)
    if shown.type in {"cloze", "matching", "ordering"}:
        return any((entry.data or "").strip() for entry in form.parts)
    return bool((form.answer.data or "").strip())


def _pages(attempt_id: int) -> list[attempts.ItemPage]:
    return attempts.item_pages(user_id(), attempt_id, now())


def _whole(
    pages: list[attempts.ItemPage], forms: list[QuizAnswerForm], status: int = 200
) -> tuple[str, int]:
    page = render_template(
        "quizzes/whole.html", p=pages[0], pages=list(zip(pages, forms, strict=True))
    )
    return page, status


@bp.get("/attempts/<id:attempt_id>/all")
def whole(attempt_id: int) -> Response | tuple[str, int]:
    """The whole quiz on one page (the teacher's choice of layout)."""
    try:
        pages = _pages(attempt_id)
    except attempts.QuizClosed:
        return _finished(attempt_id)
    forms = [
        QuizAnswerForm(formdata=None, prefix=f"q{p.position}-", data=_prefill(p.shown, p.saved))
        for p in pages
    ]
    return _whole(pages, forms)


@bp.post("/attempts/<id:attempt_id>/all")
def save_all(attempt_id: int) -> Response | tuple[str, int]:
    try:
        pages = _pages(attempt_id)
    except attempts.QuizClosed:
        return _finished(attempt_id)
    forms, given, refused = [], {}, False
    for page in pages:
        form = QuizAnswerForm(prefix=f"q{page.position}-")
        form.validate()
        shown = page.shown
        answered = not page.locked and _gave_something(form, shown)
        if answered and not form.check_for(shown.type, shown.part_count, shown.choices):
            refused = True
        response = form.response(shown.type, shown.choices) if answered and not refused else None
        given[page.position] = (response, bool(form.flagged.data))
        forms.append(form)
    if refused:
        return _whole(pages, forms, 422)
    try:
        attempts.save_answers(user_id(), attempt_id, given, now())
    except attempts.QuizClosed:
        return _finished(attempt_id)
    if request.form.get("go") == "submit":
        attempts.submit(user_id(), attempt_id, now())
        return redirect(url_for("quizzes.result", attempt_id=attempt_id), code=303)
    flash("Your answers are saved.", "success")
    return redirect(url_for("quizzes.whole", attempt_id=attempt_id), code=303)


@bp.get("/attempts/<id:attempt_id>/")
def review(attempt_id: int) -> Response | str:
    try:
        page = attempts.item_page(user_id(), attempt_id, 1, now())
    except attempts.QuizClosed:
        return _finished(attempt_id)
    return render_template("quizzes/review.html", p=page, post=PostForm())


def _left_open_unconfirmed(attempt_id: int) -> tuple[str, int] | None:
    """The review page again when it asked about open questions and the box was not ticked."""
    if "asked" not in request.form or request.form.get("leave_open") == "y":
        return None
    page = attempts.item_page(user_id(), attempt_id, 1, now())
    if all(n.answered for n in page.nav):  # answered in another tab since
        return None
    html = render_template("quizzes/review.html", p=page, post=PostForm(), unconfirmed=True)
    return html, 422


@bp.post("/attempts/<id:attempt_id>/submit")
def submit(attempt_id: int) -> Response | tuple[str, int]:
    if PostForm().validate_on_submit():
        try:
            asked_again = _left_open_unconfirmed(attempt_id)
        except attempts.QuizClosed:
            return _finished(attempt_id)
        if asked_again:
            return asked_again
        attempts.submit(user_id(), attempt_id, now())
    return redirect(url_for("quizzes.result", attempt_id=attempt_id), code=303)


@bp.get("/attempts/<id:attempt_id>/result")
def result(attempt_id: int) -> str:
    found = results.result(user_id(), attempt_id, now())
    return render_template("quizzes/result.html", r=found)


@bp.get("/quizzes/<id:quiz_id>/analysis")
def analysis(quiz_id: int) -> str:
    found = item_stats.analysis(user_id(), quiz_id, now())
    return render_template("quizzes/analysis.html", a=found)
