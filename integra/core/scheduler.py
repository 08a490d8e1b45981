"""Daily jobs: each worker checks once a minute and the first to see a new day
enqueues the job; the ScheduledRun row, locked, makes it once a day across workers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from integra.core.models import ScheduledRun

logger = logging.getLogger(__name__)
DAILY: dict[str, Callable[[], object]] = {}


def register_daily(name: str, enqueue: Callable[[], object]) -> None:
    DAILY[name] = enqueue


def run_due(*, today: date | None = None) -> list[str]:
    """Enqueues every daily job that has not run today; returns their names."""
    today = today or timezone.localdate()
    started = []
    for name, enqueue in sorted(DAILY.items()):
        with transaction.atomic():
            run, created = ScheduledRun.objects.select_for_update().get_or_create(
                name=name, defaults={"last_run_on": today}
            )
            if not created and run.last_run_on >= today:
                continue
            run.last_run_on = today
            run.save(update_fields=["last_run_on"])
            transaction.on_commit(enqueue)
        started.append(name)
        logger.info("Daily job %s enqueued for %s", name, today)
    return started
