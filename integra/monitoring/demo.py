"""Demo: the summary tables built once the other apps' demo data is in, so the
statistics pages show numbers at once."""

from __future__ import annotations

from integra.monitoring.models import RefreshState
from integra.monitoring.services import refresh


def load() -> str:
    done = refresh.refresh_run()
    if done.state != RefreshState.DONE:
        return f"statistics: refresh failed ({done.error})"
    return f"statistics: {done.facts} summary cells from {done.people} people"
