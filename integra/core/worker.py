"""The background task worker (django-tasks' database backend) with a heartbeat."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from integra.core import scheduler
from integra.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 15


def _beat(worker_id: str, started: object) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started,
            "seen_at": now,
        },
    )


def _heartbeat_loop(worker_id: str, stop: threading.Event) -> None:
    started = timezone.now()
    while not stop.is_set():
        try:
            _beat(worker_id, started)
            scheduler.run_due()
        except Exception:  # a busy database must not kill the worker; try next beat
            logger.warning("Worker heartbeat or daily jobs failed", exc_info=True)
        finally:
            close_old_connections()
        stop.wait(HEARTBEAT_SECONDS)
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
    connection.close()  # this thread's own connection: never leave it open


class TaskWorker:
    """Runs the database task worker and its heartbeat until ``stop()``."""

    def __init__(self, *, interval: float = 1.0) -> None:
        self.worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.stop_event = threading.Event()
        self.worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        self.heartbeat = threading.Thread(
            target=_heartbeat_loop, args=(self.worker_id, self.stop_event), daemon=True
        )

    def run(self) -> None:
        """Runs in the calling thread until stopped."""
        self.heartbeat.start()
        try:
            self.worker.run()
        finally:
            self.stop()
            self.heartbeat.join(timeout=HEARTBEAT_SECONDS + 5)
            connection.close()

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="integra-task-worker", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.worker.running = False
        self.stop_event.set()
