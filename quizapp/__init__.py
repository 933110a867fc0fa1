"""quizapp: quizzes and spaced-repetition flashcards on the 2021 lunar station agreement."""

from __future__ import annotations

from flask import Flask, render_template

from quizapp.config import DEV_SECRET_KEY, ROOT, Config
from quizapp.extensions import csrf, db, limiter, login_manager, migrate


def create_app(config: type[Config] | None = None, **overrides: object) -> Flask:
    """Build the app. It never creates or migrates the database: `flask db upgrade` does."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"))
    app.config.from_object(config or Config)
    app.config.update(overrides)
    refuse_default_key_in_production(app)
    refuse_mail_settings_that_cannot_work(app)
    register_extensions(app)
    register_blueprints(app)
    register_sign_in_providers(app)
    register_template_filters(app)
    register_error_handlers(app)
    register_security(app)
    register_uploads(app)
    register_commands(app)
    return app


def refuse_default_key_in_production(app: Flask) -> None:
    if app.config.get("PRODUCTION") and app.config["SECRET_KEY"] in {DEV_SECRET_KEY, "", None}:
        raise RuntimeError("Set SECRET_KEY in the environment to run quizapp in production.")


def refuse_mail_settings_that_cannot_work(app: Flask) -> None:
    from quizapp.accounts.mail import settings_from

    try:
        settings_from(app.config)
    except ValueError as wrong:
        raise RuntimeError(str(wrong)) from None


def register_extensions(app: Flask) -> None:
    from quizapp.accounts.hashing import use_cost
    from quizapp.accounts.session import load_user
    from quizapp.database import configure_engine

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    use_cost(app.config["PASSWORD_HASHING"])
    limiter.init_app(app)
    # Every limit in quizapp is a decorator on its view, and that decorator checks the limit
    # itself. Flask-Limiter's check before every request serves default and blueprint limits,
    # which quizapp has none of, and costs a study page about a tenth of its time: it goes.
    # (Flask-Limiter 2 called this auto_check=False; a test keeps the limits checked.)
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    # init_app gives the (process-wide) limiter this app's storage but keeps its "storage is dead,
    # count in memory" flag from an app made before: a new storage is not known to be dead. Left
    # set, the next app split its counts between memory and its storage (a flaky limit test).
    limiter._storage_dead = False
    login_manager.init_app(app)
    # Sessions are revoked through the per-user session token (logout, password change); Flask-Login
    # "basic" protection would only mark a session not fresh when the address or browser changes,
    # and quizapp never asks for a fresh log-in; it costs a hash and a longer cookie per request.
    login_manager.session_protection = None
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    with app.app_context():
        configure_engine(db.engine, app.config["DB_PING_AFTER_IDLE"])


def register_blueprints(app: Flask) -> None:
    from quizapp.web.blueprints import register_blueprints as register

    register(app)


def register_sign_in_providers(app: Flask) -> None:
    from quizapp.accounts import oidc

    oidc.register(app)


def register_template_filters(app: Flask) -> None:
    from quizapp.core import markup

    # Teachers' Markdown in prompts and explanations, sanitized to a small subset of HTML.
    app.add_template_filter(markup.render, "markdown")
    app.add_template_filter(markup.render_inline, "markdown_inline")
    app.add_template_filter(markup.plain, "markdown_plain")
    # Options and answers are plain text, but may hold formulas.
    app.add_template_filter(markup.render_text, "formulas")
    # Where only text fits (a drop-down's entry), a picture is named by its alt text.
    app.add_template_filter(markup.pictures_as_alt, "pictures_as_alt")


def register_error_handlers(app: Flask) -> None:
    from quizapp.web import errors

    errors.register(app)

    @app.errorhandler(500)
    def server_error(exc: Exception) -> tuple[str, int]:
        db.session.rollback()
        return render_template("errors/error.html", title=None, text=None), 500


def register_uploads(app: Flask) -> None:
    from quizapp.web import uploads

    uploads.register(app)


def register_security(app: Flask) -> None:
    from quizapp.web.security import add_security_headers, trust_proxies

    add_security_headers(app)
    trust_proxies(app)


def register_commands(app: Flask) -> None:
    from quizapp.accounts.cli import users_cli
    from quizapp.banks.cli import banks_cli
    from quizapp.scheduling.cli import scheduling_cli
    from quizapp.sources.cli import sources_cli

    app.cli.add_command(banks_cli)
    app.cli.add_command(sources_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(scheduling_cli)
