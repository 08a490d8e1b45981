import signal
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand

from integra.core.worker import TaskWorker


class Command(BaseCommand):
    help = "Run the background task worker (database backend) until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = TaskWorker(interval=options["interval"])

        def stop(signum: int, frame: FrameType | None) -> None:
            worker.stop()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Task worker {worker.worker_id} running; Ctrl+C stops it.")
        worker.run()
