"""The ``integra`` command: serve, worker, demo, createadmin, audit verify, totp, and
every Django management command (migrate, collectstatic, …) passed through."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["integra", *args])


if __name__ == "__main__":
    main()
