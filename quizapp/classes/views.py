import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response

from quizapp.classes import questions as class_questions
from quizapp.classes import roster, roster_table, sign_in
from quizapp.classes import services as classes
from quizapp.classes.forms import ClassBanksForm, ClassForm, CoTeacherForm, JoinForm
from quizapp.errors import NotFound
from quizapp.extensions import limiter
from quizapp.games import services as games
from quizapp.progress import services as report
from quizapp.web import progress_links, ratelimit
from quizapp.web.common import now, public_url, user_id
from quizapp.web.forms import PostForm
from quizapp.web.progress_links import ProgressLinks

bp = Blueprint("classes", __name__, url_prefix="/classes")


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


def _is_teacher() -> bool:
    return current_user.role in classes.TEACHING_ROLES


@bp.get("/")
def index() -> str:
    if _is_teacher():
        return render_template(
            "classes/teacher.html", classes=classes.teacher_classes(user_id()), form=ClassForm()
        )
    return render_template(
        "classes/student.html",
        classes=classes.student_classes(user_id()),
        games=games.live_games(user_id()),
        form=JoinForm(),
    )


@bp.post("/")
def create() -> Response | tuple[str, int]:
    form = ClassForm()
    if not form.validate_on_submit():
        page = render_template(
            "classes/teacher.html", classes=classes.teacher_classes(user_id()), form=form
        )
        return page, 422
    class_id = classes.create_class(user_id(), form.name.data, form.description.data or "", now())
    flash("Class created. Show the join code to your students.", "success")
    return redirect(url_for("classes.detail", class_id=class_id), code=303)


def _join_link(code: str) -> str:
    return url_for("classes.join_with_code", code=code, _external=True)


@bp.get("/<id:class_id>/")
def detail(class_id: int) -> str:
    found = classes.class_detail(user_id(), class_id)
    sort = request.args.get("sort", "name")
    sort = sort if sort in roster.SORTS else "name"
    query = request.args.get("q", "").strip()[:80]
    listing = roster.roster(user_id(), class_id, now(), sort, query)
    link = _join_link(found.join_code)
    qr = segno.make(link, error="m").svg_inline(scale=5, title=f"QR code of {link}")
    banks = ClassBanksForm(banks=[b.slug for b in found.banks if b.assigned])
    return render_template(
        "classes/detail.html",
        c=found,
        link=link,
        qr=qr,
        banks_form=banks,
        teacher_form=CoTeacherForm(),
        roster=listing,
        sort=sort,
        now=now(),
        games=games.class_games(user_id(), class_id),
    )


@bp.get("/<id:class_id>/roster.csv")
def roster_csv(class_id: int) -> Response:
    found = classes.class_detail(user_id(), class_id)
    listing = roster.roster(user_id(), class_id, now())
    body = roster_table.as_csv(listing, now())
    filename = secure_filename(f"{found.name}-roster.csv") or "roster.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _student_links(class_id: int, student_id: int) -> tuple[str, ProgressLinks]:
    found = classes.class_detail(user_id(), class_id)
    username, timezone = roster.student_in_class(user_id(), class_id, student_id)
    return timezone, progress_links.of_student(class_id, found.name, student_id, username)


@bp.get("/<id:class_id>/students/<id:student_id>/")
def student(class_id: int, student_id: int) -> str:
    timezone, links = _student_links(class_id, student_id)
    figures = report.student_progress(student_id, timezone, now(), None)
    reset = url_for("classes.reset_password", class_id=class_id, student_id=student_id)
    return render_template("progress/index.html", p=figures, links=links, reset_url=reset)


@bp.get("/<id:class_id>/students/<id:student_id>/banks/<slug:slug>/")
def student_bank(class_id: int, student_id: int, slug: str) -> str:
    timezone, links = _student_links(class_id, student_id)
    figures = report.student_progress(student_id, timezone, now(), slug)
    return render_template("progress/index.html", p=figures, links=links)


@bp.get("/<id:class_id>/students/<id:student_id>/questions/<id:question_id>")
def student_question(class_id: int, student_id: int, question_id: int) -> str:
    _, links = _student_links(class_id, student_id)
    history = report.question_history(student_id, question_id)
    return render_template("progress/question.html", h=history, links=links)


def _back(class_id: int) -> Response:
    return redirect(url_for("classes.detail", class_id=class_id), code=303)


@bp.post("/<id:class_id>/code")
def rotate_code(class_id: int) -> Response:
    if PostForm().validate_on_submit():
        classes.rotate_code(user_id(), class_id)
        flash("A new join code: the old one no longer works.", "success")
    return _back(class_id)


@bp.post("/<id:class_id>/joining")
def joining(class_id: int) -> Response:
    if PostForm().validate_on_submit():
        is_open = request.form.get("open") == "1"
        classes.set_joining(user_id(), class_id, is_open)
        flash("Joining is open." if is_open else "Joining is closed.", "success")
    return _back(class_id)


