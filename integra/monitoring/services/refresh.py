"""Rebuilding the summary tables from the live records (R24, like DHIS2's
analytics tables).

Each app hands over its facts through its own selectors (`statistics_*`); this
module forms the monthly counts per combination of disaggregations and swaps
them into `Fact` in one transaction, so readers see either the old tables or the
new ones, never a half-built mixture. Memory stays flat as the registry grows:
persons are reduced to a small integer (their combination of sex, citizenship,
legal status and region) plus a birth year and a registration day, kept in
arrays; the counts of one measure at a time are held in a dict.
"""

from __future__ import annotations

import logging
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit, backend_bulk
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied
from integra.courses import selectors as courses
from integra.monitoring import catalogue
from integra.monitoring.catalogue import NOT_STATED, age_band
from integra.monitoring.models import (
    Fact,
    Feeds,
    QuestionKind,
    Refresh,
    RefreshState,
    SurveyAnswer,
)
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.protection.selectors import statistics as protection
from integra.services import selectors as referrals

log = logging.getLogger(__name__)

COHORT_DAYS = 30
STOCK_MONTHS = 60  # the registry's stock is tabled for the last five years
BATCH = 5000
WRITE_BATCH = 50_000
# A refresh that has not finished in this time is taken to have died with its worker.
STALE_AFTER = timedelta(hours=2)


BAND_NAMES = [age_band(2000 - low, 2000) for low, _high in catalogue.AGE_BANDS]


