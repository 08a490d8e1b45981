from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]  # no hints shipped

from integra.wsgi import application


class _Server(BaseApplication):  # type: ignore[misc]  # base class is untyped
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return application


def _start_task_worker(worker: Any) -> None:
    """gunicorn hook: each web process also runs the task worker in a thread."""
    from integra.core.worker import TaskWorker

    TaskWorker().start_in_thread()


class Command(BaseCommand):
    help = "Serve Integra over HTTP (gunicorn), with the background task worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=settings.INTEGRA_WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Serve pages and API only; run 'integra worker' separately.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        config: dict[str, Any] = {
            "bind": f"{options['host']}:{options['port']}",
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
        }
        if not options["no_worker"]:
            config["post_worker_init"] = _start_task_worker
        self.stdout.write(
            f"Integra on http://{options['host']}:{options['port']}/ "
            f"({'with' if not options['no_worker'] else 'without'} task worker)"
        )
        _Server(config).run()
