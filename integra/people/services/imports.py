"""Loading a whole register of people from a CSV or XLSX file (issue 3, §7).

An import runs in two passes, as a background task:

1. **Check.** Every row is read, cleaned and validated exactly as registration
   validates it, then checked against the registry in chunks (external ids already
   imported, ids of people already registered, documents held by someone else,
   people already registered under the same name and date of birth). Bad rows go
   to an error report (row, column, reason); good rows are spooled to a temporary
   file. Progress is saved on the import after every chunk.
2. **Write.** Unless the file had errors and the caseworker asked for all or
   nothing, the spooled rows are written in one transaction with bulk inserts and
   one audit entry per person, so the registry gets the whole file or none of it.

Importing the same file again updates the same people (by external id): it never
creates them twice.
"""

from __future__ import annotations

import csv
import logging
import pickle
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from integra.core import access, audit, backend_bulk, spreadsheets
from integra.core.access import Actor
from integra.core.backend_sql import InList
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import Membership, Organisation
from integra.core.roles import Role
from integra.people import names
from integra.people.models import (
    Citizenship,
    DatePrecision,
    Document,
    ExternalReference,
    ImportMode,
    ImportState,
    Language,
    LegalStatus,
    NameKey,
    OtherName,
    Person,
    PersonImport,
    Responsibility,
    StatusCategory,
    document_key,
    new_public_id,
)
from integra.people.services import (
    CEFR_LEVELS,
    SIMPLE_FIELDS,
    PersonData,
    clean_person,
    document_errors,
    language_code,
    status_errors,
)

logger = logging.getLogger(__name__)

