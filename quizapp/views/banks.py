from flask import Blueprint, render_template
from flask_login import login_required

from quizapp.services import progress
from quizapp.views.common import now, user_id

bp = Blueprint("banks", __name__, url_prefix="/banks")


@bp.get("/")
@login_required
def index() -> str:
    return render_template("banks/index.html", banks=progress.list_banks(user_id(), now()))
