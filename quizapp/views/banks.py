from flask import Blueprint, current_app, render_template
from flask_login import current_user

from quizapp.services import progress
from quizapp.views.common import now

bp = Blueprint("banks", __name__, url_prefix="/banks")


@bp.get("/")
def index() -> str:
    listing = progress.list_banks(current_user.account, now(), current_app.config["NEW_PER_DAY"])
    return render_template("banks/index.html", banks=listing.banks, listing=listing)