CHUNK = 2000
LARGE = 10_000  # rows written after which the planner's statistics are refreshed
FOLDER = "imports"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str | Promise
    example: str
    example_2: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "external_id",
        True,
        gettext_lazy(
            "The person's id in your own register; unique in the file. Importing "
            "the file again updates the same people."
        ),
        "REG-0001",
        "REG-0002",
    ),
    Column(
        "public_id",
        False,
        gettext_lazy("The Integra id of someone already registered, to update that record."),
        "",
    ),
    Column("given_name", True, gettext_lazy("In the original script."), "Олена", "محمد"),
    Column("family_name", False, gettext_lazy("In the original script."), "Коваленко", "الحلبي"),
    Column(
        "given_name_latin",
        False,
        gettext_lazy("In Latin letters; suggested from the original if empty."),
        "Olena",
    ),
    Column("family_name_latin", False, gettext_lazy("In Latin letters."), "Kovalenko"),
    Column("sex", True, gettext_lazy("female, male, other or not_stated."), "female", "male"),
    Column(
        "birth_date",
        False,
        gettext_lazy("YYYY-MM-DD; YYYY-MM or YYYY when only the month or year is known."),
        "1988-04-17",
        "1979",
    ),
    Column(
        "birth_date_precision",
        False,
        gettext_lazy("exact, month, year or estimated; worked out from the date if empty."),
        "",
        "year",
    ),
    Column("birth_place", False, gettext_lazy("Town and country."), "Kharkiv, Ukraine"),
    Column(
        "citizenships",
        False,
        gettext_lazy("ISO 3166 codes separated by ';'."),
        "UA",
        "SY",
    ),
    Column("stateless", False, gettext_lazy("yes or no."), "no", "no"),
    Column(
        "phone",
        False,
        gettext_lazy("With the country code, or a number of the country you work in."),
        "069 123 456",
    ),
    Column("email", False, gettext_lazy("An e-mail address."), "olena@example.org"),
    Column(
        "education_level",
        False,
        gettext_lazy("Highest level completed, ISCED 2011: 0 to 8."),
        "6",
        "3",
    ),
    Column("address", False, gettext_lazy("Street and number."), "str. Ismail 12"),
    Column("locality", False, gettext_lazy("Town or municipality."), "Chișinău", "Bălți"),
    Column(
        "languages",
        False,
        gettext_lazy("ISO 639 code and CEFR level (A1 to C2, or native), separated by ';'."),
        "uk:native;ro:A2",
        "ar:native",
    ),
    Column(
        "document_kind",
        False,
        gettext_lazy(
            "One document: passport, national_id, travel_document, "
            "residence_permit, work_permit, protection_id, birth_certificate, other."
        ),
        "passport",
    ),
    Column("document_number", False, gettext_lazy("As printed."), "FA123456"),
    Column("document_country", False, gettext_lazy("Issuing country, ISO 3166."), "UA"),
    Column("document_valid_until", False, gettext_lazy("YYYY-MM-DD."), "2031-05-01"),
    Column(
        "status",
        False,
        gettext_lazy(
            "Legal status: regular_worker, family_member, student, "
            "international_protection, temporary_protection, asylum_seeker, "
            "stateless, irregular."
        ),
        "temporary_protection",
        "asylum_seeker",
    ),
    Column("status_valid_from", False, gettext_lazy("YYYY-MM-DD."), "2022-03-15", "2024-11-02"),
    Column("status_valid_until", False, gettext_lazy("YYYY-MM-DD."), "2027-03-01"),
    Column(
        "confirm_new",
        False,
        gettext_lazy(
            "yes to register someone even though a person with the same name and "
            "date of birth is already registered."
        ),
        "",
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
_PERSON_FIELDS = {
    "given_name", "family_name", "given_name_latin", "family_name_latin", "sex",
    "birth_date", "birth_date_precision", "birth_place", "citizenships", "stateless",
    "phone", "email", "education_level", "address", "locality",
}  # fmt: skip
_STATUSES = frozenset(StatusCategory.values)
_DOCUMENT_COLUMNS = {
    "kind": "document_kind",
    "number": "document_number",
    "issuing_country": "document_country",
    "valid_until": "document_valid_until",
}
_YES = {"yes", "y", "true", "1", "da", "так", "да", "نعم"}
_NO = {"", "no", "n", "false", "0", "nu", "ні", "нет", "لا"}


def template(kind: str) -> bytes:
    """An empty file to fill in, with two example rows."""
    header = list(COLUMN_NAMES)
    rows = [
        [column.example for column in COLUMNS],
        [column.example_2 for column in COLUMNS],
    ]
    if kind == "xlsx":
        return spreadsheets.to_xlsx(header, rows, title="persons")
    return spreadsheets.to_csv(header, rows)


# --- Starting an import ----------------------------------------------------------------


def max_mb() -> int:
    return int(settings.INTEGRA_IMPORT_MAX_MB)


def max_bytes() -> int:
    return max_mb() * 1024 * 1024


def can_import(*, actor: Actor) -> bool:
    return access.can_import_persons(actor)


def import_create(
    *,
    actor: Actor,
    file: IO[bytes],
    file_name: str,
    size: int,
    mode: str,
    unlimited: bool = False,
    now: datetime | None = None,
) -> PersonImport:
    """Stores the uploaded file and queues its import. The caller starts the task
    (``tasks.import_persons``) once this has committed. Uploads are limited to
    INTEGRA_IMPORT_MAX_MB; the command line, run by an operator on the server,
    is ``unlimited``."""
    now = now or timezone.now()
    if not access.can_import_persons(actor):
        raise PermissionDenied(_("Only caseworkers import people, for their own organisation."))
    errors: dict[str, list[str]] = {}
    base = Path(file_name or "").name[:200]
    try:
        kind = spreadsheets.kind_of(base)
    except spreadsheets.UnreadableFile:
        errors["file"] = [_("Choose a CSV or XLSX file.")]
        kind = ""
    if size > max_bytes() and not unlimited:
        errors["file"] = [
            _("The file is %(size)s MB; the largest file you can import is %(max)s MB.")
            % {"size": f"{size / 1024 / 1024:,.0f}", "max": settings.INTEGRA_IMPORT_MAX_MB}
        ]
    elif size == 0:
        errors["file"] = [_("The file is empty.")]
    if mode not in ImportMode.values:
        errors["mode"] = [_("Choose whether to import only a fully valid file.")]
    if errors:
        raise ValidationFailed(_("The file cannot be imported."), field_errors=errors)
    assert actor.organisation_id is not None  # can_import_persons checked the seat
    with transaction.atomic():
        job = PersonImport.objects.create(
            organisation_id=actor.organisation_id,
            created_by=actor.user,
            file_name=base,
            file_size=size,
            mode=mode,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            created_at=now,
        )
        job.file_path = default_storage.save(f"{FOLDER}/{job.public_id}.{kind}", File(file))
        job.save(update_fields=["file_path"])
        audit.record(
            actor=actor,
            action="person.import.upload",
            object_type="import",
            object_id=job.public_id,
            purpose="registration",
            data={"file": base, "size": size, "mode": mode},
            now=now,
        )
    return job


# --- Running it ----------------------------------------------------------------------


class _Rejected(Exception):
    """The file as a whole cannot be read; ``reason`` says why to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class _Row:
    number: int
    external_id: str
    public_id: str
    person: PersonData
    identity: str
    languages: tuple[tuple[str, str], ...]
    document: tuple[str, str, str, str, date | None] | None  # kind, number, key, country, until
    status: tuple[str, date, date | None] | None
    confirm_new: bool
    person_id: int | None = None


@dataclass
class Progress:
    """What an import has done so far, for the page and the command line."""

    state: str
    rows_checked: int = 0
    rows_rejected: int = 0
    rows_created: int = 0
    rows_updated: int = 0
    percent: int = 0


ProgressCallback = Callable[[Progress], None]


def _unreadable_reason(code: str) -> str:
    return {
        "not_xlsx": _("This is not an XLSX spreadsheet. Save it again as .xlsx or as CSV."),
        "not_utf8": _("The CSV file is not in UTF-8. Save it again as 'CSV UTF-8'."),
        "empty": _("The file has no rows."),
        "unknown_type": _("Choose a CSV or XLSX file."),
    }.get(code, _("The file cannot be read."))


def _actor_for(job: PersonImport) -> Actor:
    seat = (
        Membership.objects.filter(
            user=job.created_by, organisation=job.organisation, role=Role.CASEWORKER
        )
        .values_list("pk", flat=True)
        .first()
    )
    return access.actor_for(job.created_by, active_membership_id=seat)


@contextmanager
def _local_copy(name: str) -> Iterator[str]:
    """A path on this machine to a stored file (copied if the storage is remote)."""
    try:
        yield default_storage.path(name)
        return
    except NotImplementedError:
        pass
    suffix = Path(name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy, default_storage.open(name) as src:
        for block in iter(lambda: src.read(1024 * 1024), b""):
            copy.write(block)
        copy.flush()
        yield copy.name


def import_run(
    *, public_id: str, on_progress: ProgressCallback | None = None, now: datetime | None = None
) -> PersonImport:
    """Runs a queued import (the background task's body, and the command line's).
    A second delivery of the same task finds it already started and does nothing."""
    claimed = PersonImport.objects.filter(public_id=public_id, state=ImportState.QUEUED).update(
        state=ImportState.CHECKING, started_at=timezone.now()
    )
    job = PersonImport.objects.select_related("organisation", "created_by").get(public_id=public_id)
    if not claimed:
        return job
    with translation.override(job.language):
        try:
            _run(job, on_progress=on_progress, now=now)
        except Exception:
            logger.exception("Import %s failed", job.public_id)
            PersonImport.objects.filter(pk=job.pk).update(
                state=ImportState.FAILED,
                message=_(
                    "The import stopped because of an error in Integra; nothing was "
                    "written. The error has been logged."
                ),
                finished_at=timezone.now(),
            )
        finally:
            if job.file_path:
                default_storage.delete(job.file_path)
    job.refresh_from_db()
    return job


def _run(job: PersonImport, *, on_progress: ProgressCallback | None, now: datetime | None) -> None:
    actor = _actor_for(job)
    if not access.can_import_persons(actor) or actor.organisation_id != job.organisation_id:
        _finish(
            job, ImportState.FAILED, _("You may no longer import people for this organisation.")
        )
        return
    reports = Path(tempfile.mkdtemp(prefix="integra-import-"))
    checker = _Checker(job, actor, reports, on_progress)
    try:
        with _local_copy(job.file_path) as path:
            try:
                kind = spreadsheets.kind_of(job.file_path)
                spool = checker.check(
                    spreadsheets.read_rows(path, kind),
                    total_rows=spreadsheets.count_rows(path, kind),
                )
            except spreadsheets.UnreadableFile as error:
                checker.file_error(_unreadable_reason(error.code))
                spool = None
            except _Rejected as error:
                checker.file_error(error.reason)
                spool = None
        job.report_path = checker.save_report()
        if spool is None or (checker.rejected and job.mode == ImportMode.ALL_OR_NOTHING):
            message = (
                ngettext(
                    "Nothing was imported: %(count)s row has errors. Correct it and import "
                    "the file again.",
                    "Nothing was imported: %(count)s rows have errors. Correct them and import "
                    "the file again.",
                    checker.rejected,
                )
                % {"count": f"{checker.rejected:,}"}
                if spool is not None
                else _("Nothing was imported.")
            )
            job.rows_checked, job.rows_rejected = checker.checked, checker.rejected
            job.save(update_fields=["report_path", "rows_checked", "rows_rejected"])
            _finish(job, ImportState.REJECTED, message)
            if spool is not None:
                spool.close()
            return
        job.rejected_path = checker.save_rejected()
        job.rows_checked, job.rows_rejected = checker.checked, checker.rejected
        job.state = ImportState.WRITING
        job.save(
            update_fields=["report_path", "rejected_path", "rows_checked", "rows_rejected", "state"]
        )
        _report(on_progress, job, 50)
        try:
            _write(
                job,
                actor,
                spool,
                index=checker.seen,
                present=set(checker.header),
                on_progress=on_progress,
                now=now or timezone.now(),
            )
            if job.rows_created + job.rows_updated >= LARGE:
                backend_bulk.refresh_statistics(
                    [Person, NameKey, Citizenship, Responsibility, ExternalReference, Document]
                )
        except IntegrityError:
            logger.warning("Import %s collided with a concurrent change", job.public_id)
            _finish(
                job,
                ImportState.FAILED,
                _(
                    "The registry changed while the file was being imported, so nothing was "
                    "written. Import the file again."
                ),
            )
        finally:
            spool.close()
    finally:
        checker.close()
        shutil.rmtree(reports, ignore_errors=True)


def _finish(job: PersonImport, state: str, message: str) -> None:
    job.state = state
    job.message = message[:500]
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "progress", "finished_at"])


def _report(callback: ProgressCallback | None, job: PersonImport, percent: int) -> None:
    if callback is not None:
        callback(
            Progress(
                state=job.state,
                rows_checked=job.rows_checked,
                rows_rejected=job.rows_rejected,
                rows_created=job.rows_created,
                rows_updated=job.rows_updated,
                percent=percent,
            )
        )


# --- Pass 1: checking ------------------------------------------------------------------


def _document_id(document: tuple[str, str, str, str, date | None]) -> str:
    kind, _number, key, country, _until = document
    return f"{kind}|{country}|{key}"


def _identity_id(row: _Row) -> str:
    return f"{row.identity}|{row.person.birth_date}"


def _plain(cell: str) -> str:
    """A cell as typed: an apostrophe that a spreadsheet export put before a
    formula-like value (spreadsheets.safe_text) is taken off again."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@":
        return cell[1:]
    return cell


def _iso_date(value: str) -> date:
    return date.fromisoformat(value)


_EXTERNAL, _DOCUMENT, _IDENTITY = 1, 2, 3


class _FileIndex:
    """What the file has shown so far (external ids, documents, identities) and
    whom the import wrote, in a temporary SQLite file: checking a million rows
    keeps none of them in memory."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE seen (kind INTEGER, key TEXT, row INTEGER, PRIMARY KEY (kind, key))
                WITHOUT ROWID;
            CREATE TABLE written (public_id TEXT, created INTEGER);
            """
        )

    def first_rows(self, kind: int, keys: Iterable[str]) -> dict[str, int]:
        """The row where each key was first met, for the keys met before."""
        wanted = list(set(keys))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ", ".join("?" * len(part))
            found.update(
                self.db.execute(
                    f"SELECT key, row FROM seen WHERE kind = ? AND key IN ({marks})",  # noqa: S608
                    (kind, *part),
                )
            )
        return found

    def remember(self, kind: int, items: Iterable[tuple[str, int]]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", ((kind, k, r) for k, r in items)
        )

    def wrote(self, public_ids: Iterable[str], *, created: bool) -> None:
        self.db.executemany(
            "INSERT INTO written VALUES (?, ?)", ((p, int(created)) for p in public_ids)
        )

    def written(self) -> Iterator[tuple[str, bool]]:
        for public_id, created in self.db.execute("SELECT public_id, created FROM written"):
            yield public_id, bool(created)

    def close(self) -> None:
        self.db.close()


