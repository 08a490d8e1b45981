"""The courses API: the catalogue (curricula, tests, quality criteria, teachers),
courses and their sessions, enrolment and waitlists, the register, results, the
public check of a certificate, places against demand, and statistics."""

from typing import TYPE_CHECKING, Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.throttling import AnonRateThrottle

from integra.core.api import ERRORS, request_actor
from integra.core.errors import NotFound
from integra.core.schemas import CODE, NO_NUL
from integra.courses import selectors
from integra.courses.schemas import (
    COURSE_ID,
    DAY,
    PERSON_ID,
    PROGRAMME_CODE,
    AttendanceOut,
    BreachProblem,
    CertificateOut,
    CertificateRevokeIn,
    CourseCancelIn,
    CourseDetailOut,
    CourseIn,
    CourseOut,
    CurriculumIn,
    CurriculumOut,
    EnrolmentIn,
    EnrolmentOut,
    EnrolmentWithdrawIn,
    PersonEnrolmentOut,
    PlacesOut,
    RegisterIn,
    RegisterOut,
    ResultIn,
    ResultOut,
    SessionIn,
    SessionOut,
    StandardIn,
    StandardOut,
    StatisticsRowOut,
    TeacherIn,
    TeacherOut,
    TestDefinitionIn,
    TestDefinitionOut,
)
from integra.courses.services import attendance, catalogue, courses, enrolments, results
from integra.pagination import Cursor
from integra.people import selectors as people

if TYPE_CHECKING:
    from integra.courses.models import Course
    from integra.people.models import Person

router = Router()

CourseId = Annotated[str, Path(max_length=11, pattern=COURSE_ID)]
PersonId = Annotated[str, Path(max_length=11, pattern=PERSON_ID)]
CatalogueCode = Annotated[str, Path(max_length=64, pattern=CODE)]
ProgrammeCode = Annotated[str, Path(max_length=64, pattern=PROGRAMME_CODE)]
CourseType = Annotated[str, Path(max_length=16, pattern=r"^[a-z_]+$")]
# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
DbId = Annotated[int, Path(ge=1, le=2**63 - 1)]
# As typed or read out: any case, with or without dashes or spaces.
CertificateCode = Annotated[str, Path(max_length=64, pattern=r"^[-0-9A-Za-z ]+$")]

CATALOGUE = ["course-catalogue"]
COURSES = ["courses"]
ENROLMENTS = ["enrolments"]
ATTENDANCE = ["attendance"]
RESULTS = ["results"]
CERTIFICATES = ["certificates"]

# Anyone may check a certificate, without signing in: per client address.
CERTIFICATE_RATE = "30/m"
BREACH_ERRORS: dict[int, Any] = {**ERRORS, 422: BreachProblem}
# Without sign-in there is nothing to refuse: no 401, 403 or 409.
PUBLIC_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 404, 422, 429)}


def _course(request: HttpRequest, public_id: str) -> "Course":
    return selectors.course_get(actor=request_actor(request), public_id=public_id)


def _person(request: HttpRequest, public_id: str) -> "Person":
    return people.person_get(actor=request_actor(request), public_id=public_id, purpose="courses")


# --- The catalogue: curricula, tests, quality criteria, teachers -------------------------


class CatalogueQuery(Schema):
    active: bool = Field(default=False, description="Only those in use.")


@router.get(
    "/courses/curricula",
    response={200: list[CurriculumOut], **ERRORS},
    tags=CATALOGUE,
    summary="Curricula: what each type of course teaches, module by module",
)
@paginate(Cursor, ordering=("course_type", "title", "id"))
def curriculum_list(request: HttpRequest, filters: Query[CatalogueQuery]) -> Any:
    return selectors.curricula(actor=request_actor(request), active_only=filters.active)


@router.put(
    "/courses/curricula/{code}",
    response={200: CurriculumOut, **ERRORS},
    tags=CATALOGUE,
    summary="Set a curriculum (coordinating authority)",
    description=(
        "Creates the curriculum with this code, or changes it: the modules given replace "
        "the old ones."
    ),
)
def curriculum_put(request: HttpRequest, code: CatalogueCode, payload: CurriculumIn) -> object:
    values = payload.dict()
    modules = tuple(catalogue.ModuleData(**module) for module in values.pop("modules"))
    return catalogue.curriculum_save(
        actor=request_actor(request),
        data=catalogue.CurriculumData(code=code, modules=modules, **values),
    )


