"""Every read of courses that a page or the API needs, scoped to what the actor may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import Organisation
from integra.courses import rules
from integra.courses.models import (
    ACTIVE_ENROLMENT,
    MEASURE_KINDS,
    Attendance,
    Certificate,
    Course,
    CourseStatus,
    Curriculum,
    Enrolment,
    EnrolmentStatus,
    ImportState,
    Result,
    ResultImport,
    Session,
    Standard,
    Teacher,
    TestDefinition,
)
from integra.people import selectors as people
from integra.plans import selectors as plans

# --- Permissions, as the pages and the API ask them ----------------------------------------

if TYPE_CHECKING:
    from integra.people.models import Person


def can_see_courses(*, actor: Actor) -> bool:
    return access.can_see_courses(actor)


def can_manage_curricula(*, actor: Actor) -> bool:
    return access.can_manage_curricula(actor)


def can_plan_courses(*, actor: Actor) -> bool:
    providers = access.course_provider_ids(actor)
    return providers is None or bool(providers)


def can_see_class(*, actor: Actor, course: Course) -> bool:
    return access.can_see_class(
        actor, teacher_user_id=course.teacher.user_id, provider_id=course.provider_id
    )


def can_teach(*, actor: Actor, course: Course) -> bool:
    return access.can_teach(
        actor, teacher_user_id=course.teacher.user_id, provider_id=course.provider_id
    )


def can_see_statistics(*, actor: Actor) -> bool:
    return access.can_see_course_statistics(actor)


# --- Catalogue ------------------------------------------------------------------------------


def curricula(*, actor: Actor, active_only: bool = False) -> QuerySet[Curriculum]:
    if not access.can_see_courses(actor):
        raise PermissionDenied(_("You may not see the courses."))
    found = Curriculum.objects.prefetch_related("modules").order_by("course_type", "title", "pk")
    return found.filter(is_active=True) if active_only else found


def curriculum_get(*, actor: Actor, code: str) -> Curriculum:
    found = curricula(actor=actor).filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no such curriculum."))
    return found


def definitions(*, actor: Actor, active_only: bool = False) -> QuerySet[TestDefinition]:
    if not access.can_see_courses(actor):
        raise PermissionDenied(_("You may not see the courses."))
    found = TestDefinition.objects.order_by("title", "pk")
    return found.filter(is_active=True) if active_only else found


def definition_get(*, actor: Actor, code: str) -> TestDefinition:
    found = definitions(actor=actor).filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no such test."))
    return found


def standards(*, actor: Actor) -> QuerySet[Standard]:
    if not access.can_see_courses(actor):
        raise PermissionDenied(_("You may not see the courses."))
    return Standard.objects.select_related("programme", "incentive").order_by(
        "programme__code", "course_type"
    )


def standard_for(*, programme_id: int, course_type: str) -> rules.Standard:
    """The programme's quality criteria for the type, as the rules read them."""
    row = Standard.objects.filter(programme_id=programme_id, course_type=course_type).first()
    if row is None:
        return rules.Standard()
    return rules.Standard(
        max_group_size=row.max_group_size,
        min_teacher_qualification=row.min_teacher_qualification,
        min_hours=row.min_hours,
        max_wait_days=row.max_wait_days,
    )


def course_standard(*, course: Course) -> rules.Standard:
    """The criteria a course's enrolments are held to: the programme's, except a
    group size the course was planned beyond, with a reason (its places are then
    the limit, or the override would refuse the learners it was made for)."""
    standard = standard_for(
        programme_id=course.programme_id, course_type=course.curriculum.course_type
    )
    if "max_group_size" in course.overridden:
        return replace(standard, max_group_size=None)
    return standard


def group_limit(*, course: Course) -> int:
    """How many learners the course takes."""
    largest = course_standard(course=course).max_group_size
    return course.capacity if largest is None else min(course.capacity, largest)


def standard_row(*, course: Course) -> Standard | None:
    return (
        Standard.objects.select_related("incentive")
        .filter(programme_id=course.programme_id, course_type=course.curriculum.course_type)
        .first()
    )