class _Checker:
    def __init__(
        self,
        job: PersonImport,
        actor: Actor,
        folder: Path,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.job = job
        self.actor = actor
        self.organisation: Organisation = job.organisation
        self.scope = access.case_scope(actor)
        self.today = timezone.localdate()
        self.on_progress = on_progress
        self.checked = 0
        self.rejected = 0
        self.header: list[str] = []
        self.index: dict[str, int] = {}
        self.seen = _FileIndex(folder / "index.sqlite3")
        self.folder = folder
        self.report_file = open(folder / "errors.csv", "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self.report = csv.writer(self.report_file)
        self.report.writerow([_("row"), _("column"), _("reason"), _("value")])
        self.rejected_file: IO[str] | None = None
        self.rejected_rows: Any = None
        self.errors_written = 0

    def close(self) -> None:
        self.seen.close()
        for handle in (self.report_file, self.rejected_file):
            if handle is not None and not handle.closed:
                handle.close()

    # The error report and the rejected rows.

    def error(self, row: int, column: str, reason: str, value: str = "") -> None:
        self.report.writerow(
            [row, column, spreadsheets.safe_text(reason), spreadsheets.safe_text(value[:200])]
        )
        self.errors_written += 1

    def file_error(self, reason: str) -> None:
        self.error(1, "", reason)

    def reject(self, cells: list[str], reasons: list[str]) -> None:
        self.rejected += 1
        if self.job.mode != ImportMode.VALID_ROWS:
            return
        if self.rejected_file is None:
            self.rejected_file = open(  # noqa: SIM115
                self.folder / "rejected.csv", "w", encoding="utf-8-sig", newline=""
            )
            self.rejected_rows = csv.writer(self.rejected_file)
            self.rejected_rows.writerow([*self.header, "errors"])
        self.rejected_rows.writerow(
            [spreadsheets.safe_text(cell) for cell in cells] + ["; ".join(reasons)]
        )

    def save_report(self) -> str:
        self.report_file.close()
        if not self.errors_written:
            return ""
        with open(self.folder / "errors.csv", "rb") as handle:
            return default_storage.save(f"{FOLDER}/{self.job.public_id}-errors.csv", File(handle))

    def save_rejected(self) -> str:
        if self.rejected_file is None:
            return ""
        self.rejected_file.close()
        with open(self.folder / "rejected.csv", "rb") as handle:
            return default_storage.save(f"{FOLDER}/{self.job.public_id}-rejected.csv", File(handle))

    # Reading.

    def read_header(self, header: list[str]) -> None:
        names_ = [cell.strip().lower() for cell in header]
        while names_ and not names_[-1]:
            names_.pop()
        problems: list[tuple[str, str]] = []
        for name in REQUIRED:
            if name not in names_:
                problems.append((name, _("This required column is missing.")))
        for position, name in enumerate(names_):
            if name and name not in COLUMN_NAMES:
                problems.append((name, _("Unknown column: see the template for the columns.")))
            elif name in names_[:position]:
                problems.append((name, _("This column appears twice.")))
            elif not name:
                problems.append(("", _("A column has no name.")))
        for column, reason in problems:
            self.error(1, column, reason)
        if problems:
            raise _Rejected(_("The columns of the file are not right; nothing was imported."))
        self.header = names_
        self.index = {name: position for position, name in enumerate(names_)}

    def check(self, rows: Iterator[list[str]], *, total_rows: int | None) -> IO[bytes]:
        header = next(rows, None)
        if header is None or not any(header):
            raise spreadsheets.UnreadableFile("empty")
        self.read_header(header)
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller)
        total = max(total_rows or 0, 1)
        chunk: list[tuple[int, list[str]]] = []
        number = 1
        for cells in rows:
            number += 1
            if not any(cells):
                continue
            chunk.append((number, cells))
            if len(chunk) >= CHUNK:
                self._check_chunk(chunk, spool)
                chunk = []
                self._progress(min(49, number * 50 // total) if total_rows else 0)
        if chunk:
            self._check_chunk(chunk, spool)
        if not self.checked:
            raise spreadsheets.UnreadableFile("empty")
        spool.seek(0)
        return spool

    def _progress(self, percent: int) -> None:
        PersonImport.objects.filter(pk=self.job.pk).update(
            rows_checked=self.checked, rows_rejected=self.rejected, progress=percent
        )
        self.job.rows_checked, self.job.rows_rejected = self.checked, self.rejected
        _report(self.on_progress, self.job, percent)

    def _check_chunk(self, chunk: list[tuple[int, list[str]]], spool: IO[bytes]) -> None:
        parsed: list[tuple[_Row | None, list[str], dict[str, list[str]]]] = []
        for number, cells in chunk:
            row, errors = self._parse(number, cells)
            parsed.append((row, cells, errors))
        candidates = [row for row, _cells, errors in parsed if row is not None and not errors]
        errors_of = {id(row): errors for row, _cells, errors in parsed if row is not None}
        self._in_file(candidates, errors_of)
        self._resolve([row for row in candidates if not errors_of[id(row)]], errors_of)
        good: list[_Row] = []
        for (number, _raw), (row, cells, errors) in zip(chunk, parsed, strict=True):
            self.checked += 1
            if errors:
                reasons = []
                for column, messages in errors.items():
                    for message in messages:
                        self.error(number, column, message, self._cell(cells, column))
                        reasons.append(f"{column}: {message}")
                self.reject(cells, reasons)
            elif row is not None:
                good.append(row)
        if good and not (self.rejected and self.job.mode == ImportMode.ALL_OR_NOTHING):
            pickle.dump(good, spool, protocol=pickle.HIGHEST_PROTOCOL)

    def _in_file(self, rows: list[_Row], errors_of: dict[int, dict[str, list[str]]]) -> None:
        """An external id or a document that an earlier row of the file already has."""
        external = self._first_rows(_EXTERNAL, [(row.external_id, row.number) for row in rows])
        for row in rows:
            earlier = external[row.external_id]
            if earlier != row.number:
                errors_of[id(row)]["external_id"].append(
                    _("The same external id is on row %(row)s.") % {"row": earlier}
                )
        documents = self._first_rows(
            _DOCUMENT,
            [(_document_id(row.document), row.number) for row in rows if row.document],
        )
        for row in rows:
            if row.document is None:
                continue
            earlier = documents[_document_id(row.document)]
            if earlier != row.number:
                errors_of[id(row)]["document_number"].append(
                    _("The same document is on row %(row)s.") % {"row": earlier}
                )

    def _first_rows(self, kind: int, items: list[tuple[str, int]]) -> dict[str, int]:
        """For each key, the first row of the file that has it (remembering these)."""
        first = self.seen.first_rows(kind, (key for key, _row in items))
        new: dict[str, int] = {}
        for key, number in items:
            if key not in first:
                first[key] = number
                new[key] = number
        self.seen.remember(kind, new.items())
        return first

    def _cell(self, cells: list[str], name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return _plain(cells[position].strip())

    def _parse(self, number: int, cells: list[str]) -> tuple[_Row | None, dict[str, list[str]]]:
        errors: dict[str, list[str]] = defaultdict(list)
        values: dict[str, str] = {}
        width = len(cells)
        for name, position in self.index.items():
            if position < width and (value := _plain(cells[position].strip())):
                if value[0] == "=":
                    errors[name].append(_("Formulas are not accepted: type the value itself."))
                values[name] = value
        if errors:
            return None, errors

        def get(_cells: list[str], name: str) -> str:
            return values.get(name, "")

        external_id = get(cells, "external_id")
        if not external_id:
            errors["external_id"].append(_("Give the person's id in your register."))
        elif len(external_id) > 64:
            errors["external_id"].append(_("An external id has at most 64 characters."))
        public_id = get(cells, "public_id").upper()
        birth_date, precision = self._birth_date(get(cells, "birth_date"), errors)
        if get(cells, "birth_date_precision"):
            precision = get(cells, "birth_date_precision").lower()
        education = get(cells, "education_level")
        education_level: int | None = None
        if education:
            try:
                education_level = int(education)
            except ValueError:
                errors["education_level"].append(_("Give a level from 0 to 8."))
        stateless = self._yes_no(get(cells, "stateless"), "stateless", errors)
        confirm_new = self._yes_no(get(cells, "confirm_new"), "confirm_new", errors)
        data = PersonData(
            given_name=get(cells, "given_name"),
            family_name=get(cells, "family_name"),
            given_name_latin=get(cells, "given_name_latin"),
            family_name_latin=get(cells, "family_name_latin"),
            sex=get(cells, "sex").lower(),
            birth_date=birth_date,
            birth_date_precision=precision,
            birth_place=get(cells, "birth_place"),
            citizenships=tuple(
                code for code in get(cells, "citizenships").replace(",", ";").split(";")
            ),
            stateless=stateless,
            phone=get(cells, "phone"),
            email=get(cells, "email"),
            education_level=education_level,
            address=get(cells, "address"),
            locality=get(cells, "locality"),
        )
        clean = data
        try:
            clean = clean_person(data, country=self.organisation.country, today=self.today)
        except ValidationFailed as failure:
            for name, messages in failure.field_errors.items():
                if name not in errors:  # keep the more precise message of this file's parsing
                    errors[name].extend(messages)
        languages = self._languages(get(cells, "languages"), errors)
        document = self._document(values, errors)
        status = self._status(values, birth_date, errors)
        if errors:
            return None, errors
        row = _Row(
            number=number,
            external_id=external_id,
            public_id=public_id,
            person=clean,
            identity=names.identity_key(clean.given_name_latin, clean.family_name_latin),
            languages=languages,
            document=document,
            status=status,
            confirm_new=confirm_new,
        )
        return row, errors

    def _birth_date(self, value: str, errors: dict[str, list[str]]) -> tuple[date | None, str]:
        if not value:
            return None, DatePrecision.EXACT
        try:
            if len(value) == 4:
                return date(int(value), 1, 1), DatePrecision.YEAR
            if len(value) == 7:
                return date(int(value[:4]), int(value[5:]), 1), DatePrecision.MONTH
            return _iso_date(value[:10] if len(value) > 10 and value[10] in " T" else value), (
                DatePrecision.EXACT
            )
        except ValueError:
            errors["birth_date"].append(
                _("Not a date: write it as YYYY-MM-DD (or YYYY-MM, or YYYY).")
            )
            return None, DatePrecision.EXACT

    def _date(self, value: str, column: str, errors: dict[str, list[str]]) -> date | None:
        if not value:
            return None
        try:
            return _iso_date(value[:10] if len(value) > 10 and value[10] in " T" else value)
        except ValueError:
            errors[column].append(_("Not a date: write it as YYYY-MM-DD."))
            return None

    def _yes_no(self, value: str, column: str, errors: dict[str, list[str]]) -> bool:
        lowered = value.lower()
        if lowered in _YES:
            return True
        if lowered not in _NO:
            errors[column].append(_("Write yes or no."))
        return False

    def _languages(self, value: str, errors: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
        found: dict[str, str] = {}
        for item in (part.strip() for part in value.split(";")):
            if not item:
                continue
            code, _sep, level = item.partition(":")
            language = language_code(code)
            level = level.strip()
            level = "native" if level.lower() == "native" else level.upper()
            if language is None:
                errors["languages"].append(
                    _("Unknown language code '%(code)s': use ISO 639 codes such as uk or ar.")
                    % {"code": code.strip()[:10]}
                )
            elif level not in CEFR_LEVELS:
                errors["languages"].append(
                    _("Give the level of %(code)s: A1 to C2, or native.") % {"code": language}
                )
            else:
                found[language] = level
        return tuple(found.items())

    def _document(
        self, values: dict[str, str], errors: dict[str, list[str]]
    ) -> tuple[str, str, str, str, date | None] | None:
        kind = values.get("document_kind", "").lower()
        number = values.get("document_number", "")
        country = values.get("document_country", "").upper()
        until_text = values.get("document_valid_until", "")
        if not (kind or number or country or until_text):
            return None
        until = self._date(until_text, "document_valid_until", errors)
        problems = document_errors(
            kind=kind,
            number=number,
            issuing_country=country,
            issued_on=None,
            valid_until=until,
            today=self.today,
        )
        for name, messages in problems.items():
            errors[_DOCUMENT_COLUMNS.get(name, "document_number")].extend(messages)
        if problems:
            return None
        return (kind, " ".join(number.split()).upper(), document_key(number), country, until)

    def _status(
        self, values: dict[str, str], born: date | None, errors: dict[str, list[str]]
    ) -> tuple[str, date, date | None] | None:
        category = values.get("status", "").lower()
        starts = self._date(values.get("status_valid_from", ""), "status_valid_from", errors)
        ends = self._date(values.get("status_valid_until", ""), "status_valid_until", errors)
        if not category:
            if starts or ends:
                errors["status"].append(_("Give the status these dates belong to."))
            return None
        if category not in _STATUSES:
            errors["status"].append(_("Choose one of the legal-status categories."))
            return None
        if starts is None:
            if "status_valid_from" not in errors:
                errors["status_valid_from"].append(_("Give the date the status starts."))
            return None
        problems = status_errors(category=category, valid_from=starts, valid_until=ends, born=born)
        for name, messages in problems.items():
            errors["status_" + name if name.startswith("valid") else "status"].extend(messages)
        return None if problems else (category, starts, ends)

    # Against the registry.

    def _resolve(self, rows: list[_Row], errors_of: dict[int, dict[str, list[str]]]) -> None:
        if not rows:
            return
        org = self.organisation
        refs = dict(
            ExternalReference.objects.filter(
                InList(F("value"), [row.external_id for row in rows]), organisation=org
            ).values_list("value", "person_id")
        )
        wanted = {row.public_id for row in rows if row.public_id}
        by_public = dict(Person.objects.filter(public_id__in=wanted).values_list("public_id", "pk"))
        for row in rows:
            errors = errors_of[id(row)]
            from_ref = refs.get(row.external_id)
            if row.public_id:
                from_public = by_public.get(row.public_id)
                if from_public is None:
                    errors["public_id"].append(_("No person with this id is in your cases."))
                elif from_ref is not None and from_ref != from_public:
                    errors["public_id"].append(
                        _("This external id was imported for another person.")
                    )
                row.person_id = from_public
            else:
                row.person_id = from_ref
        existing = {row.person_id for row in rows if row.person_id is not None}
        responsible: dict[int, set[int]] = defaultdict(set)
        for person_id, org_id in Responsibility.objects.filter(person_id__in=existing).values_list(
            "person_id", "organisation_id"
        ):
            responsible[person_id].add(org_id)
        for row in rows:
            if row.person_id is not None and not access.can_change_case(
                self.actor, responsible=responsible[row.person_id]
            ):
                column = "public_id" if row.public_id else "external_id"
                errors_of[id(row)][column].append(_("No person with this id is in your cases."))
        self._resolve_documents(rows, errors_of)
        self._resolve_identities(rows, errors_of)

    def _resolve_documents(
        self, rows: list[_Row], errors_of: dict[int, dict[str, list[str]]]
    ) -> None:
        with_document = [row for row in rows if row.document is not None]
        if not with_document:
            return
        holders: dict[tuple[str, str, str], int] = {
            (kind, country, key): person_id
            for kind, country, key, person_id in Document.objects.filter(
                InList(F("number_key"), [row.document[2] for row in with_document if row.document])
            ).values_list("kind", "issuing_country", "number_key", "person_id")
        }
        for row in with_document:
            assert row.document is not None
            kind, _number, key, country, _until = row.document
            holder = holders.get((kind, country, key))
            if holder is not None and holder != row.person_id:
                errors_of[id(row)]["document_number"].append(
                    _("This document is recorded for another person: check for a duplicate record.")
                )

    def _resolve_identities(
        self, rows: list[_Row], errors_of: dict[int, dict[str, list[str]]]
    ) -> None:
        new = [
            row
            for row in rows
            if row.person_id is None
            and row.person.birth_date is not None
            and row.identity
            and not row.confirm_new
        ]
        if not new:
            return
        matches: dict[tuple[str, date], list[tuple[int, str]]] = defaultdict(list)
        births = {row.person.birth_date for row in new}
        for pk, public_id, key, born in Person.objects.filter(
            InList(F("identity_key"), sorted({row.identity for row in new}))
        ).values_list("pk", "public_id", "identity_key", "birth_date"):
            if born is not None and born in births:
                matches[(key, born)].append((pk, public_id))
        found = {pk for same in matches.values() for pk, _public in same}
        responsible: dict[int, set[int]] = defaultdict(set)
        for person_id, org_id in Responsibility.objects.filter(person_id__in=found).values_list(
            "person_id", "organisation_id"
        ):
            responsible[person_id].add(org_id)
        earlier_rows = self.seen.first_rows(_IDENTITY, (_identity_id(row) for row in new))
        for row in new:
            assert row.person.birth_date is not None
            identity: tuple[str, date] = (row.identity, row.person.birth_date)
            errors = errors_of[id(row)]
            earlier = earlier_rows.get(_identity_id(row))
            if earlier is not None and earlier != row.number:
                errors["given_name"].append(
                    _(
                        "Same name and date of birth as row %(row)s. If these are two people, "
                        "write yes in confirm_new."
                    )
                    % {"row": earlier}
                )
                continue
            for pk, public_id in matches.get(identity, []):
                visible = self.scope is None or bool(self.scope & responsible[pk])
                errors["given_name"].append(
                    (
                        _(
                            "Probably already registered as %(id)s (same name and date of birth). "
                            "Put that id in public_id to update the record, or write yes in "
                            "confirm_new."
                        )
                        % {"id": public_id}
                    )
                    if visible
                    else _(
                        "Probably already registered by another organisation (same name "
                        "and date of birth). Write yes in confirm_new if this is someone "
                        "else."
                    )
                )
                break
            if not errors:
                earlier_rows[_identity_id(row)] = row.number
                self.seen.remember(_IDENTITY, [(_identity_id(row), row.number)])


# --- Pass 2: writing -------------------------------------------------------------------


def _spooled(spool: IO[bytes]) -> Iterator[list[_Row]]:
    while True:
        try:
            # Integra's own temporary file, written by _check_chunk in this process.
            yield pickle.load(spool)  # noqa: S301
        except EOFError:
            return


def _fresh_public_ids(count: int) -> list[str]:
    """Public ids no one has yet (40 random bits each: at a million people, one
    in a million new ids is taken, so check rather than hope)."""
    ids: set[str] = set()
    while len(ids) < count:
        ids.update(new_public_id() for _ in range(count - len(ids)))
        taken = Person.objects.filter(InList(F("public_id"), sorted(ids)))
        ids -= set(taken.values_list("public_id", flat=True))
    return list(ids)


@transaction.atomic
def _write(
    job: PersonImport,
    actor: Actor,
    spool: IO[bytes],
    *,
    index: _FileIndex,
    present: set[str],
    on_progress: ProgressCallback | None,
    now: datetime,
) -> None:
    created = updated = 0
    total = max(job.rows_checked - job.rows_rejected, 1)
    for rows in _spooled(spool):
        fresh = _create(job, [row for row in rows if row.person_id is None], now)
        changed = _update(job, [row for row in rows if row.person_id], present, now)
        index.wrote(fresh, created=True)
        index.wrote(changed, created=False)
        created, updated = created + len(fresh), updated + len(changed)
        job.rows_created, job.rows_updated = created, updated
        _report(on_progress, job, 50 + min(49, (created + updated) * 50 // total))
    # One entry per person, written last so the chain's head is held only briefly.
    events = (
        audit.Event(
            "person.import.create" if was_created else "person.import.update",
            "person",
            public_id,
            {"import": job.public_id},
        )
        for public_id, was_created in index.written()
    )
    audit.record_many(actor=actor, events=events, purpose="registration", now=now)
    audit.record(
        actor=actor,
        action="person.import.finish",
        object_type="import",
        object_id=job.public_id,
        purpose="registration",
        data={"created": created, "updated": updated, "rejected": job.rows_rejected},
        now=now,
    )
    job.rows_created, job.rows_updated = created, updated
    job.save(update_fields=["rows_created", "rows_updated"])
    message = _("%(created)s people added and %(updated)s updated.") % {
        "created": f"{created:,}",
        "updated": f"{updated:,}",
    }
    if job.rows_rejected:
        message += " " + ngettext(
            "%(count)s row was rejected: download it, correct it and import it again.",
            "%(count)s rows were rejected: download them, correct them and import them again.",
            job.rows_rejected,
        ) % {"count": f"{job.rows_rejected:,}"}
    _finish(job, ImportState.DONE, message)
    _report(on_progress, job, 100)


_PERSON_COLUMNS = [
    "public_id",
    *SIMPLE_FIELDS,
    "registered_by_id",
    "identity_key",
    "created_at",
    "updated_at",
]
_NAME_KEY_COLUMNS = ["person_id", "key", "family_name_latin", "given_name_latin", "public_id"]


def _create(job: PersonImport, rows: list[_Row], now: datetime) -> list[str]:
    """New people, through each database's bulk path (core.backend_bulk): for rows
    already validated, the ORM's per-row work would cost more than the database's."""
    if not rows:
        return []
    org_id = job.organisation_id
    public_ids = _fresh_public_ids(len(rows))
    backend_bulk.insert(
        Person,
        _PERSON_COLUMNS,
        (
            (
                public_id,
                *(getattr(row.person, name) for name in SIMPLE_FIELDS),
                org_id,
                row.identity,
                now,
                now,
            )
            for row, public_id in zip(rows, public_ids, strict=True)
        ),
    )
    pks = dict(
        Person.objects.filter(InList(F("public_id"), public_ids)).values_list("public_id", "pk")
    )
    keys: list[tuple[int, str, str, str, str]] = []
    citizenships: list[tuple[int, str]] = []
    languages: list[tuple[int, str, str, str]] = []
    documents: list[tuple[object, ...]] = []
    statuses: list[tuple[object, ...]] = []
    for row, public_id in zip(rows, public_ids, strict=True):
        pk = pks[public_id]
        data = row.person
        keys.extend(
            (pk, key, data.family_name_latin, data.given_name_latin, public_id)
            for key in names.search_keys(
                data.given_name, data.family_name, data.given_name_latin, data.family_name_latin
            )
        )
        citizenships.extend((pk, code) for code in data.citizenships)
        languages.extend((pk, code, level, "") for code, level in row.languages)
        if row.document is not None:
            kind, number, key, country, until = row.document
            documents.append((pk, kind, number, key, country, until, org_id, now))
        if row.status is not None:
            category, starts, ends = row.status
            statuses.append((pk, category, starts, ends, "", "", org_id, now))
    backend_bulk.insert(NameKey, _NAME_KEY_COLUMNS, keys)
    backend_bulk.insert(Citizenship, ["person_id", "country"], citizenships)
    backend_bulk.insert(
        Responsibility,
        ["person_id", "organisation_id", "since"],
        ((pks[public_id], org_id, now) for public_id in public_ids),
    )
    backend_bulk.insert(
        ExternalReference,
        ["organisation_id", "value", "person_id"],
        (
            (org_id, row.external_id, pks[public_id])
            for row, public_id in zip(rows, public_ids, strict=True)
        ),
    )
    backend_bulk.insert(
        Language, ["person_id", "code", "declared_level", "assessed_level"], languages
    )
    backend_bulk.insert(
        Document,
        [
            "person_id",
            "kind",
            "number",
            "number_key",
            "issuing_country",
            "valid_until",
            "recorded_by_id",
            "recorded_at",
        ],
        documents,
    )
    backend_bulk.insert(
        LegalStatus,
        [
            "person_id",
            "category",
            "valid_from",
            "valid_until",
            "decision_reference",
            "note",
            "recorded_by_id",
            "recorded_at",
        ],
        statuses,
    )
    return public_ids


def _document(row: _Row, person_id: int, org_id: int, now: datetime) -> Document:
    assert row.document is not None
    kind, number, key, country, until = row.document
    return Document(
        person_id=person_id,
        kind=kind,
        number=number,
        number_key=key,
        issuing_country=country,
        valid_until=until,
        recorded_by_id=org_id,
        recorded_at=now,
    )


def _status(row: _Row, person_id: int, org_id: int, now: datetime) -> LegalStatus:
    assert row.status is not None
    category, starts, ends = row.status
    return LegalStatus(
        person_id=person_id,
        category=category,
        valid_from=starts,
        valid_until=ends,
        recorded_by_id=org_id,
        recorded_at=now,
    )


def _replace_keys_and_citizenships(
    people: dict[int, Person], rows: dict[int | None, _Row], *, citizenships: bool
) -> None:
    """The name keys (and, if the file has the column, the citizenships) of a
    chunk of updated people, rewritten in a few statements rather than a few per
    person (what services.write_names does for one)."""
    others: dict[int, list[str]] = defaultdict(list)
    for person_id, name, latin in OtherName.objects.filter(person_id__in=people).values_list(
        "person_id", "name", "name_latin"
    ):
        others[person_id].extend(value for value in (name, latin) if value)
    NameKey.objects.filter(person_id__in=people).delete()
    backend_bulk.insert(
        NameKey,
        _NAME_KEY_COLUMNS,
        (
            (pk, key, person.family_name_latin, person.given_name_latin, person.public_id)
            for pk, person in people.items()
            for key in names.search_keys(
                person.given_name,
                person.family_name,
                person.given_name_latin,
                person.family_name_latin,
                *others[pk],
            )
        ),
    )
    if citizenships:
        Citizenship.objects.filter(person_id__in=people).delete()
        backend_bulk.insert(
            Citizenship,
            ["person_id", "country"],
            ((pk, code) for pk in people for code in rows[pk].person.citizenships),
        )


def _update(job: PersonImport, rows: list[_Row], present: set[str], now: datetime) -> list[str]:
    """People already registered: the columns the file has replace what the record
    says; documents and statuses are added unless the record already has them."""
    if not rows:
        return []
    org_id = job.organisation_id
    people = Person.objects.in_bulk([row.person_id for row in rows])
    fields = [name for name in SIMPLE_FIELDS if name in present]
    if "given_name" in present:
        fields.append("given_name_latin")
    if "family_name" in present:
        fields.append("family_name_latin")
    fields = list(dict.fromkeys(fields))
    changed: list[Person] = []
    for row in rows:
        assert row.person_id is not None
        person = people[row.person_id]
        for name in fields:
            setattr(person, name, getattr(row.person, name))
        person.refresh_identity_key()
        person.updated_at = now
        changed.append(person)
    Person.objects.bulk_update(changed, [*fields, "identity_key", "updated_at"], batch_size=CHUNK)
    known_languages = {
        (lang.person_id, lang.code): lang for lang in Language.objects.filter(person_id__in=people)
    }
    documents = set(
        Document.objects.filter(person_id__in=people).values_list(
            "person_id", "kind", "issuing_country", "number_key"
        )
    )
    statuses = set(
        LegalStatus.objects.filter(person_id__in=people).values_list(
            "person_id", "category", "valid_from"
        )
    )
    new_languages: list[Language] = []
    changed_languages: list[Language] = []
    new_documents: list[Document] = []
    new_statuses: list[LegalStatus] = []
    _replace_keys_and_citizenships(
        people, {row.person_id: row for row in rows}, citizenships="citizenships" in present
    )
    for row in rows:
        assert row.person_id is not None
        person = people[row.person_id]
        for code, level in row.languages:
            known = known_languages.get((person.pk, code))
            if known is None:
                new_languages.append(Language(person_id=person.pk, code=code, declared_level=level))
            elif known.declared_level != level:
                known.declared_level = level
                changed_languages.append(known)
        if row.document is not None:
            kind, _number, key, country, _until = row.document
            if (person.pk, kind, country, key) not in documents:
                new_documents.append(_document(row, person.pk, org_id, now))
        if row.status is not None:
            category, starts, _ends = row.status
            if (person.pk, category, starts) not in statuses:
                new_statuses.append(_status(row, person.pk, org_id, now))
    Language.objects.bulk_create(new_languages)
    Language.objects.bulk_update(changed_languages, ["declared_level"])
    Document.objects.bulk_create(new_documents)
    LegalStatus.objects.bulk_create(new_statuses)
    Responsibility.objects.bulk_create(
        [Responsibility(person_id=pk, organisation_id=org_id, since=now) for pk in people],
        ignore_conflicts=True,
    )
    ExternalReference.objects.bulk_create(
        [
            ExternalReference(organisation_id=org_id, value=row.external_id, person_id=pk)
            for row in rows
            if (pk := row.person_id) is not None
        ],
        ignore_conflicts=True,
    )
    return [people[row.person_id].public_id for row in rows if row.person_id]


def imports_forget(*, now: datetime | None = None) -> int:
    """Daily: deletes reports and rejected rows older than INTEGRA_IMPORT_KEEP_DAYS
    (they hold personal data), and any upload left behind by a crash."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.INTEGRA_IMPORT_KEEP_DAYS)
    forgotten = 0
    for job in PersonImport.objects.filter(created_at__lt=cutoff).exclude(
        report_path="", rejected_path="", file_path=""
    ):
        for path in (job.report_path, job.rejected_path, job.file_path):
            if path:
                default_storage.delete(path)
        PersonImport.objects.filter(pk=job.pk).update(
            report_path="", rejected_path="", file_path=""
        )
        forgotten += 1
    return forgotten
