from flask import Blueprint, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> Response:
    return redirect(url_for("banks.index" if current_user.is_authenticated else "auth.login"))
