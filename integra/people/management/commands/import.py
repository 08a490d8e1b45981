# ruff: noqa: N999 -- the command is "integra import", so the module is import.py
"""``integra import persons FILE``: load a CSV or XLSX file of people, with progress."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from integra.core import selectors as core_selectors
from integra.core.errors import ApplicationError
from integra.people import selectors
from integra.people.models import ImportMode, ImportState
from integra.people.services import imports


class Command(BaseCommand):
    help = (
        "Import people from a CSV or XLSX file (see the template on the import page), "
        "as a caseworker of an organisation. Prints progress; exits 1 if nothing or "
        "not everything was imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["persons"], help="What the file holds.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as", dest="username", required=True, help="The caseworker importing the file."
        )
        parser.add_argument(
            "--organisation",
            help="Code of the organisation to import for (when the user works for several).",
        )
        parser.add_argument(
            "--valid-rows",
            action="store_true",
            help="Import the valid rows even if others have errors (default: all or nothing).",
        )
        parser.add_argument(
            "--report", type=Path, help="Write the error report (CSV) here.", default=None
        )
        parser.add_argument(
            "--rejected", type=Path, help="Write the rejected rows (CSV) here.", default=None
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            actor = core_selectors.actor_on_command_line(
                username=options["username"], organisation_code=options["organisation"]
            )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        mode = ImportMode.VALID_ROWS if options["valid_rows"] else ImportMode.ALL_OR_NOTHING
        try:
            with path.open("rb") as handle:
                job = imports.import_create(
                    actor=actor,
                    file=handle,
                    file_name=path.name,
                    size=path.stat().st_size,
                    mode=mode,
                    unlimited=True,
                )
        except ApplicationError as error:
            messages = [str(error.message)] + [
                f"{name}: {message}"
                for name, found in error.field_errors.items()
                for message in found
            ]
            raise CommandError("\n".join(messages)) from None
        self.stdout.write(f"Import {job.public_id} of {path.name} ({job.file_size:,} bytes)")

        def progress(state: imports.Progress) -> None:
            line = (
                f"\r{state.percent:3d}%  checked {state.rows_checked:,} rows, "
                f"{state.rows_rejected:,} rejected, {state.rows_created:,} added, "
                f"{state.rows_updated:,} updated"
            )
            self.stdout.write(line, ending="")
            self.stdout.flush()

        job = imports.import_run(public_id=job.public_id, on_progress=progress)
        self.stdout.write("")
        self.stdout.write(f"{job.get_state_display()}: {job.message}")
        for target, which in ((options["report"], "errors"), (options["rejected"], "rejected")):
            if target is None:
                continue
            try:
                with (
                    selectors.import_file(actor=actor, job=job, which=which) as source,
                    target.open("wb") as out,
                ):
                    shutil.copyfileobj(source, out)
                self.stdout.write(f"Wrote {target}")
            except ApplicationError:
                self.stdout.write(f"No {which} file: nothing to write to {target}")
        for row in selectors.import_errors(job=job, limit=20):
            self.stdout.write("  row {}, {}: {} {}".format(*row))
        if job.state != ImportState.DONE or job.rows_rejected:
            sys.exit(1)