@router.get(
    "/courses/tests",
    response={200: list[TestDefinitionOut], **ERRORS},
    tags=CATALOGUE,
    summary="Objective tests: their sections, scales and pass marks per CEFR level",
)
@paginate(Cursor, ordering=("title", "id"))
def definition_list(request: HttpRequest, filters: Query[CatalogueQuery]) -> Any:
    return selectors.definitions(actor=request_actor(request), active_only=filters.active)


@router.put(
    "/courses/tests/{code}",
    response={200: TestDefinitionOut, **ERRORS},
    tags=CATALOGUE,
    summary="Set a test (coordinating authority)",
    description=(
        "Creates the test with this code, or changes it. Once a result was recorded with "
        "a test its sections stay as they are (422): create a new test instead."
    ),
)
def definition_put(request: HttpRequest, code: CatalogueCode, payload: TestDefinitionIn) -> object:
    return catalogue.definition_save(
        actor=request_actor(request),
        data=catalogue.DefinitionData(
            code=code,
            country=payload.country,
            title=payload.title,
            course_type=payload.course_type,
            language=payload.language,
            sections=[section.dict() for section in payload.sections],
            pass_marks={level: mark.dict() for level, mark in payload.pass_marks.items()},
            is_active=payload.is_active,
        ),
    )


@router.get(
    "/courses/standards",
    response={200: list[StandardOut], **ERRORS},
    tags=CATALOGUE,
    summary="The programmes' quality criteria per type of course",
)
def standard_list(request: HttpRequest) -> object:
    return selectors.standards(actor=request_actor(request))


@router.put(
    "/courses/standards/{programme}/{course_type}",
    response={200: StandardOut, **ERRORS},
    tags=CATALOGUE,
    summary="Set a programme's quality criteria for a type of course (coordinating authority)",
    description=(
        "Checked when a course is planned (group size, teacher's qualification, hours) and "
        "when a learner is enrolled (group size, longest wait, equipment for online "
        "courses); broken criteria are refused unless overridden with a reason."
    ),
)
def standard_put(
    request: HttpRequest, programme: ProgrammeCode, course_type: CourseType, payload: StandardIn
) -> object:
    values = payload.dict()
    return catalogue.standard_save(
        actor=request_actor(request),
        data=catalogue.StandardData(
            programme=programme,
            course_type=course_type,
            incentive_id=values.pop("incentive"),
            **values,
        ),
    )


class TeacherQuery(Schema):
    provider: str = Field(
        default="", max_length=64, pattern=r"^[-a-zA-Z0-9_]*$", description="A provider's code."
    )


def _teacher_data(payload: TeacherIn) -> catalogue.TeacherData:
    values = payload.dict()
    values["languages"] = tuple(values["languages"])
    return catalogue.TeacherData(**values)


@router.get(
    "/courses/teachers",
    response={200: list[TeacherOut], **ERRORS},
    tags=CATALOGUE,
    summary="Teachers of the providers I plan courses for or administer (coordinators: all)",
    description="For those who plan a provider's courses or keep its teachers.",
)
@paginate(Cursor, ordering=("name", "id"))
def teacher_list(request: HttpRequest, filters: Query[TeacherQuery]) -> Any:
    return selectors.teacher_list(actor=request_actor(request), provider=filters.provider)


@router.post(
    "/courses/teachers",
    response={201: TeacherOut, **ERRORS},
    tags=CATALOGUE,
    summary="Record a teacher at a provider (its administrators, coordinators)",
    description="The quality criteria check the qualification: teachers never record their own.",
)
def teacher_create(request: HttpRequest, payload: TeacherIn) -> Status[object]:
    teacher = catalogue.teacher_save(actor=request_actor(request), data=_teacher_data(payload))
    return Status(201, teacher)


@router.put(
    "/courses/teachers/{teacher_id}",
    response={200: TeacherOut, **ERRORS},
    tags=CATALOGUE,
    summary="Change a teacher's record (its provider's administrators, coordinators)",
)
def teacher_update(request: HttpRequest, teacher_id: DbId, payload: TeacherIn) -> object:
    actor = request_actor(request)
    teacher = selectors.teacher_find(actor=actor, pk=teacher_id)
    return catalogue.teacher_save(actor=actor, data=_teacher_data(payload), pk=teacher.pk)


# --- Places and statistics (before /courses/{course_id}, which would match them) ---------


@router.get(
    "/courses/places",
    response={200: list[PlacesOut], **ERRORS},
    tags=COURSES,
    summary="Are there enough places? Per region and type of course",
    description=(
        "The places in courses still to run, who holds them, who waits, and the open plan "
        "measures that no course has taken yet."
    ),
)
def places(request: HttpRequest) -> object:
    return selectors.places_overview(actor=request_actor(request))


