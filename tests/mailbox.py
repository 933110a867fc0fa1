"""A real SMTP server for the tests (aiosmtpd), keeping the messages it receives to be read."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


class Mailbox:
    """The aiosmtpd handler: every message delivered, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._arrived = threading.Condition()
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self._arrived:
            self.messages.append(parsed)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10) -> EmailMessage:
        """The `count`th message, once it has arrived (quizapp sends in the background)."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        assert arrived, f"{len(self.messages)} message(s) arrived, expected {count}"
        return self.messages[count - 1]

    def settle(self, seconds: float = 0.5) -> int:
        """How many messages there are once nothing has arrived for a while."""
        with self._arrived:
            while self._arrived.wait(seconds):
                pass
            return len(self.messages)

    @staticmethod
    def text(message: EmailMessage) -> str:
        body = message.get_body(("plain",))
        assert body is not None
        return str(body.get_content())

    def link(self, message: EmailMessage) -> str:
        found = LINK.search(self.text(message))
        assert found, "the message has no link"
        return found.group(0)

    def settings(self, base_url: str = "https://quiz.school.example") -> dict[str, object]:
        """The app's MAIL_* settings for this server."""
        return {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": self.port,
            "MAIL_SECURITY": "none",
            "MAIL_FROM": "quizapp@school.example",
            "BASE_URL": base_url,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    mailbox.port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
