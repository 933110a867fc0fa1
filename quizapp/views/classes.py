import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.extensions import limiter
from quizapp.forms import ClassBanksForm, ClassForm, CoTeacherForm, JoinForm, PostForm
from quizapp.services import classes
from quizapp.services.errors import NotFound
from quizapp.views import ratelimit
from quizapp.views.common import now, user_id

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
        "classes/student.html", classes=classes.student_classes(user_id()), form=JoinForm()
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
    )


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
