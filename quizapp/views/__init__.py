"""Thin blueprints: bind the form, call one service, redirect or render."""

from flask import Flask

from quizapp.views import auth, banks, home, settings, study
from quizapp.views.common import wait_filter, when_filter


def register_blueprints(app: Flask) -> None:
    for module in (home, auth, banks, study, settings):
        app.register_blueprint(module.bp)
    app.add_template_filter(when_filter, "when")
    app.add_template_filter(wait_filter, "wait")
