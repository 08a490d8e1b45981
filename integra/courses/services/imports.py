"""Files of test results (an exam sitting's, an exam centre's term): uploaded by a
licensed examiner of the provider, checked whole by a background task, and
imported whole or not at all, with every bad row reported by row, column and
reason. What one recorded result does, an imported one does too, in bulk: the
enrolment is completed, the assessed language level updated, a pass completes
the plan measure and issues a certificate."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integra.core import access, audit, spreadsheets
from integra.core.access import Actor
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import Membership, Organisation
from integra.courses import rules, selectors
from integra.courses.models import (
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    ImportState,
    Result,
    ResultImport,
    Standard,
    Teacher,
)
from integra.people import selectors as people_selectors
from integra.people import services as people
from integra.plans.services import plans as plan_services

logger = logging.getLogger(__name__)

FOLDER = "result-imports"
COLUMNS = (
    "course",
    "person",
    "taken_on",
    "reading",
    "listening",
    "writing",
    "speaking",
    "speaking_second",
    "examiner",
    "second_examiner",
)
REQUIRED = ("course", "person", "taken_on")
KEEP_ERRORS = 1000  # the report keeps the first thousand; the count is exact
BATCH = 2000


def template(kind: str) -> bytes:
    """An empty file with the columns, for examiners to fill in."""
    if kind == "xlsx":
        return spreadsheets.to_xlsx(COLUMNS, [], title="results")
    return spreadsheets.to_csv(COLUMNS, [])


def max_mb() -> int:
    return int(settings.INTEGRA_IMPORT_MAX_MB)


def _examiner_of(actor: Actor, provider: Organisation) -> Teacher | None:
    return Teacher.objects.filter(
        organisation=provider, user=actor.user, is_examiner=True, is_active=True
    ).first()


def can_import(*, actor: Actor, provider: Organisation) -> bool:
    return access.can_import_results(
        actor,
        provider_id=provider.pk,
        is_examiner=_examiner_of(actor, provider) is not None,
    )


def import_create(
    *,
    actor: Actor,
    provider: Organisation,
    file: IO[bytes],
    file_name: str,
    size: int,
    now: datetime | None = None,
) -> ResultImport:
    """Stores the uploaded file and queues its import; the caller starts the task
    (``tasks.import_results``) once this has committed."""
    now = now or timezone.now()
    if not can_import(actor=actor, provider=provider):
        raise PermissionDenied(_("Only the provider's licensed examiners import results."))
    errors: dict[str, list[str]] = {}
    base = Path(file_name or "").name[:200]
    try:
        kind = spreadsheets.kind_of(base)
    except spreadsheets.UnreadableFile:
        errors["file"] = [_("Choose a CSV or XLSX file.")]
        kind = ""
    limit = max_mb()
    if size > limit * 1024 * 1024:
        errors["file"] = [
            _("The file is %(size)s MB; the largest file you can import is %(max)s MB.")
            % {"size": f"{size / 1024 / 1024:,.0f}", "max": limit}
        ]
    elif size == 0:
        errors["file"] = [_("The file is empty.")]
    if errors:
        raise ValidationFailed(_("The file cannot be imported."), field_errors=errors)
    with transaction.atomic():
        job = ResultImport.objects.create(
            provider=provider,
            created_by=actor.user,
            file_name=base,
            file_size=size,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            created_at=now,
        )
        job.file_path = default_storage.save(f"{FOLDER}/{job.public_id}.{kind}", File(file))
        job.save(update_fields=["file_path"])
        audit.record(
            actor=actor,
            action="course.results.upload",
            object_type="result_import",
            object_id=job.public_id,
            purpose="courses",
            data={"file": base, "size": size, "provider": provider.code},
            now=now,
        )
    return job


# --- Checking and writing ------------------------------------------------------------------


@dataclass
class Loaded:
    """What a load did: results imported, or the errors that stopped it."""

    imported: int = 0
    checked: int = 0
    rejected: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    def error(self, row: int, column: str, reason: str) -> None:
        if len(self.errors) < KEEP_ERRORS:
            self.errors.append((row, column, reason))


@dataclass(slots=True)
class _Checked:
    enrolment_id: int
    person_id: int
    measure_id: int | None
    was_enrolled: bool
    course: Course
    test_id: int
    taken_on: date
    outcome: rules.Outcome
    speaking_second: Decimal | None
    examiner_id: int
    second_examiner_id: int | None


ProgressCallback = Callable[[int], None]


def _score_reason(reason: str, top: int) -> str:
    if reason == "missing":
        return _("A score is needed.")
    if reason == "not_a_number":
        return _("Give a number of points (whole or half).")
    if reason == "out_of_range":
        return _("The score must be from 0 to %(max)s.") % {"max": top}
    return _("This test has no such section.")


class _Context:
    """Everything the rows are checked against, read once for the whole file."""

    def __init__(self, provider: Organisation, examiner: Teacher, rows: list[dict[str, str]]):
        course_ids = {row.get("course", "") for row in rows}
        self.courses = {
            c.public_id: c
            for c in Course.objects.select_related("curriculum", "test", "provider").filter(
                provider=provider, public_id__in=[c for c in course_ids if c][:50000]
            )
        }
        pks = [c.pk for c in self.courses.values()]
        self.enrolments: dict[tuple[int, str], tuple[int, int, int | None, str]] = {}
        for pk, course_id, public_id, person_id, measure_id, status in Enrolment.objects.filter(
            course_id__in=pks,
            status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED),
        ).values_list("pk", "course_id", "person__public_id", "person_id", "measure_id", "status"):
            self.enrolments[(course_id, public_id)] = (pk, person_id, measure_id, status)
        self.has_result = set(
            Result.objects.filter(enrolment__course_id__in=pks).values_list(
                "enrolment_id", flat=True
            )
        )
        self.examiners = set(
            Teacher.objects.filter(
                organisation=provider, is_examiner=True, is_active=True
            ).values_list("pk", flat=True)
        )
        self.default_examiner = examiner.pk
        self.two_examiners = {
            (programme_id, course_type)
            for programme_id, course_type in Standard.objects.filter(
                two_speaking_examiners=True
            ).values_list("programme_id", "course_type")
        }
        self.definitions: dict[int, rules.TestDefinition] = {}

    def definition(self, course: Course) -> rules.TestDefinition | None:
        if course.test is None:
            return None
        if course.test_id not in self.definitions:
            self.definitions[course.test.pk] = selectors.parsed_definition(test=course.test)
        return self.definitions[course.test.pk]


def _teacher_id(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _check(
    number: int, row: dict[str, str], ctx: _Context, seen: set[int], today: date, loaded: Loaded
) -> _Checked | None:
    bad = len(loaded.errors)
    course = ctx.courses.get(row.get("course", ""))
    if course is None:
        loaded.error(number, "course", _("There is no such course at this provider."))
        return None
    found = ctx.enrolments.get((course.pk, row.get("person", "")))
    if found is None:
        loaded.error(number, "person", _("This person is not a learner of this course."))
        return None
    enrolment_id, person_id, measure_id, status = found
    if enrolment_id in ctx.has_result:
        loaded.error(number, "person", _("A result is already recorded for this learner."))
    elif enrolment_id in seen:
        loaded.error(number, "person", _("This learner's result is in the file twice."))
    seen.add(enrolment_id)
    try:
        taken_on = date.fromisoformat(row.get("taken_on", ""))
    except ValueError:
        loaded.error(number, "taken_on", _("Give the date as YYYY-MM-DD."))
        taken_on = today
    else:
        if taken_on > today:
            loaded.error(number, "taken_on", _("A test cannot be taken in the future."))
        elif taken_on < course.starts_on:
            loaded.error(number, "taken_on", _("The test falls within the course, not before it."))
    definition = ctx.definition(course)
    if definition is None:
        loaded.error(number, "course", _("This course has no test."))
        return None
    examiner = ctx.default_examiner
    if row.get("examiner"):
        chosen = _teacher_id(row["examiner"])
        if chosen not in ctx.examiners:
            loaded.error(number, "examiner", _("Give the number of a licensed examiner here."))
        else:
            examiner = chosen or examiner
    sections = {s.code for s in definition.sections}
    two = (course.programme_id, course.curriculum.course_type) in ctx.two_examiners and (
        "speaking" in sections
    )
    second_id = None
    second_score: Decimal | None = None
    if two:
        second_id = _teacher_id(row.get("second_examiner", ""))
        if second_id not in ctx.examiners or second_id == examiner:
            loaded.error(
                number,
                "second_examiner",
                _("The programme needs a second licensed examiner for speaking."),
            )
        if not row.get("speaking_second"):
            loaded.error(number, "speaking_second", _("Give the second examiner's speaking score."))
    elif row.get("speaking_second") or row.get("second_examiner"):
        loaded.error(number, "speaking_second", _("This test has one examiner for speaking."))
    scores = {code: row.get(code, "") for code in sections}
    try:
        outcome = rules.score(
            definition,
            scores,
            target=course.curriculum.target_level,
            second_speaking=row.get("speaking_second") if two else None,
        )
    except rules.ScoreError as error:
        for section, (reason, top) in error.errors.items():
            loaded.error(number, section, _score_reason(reason, top))
        return None
    if two:
        second_score = Decimal(row["speaking_second"])
    if len(loaded.errors) > bad:
        return None
    return _Checked(
        enrolment_id=enrolment_id,
        person_id=person_id,
        measure_id=measure_id,
        was_enrolled=status == EnrolmentStatus.ENROLLED,
        course=course,
        test_id=course.test_id or 0,  # a course without a test was refused above
        taken_on=taken_on,
        outcome=outcome,
        speaking_second=second_score,
        examiner_id=examiner,
        second_examiner_id=second_id if two else None,
    )


def results_load(
    *,
    actor: Actor,
    provider: Organisation,
    rows: Iterable[list[str]],
    on_progress: ProgressCallback | None = None,
    now: datetime | None = None,
) -> Loaded:
    """Checks every row (the header first) and, only if all are right, writes them
    all in one transaction. The body of the background task, and the benchmark's."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    loaded = Loaded()
    examiner = _examiner_of(actor, provider)
    if examiner is None or not can_import(actor=actor, provider=provider):
        raise PermissionDenied(_("Only the provider's licensed examiners import results."))
    reader = iter(rows)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    if missing or unknown:
        for name in missing:
            loaded.error(1, name, _("The file needs this column."))
        for name in unknown:
            loaded.error(
                1,
                name,
                _("Unknown column; the columns are: %(columns)s.")
                % {"columns": ", ".join(COLUMNS)},
            )
        loaded.rejected = 1
        return loaded
    records = [
        dict(zip(header, (cell.strip() for cell in cells), strict=False))
        for cells in reader
        if any(cell.strip() for cell in cells)
    ]
    ctx = _Context(provider, examiner, records)
    checked: list[_Checked] = []
    seen: set[int] = set()
    for index, record in enumerate(records):
        before = len(loaded.errors)
        result = _check(index + 2, record, ctx, seen, today, loaded)
        loaded.checked += 1
        if result is None or len(loaded.errors) > before:
            loaded.rejected += 1
        else:
            checked.append(result)
        if on_progress and index % 5000 == 0:
            on_progress(int(80 * index / max(len(records), 1)))
    if loaded.rejected or not checked:
        if not records:
            loaded.error(2, "", _("The file has no results."))
            loaded.rejected = 1
        return loaded
    with transaction.atomic():
        _write(actor, checked, now=now)
    loaded.imported = len(checked)
    if on_progress:
        on_progress(100)
    return loaded


