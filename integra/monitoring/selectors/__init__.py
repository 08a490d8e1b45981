"""Every read of the monitoring app: indicators, the freshness of the summary
tables; the tables themselves are in `tables`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.monitoring.models import Indicator, Refresh, RefreshState


def _require(actor: Actor) -> None:
    if not access.can_see_statistics(actor):
        raise PermissionDenied(_("You may not see the statistics."))


def indicators(*, actor: Actor, source: str = "") -> QuerySet[Indicator]:
    """The indicators in use, by source and name."""
    _require(actor)
    found = Indicator.objects.filter(is_active=True)
    if source:
        found = found.filter(source=source)
    return found.order_by("source", "name", "pk")


def indicator(*, actor: Actor, code: str) -> Indicator:
    _require(actor)
    found = Indicator.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise NotFound(_("There is no such indicator."))
    return found


def last_refresh() -> Refresh | None:
    """The last rebuild of the summary tables that finished."""
    return Refresh.objects.filter(state=RefreshState.DONE).order_by("-finished_at", "-pk").first()


def refresh_running() -> Refresh | None:
    return Refresh.objects.filter(state=RefreshState.RUNNING).order_by("-started_at").first()


def last_failed_refresh() -> Refresh | None:
    """The last failure, if it came after the last success (the page says why)."""
    done = last_refresh()
    failed = Refresh.objects.filter(state=RefreshState.FAILED).order_by("-finished_at").first()
    if failed and (
        done is None
        or (failed.finished_at or failed.started_at) > (done.finished_at or done.started_at)
    ):
        return failed
    return None


def can_refresh(*, actor: Actor) -> bool:
    return access.can_refresh_statistics(actor)


def can_manage(*, actor: Actor) -> bool:
    return access.can_manage_indicators(actor)


def can_manage_surveys(*, actor: Actor) -> bool:
    return access.can_manage_surveys(actor)
