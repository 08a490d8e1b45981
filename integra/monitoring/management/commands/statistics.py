"""``integra statistics refresh`` and ``integra statistics table CODE``: rebuild the
summary tables, or print an indicator's disclosure-controlled table as CSV."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from integra.core import selectors as core_selectors
from integra.core import spreadsheets
from integra.core.errors import ApplicationError
from integra.monitoring import selectors
from integra.monitoring.models import RefreshState
from integra.monitoring.selectors import tables
from integra.monitoring.services import refresh


def _month(value: str | None, *, last: bool = False) -> date | None:
    if not value:
        return None
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise CommandError(f"Give months as YYYY-MM, not {value!r}.") from None
    if not last:
        return first
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


class Command(BaseCommand):
    help = (
        "refresh: rebuild the statistics' summary tables now (exits 1 if it fails). "
        "table CODE: print an indicator's table as CSV, with the same disclosure "
        "control as the pages, as the user named by --as."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh", "table"])
        parser.add_argument("code", nargs="?", help="The indicator (for table).")
        parser.add_argument("--rows", default="sex")
        parser.add_argument("--columns", default="")
        parser.add_argument("--start", help="First month, YYYY-MM.")
        parser.add_argument("--end", help="Last month, YYYY-MM.")
        parser.add_argument("--as", dest="username", help="The analyst reading the table.")
        parser.add_argument("--organisation", help="Code of the organisation to act for.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            done = refresh.refresh_run()
            if done.state != RefreshState.DONE:
                raise CommandError(f"The refresh failed: {done.error}")
            self.stdout.write(f"{done.facts} summary cells from {done.people} people.")
            return
        if not options["code"] or not options["username"]:
            raise CommandError("Name the indicator and the user: table CODE --as USER.")
        try:
            actor = core_selectors.actor_on_command_line(
                username=options["username"], organisation_code=options["organisation"]
            )
            indicator = selectors.indicator(actor=actor, code=options["code"])
            table = tables.indicator_table(
                actor=actor,
                indicator=indicator,
                query=tables.TableQuery(
                    rows=options["rows"],
                    columns=options["columns"],
                    start=_month(options["start"]),
                    end=_month(options["end"], last=True),
                ),
                today=timezone.localdate(),
            )
        except ApplicationError as error:
            problems = [f"{k}: {m}" for k, v in error.field_errors.items() for m in v]
            raise CommandError("; ".join(problems) or error.message) from None
        header, rows = tables.export(table)
        self.stdout.write(spreadsheets.to_csv(header, rows).decode("utf-8-sig"), ending="")
