import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integra.api import api


def _render() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI schema (--output FILE) or check a committed copy (--check FILE)."

    def add_arguments(self, parser: Any) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--output", type=Path)
        group.add_argument("--check", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        current = _render()
        if options["output"]:
            options["output"].write_text(current, encoding="utf-8")
            self.stdout.write(f"Wrote {options['output']}.")
            return
        path: Path = options["check"]
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if committed != current:
            raise CommandError(
                f"{path} is out of date with the API. Run 'make openapi' and commit the result."
            )
        self.stdout.write(self.style.SUCCESS(f"{path} matches the API."))