class StatisticsQuery(Schema):
    by: str = Field(
        default="sex",
        pattern=r"^(sex|age_band|citizenship|region)$",
        description="The breakdown: sex, age_band, citizenship or region (of the course).",
    )
    type: str = Field(default="", max_length=16, pattern=NO_NUL, description="A type of course.")
    date_from: DAY | None = Field(
        default=None, alias="from", description="Requested on or after this day."
    )
    date_until: DAY | None = Field(
        default=None, alias="until", description="Requested on or before this day."
    )


@router.get(
    "/courses/statistics",
    response={200: list[StatisticsRowOut], **ERRORS},
    tags=COURSES,
    summary="Enrolment, completion and pass rates and waiting times, disaggregated",
    description=(
        "Aggregates only, one row per group and a total row (`*`) last; an empty group is "
        "“not stated”. Counts of 1 to 9, and rates and waiting times over fewer than 10 "
        "people, are null."
    ),
)
def statistics(request: HttpRequest, filters: Query[StatisticsQuery]) -> object:
    return selectors.course_statistics(
        actor=request_actor(request),
        filters=selectors.StatsFilters(
            by=filters.by,
            course_type=filters.type,
            date_from=filters.date_from,
            date_until=filters.date_until,
        ),
    )


# --- Courses and their sessions ---------------------------------------------------------


class CourseQuery(Schema):
    type: str = Field(default="", max_length=16, pattern=NO_NUL, description="A type of course.")
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    status: str = Field(
        default="", pattern=r"^(planned|running|finished|cancelled)?$", description="A status."
    )
    provider: str = Field(
        default="", max_length=64, pattern=r"^[-a-zA-Z0-9_]*$", description="A provider's code."
    )
    mine: bool = Field(default=False, description="Only the classes I teach.")
    open: bool = Field(default=False, description="Only courses still taking learners.")


@router.get(
    "/courses",
    response={200: list[CourseOut], **ERRORS},
    tags=COURSES,
    summary="The courses, by first day (staff who plan, teach, enrol or coordinate)",
)
@paginate(Cursor, ordering=("starts_on", "id"))
def course_list(request: HttpRequest, filters: Query[CourseQuery]) -> Any:
    return selectors.course_list(
        actor=request_actor(request),
        filters=selectors.CourseFilters(
            course_type=filters.type,
            region=filters.region,
            status=filters.status,
            provider=filters.provider,
            mine=filters.mine,
            open_only=filters.open,
        ),
    )


@router.post(
    "/courses",
    response={201: CourseDetailOut, **BREACH_ERRORS},
    tags=COURSES,
    summary="Plan a course (the provider's teachers, coordinators)",
    description=(
        "The programme's quality criteria for the type of course (group size, teacher's "
        "qualification, hours) are checked. A course that breaks them is refused (422, "
        "with `breaches` and `overridable`) unless `override_reason` says why; the reason "
        "is kept with the course. With a `schedule`, its sessions are planned too."
    ),
)
def course_create(request: HttpRequest, payload: CourseIn) -> Status[object]:
    actor = request_actor(request)
    schedule = payload.schedule
    course = courses.course_plan(
        actor=actor,
        data=courses.CourseData(
            programme=payload.programme,
            curriculum=payload.curriculum,
            provider=payload.provider,
            teacher_id=payload.teacher,
            title=payload.title,
            delivery=payload.delivery,
            region=payload.region,
            venue=payload.venue,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            capacity=payload.capacity,
            test=payload.test,
            schedule=(
                courses.Schedule(
                    weekdays=tuple(schedule.weekdays),
                    at=schedule.start_time(),
                    hours=schedule.hours,
                )
                if schedule is not None
                else None
            ),
            override_reason=payload.override_reason,
        ),
    )
    return Status(201, selectors.course_get(actor=actor, public_id=course.public_id))


@router.get(
    "/courses/{course_id}",
    response={200: CourseDetailOut, **ERRORS},
    tags=COURSES,
    summary="One course, with its places taken and free",
)
def course_get(request: HttpRequest, course_id: CourseId) -> object:
    return _course(request, course_id)


@router.post(
    "/courses/{course_id}/finish",
    response={200: CourseDetailOut, **ERRORS},
    tags=COURSES,
    summary="Finish a course that has run (its teacher, planners)",
    description=(
        "Its learners have completed it; those still waiting leave the waitlist. For a "
        "course without a test, their plan measures are done (a test's result does that)."
    ),
)
def course_finish(request: HttpRequest, course_id: CourseId) -> object:
    actor = request_actor(request)
    courses.course_finish(actor=actor, course=_course(request, course_id))
    return selectors.course_get(actor=actor, public_id=course_id)