@bp.post("/<id:class_id>/banks")
def set_banks(class_id: int) -> Response:
    form = ClassBanksForm()
    if form.validate_on_submit():
        classes.set_banks(user_id(), class_id, list(form.banks.data or []))
        flash("The class's banks are saved.", "success")
    return _back(class_id)


@bp.post("/<id:class_id>/teachers")
def add_teacher(class_id: int) -> Response:
    form = CoTeacherForm()
    classes.teaching(user_id(), class_id)  # an outsider hears "not found", not the form's errors
    if form.validate_on_submit():
        try:
            name = classes.add_co_teacher(user_id(), class_id, form.username.data)
            flash(f"{name} now teaches this class too.", "success")
        except classes.ClassRefused as refused:
            flash(str(refused), "info")
    return _back(class_id)


@bp.post("/<id:class_id>/students/<id:student_id>/remove")
def remove_student(class_id: int, student_id: int) -> Response:
    if PostForm().validate_on_submit():
        classes.remove_student(user_id(), class_id, student_id)
        flash("The student is no longer in this class; their own progress is kept.", "success")
    return _back(class_id)


@bp.post("/<id:class_id>/students/<id:student_id>/password-reset")
def reset_password(class_id: int, student_id: int) -> Response | str:
    """A one-time code for the student to set a new password, shown to the teacher this once."""
    if not PostForm().validate_on_submit():
        return redirect(url_for("classes.student", class_id=class_id, student_id=student_id))
    issued = sign_in.reset_student_password(user_id(), class_id, student_id, now())
    link = public_url("reset.link", token=issued.token)
    return render_template(
        "accounts/reset_issued.html",
        issued=issued,
        link=link,
        qr=_qr(link),
        address=public_url("reset.code"),
        back=url_for("classes.student", class_id=class_id, student_id=student_id),
        back_label=f"Back to {issued.username}'s progress",
    )


def _qr(link: str, scale: int = 4) -> str:
    return str(segno.make(link, error="m").svg_inline(scale=scale, title="QR code of the link"))


@bp.post("/<id:class_id>/sign-in-cards")
def sign_in_cards(class_id: int) -> Response | str:
    """A printable card per student: username and a set-up code (shown this once)."""
    if not PostForm().validate_on_submit():
        return _back(class_id)
    made = sign_in.sign_in_cards(user_id(), class_id, now())
    links = [public_url("reset.link", token=card.token) for card in made.cards]
    return render_template(
        "classes/sign_in_cards.html",
        made=made,
        cards=[(card, _qr(link, 2)) for card, link in zip(made.cards, links, strict=True)],
        address=public_url("reset.code"),
        class_id=class_id,
    )


@bp.get("/join/<code>")
def join_with_code(code: str) -> str:
    return render_template("classes/join.html", form=JoinForm(data={"code": code}))


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(
    ratelimit.setting("JOIN_RATE_LIMIT"), key_func=ratelimit.signed_in_user, methods=["POST"]
)
def join() -> Response | str | tuple[str, int]:
    form = JoinForm()
    if form.validate_on_submit():
        try:
            name = classes.join(user_id(), form.code.data, now())
        except classes.ClassRefused as refused:
            form.code.errors = [str(refused)]
            return render_template("classes/join.html", form=form), 422
        flash(f"You are in {name}.", "success")
        return redirect(url_for("classes.index"), code=303)
    return render_template("classes/join.html", form=form), 422 if form.errors else 200


@bp.post("/<id:class_id>/leave")
def leave(class_id: int) -> Response:
    if PostForm().validate_on_submit():
        classes.leave(user_id(), class_id)
        flash("You have left the class. Your progress is yours and stays.", "success")
    return redirect(url_for("classes.index"), code=303)


@bp.get("/<id:class_id>/questions/")
def questions(class_id: int) -> str:
    found = classes.class_detail(user_id(), class_id)
    sort = request.args.get("sort", "order")
    sort = sort if sort in class_questions.SORTS else "order"
    shown = class_questions.questions_page(
        user_id(),
        class_id,
        now(),
        sort,
        query=request.args.get("q", "").strip()[:200],
        tag=request.args.get("tag", "").strip()[:100],
        page=request.args.get("page", 1, type=int) or 1,
    )
    return render_template("classes/questions.html", c=found, shown=shown, sort=sort)


@bp.get("/<id:class_id>/questions/<id:question_id>")
def question_answers(class_id: int, question_id: int) -> str:
    found = classes.class_detail(user_id(), class_id)
    answers = class_questions.question_answers(user_id(), class_id, question_id)
    return render_template("classes/question_answers.html", c=found, q=answers)
