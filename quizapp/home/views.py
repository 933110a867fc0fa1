"""`/`: each user's home. Anonymous visitors go to log in; teachers and admins see their classes,
students their homework, quizzes and banks."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.classes.services import TEACHING_ROLES
from quizapp.home import services as home
from quizapp.web.common import now, user_id

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> Response | str:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role in TEACHING_ROLES:
        return render_template("home/teacher.html", home=home.teacher_home(user_id(), now()))
    found = home.student_home(current_user.account, now(), current_app.config["NEW_PER_DAY"])
    return render_template("home/student.html", home=found)
