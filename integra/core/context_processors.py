from __future__ import annotations

from django.http import HttpRequest

from integra.core import access
from integra.core.access import Actor


def integra(request: HttpRequest) -> dict[str, object]:
    """What the shared layout needs: the actor and what the navigation may offer."""
    actor = getattr(request, "actor", None)
    return {
        "actor": actor,
        "nav_audit": isinstance(actor, Actor) and access.can_view_audit(actor),
        "nav_people": isinstance(actor, Actor) and access.uses_registry(actor),
        "nav_plans": isinstance(actor, Actor) and access.can_see_programmes(actor),
    }