@router.post(
    "/courses/{course_id}/cancel",
    response={200: CourseDetailOut, **ERRORS},
    tags=COURSES,
    summary="Cancel a course, with a reason (its planners)",
    description="Every enrolment ends, and the learners' caseworkers are told.",
)
def course_cancel(request: HttpRequest, course_id: CourseId, payload: CourseCancelIn) -> object:
    actor = request_actor(request)
    courses.course_cancel(actor=actor, course=_course(request, course_id), reason=payload.reason)
    return selectors.course_get(actor=actor, public_id=course_id)


@router.get(
    "/courses/{course_id}/sessions",
    response={200: list[SessionOut], **ERRORS},
    tags=COURSES,
    summary="A course's sessions, in order",
)
def session_list(request: HttpRequest, course_id: CourseId) -> object:
    return selectors.course_sessions(course=_course(request, course_id))


@router.post(
    "/courses/{course_id}/sessions",
    response={201: SessionOut, **ERRORS},
    tags=COURSES,
    summary="Add a session to a course (its teacher, planners)",
    description="A time without a zone is read in the deployment's time zone.",
)
def session_create(request: HttpRequest, course_id: CourseId, payload: SessionIn) -> Status[object]:
    session = courses.session_add(
        actor=request_actor(request),
        course=_course(request, course_id),
        starts_at=payload.starts_at,
        hours=payload.hours,
        topic=payload.topic,
    )
    return Status(201, session)


# --- Enrolment and the waitlist ---------------------------------------------------------


@router.post(
    "/persons/{public_id}/enrolments",
    response={201: EnrolmentOut, **BREACH_ERRORS},
    tags=ENROLMENTS,
    summary="Enrol a person in a course for a measure of their plan (their caseworkers)",
    description=(
        "The learner is the person, or the family member the measure is for. A full course "
        "takes them on its waitlist when `waitlist` is true. The programme's quality "
        "criteria (group size, longest wait, equipment for an online course) are checked: "
        "broken ones are refused (422, with `breaches` and `overridable`) unless "
        "`override_reason` says why. Already in the course or on its waitlist: 409."
    ),
)
def enrolment_create(
    request: HttpRequest, public_id: PersonId, payload: EnrolmentIn
) -> Status[object]:
    enrolment = enrolments.enrol(
        actor=request_actor(request),
        person=_person(request, public_id),
        data=enrolments.EnrolmentData(
            measure_id=payload.measure,
            course=payload.course,
            waitlist=payload.waitlist,
            has_equipment=payload.has_equipment,
            override_reason=payload.override_reason,
        ),
    )
    return Status(201, enrolment)


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    response={200: EnrolmentOut, **ERRORS},
    tags=ENROLMENTS,
    summary="Take a learner out of a course or off its waitlist, with a reason",
    description=(
        "For the learner's caseworkers, the class's teacher and the course's planners. A "
        "place that opens goes at once to the next on the waitlist. Ended before: 409."
    ),
)
def enrolment_withdraw(
    request: HttpRequest, enrolment_id: DbId, payload: EnrolmentWithdrawIn
) -> object:
    actor = request_actor(request)
    return enrolments.enrolment_withdraw(
        actor=actor,
        enrolment=selectors.enrolment_get(actor=actor, pk=enrolment_id),
        reason=payload.reason,
    )


@router.get(
    "/courses/{course_id}/enrolments",
    response={200: list[EnrolmentOut], **ERRORS},
    tags=ENROLMENTS,
    summary="A course's learners (the teacher, coordinators: all; caseworkers: their cases')",
)
def course_enrolments(request: HttpRequest, course_id: CourseId) -> object:
    return selectors.course_enrolments(
        actor=request_actor(request), course=_course(request, course_id)
    )


@router.get(
    "/courses/{course_id}/waitlist",
    response={200: list[EnrolmentOut], **ERRORS},
    tags=ENROLMENTS,
    summary="Who waits for a place, in the order they will get one (the teacher, coordinators)",
    description="Mandatory measures first, then the earliest due, then the earliest requested.",
)
def course_waitlist(request: HttpRequest, course_id: CourseId) -> object:
    return selectors.course_waitlist(
        actor=request_actor(request), course=_course(request, course_id)
    )


@router.get(
    "/persons/{public_id}/enrolments",
    response={200: list[PersonEnrolmentOut], **ERRORS},
    tags=ENROLMENTS,
    summary="A person's courses, newest first, with attendance and results",
)
def person_enrolments(request: HttpRequest, public_id: PersonId) -> object:
    return selectors.person_courses(
        actor=request_actor(request), person=_person(request, public_id)
    )