def teachers(*, actor: Actor, provider_id: int | None = None) -> QuerySet[Teacher]:
    """Teachers of the providers the actor plans for (every provider: coordinators)."""
    found = Teacher.objects.select_related("organisation", "user").order_by("name", "pk")
    providers = access.course_provider_ids(actor)
    if providers is not None:
        administered = access.administered_organisation_ids(actor) or set()
        found = found.filter(organisation_id__in=providers | administered)
    if provider_id is not None:
        found = found.filter(organisation_id=provider_id)
    return found


def teacher_get(*, actor: Actor, pk: int) -> Teacher:
    found = teachers(actor=actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such teacher."))
    return found


def provider_choices(*, actor: Actor) -> list[Organisation]:
    """Organisations the actor may plan courses for."""
    providers = access.course_provider_ids(actor)
    found = Organisation.objects.filter(is_active=True)
    if providers is None:
        found = found.filter(
            Q(kind="course_provider") | Q(pk__in=Teacher.objects.values("organisation_id"))
        )
    else:
        found = found.filter(pk__in=providers)
    return list(found.order_by("name", "pk"))


def organisation_get(*, code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code, is_active=True).first()


# --- Courses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseFilters:
    course_type: str = ""
    region: str = ""
    status: str = ""
    provider: str = ""
    mine: bool = False  # the classes the actor teaches
    open_only: bool = False  # still taking learners


def _catalogue() -> QuerySet[Course]:
    return Course.objects.select_related(
        "curriculum", "provider", "teacher", "programme", "test"
    ).annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    )


def course_list(
    *, actor: Actor, filters: CourseFilters | None = None, today: date | None = None
) -> QuerySet[Course]:
    if not access.can_see_courses(actor):
        raise PermissionDenied(_("You may not see the courses."))
    filters = filters or CourseFilters()
    today = today or timezone.localdate()
    found = _catalogue()
    if filters.course_type:
        found = found.filter(curriculum__course_type=filters.course_type)
    if filters.region:
        found = found.filter(region__iexact=filters.region)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.provider:
        found = found.filter(provider__code=filters.provider)
    if filters.mine:
        found = found.filter(teacher__user=actor.user)
    if filters.open_only:
        found = found.filter(
            status__in=(CourseStatus.PLANNED, CourseStatus.RUNNING), ends_on__gte=today
        )
    return found.order_by("starts_on", "pk")


def course_get(*, actor: Actor, public_id: str) -> Course:
    if not access.can_see_courses(actor):
        raise PermissionDenied(_("You may not see the courses."))
    found = _catalogue().filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("There is no such course."))
    return found


def course_hours(*, course: Course) -> int:
    return int(course.curriculum.modules.aggregate(total=Sum("hours"))["total"] or 0)


def course_sessions(*, course: Course) -> QuerySet[Session]:
    return Session.objects.filter(course=course).order_by("starts_at", "pk")


def session_get(*, course: Course, pk: int) -> Session:
    found = Session.objects.filter(course=course, pk=pk).first()
    if found is None:
        raise NotFound(_("This course has no such session."))
    return found


def next_session(*, course: Course, now: datetime | None = None) -> Session | None:
    """The session to take attendance for: the latest one that has begun."""
    now = now or timezone.now()
    return Session.objects.filter(course=course, starts_at__lte=now).order_by("-starts_at").first()


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related(
        "person", "measure", "measure__plan", "course", "course__teacher", "result"
    )


def course_enrolments(*, actor: Actor, course: Course) -> QuerySet[Enrolment]:
    """The learners of a course the actor may see: all of them for the class's
    teacher and coordinators, their own cases' for caseworkers, none otherwise."""
    found = _enrolments().filter(course=course)
    by_name = ("person__family_name_latin", "person__given_name_latin", "pk")
    if can_see_class(actor=actor, course=course):
        return found.order_by(*by_name)
    scope = access.case_scope(actor)
    if scope is None:
        return found.order_by(*by_name)
    if not scope:
        return found.none()
    # The cases the actor's organisations hold now (a case may have moved since
    # the enrolment was made), and the enrolments they made.
    return found.filter(
        Q(organisation_id__in=scope) | Q(person__in=people.held_by(organisations=scope))
    ).order_by(*by_name)


