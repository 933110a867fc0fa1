"""Error pages: a plain explanation and a way on, for every status the app can answer."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

# Statuses whose standard wording does not tell a student what to do.
FRIENDLY = {
    413: (
        "Too much to send",
        "What you sent is too large. Answers are short: go back, shorten what you pasted and "
        "try again.",
    ),
    429: (
        "Too many attempts",
        "Too many attempts in a short time. Please wait a minute, then try again.",
    ),
}


def register(app: Flask) -> None:
    """Pages for the HTTP errors; the 500 page is the factory's (it rolls the session back)."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int]:
        code = exc.code or 500
        if code == 404:
            return render_template(
                "errors/404.html", message="There is no page at this address."
            ), 404
        title, text = FRIENDLY.get(code, (f"{code} · {exc.name}", exc.description or ""))
        return render_template("errors/error.html", title=title, text=text), code