# --- Attendance -------------------------------------------------------------------------


@router.get(
    "/courses/{course_id}/sessions/{session_id}/attendance",
    response={200: RegisterOut, **ERRORS},
    tags=ATTENDANCE,
    summary="One session's register (the teacher, coordinators)",
)
def register_get(request: HttpRequest, course_id: CourseId, session_id: DbId) -> object:
    session, marks = selectors.session_register(
        actor=request_actor(request), course=_course(request, course_id), session_id=session_id
    )
    return {"session": session, "marks": marks}


@router.put(
    "/courses/{course_id}/sessions/{session_id}/attendance",
    response={200: RegisterOut, **ERRORS},
    tags=ATTENDANCE,
    summary="Take (or correct) a session's register, the whole class at once (the teacher)",
    description=(
        "Marks each learner present, absent or excused, all or nothing, for a session that "
        "has happened. Learners not named keep their mark."
    ),
)
def register_put(
    request: HttpRequest, course_id: CourseId, session_id: DbId, payload: RegisterIn
) -> object:
    actor = request_actor(request)
    course = _course(request, course_id)
    selectors.session_get(course=course, pk=session_id)
    attendance.register_record(
        actor=actor,
        course=course,
        session_id=session_id,
        marks={mark.enrolment: mark.status for mark in payload.marks},
    )
    session, marks = selectors.session_register(actor=actor, course=course, session_id=session_id)
    return {"session": session, "marks": marks}


@router.get(
    "/courses/{course_id}/attendance",
    response={200: AttendanceOut, **ERRORS},
    tags=ATTENDANCE,
    summary="Each learner's attendance so far, and the incentive it earns (the teacher, "
    "coordinators)",
)
def attendance_get(request: HttpRequest, course_id: CourseId) -> object:
    return selectors.course_attendance(
        actor=request_actor(request), course=_course(request, course_id)
    )


# --- Results and certificates -----------------------------------------------------------


@router.get(
    "/courses/{course_id}/results",
    response={200: list[ResultOut], **ERRORS},
    tags=RESULTS,
    summary="A course's test results (the teacher, coordinators)",
)
def result_list(request: HttpRequest, course_id: CourseId) -> object:
    return selectors.course_results(
        actor=request_actor(request), course=_course(request, course_id)
    )


@router.post(
    "/courses/{course_id}/results",
    response={201: ResultOut, **ERRORS},
    tags=RESULTS,
    summary="Record a learner's test result (the class's teacher, a licensed examiner)",
    description=(
        "Scores are checked against the test's scales (an error names the section, e.g. "
        "`scores.reading`). Where the programme asks for two examiners for speaking, the "
        "second examiner's score is averaged in. The level reached updates the person's "
        "language level; a pass completes the plan measure and issues a certificate. A "
        "result recorded before: 409."
    ),
)
def result_create(request: HttpRequest, course_id: CourseId, payload: ResultIn) -> Status[object]:
    result = results.result_record(
        actor=request_actor(request),
        course=_course(request, course_id),
        data=results.ResultData(
            enrolment_id=payload.enrolment,
            taken_on=payload.taken_on,
            scores=dict(payload.scores),
            speaking_second=payload.speaking_second,
            second_examiner_id=payload.second_examiner,
        ),
    )
    return Status(201, result)


@router.get(
    "/certificates/{code}",
    auth=None,
    throttle=[AnonRateThrottle(CERTIFICATE_RATE)],
    response={200: CertificateOut, **PUBLIC_ERRORS},
    tags=CERTIFICATES,
    summary="Check a certificate by its code (public: no sign-in)",
    description=(
        "For employers, schools and authorities shown a certificate: what it certifies, "
        "and whether it still holds (`valid`). Any case, dashes or spaces; an unknown code "
        "is 404. Limited to 30 requests a minute per address."
    ),
)
def certificate_check(request: HttpRequest, code: CertificateCode) -> object:
    found = selectors.certificate_by_code(code=code)
    if found is None:
        raise NotFound(_("There is no certificate with this code."))
    return found


@router.post(
    "/certificates/{code}/revoke",
    response={200: CertificateOut, **ERRORS},
    tags=CERTIFICATES,
    summary="Revoke a certificate (the coordinating authority)",
    description=(
        "For a certificate that should not have been issued: its check then answers "
        "`valid: false` and its PDF is no longer served. The reason is audited. Revoked "
        "before: 409."
    ),
)
def certificate_revoke(
    request: HttpRequest, code: CertificateCode, payload: CertificateRevokeIn
) -> object:
    return results.certificate_revoke(
        actor=request_actor(request), code=code, reason=payload.reason
    )
