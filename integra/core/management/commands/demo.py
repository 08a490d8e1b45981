from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integra.core import demo


class Command(BaseCommand):
    help = "Load demo organisations and one user per role (idempotent). DEBUG only unless --force."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.INTEGRA_DEMO_ALLOWED or options["force"]):
            raise CommandError(
                "Refusing to load demo users with known passwords while DEBUG is off. "
                "Use --force only on a throwaway installation."
            )
        users = demo.load()
        for loader in [*demo.LOADERS, *demo.LATE_LOADERS]:
            self.stdout.write(loader())
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Every demo user's password is: {demo.DEMO_PASSWORD}")
        self.stdout.write(
            "Staff roles sign in with a second factor: add the key to an authenticator app, "
            "or print the current code with: .venv/bin/integra totp USERNAME (DEBUG only)."
        )
        self.stdout.write("")
        self.stdout.write(f"  {'user':<18}{'role':<14}{'organisation':<22}authenticator key")
        for user in users:
            key = user.totp_secret or "(none: no person-level data)"
            self.stdout.write(f"  {user.username:<18}{user.role:<14}{user.organisation:<22}{key}")
