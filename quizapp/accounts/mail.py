"""Sending mail through the school's SMTP server, when it configured one (MAIL_* settings)."""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

SECURITY = ("none", "starttls", "tls")
DEFAULT_PORT = {"none": 25, "starttls": 587, "tls": 465}
TIMEOUT = 20  # seconds: a server that does not answer must not hold a thread for ever

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    security: str
    username: str
    password: str
    sender: str


def settings_from(config: Mapping[str, object]) -> MailSettings | None:
    """The mail settings, or None when MAIL_SERVER is not set (no mail: no reset by mail).
    Raises ValueError for settings that cannot work, so that the app refuses to start."""
    server = str(config.get("MAIL_SERVER") or "")
    if not server:
        return None
    security = str(config.get("MAIL_SECURITY") or "starttls").lower()
    if security not in SECURITY:
        raise ValueError(f"MAIL_SECURITY must be one of {', '.join(SECURITY)}, not {security!r}.")
    sender = str(config.get("MAIL_FROM") or "")
    if "@" not in sender:
        raise ValueError("Set MAIL_FROM to the address quizapp's mail comes from.")
    if not str(config.get("BASE_URL") or "").startswith(("https://", "http://")):
        # Links in mail must not be built from the Host header a visitor sends.
        raise ValueError("Set QUIZAPP_BASE_URL (https://…) for the links quizapp mails.")
    return MailSettings(
        server=server,
        port=int(str(config.get("MAIL_PORT") or 0)) or DEFAULT_PORT[security],
        security=security,
        username=str(config.get("MAIL_USERNAME") or ""),
        password=str(config.get("MAIL_PASSWORD") or ""),
        sender=sender,
    )


def message(settings: MailSettings, to: str, subject: str, text: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    mail.set_content(text)
    return mail


def send(settings: MailSettings, mail: EmailMessage) -> None:
    """Hand the message to the SMTP server (raises smtplib's and socket's errors)."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.security == "tls":
        smtp = smtplib.SMTP_SSL(settings.server, settings.port, timeout=TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=TIMEOUT)
    with smtp:
        if settings.security == "starttls":
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(mail)


def send_later(settings: MailSettings, mail: EmailMessage) -> threading.Thread:
    """Send in the background: the page answers at once, and as fast whether or not there was
    anyone to mail (the answer must not tell whether an account exists)."""

    def run() -> None:
        try:
            send(settings, mail)
        except (OSError, smtplib.SMTPException):
            log.exception("could not send mail to %s", mail["To"])

    thread = threading.Thread(target=run, name="quizapp-mail", daemon=True)
    thread.start()
    return thread