def learners(*, course: Course) -> QuerySet[Enrolment]:
    """The learners who hold a place, in the order of the register."""
    return (
        _enrolments()
        .filter(course=course, status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED))
        .order_by("person__family_name_latin", "person__given_name_latin", "pk")
    )


def waitlist(*, course: Course) -> list[Enrolment]:
    """Who waits for a place, in the order the priority rules give them one."""
    waiting = list(_enrolments().filter(course=course, status=EnrolmentStatus.WAITING))
    order = rules.waitlist_order(
        rules.Waiting(
            key=e.pk,
            mandatory=bool(e.measure and e.measure.mandatory),
            due_on=e.measure.due_on if e.measure else None,
            requested_on=e.requested_on,
        )
        for e in waiting
    )
    by_pk = {e.pk: e for e in waiting}
    return [by_pk[pk] for pk in order]


def enrolment_get(*, actor: Actor, pk: int) -> Enrolment:
    found = _enrolments().select_related("course__provider").filter(pk=pk).first()
    if found is None or not enrolment_visible(actor=actor, enrolment=found):
        raise NotFound(_("There is no such enrolment."))
    return found


def enrolment_visible(*, actor: Actor, enrolment: Enrolment) -> bool:
    if can_see_class(actor=actor, course=enrolment.course):
        return True
    scope = access.case_scope(actor)
    return (
        scope is None
        or enrolment.organisation_id in scope
        or bool(scope & people.responsible_ids(person=enrolment.person))
    )


def register(*, course: Course, session: Session) -> list[tuple[Enrolment, str]]:
    """The register for one session: each learner who held a place that day, with
    the mark recorded so far ("" when none)."""
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    day = timezone.localdate(session.starts_at)
    rows = []
    for enrolment in learners(course=course):
        if enrolment.enrolled_on and enrolment.enrolled_on > day and enrolment.pk not in marks:
            continue
        rows.append((enrolment, marks.get(enrolment.pk, "")))
    return rows


def attendance_rates(*, enrolments: Iterable[Enrolment]) -> dict[int, rules.Rate]:
    ids = [e.pk for e in enrolments]
    statuses: dict[int, list[str]] = defaultdict(list)
    for enrolment_id, status in Attendance.objects.filter(enrolment_id__in=ids).values_list(
        "enrolment_id", "status"
    ):
        statuses[enrolment_id].append(status)
    return {pk: rules.attendance_rate(statuses.get(pk, ())) for pk in ids}


def incentive_status(
    *, course: Course, rates: dict[int, rules.Rate]
) -> tuple[str, int | None, dict[int, bool | None]]:
    """The programme's attendance-based incentive for this course, its threshold,
    and whether each learner meets it so far."""
    row = standard_row(course=course)
    if row is None or row.incentive_min_attendance is None:
        return "", None, {}
    name = row.incentive.name if row.incentive else _("Incentive")
    threshold = row.incentive_min_attendance
    return (
        name,
        threshold,
        {pk: rules.incentive_met(rate, min_percent=threshold) for pk, rate in rates.items()},
    )


def results(*, course: Course) -> QuerySet[Result]:
    return Result.objects.select_related(
        "enrolment__person", "examiner", "second_examiner", "certificate"
    ).filter(enrolment__course=course)


def examiners(*, course: Course) -> QuerySet[Teacher]:
    return Teacher.objects.filter(
        organisation_id=course.provider_id, is_examiner=True, is_active=True
    ).order_by("name", "pk")


def needs_two_examiners(*, course: Course) -> bool:
    row = standard_row(course=course)
    return bool(row and row.two_speaking_examiners)


def parsed_definition(*, test: TestDefinition) -> rules.TestDefinition:
    return rules.parse_definition(test.sections, test.pass_marks)


# --- A person's courses (plan page, person page, the learner's own view) ------------------------


