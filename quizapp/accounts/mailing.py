"""The request side of mail: whether the school configured it, and sending a message written
from a template, with links that start with the configured BASE_URL."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template

from quizapp.accounts import mail


def settings() -> mail.MailSettings | None:
    return mail.settings_from(current_app.config)


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send(to: str, subject: str, template: str, **context: Any) -> None:
    """Mail `template` (plain text) to `to` in the background; nothing when mail is off."""
    found = settings()
    if found is None:
        return
    body = render_template(template, **context)
    mail.send_later(found, mail.message(found, to, subject, body))
