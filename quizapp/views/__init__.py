"""Thin blueprints: bind the form, call one service, redirect or render."""

from flask import Flask

from quizapp.views import auth, banks, home, settings, study


def register_blueprints(app: Flask) -> None:
    for module in (home, auth, banks, study, settings):
        app.register_blueprint(module.bp)