def person_enrolments(*, actor: Actor, person: Person) -> QuerySet[Enrolment]:
    """A person's enrolments, for those who see their case."""
    responsible = people.responsible_ids(person=person)
    scope = access.case_scope(actor)
    if scope is not None and not (scope & responsible):
        raise PermissionDenied(_("You may not see this person's courses."))
    return learner_enrolments(person=person)


def learner_enrolments(*, person: Person) -> QuerySet[Enrolment]:
    """The learner's own courses and results (for them, or those who see their case)."""
    return (
        _enrolments()
        .select_related("course__curriculum", "course__provider", "result__certificate")
        .filter(person=person)
        .order_by("-requested_on", "-pk")
    )


def measure_enrolments(*, measure_ids: Iterable[int]) -> dict[int, Enrolment]:
    """The current (or last) enrolment of each measure: the plan links to its course."""
    found: dict[int, Enrolment] = {}
    for enrolment in (
        Enrolment.objects.select_related("course")
        .filter(measure_id__in=list(measure_ids))
        .order_by("pk")
    ):
        assert enrolment.measure_id is not None
        current = found.get(enrolment.measure_id)
        if current is None or current.status not in ACTIVE_ENROLMENT:
            found[enrolment.measure_id] = enrolment
    return found


def enrollable_measures(*, actor: Actor, person: Person) -> list[tuple[int, str]]:
    """The measures of the person's open plan that a course delivers."""
    kinds = {kind for group in MEASURE_KINDS.values() for kind in group}
    taken = set(
        Enrolment.objects.filter(
            measure__plan__person=person, status__in=ACTIVE_ENROLMENT
        ).values_list("measure_id", flat=True)
    )
    return [
        (m.pk, m.title)
        for m in plans.referable_measures(person=person).filter(kind__in=kinds)
        if m.pk not in taken
    ]


def courses_for_measure(*, actor: Actor, kind: str, today: date | None = None) -> QuerySet[Course]:
    """Courses still taking learners that deliver a measure of this kind."""
    types = [t for t, kinds in MEASURE_KINDS.items() if kind in kinds]
    return course_list(actor=actor, filters=CourseFilters(open_only=True), today=today).filter(
        curriculum__course_type__in=types
    )


