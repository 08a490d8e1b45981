"""How complaint notifications read, in the reader's language, and where they
link. A notice names no one and says nothing of the complaint: it links to it,
and only its handlers can open it (the firewall). Called from the app's ready().
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from integra.core import records, todos
from integra.protection.selectors import complaints as selectors


def register() -> None:
    todos.register("complaints.urgent", lambda params: _("An urgent complaint needs triage."))
    todos.register(
        "complaints.routed", lambda params: _("A complaint was sent to your organisation.")
    )
    todos.register(
        "complaints.information",
        lambda params: _("The complainant added information to a complaint you handle."),
    )
    records.register(
        "complaint",
        selectors.complaint_exists,
        url=lambda public_id: reverse("complaints:detail", args=[public_id]),
    )