def _write(actor: Actor, checked: list[_Checked], *, now: datetime) -> None:
    today = timezone.localdate(now)
    results = Result.objects.bulk_create(
        [
            Result(
                enrolment_id=c.enrolment_id,
                test_id=c.test_id,
                taken_on=c.taken_on,
                scores={k: str(v) for k, v in c.outcome.scores.items()},
                speaking_second=c.speaking_second,
                total=c.outcome.total,
                level=c.outcome.level,
                passed=c.outcome.passed,
                examiner_id=c.examiner_id,
                second_examiner_id=c.second_examiner_id,
                recorded_by=actor.user,
                recorded_at=now,
            )
            for c in checked
        ],
        batch_size=BATCH,
    )
    completed = [c.enrolment_id for c in checked if c.was_enrolled]
    for start in range(0, len(completed), BATCH):
        Enrolment.objects.filter(pk__in=completed[start : start + BATCH]).update(
            status=EnrolmentStatus.COMPLETED, ended_on=today
        )
    names: dict[int, str] = {}
    enrolment_ids = [c.enrolment_id for c in checked]
    for start in range(0, len(enrolment_ids), BATCH):
        names.update(
            Enrolment.objects.filter(pk__in=enrolment_ids[start : start + BATCH]).values_list(
                "pk", "person__public_id"
            )
        )
    holders = _holders([c.person_id for c in checked if c.outcome.passed])
    certificates: list[Certificate] = []
    codes: set[str] = set()
    for result, c in zip(results, checked, strict=True):
        if not c.outcome.passed:
            continue
        code = rules.certificate_code()
        while code in codes:  # pragma: no cover - 100 random bits
            code = rules.certificate_code()
        codes.add(code)
        name, birth = holders.get(c.person_id, ("", None))
        certificates.append(
            Certificate(
                result=result,
                code=code,
                holder=name,
                birth_date=birth,
                title=c.course.test.title if c.course.test else c.course.title,
                level=c.outcome.level,
                provider=c.course.provider.name,
                issued_on=today,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    code_of = {cert.result.enrolment_id: cert.code for cert in certificates}
    levels: dict[int, tuple[str, str]] = {}
    for c in checked:
        language = (c.course.test.language if c.course.test else "") or c.course.curriculum.language
        if c.outcome.level and language:
            levels[c.person_id] = (language, c.outcome.level)
    people.languages_assess_many(actor=actor, levels=levels, source={"import": "results"}, now=now)
    plan_services.measures_done_many(
        actor=actor,
        done={
            c.measure_id: _("Passed %(test)s at level %(level)s (certificate %(code)s).")
            % {
                "test": c.course.test.title if c.course.test else c.course.title,
                "level": c.outcome.level,
                "code": code_of[c.enrolment_id],
            }
            for c in checked
            if c.outcome.passed and c.measure_id is not None
        },
        source={"import": "results"},
        now=now,
    )
    audit.record_many(
        actor=actor,
        events=(
            audit.Event(
                action="course.result",
                object_type="person",
                object_id=names[c.enrolment_id],
                data={
                    "course": c.course.public_id,
                    "test": c.course.test.code if c.course.test else "",
                    "level": c.outcome.level,
                    "passed": c.outcome.passed,
                    **(
                        {"certificate": code_of[c.enrolment_id]}
                        if c.enrolment_id in code_of
                        else {}
                    ),
                },
            )
            for c in checked
        ),
        purpose="courses",
        now=now,
    )


def _holders(person_ids: list[int]) -> dict[int, tuple[str, date | None]]:
    """Each certificate holder's name in Latin script and date of birth."""
    found: dict[int, tuple[str, date | None]] = {}
    for start in range(0, len(person_ids), BATCH):
        found.update(people_selectors.latin_names(person_ids=person_ids[start : start + BATCH]))
    return found


# --- The background task's body --------------------------------------------------------------


def _actor_for(job: ResultImport) -> Actor:
    seat = (
        Membership.objects.filter(user=job.created_by, organisation=job.provider, role="teacher")
        .values_list("pk", flat=True)
        .first()
    )
    return access.actor_for(job.created_by, active_membership_id=seat)


@contextmanager
def _local_copy(name: str) -> Iterator[str]:
    try:
        yield default_storage.path(name)
        return
    except NotImplementedError:  # pragma: no cover - remote storage
        pass
    with (
        tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as copy,
        default_storage.open(name) as src,
    ):
        for block in iter(lambda: src.read(1024 * 1024), b""):
            copy.write(block)
        copy.flush()
        yield copy.name


def _unreadable(code: str) -> str:
    return {
        "not_xlsx": _("This is not an XLSX spreadsheet. Save it again as .xlsx or as CSV."),
        "not_utf8": _("The CSV file is not in UTF-8. Save it again as 'CSV UTF-8'."),
        "empty": _("The file has no rows."),
    }.get(code, _("The file cannot be read."))


def import_run(*, public_id: str, now: datetime | None = None) -> ResultImport:
    """Runs a queued import; a second delivery of the same task does nothing."""
    claimed = ResultImport.objects.filter(public_id=public_id, state=ImportState.QUEUED).update(
        state=ImportState.CHECKING, started_at=timezone.now()
    )
    job = ResultImport.objects.select_related("provider", "created_by").get(public_id=public_id)
    if not claimed:
        return job
    with translation.override(job.language):
        try:
            _run(job, now=now)
        except Exception:
            logger.exception("Results import %s failed", job.public_id)
            ResultImport.objects.filter(pk=job.pk).update(
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


def _run(job: ResultImport, *, now: datetime | None) -> None:
    actor = _actor_for(job)

    def progress(percent: int) -> None:
        ResultImport.objects.filter(pk=job.pk).update(progress=min(percent, 100))

    try:
        with _local_copy(job.file_path) as path:
            kind = spreadsheets.kind_of(path)
            loaded = results_load(
                actor=actor,
                provider=job.provider,
                rows=spreadsheets.read_rows(path, kind),
                on_progress=progress,
                now=now,
            )
    except spreadsheets.UnreadableFile as error:
        _finish(job, ImportState.REJECTED, _unreadable(error.code), Loaded())
        return
    except PermissionDenied:
        _finish(
            job,
            ImportState.FAILED,
            _("You may no longer import results for this provider."),
            Loaded(),
        )
        return
    if loaded.imported:
        message = _("%(n)s results imported.") % {"n": loaded.imported}
        _finish(job, ImportState.DONE, message, loaded)
    else:
        message = _(
            "Nothing was imported: %(n)s rows have errors. Correct them and upload again."
        ) % {"n": loaded.rejected}
        _finish(job, ImportState.REJECTED, message, loaded)
    audit.record(
        actor=actor,
        action="course.results.import",
        object_type="result_import",
        object_id=job.public_id,
        purpose="courses",
        data={"imported": loaded.imported, "rejected": loaded.rejected},
        now=now,
    )


def _finish(job: ResultImport, state: str, message: str, loaded: Loaded) -> None:
    ResultImport.objects.filter(pk=job.pk).update(
        state=state,
        message=message[:500],
        rows_checked=loaded.checked,
        rows_imported=loaded.imported,
        rows_rejected=loaded.rejected,
        errors=[list(e) for e in loaded.errors],
        progress=100,
        finished_at=timezone.now(),
    )
