"""Every part's blueprints, registered in one place, with the converters, filters and access check
they share."""

from datetime import timedelta

from flask import Flask

from quizapp.accounts import auth_views as auth
from quizapp.accounts import reset_views as reset
from quizapp.accounts import settings_views as settings
from quizapp.accounts import sso_views as sso
from quizapp.admin import views as admin
from quizapp.audit import views as audit
from quizapp.banks import editor_views as editor
from quizapp.banks import file_views as bank_files
from quizapp.classes import views as classes
from quizapp.core import quiztime
from quizapp.core.grading import blanks_hidden
from quizapp.core.timefmt import humanize
from quizapp.games import views as games
from quizapp.home import views as home
from quizapp.homework import views as homework
from quizapp.pictures import views as pictures
from quizapp.privacy import views as privacy
from quizapp.progress import views as progress
from quizapp.quizzes import accommodation_views as accommodations
from quizapp.quizzes import practice_views as practice
from quizapp.quizzes import views as quizzes
from quizapp.scheduling import views as scheduling
from quizapp.sources import views as sources
from quizapp.study import bank_list as banks
from quizapp.study import views as study
from quizapp.web import access
from quizapp.web.common import day_filter, template_url_for, wait_filter, when_filter
from quizapp.web.converters import CONVERTERS


def register_blueprints(app: Flask) -> None:
    app.url_map.converters.update(CONVERTERS)  # before any rule that uses them is added
    blueprints = (
        home,
        auth,
        reset,
        banks,
        study,
        progress,
        classes,
        settings,
        sso,
        admin,
        audit,
        editor,
        bank_files,
        quizzes,
        practice,
        accommodations,
        sources,
        homework,
        pictures,
        privacy,
        games,
        scheduling,
    )
    for module in blueprints:
        app.register_blueprint(module.bp)
    access.enforce(app)
    app.jinja_env.globals["url_for"] = template_url_for
    app.add_template_filter(when_filter, "when")
    app.add_template_filter(wait_filter, "wait")
    app.add_template_filter(day_filter, "day")
    app.add_template_filter(blanks_hidden, "cloze_hidden")
    app.add_template_filter(humanize, "interval")
    app.add_template_filter(quiztime.span, "span")
    app.jinja_env.globals["timedelta"] = timedelta
