"""Background work of the plans app: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task

from integra.plans.services import alerts


@task()
def plan_alerts() -> dict[str, int]:
    """The nightly alert run: opens and closes the plan alerts' to-dos."""
    outcome = alerts.plan_alerts_sync()
    return {"opened": outcome.opened, "resolved": outcome.resolved, "holding": outcome.holding}
