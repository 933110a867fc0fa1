from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.classes import services as classes
from quizapp.quizzes import results
from quizapp.study import figures as progress
from quizapp.study import notices
from quizapp.web.common import now, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("banks", __name__, url_prefix="/banks")


@bp.get("/")
def index() -> str:
    listing = progress.list_banks(current_user.account, now(), current_app.config["NEW_PER_DAY"])
    assigned: dict[str, list[str]] = {}
    for own_class in classes.student_classes(current_user.id):
        for slug in own_class.bank_slugs:
            assigned.setdefault(slug, []).append(own_class.name)
    return render_template(
        "study/banks.html",
        banks=listing.banks,
        listing=listing,
        assigned=assigned,
        notices=notices.pending(user_id()),
        quizzes=results.student_quizzes(user_id(), now()),
        post=PostForm(),
    )


@bp.post("/notices/dismiss")
def dismiss_notices() -> Response:
    notices.dismiss(user_id(), now())
    return redirect(url_for("banks.index"), code=303)