def _band_index(born: int, year: int) -> int:
    """The age band's number plus one for a birth year (0: not stated) in a year."""
    if not born:
        return 0
    name = age_band(born, year)
    return BAND_NAMES.index(name) + 1 if name in BAND_NAMES else 0


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_day(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


Key = tuple[int, int, str, str]  # month, person (or -1), category, region


@dataclass
class _People:
    """The registry reduced to what disaggregation needs."""

    combos: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # sex, cit, status, region
    combo_of: array[int] = field(default_factory=lambda: array("i"))  # by person id; -1 none
    birth_year: array[int] = field(default_factory=lambda: array("h"))  # 0 = not stated
    registered: array[int] = field(default_factory=lambda: array("i"))  # date ordinal
    count: int = 0

    def load(self, rows: Iterable[people.StatisticsPerson]) -> None:
        index: dict[tuple[str, str, str, str], int] = {}
        for row in rows:
            if row.pk >= len(self.combo_of):
                grow = row.pk + 1 - len(self.combo_of)
                self.combo_of.extend([-1] * grow)
                self.birth_year.extend([0] * grow)
                self.registered.extend([0] * grow)
            combo = (row.sex, row.citizenship, row.legal_status, row.region)
            number = index.setdefault(combo, len(index))
            if number == len(self.combos):
                self.combos.append(combo)
            self.combo_of[row.pk] = number
            self.birth_year[row.pk] = row.birth_year or 0
            self.registered[row.pk] = row.registered_on.toordinal()
            self.count += 1

    def known(self, person_id: int) -> bool:
        return 0 <= person_id < len(self.combo_of) and self.combo_of[person_id] >= 0


@dataclass
class _Counts:
    """The monthly counts of one measure, keyed by person-combination or area."""

    people: _People
    measure: catalogue.Measure
    # The third part of a key is a birth year (0: not stated), or with ``banded``
    # the age band's number plus one (0: not stated).
    banded: bool = False
    cells: dict[tuple[int, int, int, str, str], list[float]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0.0])
    )

    def add_person(self, person_id: int, day: date, category: str = "", value: float = 0) -> None:
        if not self.people.known(person_id):
            return  # merged away, or a record the registry no longer holds
        combo = self.people.combo_of[person_id]
        born = self.people.birth_year[person_id]
        cell = self.cells[(_month(day), combo, born, category, "")]
        cell[0] += 1
        cell[1] += value

    def add_area(self, day: date, region: str, category: str = "", value: float = 0) -> None:
        cell = self.cells[(_month(day), -1, 0, category, region)]
        cell[0] += 1
        cell[1] += value

    def facts(self) -> Iterator[tuple[object, ...]]:
        """The counts with birth years turned into age bands at the event, and the
        disaggregations the measure does not allow blanked (and merged)."""
        allowed = set(self.measure.dimensions)
        merged: dict[tuple[int, str, str, str, str, str, str], list[float]] = defaultdict(
            lambda: [0, 0.0]
        )
        for (month, combo, born, category, region), (count, value) in self.cells.items():
            if combo >= 0:
                sex, citizenship, status, region = self.people.combos[combo]
                if self.banded:
                    band = BAND_NAMES[born - 1] if born else NOT_STATED
                else:
                    band = age_band(born or None, month // 12)
            else:
                sex = citizenship = status = band = NOT_STATED
            key = (
                month,
                sex if catalogue.SEX in allowed else "",
                band if catalogue.AGE_BAND in allowed else "",
                citizenship if catalogue.CITIZENSHIP in allowed else "",
                status if catalogue.LEGAL_STATUS in allowed else "",
                region if catalogue.REGION in allowed else "",
                category if catalogue.CATEGORY in allowed else "",
            )
            cell = merged[key]
            cell[0] += count
            cell[1] += value
        for (month, sex, band, citizenship, status, region, category), (
            count,
            value,
        ) in merged.items():
            yield (
                self.measure.code,
                _first_day(month),
                sex,
                band,
                citizenship,
                status,
                region[:100],
                category[:64],
                int(count),
                value,
            )


def _counts(registry: _People, code: str) -> _Counts:
    return _Counts(people=registry, measure=catalogue.MEASURES[code])


def _registry(registry: _People, today: date) -> Iterator[_Counts]:
    arrivals = _counts(registry, "registrations")
    cohort = _counts(registry, "cohort_30_days")
    within = _counts(registry, "plan_within_30_days")
    first_plan = dict(plans.statistics_first_agreement())
    cut = (today - timedelta(days=COHORT_DAYS)).toordinal()
    for person_id, combo in enumerate(registry.combo_of):
        if combo < 0:
            continue
        registered = registry.registered[person_id]
        day = date.fromordinal(registered)
        arrivals.add_person(person_id, day)
        if registered <= cut:
            cohort.add_person(person_id, day)
            agreed = first_plan.get(person_id)
            if agreed is not None and 0 <= agreed.toordinal() - registered <= COHORT_DAYS:
                within.add_person(person_id, day)
    yield arrivals
    yield cohort
    yield within
    yield _stock(registry, arrivals, today)
    decisions = _counts(registry, "status_changes")
    for person_id, valid_from, category in people.statistics_status_decisions():
        decisions.add_person(person_id, valid_from, category)
    yield decisions


def _stock_months(today: date) -> list[int]:
    """The months a stock is kept for: the ends of the quarters of the last five
    years, and the current month (stocks are read by whole quarters or years)."""
    last = _month(today)
    first = last - STOCK_MONTHS + 1
    return [m for m in range(first, last) if m % 3 == 2] + [last]


def _stock(registry: _People, arrivals: _Counts, today: date) -> _Counts:
    """People in the registry at the end of each kept month: the arrivals up to it,
    by their age band then. Every cell of arrivals adds its count to each kept
    month from its own on, so no per-person or per-birth-year history is held."""
    stock = _counts(registry, "registered")
    stock.banded = True
    months = _stock_months(today)
    for (month, combo, born, category, region), (count, _value) in arrivals.cells.items():
        for kept in months:
            if kept < month:
                continue
            band = _band_index(born, kept // 12)
            stock.cells[(kept, combo, band, category, region)][0] += count
    return stock


def _plans(registry: _People) -> Iterator[_Counts]:
    ended = _counts(registry, "measures_ended")
    done = _counts(registry, "measures_done")
    for person_id, day, domain, finished in plans.statistics_ended_measures():
        ended.add_person(person_id, day, domain)
        if finished:
            done.add_person(person_id, day, domain)
    yield ended
    yield done


def _referrals(registry: _People) -> Iterator[_Counts]:
    accepted = _counts(registry, "referral_acceptances")
    for person_id, day, days in referrals.statistics_acceptances():
        accepted.add_person(person_id, day, value=days)
    yield accepted


def _courses(registry: _People) -> Iterator[_Counts]:
    names = (
        "enrolments",
        "enrolment_waits",
        "courses_ended",
        "courses_completed",
        "tests_taken",
        "tests_passed",
    )
    counts = {name: _counts(registry, name) for name in names}
    for row in courses.statistics_enrolments():
        counts["enrolments"].add_person(row.person_id, row.requested_on, row.level)
        if row.enrolled_on is not None:
            wait = (row.enrolled_on - row.requested_on).days
            counts["enrolment_waits"].add_person(row.person_id, row.enrolled_on, row.level, wait)
        if row.ended_on is not None:
            counts["courses_ended"].add_person(row.person_id, row.ended_on, row.level)
            if row.completed:
                counts["courses_completed"].add_person(row.person_id, row.ended_on, row.level)
        if row.tested_on is not None:
            counts["tests_taken"].add_person(row.person_id, row.tested_on, row.level)
            if row.passed:
                counts["tests_passed"].add_person(row.person_id, row.tested_on, row.level)
    yield from counts.values()


def _protection(registry: _People) -> Iterator[_Counts]:
    lodged = _counts(registry, "complaints")
    closed = _counts(registry, "complaints_closed")
    for day, region, categories, closed_on in protection.statistics_complaints():
        # A complaint about several things is counted once, under its first category,
        # so that the categories add up to the complaints lodged.
        category = categories[0] if categories else ""
        lodged.add_area(day, region, category)
        if closed_on is not None:
            closed.add_area(closed_on, region, category, (closed_on - day).days)
    yield lodged
    yield closed
    visits = _counts(registry, "inspections")
    for day, region in protection.statistics_visits():
        visits.add_area(day, region)
    yield visits
    violations = _counts(registry, "violations")
    for day, region, kind in protection.statistics_violations():
        violations.add_area(day, region, kind)
    yield violations


SATISFIED = 4  # and 5: "satisfied" and "very satisfied" on the scale of 1 to 5


def _surveys(registry: _People) -> Iterator[_Counts]:
    """The portal's survey answers that count towards an indicator, by who answered
    and when, under the survey's code."""
    satisfaction = _counts(registry, "satisfaction_answers")
    satisfied = _counts(registry, "satisfied_answers")
    discrimination = _counts(registry, "discrimination_answers")
    reported = _counts(registry, "discrimination_reported")
    rows = (
        SurveyAnswer.objects.exclude(question__feeds=Feeds.NOTHING)
        .order_by("pk")
        .values_list(
            "response__person_id",
            "response__submitted_at",
            "response__survey__code",
            "question__kind",
            "question__feeds",
            "value",
        )
        .iterator(chunk_size=BATCH)
    )
    for person_id, submitted, survey, kind, feeds, value in rows:
        day = timezone.localdate(submitted)
        if feeds == Feeds.SATISFACTION and kind == QuestionKind.SCALE:
            satisfaction.add_person(person_id, day, survey)
            if value >= SATISFIED:
                satisfied.add_person(person_id, day, survey)
        elif feeds == Feeds.DISCRIMINATION and kind == QuestionKind.YES_NO:
            discrimination.add_person(person_id, day, survey)
            if value == 1:
                reported.add_person(person_id, day, survey)
    yield from (satisfaction, satisfied, discrimination, reported)


FACT_COLUMNS = (
    "measure",
    "period",
    "sex",
    "age_band",
    "citizenship",
    "legal_status",
    "region",
    "category",
    "count",
    "value",
)


def _write(counts: Iterable[_Counts]) -> int:
    """The facts of every measure, through the database's bulk path (COPY on
    PostgreSQL): compiling millions of ORM inserts costs more than storing them."""
    rows = (row for measure in counts for row in measure.facts())
    written = 0
    while batch := list(islice(rows, WRITE_BATCH)):
        written += backend_bulk.insert(Fact, FACT_COLUMNS, batch)
    return written


def refresh_request(*, actor: Actor, now: datetime | None = None) -> Refresh:
    """Records that someone asked for fresh tables; the task does the work. Refused
    while another refresh is running."""
    if not access.can_refresh_statistics(actor):
        raise PermissionDenied(_("You may not refresh the statistics."))
    now = now or timezone.now()
    with transaction.atomic():
        running = Refresh.objects.select_for_update().filter(
            state=RefreshState.RUNNING, started_at__gte=now - STALE_AFTER
        )
        if running.exists():
            raise Conflict(_("The statistics are being refreshed already."))
        record = Refresh.objects.create(
            requested_by=actor.user, state=RefreshState.RUNNING, started_at=now
        )
        audit.record(
            actor=actor,
            action="statistics.refresh",
            object_type="refresh",
            object_id=record.pk,
            now=now,
        )
    return record


def refresh_run(*, refresh_id: int | None = None, today: date | None = None) -> Refresh:
    """Rebuilds every summary table. Runs in the background (daily, or when asked);
    on failure the old tables stay and the refresh says why."""
    started = timezone.now()
    today = today or timezone.localdate()
    record = (
        Refresh.objects.get(pk=refresh_id)
        if refresh_id is not None
        else Refresh.objects.create(state=RefreshState.RUNNING, started_at=started)
    )
    registry = _People()
    try:
        registry.load(people.statistics_people())
        with transaction.atomic():
            Fact.objects.all().delete()
            written = _write(
                m
                for source in (
                    _registry(registry, today),
                    _plans(registry),
                    _referrals(registry),
                    _courses(registry),
                    _protection(registry),
                    _surveys(registry),
                )
                for m in source
            )
            record.state = RefreshState.DONE
            record.facts = written
            record.people = registry.count
            record.finished_at = timezone.now()
            record.save()
    except Exception as error:  # the record must say the refresh failed, whatever the cause
        log.exception("statistics refresh %s failed", record.pk)
        record.state = RefreshState.FAILED
        record.error = f"{type(error).__name__}: {error}"[:2000]
        record.finished_at = timezone.now()
        record.save()
    return record
