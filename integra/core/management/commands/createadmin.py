import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from integra.core import audit
from integra.core.models import User


class Command(BaseCommand):
    help = (
        "Create a system administrator. The password comes from INTEGRA_ADMIN_PASSWORD "
        "or is asked for; the administrator sets up two-step verification at first sign-in."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        password = os.environ.get("INTEGRA_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        user = User(username=username, email=options["email"])
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user = User.objects.create_superuser(
            username=username, email=options["email"], password=password
        )
        audit.record(
            actor=None,
            actor_label="integra createadmin",
            action="user.create_admin",
            object_type="user",
            object_id=user.pk,
            purpose="administration",
        )
        self.stdout.write(self.style.SUCCESS(f"Administrator {username} created."))