# --- Certificates ----------------------------------------------------------------------------


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with this code, for anyone who has the code; ``None`` for a
    code that is malformed or was never issued."""
    normal = rules.normalise_code(code)
    if normal is None:
        return None
    return Certificate.objects.filter(code=normal).first()


def certificate_of(*, actor: Actor, enrolment_id: int) -> Certificate:
    enrolment = enrolment_get(actor=actor, pk=enrolment_id)
    found = Certificate.objects.select_related("result").filter(result__enrolment=enrolment).first()
    if found is None:
        raise NotFound(_("No certificate was issued for this enrolment."))
    return found


# --- Places against demand, and statistics --------------------------------------------------


@dataclass(frozen=True)
class PlacesRow:
    region: str
    course_type: str
    places: int
    enrolled: int
    waiting: int
    demand: int  # open plan measures of the type with no enrolment yet

    @property
    def free(self) -> int:
        return max(self.places - self.enrolled, 0)

    @property
    def shortfall(self) -> int:
        """Learners without a place: those waiting and those not yet enrolled."""
        return max(self.waiting + self.demand - self.free, 0)


def places_overview(*, actor: Actor, today: date | None = None) -> list[PlacesRow]:
    """Are there enough places? Per region and type of course: the places in courses
    still to run, who holds them, who waits, and the open measures still unplaced."""
    if not access.can_see_course_statistics(actor) and not access.can_see_courses(actor):
        raise PermissionDenied(_("You may not see the courses."))
    today = today or timezone.localdate()
    groups = {
        (row.programme_id, row.course_type): row.max_group_size
        for row in Standard.objects.exclude(max_group_size__isnull=True)
    }
    supply = Course.objects.filter(
        status__in=(CourseStatus.PLANNED, CourseStatus.RUNNING), ends_on__gte=today
    ).values_list("region", "curriculum__course_type", "programme_id", "capacity", "overridden")
    holds = (
        Enrolment.objects.filter(
            course__status__in=(CourseStatus.PLANNED, CourseStatus.RUNNING),
            course__ends_on__gte=today,
            status__in=ACTIVE_ENROLMENT,
        )
        .values("course__region", "course__curriculum__course_type", "status")
        .annotate(n=Count("pk"))
    )
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"places": 0, "enrolled": 0, "waiting": 0, "demand": 0}
    )
    for region, course_type, programme_id, capacity, overridden in supply:
        # A group is never larger than the programme allows, whatever the places,
        # unless the course was planned beyond it with a reason.
        largest = (
            None if "max_group_size" in overridden else groups.get((programme_id, course_type))
        )
        places = min(capacity, largest) if largest is not None else capacity
        cells[(region, course_type)]["places"] += places
    for row in holds:
        key = (row["course__region"], row["course__curriculum__course_type"])
        cells[key]["enrolled" if row["status"] == EnrolmentStatus.ENROLLED else "waiting"] += row[
            "n"
        ]
    for region, kind, n in plans.open_measure_demand(
        kinds={k for group in MEASURE_KINDS.values() for k in group},
        placed=Enrolment.objects.filter(
            status__in=ACTIVE_ENROLMENT, measure__isnull=False
        ).values_list("measure_id", flat=True),
    ):
        for course_type, kinds in MEASURE_KINDS.items():
            if kind in kinds and course_type != "values":
                cells[(region, course_type)]["demand"] += n
                break
    return [
        PlacesRow(region, course_type, **values)
        for (region, course_type), values in sorted(cells.items())
    ]


def regions() -> list[str]:
    return sorted(
        set(Course.objects.values_list("region", flat=True).distinct())
        | set(Organisation.objects.exclude(region="").values_list("region", flat=True))
    )


def course_exists(public_id: str) -> bool:
    return Course.objects.filter(public_id=public_id).exists()


# --- Statistics (aggregates only) ---------------------------------------------------------

BREAKDOWNS = ("sex", "age_band", "citizenship", "region")
AGE_BANDS = ((0, 17), (18, 24), (25, 34), (35, 49), (50, 64), (65, 200))
# Published cells below this are suppressed (ARCHITECTURE.md rule 5); the full
# disclosure control (secondary suppression) comes with the monitoring tables.
SMALL_CELL = 10
NOT_STATED = ""


def age_band(birth: date | None, on: date) -> str:
    if birth is None:
        return NOT_STATED
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high >= 200 else f"{low}-{high}"
    return NOT_STATED


@dataclass(frozen=True)
class StatsRow:
    group: str  # the breakdown's value; "" = not stated; "*" = the total row
    enrolled: int | None
    completed: int | None
    tested: int | None
    passed: int | None
    mean_wait_days: float | None
    median_wait_days: float | None

    @staticmethod
    def _rate(part: int | None, whole: int | None) -> int | None:
        if part is None or whole is None or whole < SMALL_CELL:
            return None
        return round(100 * part / whole)

    @property
    def completion_rate(self) -> int | None:
        return self._rate(self.completed, self.enrolled)

    @property
    def pass_rate(self) -> int | None:
        return self._rate(self.passed, self.tested)


@dataclass(frozen=True)
class StatsFilters:
    by: str = "sex"
    course_type: str = ""
    date_from: date | None = None
    date_until: date | None = None


def _suppressed(n: int) -> int | None:
    return None if 0 < n < SMALL_CELL else n


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass
class _Cell:
    enrolled: int = 0
    completed: int = 0
    tested: int = 0
    passed: int = 0
    waits: list[int] = field(default_factory=list)


def course_statistics(*, actor: Actor, filters: StatsFilters) -> list[StatsRow]:
    """Enrolment, completion and pass rates and waiting times, broken down by sex,
    age band, citizenship or region (of the course), with "not stated" counted
    openly and a total row last. Cells of 1 to 9 are suppressed, and so are rates
    and waiting times over fewer than 10 people."""
    if not access.can_see_course_statistics(actor):
        raise PermissionDenied(_("You may not see course statistics."))
    if filters.by not in BREAKDOWNS:
        raise NotFound(_("There is no such breakdown."))
    found = Enrolment.objects.exclude(enrolled_on__isnull=True)
    if filters.course_type:
        found = found.filter(course__curriculum__course_type=filters.course_type)
    if filters.date_from:
        found = found.filter(requested_on__gte=filters.date_from)
    if filters.date_until:
        found = found.filter(requested_on__lte=filters.date_until)
    rows = found.values(
        "pk",
        "status",
        "requested_on",
        "enrolled_on",
        "person_id",
        "person__sex",
        "person__birth_date",
        "course__region",
        "result__passed",
    )
    citizenship: dict[int, str] = {}
    if filters.by == "citizenship":
        for person_id, country in people.first_citizenships(
            person_ids={r["person_id"] for r in rows}
        ).items():
            citizenship[person_id] = country
    cells: dict[str, _Cell] = defaultdict(_Cell)
    for row in rows:
        if filters.by == "sex":
            sex = row["person__sex"]
            group = NOT_STATED if sex in ("", "not_stated") else sex
        elif filters.by == "age_band":
            group = age_band(row["person__birth_date"], row["requested_on"])
        elif filters.by == "citizenship":
            group = citizenship.get(row["person_id"], NOT_STATED)
        else:
            group = row["course__region"] or NOT_STATED
        for key in (group, "*"):
            cell = cells[key]
            cell.enrolled += 1
            cell.completed += row["status"] == EnrolmentStatus.COMPLETED
            if row["result__passed"] is not None:
                cell.tested += 1
                cell.passed += bool(row["result__passed"])
            enrolled_on = row["enrolled_on"] or row["requested_on"]  # never null: filtered
            cell.waits.append((enrolled_on - row["requested_on"]).days)
    result: list[StatsRow] = []
    for group in sorted(k for k in cells if k != "*") + (["*"] if cells else []):
        cell = cells[group]
        enough = len(cell.waits) >= SMALL_CELL
        result.append(
            StatsRow(
                group=group,
                enrolled=_suppressed(cell.enrolled),
                completed=_suppressed(cell.completed),
                tested=_suppressed(cell.tested),
                passed=_suppressed(cell.passed),
                mean_wait_days=round(sum(cell.waits) / len(cell.waits), 1) if enough else None,
                median_wait_days=_median(cell.waits) if enough else None,
            )
        )
    return result


# --- The catalogue pages: who may do what on a course, and the choices they offer -----------


def can_change_course(*, actor: Actor, course: Course) -> bool:
    """Cancels the course: those who plan the provider's courses."""
    return access.can_plan_courses(actor, provider_id=course.provider_id)


