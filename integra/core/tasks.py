"""Background work of the core: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task

from integra.core import services, sms


@task()
def notification_emails(ids: list[int]) -> int:
    """Sends the e-mails of new notifications."""
    return services.notification_emails_send(ids=ids)


@task()
def notification_emails_retry() -> int:
    """The daily retry of e-mails that could not be sent."""
    return services.notification_emails_send(ids=None)


@task()
def send_sms(to: str, text: str) -> bool:
    """One text message (a one-time code), through the configured gateway."""
    return sms.send(to, text)
