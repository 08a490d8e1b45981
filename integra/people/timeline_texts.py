"""How the registry's changes read on a person's timeline (core.timeline)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from integra.core import timeline


def _fixed(text: str) -> timeline.Render:
    """A line that says the same whatever the entry holds (translated when read)."""
    return lambda data: _(text)


def _with(text: str, *keys: str) -> timeline.Render:
    def render(data: Mapping[str, object]) -> str:
        return _(text) % {key: data[key] for key in keys}

    return render


def register() -> None:
    # Marked for translation here (gettext_noop), translated when read.
    timeline.register("person.register", _fixed(gettext_noop("Registered in the registry")))
    timeline.register("person.update", _fixed(gettext_noop("Record changed")))
    timeline.register(
        "person.status.record",
        _fixed(gettext_noop("Legal status recorded")),
        guard=timeline.LEGAL_STATUS,
    )
    timeline.register("person.document.record", _fixed(gettext_noop("Identity document recorded")))
    timeline.register("person.other_name.add", _fixed(gettext_noop("Another name added")))
    timeline.register(
        "person.language.set", _with(gettext_noop("Language %(language)s recorded"), "language")
    )
    timeline.register("person.qualification.add", _fixed(gettext_noop("Qualification added")))
    timeline.register("person.experience.add", _fixed(gettext_noop("Work experience added")))
    timeline.register(
        "person.vulnerability.set",
        _fixed(gettext_noop("Vulnerabilities recorded")),
        guard=timeline.SENSITIVE,
    )
    timeline.register("person.consent.give", _fixed(gettext_noop("Consent given")))
    timeline.register("person.consent.withdraw", _fixed(gettext_noop("Consent withdrawn")))
    timeline.register(
        "person.merge", _with(gettext_noop("Duplicate %(duplicate)s merged in"), "duplicate")
    )
    timeline.register("person.unmerge", _fixed(gettext_noop("Merge undone")))
    timeline.register("household.join", _fixed(gettext_noop("Joined a household")))
    timeline.register(
        "household.leave", _with(gettext_noop("Left household %(household)s"), "household")
    )
    timeline.register("household.split", _fixed(gettext_noop("Household split")))
    timeline.register("household.merge", _fixed(gettext_noop("Households merged")))
    timeline.register(
        "person.request.open", _with(gettext_noop("Request %(request)s opened"), "request")
    )
    timeline.register(
        "person.request.status", _with(gettext_noop("Request %(request)s moved on"), "request")
    )
    timeline.register(
        "person.request.member",
        _with(gettext_noop("Family member added to %(request)s"), "request"),
    )
    timeline.register(
        "person.request.document", _with(gettext_noop("Document added to %(request)s"), "request")
    )