def can_run_course(*, actor: Actor, course: Course) -> bool:
    """Adds sessions and finishes the course: its planners and its own teacher."""
    return can_change_course(actor=actor, course=course) or can_teach(actor=actor, course=course)


def can_change_enrolment(*, actor: Actor, enrolment: Enrolment) -> bool:
    """Withdraws the learner: the course's planners and teacher, or a caseworker
    responsible for the learner's case (as services.enrolments checks)."""
    if can_run_course(actor=actor, course=enrolment.course):
        return True
    return access.can_enrol(actor, responsible=people.responsible_ids(person=enrolment.person))


def has_classes(*, actor: Actor) -> bool:
    """The actor teaches some class (the "my classes" filter is theirs)."""
    return Teacher.objects.filter(user=actor.user).exists()


def course_providers() -> list[Organisation]:
    """The organisations that run courses (the catalogue's filter)."""
    return list(
        Organisation.objects.filter(pk__in=Course.objects.values("provider_id")).order_by(
            "name", "pk"
        )
    )


def can_see_teachers(*, actor: Actor) -> bool:
    """The teachers' list: those who plan a provider's courses (teachers see their
    colleagues), coordinators, and administrators (who keep their teachers)."""
    providers = access.course_provider_ids(actor)
    administered = access.administered_organisation_ids(actor)
    return providers is None or administered is None or bool(providers) or bool(administered)


