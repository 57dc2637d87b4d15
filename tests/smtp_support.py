"""A real SMTP server for tests: aiosmtpd on a free local port, collecting what it receives.

`smtp_server` (a pytest fixture) starts it and points Django's SMTP backend at it, so a test
sends through the same code path production uses. `smtp_server.stop()` and `.start()` simulate
an outage on the same port. Nothing leaves the machine.
"""

import socket
import threading
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CollectingHandler:
    """Keeps every accepted message as (envelope sender, recipients, parsed message)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's hook name
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class LocalSmtpServer:
    def __init__(self):
        self.handler = CollectingHandler()
        self.host = "127.0.0.1"
        self.port = free_port()
        self.controller = None

    @property
    def messages(self):
        with self.handler.lock:
            return [message for _, _, message in self.handler.messages]

    @property
    def envelopes(self):
        with self.handler.lock:
            return [(sender, rcpt) for sender, rcpt, _ in self.handler.messages]

    def start(self):
        # A new controller each time: the port stays the same, as a restarted relay's would.
        self.controller = Controller(self.handler, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    server = LocalSmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
