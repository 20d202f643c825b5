"""An email backend that fails a given number of times, like an SMTP outage."""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FlakyBackend(BaseEmailBackend):
    failures_left = 0
    error: type[Exception] = smtplib.SMTPServerDisconnected

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise FlakyBackend.error("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)