def can_manage_teachers(*, actor: Actor, provider_id: int) -> bool:
    return access.can_manage_teachers(actor, provider_id=provider_id)


def teacher_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations whose teachers the actor keeps: the course providers (those
    of that kind, those with teachers or with members who teach) for coordinators;
    the organisations they administer for administrators."""
    administered = access.administered_organisation_ids(actor) or set()
    found = (
        Organisation.objects.filter(is_active=True)
        .filter(
            Q(kind="course_provider")
            | Q(pk__in=Teacher.objects.values("organisation_id"))
            | Q(pk__in=administered)
            | Q(memberships__role="teacher")
        )
        .distinct()
        .order_by("name", "pk")
    )
    return [o for o in found if access.can_manage_teachers(actor, provider_id=o.pk)]


# --- The learner's pages: a certificate printed is a read of the holder's record -------------


def certificate_read(
    *, actor: Actor, enrolment_id: int, now: datetime | None = None
) -> Certificate:
    """The certificate of an enrolment the actor sees, to print. Printing it reads
    the holder's record, so it is audited as a read of the person (purpose
    "courses"), as integra.people.selectors.person_get audits one."""
    from integra.core import audit  # here: appended below imports that others edit

    found = certificate_of(actor=actor, enrolment_id=enrolment_id)
    person = Enrolment.objects.select_related("person").get(pk=enrolment_id).person
    audit.record(
        actor=actor,
        action="course.certificate.read",
        object_type="person",
        object_id=person.public_id,
        purpose="courses",
        data={"certificate": found.code},
        now=now,
    )
    return found


# --- Files of results -----------------------------------------------------------------------


def import_providers(*, actor: Actor) -> list[Organisation]:
    """The providers for which the actor is a licensed examiner (and so imports results)."""
    examining = Teacher.objects.filter(user=actor.user, is_examiner=True, is_active=True)
    return [
        organisation
        for organisation in Organisation.objects.filter(
            pk__in=examining.values("organisation_id"), is_active=True
        ).order_by("name", "pk")
        if access.can_import_results(actor, provider_id=organisation.pk, is_examiner=True)
    ]


def import_list(*, actor: Actor) -> QuerySet[ResultImport]:
    """The files of results of the providers the actor examines for."""
    providers = [p.pk for p in import_providers(actor=actor)]
    return (
        ResultImport.objects.select_related("provider", "created_by")
        .filter(provider_id__in=providers)
        .order_by("-created_at", "-pk")
    )


def import_get(*, actor: Actor, public_id: str) -> ResultImport:
    found = import_list(actor=actor).filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("There is no such import."))
    return found


def import_finished(*, job: ResultImport) -> bool:
    return job.state in (ImportState.DONE, ImportState.REJECTED, ImportState.FAILED)


# --- For the API: the class's lists, for those who see the class --------------------------


def _guard_class(actor: Actor, course: Course) -> None:
    if not can_see_class(actor=actor, course=course):
        raise PermissionDenied(_("Only the class's teacher and coordinators see its learners."))


def _guard_teachers(actor: Actor) -> None:
    if not can_see_teachers(actor=actor):
        raise PermissionDenied(_("Your role does not keep course providers' teachers."))


def teacher_list(*, actor: Actor, provider: str = "") -> QuerySet[Teacher]:
    """The teachers the actor keeps or plans with, of one provider (by code) if given."""
    _guard_teachers(actor)
    found = teachers(actor=actor)
    return found.filter(organisation__code=provider) if provider else found


def teacher_find(*, actor: Actor, pk: int) -> Teacher:
    """One teacher's record, as the teachers' list shows it."""
    _guard_teachers(actor)
    return teacher_get(actor=actor, pk=pk)


def course_waitlist(*, actor: Actor, course: Course) -> list[Enrolment]:
    _guard_class(actor, course)
    return waitlist(course=course)


def session_register(
    *, actor: Actor, course: Course, session_id: int
) -> tuple[Session, list[tuple[Enrolment, str]]]:
    """One session of the class and its register."""
    _guard_class(actor, course)
    session = session_get(course=course, pk=session_id)
    return session, register(course=course, session=session)


@dataclass(frozen=True)
class LearnerAttendance:
    enrolment: Enrolment
    rate: rules.Rate
    incentive_met: bool | None


@dataclass(frozen=True)
class CourseAttendance:
    incentive: str  # "" when the programme ties no incentive to attendance
    incentive_min_attendance: int | None
    learners: list[LearnerAttendance]


def course_attendance(*, actor: Actor, course: Course) -> CourseAttendance:
    """Each learner's attendance so far, and whether they meet the incentive's."""
    _guard_class(actor, course)
    found = list(learners(course=course))
    rates = attendance_rates(enrolments=found)
    name, threshold, met = incentive_status(course=course, rates=rates)
    return CourseAttendance(
        incentive=name,
        incentive_min_attendance=threshold,
        learners=[LearnerAttendance(e, rates[e.pk], met.get(e.pk)) for e in found],
    )


def course_results(*, actor: Actor, course: Course) -> QuerySet[Result]:
    _guard_class(actor, course)
    return (
        results(course=course)
        .select_related("test")
        .order_by(
            "enrolment__person__family_name_latin", "enrolment__person__given_name_latin", "pk"
        )
    )


@dataclass(frozen=True)
class PersonCourse:
    enrolment: Enrolment
    rate: rules.Rate


def person_courses(*, actor: Actor, person: Person) -> list[PersonCourse]:
    """A person's enrolments with their attendance so far, for those who see their case."""
    found = list(person_enrolments(actor=actor, person=person))
    rates = attendance_rates(enrolments=found)
    return [PersonCourse(e, rates[e.pk]) for e in found]


