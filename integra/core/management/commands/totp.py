from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.demo import totp_now


class Command(BaseCommand):
    help = "Print a user's current two-step code. A demo aid: refused when DEBUG is off."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("integra totp works only when DEBUG is on (demo installations).")
        device = TOTPDevice.objects.filter(
            user__username=options["username"], confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{options['username']} has no confirmed authenticator.")
        self.stdout.write(totp_now(device))
