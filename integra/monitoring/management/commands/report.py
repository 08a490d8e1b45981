"""``integra report --start YYYY-MM --end YYYY-MM --as USER``: writes an
implementation report now (not in the background), archives it like the
background task does, and prints its id and the paths of its two files."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from integra.core import selectors as core_selectors
from integra.core.errors import ApplicationError
from integra.monitoring.models import ReportState
from integra.monitoring.services import reports

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str, option: str) -> date:
    found = _MONTH.match(value.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise CommandError(f"Give {option} as YYYY-MM, for example 2026-01, not {value!r}.")
    return date(int(found.group(1)), int(found.group(2)), 1)


def _problem(error: ApplicationError) -> str:
    details = [f"{k}: {m}" for k, v in error.field_errors.items() for m in v]
    return "; ".join(details) or error.message


class Command(BaseCommand):
    help = (
        "Write an implementation report for a period (whole months, at most five years) "
        "as the user named by --as, and archive it; prints the report's id and the "
        "paths of its HTML and PDF files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="First month, YYYY-MM.")
        parser.add_argument("--end", required=True, help="Last month, YYYY-MM.")
        parser.add_argument("--as", dest="username", required=True, help="Who asks for it.")
        parser.add_argument("--organisation", help="Code of the organisation to act for.")
        languages = [code for code, _ in settings.LANGUAGES]
        parser.add_argument("--language", default="en", help=f"One of {', '.join(languages)}.")
        parser.add_argument("--title", default="", help="Default: the period.")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _month(options["start"], "--start")
        end = _month(options["end"], "--end")
        try:
            actor = core_selectors.actor_on_command_line(
                username=options["username"], organisation_code=options["organisation"]
            )
            report = reports.report_request(
                actor=actor,
                title=options["title"],
                start=start,
                end=end,
                language=options["language"],
            )
        except ApplicationError as error:
            raise CommandError(_problem(error)) from None
        state = reports.report_write(public_id=report.public_id, actor=actor)
        report.refresh_from_db()
        if state != ReportState.DONE:
            raise CommandError(f"Report {report.public_id} failed: {report.error}")
        self.stdout.write(report.public_id)
        for path in (report.html_path, report.pdf_path):
            try:
                self.stdout.write(default_storage.path(path))
            except NotImplementedError:  # a remote storage: its name there
                self.stdout.write(path)
