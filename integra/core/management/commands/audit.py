from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integra.core import audit


class Command(BaseCommand):
    help = "Audit log tools. 'audit verify' checks the hash chain from the first entry."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"Audit log TAMPERED at entry {result.broken_at}: {result.reason} "
                f"({result.checked} entries checked)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {result.checked} entries."))