def can_revoke_certificates(*, actor: Actor) -> bool:
    return access.can_revoke_certificates(actor)


# --- The learner's own view (integra.portal decided the access) --------------------------------


@dataclass(frozen=True)
class OwnCourse:
    enrolment: Enrolment
    rate: rules.Rate
    next_sessions: list[Session]


def own_courses(*, person: Person, now: datetime | None = None) -> list[OwnCourse]:
    """The learner's courses with their attendance so far and the next sessions
    of the courses they hold a place in."""
    now = now or timezone.now()
    enrolments = list(learner_enrolments(person=person))
    rates = attendance_rates(enrolments=enrolments)
    upcoming: dict[int, list[Session]] = defaultdict(list)
    active = [e.course_id for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    for session in Session.objects.filter(course_id__in=active, starts_at__gte=now).order_by(
        "starts_at"
    ):
        if len(upcoming[session.course_id]) < 3:
            upcoming[session.course_id].append(session)
    return [OwnCourse(e, rates[e.pk], upcoming.get(e.course_id, [])) for e in enrolments]


# --- Statistics sources (monitoring's summary tables; aggregates are formed there) ----


@dataclass(frozen=True)
class StatisticsEnrolment:
    person_id: int
    level: str  # the curriculum's CEFR target; "" for civic orientation and others
    requested_on: date
    enrolled_on: date | None
    ended_on: date | None  # completed or withdrawn
    completed: bool
    tested_on: date | None
    passed: bool | None


def statistics_enrolments(*, chunk: int = 5000) -> Iterable[StatisticsEnrolment]:
    """Every enrolment request with what became of it."""
    rows = (
        Enrolment.objects.order_by("pk")
        .values_list(
            "person_id",
            "course__curriculum__target_level",
            "requested_on",
            "enrolled_on",
            "ended_on",
            "status",
            "result__taken_on",
            "result__passed",
        )
        .iterator(chunk_size=chunk)
    )
    for person_id, level, requested, enrolled, ended, status, tested, passed in rows:
        finished = status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN)
        yield StatisticsEnrolment(
            person_id=person_id,
            level=level or "",
            requested_on=requested,
            enrolled_on=enrolled,
            ended_on=(ended or requested) if finished else None,
            completed=status == EnrolmentStatus.COMPLETED,
            tested_on=tested,
            passed=passed,
        )
