"""How portal notifications and timeline entries read, in the reader's language.
A notification names no one: it links to the conversation."""

from __future__ import annotations

from django.utils.translation import gettext as _

from integra.core import timeline, todos


def register() -> None:
    todos.register("portal.message", lambda params: _("A migrant wrote to you in the portal."))
    timeline.register(
        "portal.invite",
        lambda data: _("Invited to the portal (by %(channel)s)") % {"channel": data["channel"]},
    )
    timeline.register("portal.disable", lambda data: _("Portal account disabled"))
    timeline.register("portal.sign_in", lambda data: _("Signed in to the portal"))
    timeline.register("portal.message.send", lambda data: _("Portal message"))
    timeline.register("portal.appointment.add", lambda data: _("Appointment set"))
    timeline.register("portal.appointment.cancel", lambda data: _("Appointment cancelled"))
    timeline.register("portal.copy.download", lambda data: _("Downloaded a copy of their data"))
