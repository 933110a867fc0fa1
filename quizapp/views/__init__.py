"""Thin blueprints: bind the form, call one service, redirect or render."""

from datetime import timedelta

from flask import Flask

from quizapp.core.grading import CLOZE_BLANK
from quizapp.core.markup import plain
from quizapp.core.timefmt import humanize
from quizapp.views import (
    access,
    admin,
    auth,
    bank_files,
    banks,
    classes,
    editor,
    home,
    practice,
    progress,
    quizzes,
    settings,
    study,
)
from quizapp.views.common import day_filter, template_url_for, wait_filter, when_filter
from quizapp.views.converters import CONVERTERS


def register_blueprints(app: Flask) -> None:
    app.url_map.converters.update(CONVERTERS)  # before any rule that uses them is added
    blueprints = (
        home,
        auth,
        banks,
        study,
        progress,
        classes,
        settings,
        admin,
        editor,
        bank_files,
        quizzes,
        practice,
    )
    for module in blueprints:
        app.register_blueprint(module.bp)
    access.enforce(app)
    app.jinja_env.globals["url_for"] = template_url_for
    app.add_template_filter(when_filter, "when")
    app.add_template_filter(wait_filter, "wait")
    app.add_template_filter(day_filter, "day")
    app.add_template_filter(plain, "markdown_plain")
    app.add_template_filter(lambda text: CLOZE_BLANK.sub("_____", text), "cloze_hidden")
    app.add_template_filter(humanize, "interval")
    app.jinja_env.globals["timedelta"] = timedelta
