"""The catalogue pages (R13): courses with their places, planning a course against
the programme's quality criteria, a course's page with its learners and waitlist,
its sessions and its end; places against demand, statistics, the providers'
teachers, curricula and tests.

Thin, like the API: parse, call one service or selector, render.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.courses import rules, selectors
from integra.courses.forms.catalogue import (
    COURSE_FIELDS,
    CancelForm,
    CourseForm,
    CourseListForm,
    FinishForm,
    SessionForm,
    StatisticsForm,
    TeacherForm,
    add_errors,
    course_type_labels,
    qualification_labels,
)
from integra.courses.services import catalogue as catalogue_services
from integra.courses.services import courses as services
from integra.courses.views.common import RULE_LABELS, SECTION_LABELS, courses_nav, labelled
from integra.people import selectors as people
from integra.plans import selectors as plans

if TYPE_CHECKING:
    from integra.courses.models import Course, Enrolment, Teacher
    from integra.courses.models import TestDefinition as TestModel

ENDED = ("finished", "cancelled")
HOLDS_PLACE = ("enrolled", "completed")
ACTIVE = ("waiting", "enrolled")


def _guard_see(actor: Actor) -> None:
    if not selectors.can_see_courses(actor=actor):
        raise PermissionDenied(_("Your role does not work with courses."))


def _course_url(course: Course, anchor: str = "") -> str:
    url = reverse("courses:course", args=[course.public_id])
    return f"{url}#{anchor}" if anchor else url


# --- The catalogue ------------------------------------------------------------------------


@actor_required
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_see_courses(actor=actor):
        if selectors.can_see_statistics(actor=actor):
            # Analysts: the aggregates are theirs, never a class list.
            return redirect("courses:statistics")
        raise PermissionDenied(_("Your role does not work with courses."))
    form = CourseListForm(
        request.GET or None,
        regions=selectors.regions(),
        providers=[(o.code, o.name) for o in selectors.course_providers()],
        teaches=selectors.has_classes(actor=actor),
    )
    page = page_of(
        request,
        selectors.course_list(actor=actor, filters=selectors.CourseFilters(**form.filters())),
    )
    template = (
        "courses/_course_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "courses/course_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "querystring": query_without_page(request),
            "can_plan": selectors.can_plan_courses(actor=actor),
            "nav": courses_nav(actor),
        },
    )


def _teacher_label(teacher: Teacher, qualifications: dict[str, str]) -> str:
    return f"{teacher.name} — {qualifications.get(teacher.qualification, teacher.qualification)}"


def _course_form(actor: Actor, data: QueryDict | None, *, provider: str) -> CourseForm:
    """The form with its choices. With a provider chosen, its teachers only; else
    every teacher the actor may plan with, under their provider."""
    providers = selectors.provider_choices(actor=actor)
    qualifications = qualification_labels()
    active = [t for t in selectors.teachers(actor=actor) if t.is_active]
    teachers: list[Any]
    if provider:
        teachers = [
            (t.pk, _teacher_label(t, qualifications))
            for t in active
            if t.organisation.code == provider
        ]
    else:
        teachers = [
            (
                o.name,
                [
                    (t.pk, _teacher_label(t, qualifications))
                    for t in active
                    if t.organisation_id == o.pk
                ],
            )
            for o in providers
        ]
        teachers = [group for group in teachers if group[1]]
    types = course_type_labels()
    return CourseForm(
        data,
        programmes=[(p.code, p.name) for p in plans.programme_list(actor=actor, active=True)],
        curricula=[
            (
                c.code,
                _("%(title)s (%(type)s, %(hours)s hours)")
                % {"title": c.title, "type": types.get(c.course_type, ""), "hours": c.hours},
            )
            for c in selectors.curricula(actor=actor, active_only=True)
        ],
        providers=[(o.code, o.name) for o in providers],
        teachers=teachers,
        tests=[(t.code, t.title) for t in selectors.definitions(actor=actor, active_only=True)],
        teacher_url=reverse("courses:create"),
        initial={"provider": provider},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_plan_courses(actor=actor):
        raise PermissionDenied(_("Courses are planned by their providers and coordinators."))
    codes = [o.code for o in selectors.provider_choices(actor=actor)]
    provider = request.POST.get("provider") or request.GET.get("provider") or ""
    if provider not in codes:
        provider = codes[0] if len(codes) == 1 else ""
    form = _course_form(actor, request.POST or None, provider=provider)
    overridable = False
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_plan(actor=actor, data=services.CourseData(**form.values()))
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error, rename=COURSE_FIELDS)
            overridable = bool(error.extensions.get("overridable"))
        else:
            if course.overridden:
                messages.success(
                    request,
                    _(
                        "The course has been planned. The quality criteria it overrides are "
                        "recorded with your reason."
                    ),
                )
            else:
                messages.success(request, _("The course has been planned."))
            return redirect("courses:course", course_id=course.public_id)
    return render(
        request,
        "courses/course_form.html",
        {
            "form": form,
            "overridable": overridable,
            # Asked for once the criteria refuse the course; kept while it is filled in.
            "show_override": overridable or bool(form["override_reason"].value()),
            "regions": selectors.regions(),
            "nav": courses_nav(actor),
        },
    )


# --- A course -------------------------------------------------------------------------------


def _learner_row(
    actor: Actor,
    course: Course,
    enrolment: Enrolment,
    *,
    rates: dict[int, rules.Rate],
    met: dict[int, bool | None],
    teaches: bool,
) -> dict[str, Any]:
    result = enrolment.result if hasattr(enrolment, "result") else None
    return {
        "enrolment": enrolment,
        "rate": rates.get(enrolment.pk),
        "met": met.get(enrolment.pk),
        "result": result,
        "may_result": teaches
        and course.test_id is not None
        and enrolment.status in HOLDS_PLACE
        and result is None,
        "may_withdraw": enrolment.status in ACTIVE
        and course.status not in ENDED
        and selectors.can_change_enrolment(actor=actor, enrolment=enrolment),
    }


@actor_required
@require_GET
def course_detail(request: HttpRequest, course_id: str) -> HttpResponse:
    """The course as a whole for everyone who works with courses; its learners for
    its teacher and coordinators, and each caseworker's own cases' for them."""
    actor = current_actor(request)
    course = selectors.course_get(actor=actor, public_id=course_id)
    now = timezone.now()
    sees_class = selectors.can_see_class(actor=actor, course=course)
    teaches = selectors.can_teach(actor=actor, course=course)
    enrolments = list(selectors.course_enrolments(actor=actor, course=course))
    waitlist = selectors.waitlist(course=course) if sees_class else []
    # The class's own see the waitlist apart, in its order; a caseworker sees their
    # people wherever they are.
    shown = [e for e in enrolments if not (sees_class and e.status == "waiting")]
    rates = selectors.attendance_rates(enrolments=shown)
    incentive, threshold, met = selectors.incentive_status(course=course, rates=rates)
    sessions = list(selectors.course_sessions(course=course))
    ended = course.status in ENDED
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "course_type": course_type_labels().get(course.curriculum.course_type, ""),
            "hours": selectors.course_hours(course=course),
            "planned_hours": sum(s.hours for s in sessions),
            "free": max(course.capacity - getattr(course, "enrolled", 0), 0),
            "overridden": labelled(course.overridden, RULE_LABELS),
            "qualification": qualification_labels().get(course.teacher.qualification, ""),
            "sessions": [(s, s.starts_at <= now) for s in sessions],
            "sees_class": sees_class,
            "teaches": teaches,
            "learners": [
                _learner_row(actor, course, e, rates=rates, met=met, teaches=teaches) for e in shown
            ],
            "waitlist": [
                (e, selectors.can_change_enrolment(actor=actor, enrolment=e)) for e in waitlist
            ],
            "incentive": incentive,
            "threshold": threshold,
            "links_people": people.can_search(actor=actor),
            "can_run": not ended and selectors.can_run_course(actor=actor, course=course),
            "can_cancel": not ended and selectors.can_change_course(actor=actor, course=course),
            "can_finish": not ended
            and course.starts_on <= timezone.localdate(now)
            and selectors.can_run_course(actor=actor, course=course),
            "nav": courses_nav(actor),
        },
    )


def _runnable(request: HttpRequest, actor: Actor, course_id: str, *, cancel: bool = False) -> Any:
    """The course, for one who may run it (cancel: plan it); a course that has ended
    sends them back to its page with the reason."""
    course = selectors.course_get(actor=actor, public_id=course_id)
    allowed = (
        selectors.can_change_course(actor=actor, course=course)
        if cancel
        else selectors.can_run_course(actor=actor, course=course)
    )
    if not allowed:
        raise PermissionDenied(_("You may not change this course."))
    if course.status in ENDED:
        messages.error(request, _("The course has ended; it can no longer change."))
        return redirect(_course_url(course))
    return course


@actor_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, course_id: str) -> HttpResponse:
    actor = current_actor(request)
    course = _runnable(request, actor, course_id)
    if isinstance(course, HttpResponse):
        return course
    day = max(timezone.localdate(), course.starts_on)
    form = SessionForm(request.POST or None, initial={"day": min(day, course.ends_on)})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_add(
                actor=actor,
                course=course,
                starts_at=form.starts_at(),
                hours=form.cleaned_data["hours"],
                topic=form.cleaned_data["topic"],
            )
        except ValidationFailed as error:
            add_errors(form, error, rename={"starts_at": "day"})
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(_course_url(course))
        else:
            messages.success(request, _("The session has been added."))
            return redirect(_course_url(course, "sessions"))
    return render(
        request,
        "courses/session_form.html",
        {"form": form, "course": course, "nav": courses_nav(actor)},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def course_finish(request: HttpRequest, course_id: str) -> HttpResponse:
    actor = current_actor(request)
    course = _runnable(request, actor, course_id)
    if isinstance(course, HttpResponse):
        return course
    form = FinishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_finish(actor=actor, course=course)
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The course has finished: its learners have completed it."),
            )
        return redirect(_course_url(course))
    return render(
        request,
        "courses/course_finish.html",
        {
            "form": form,
            "course": course,
            "started": course.starts_on <= timezone.localdate(),
            "nav": courses_nav(actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def course_cancel(request: HttpRequest, course_id: str) -> HttpResponse:
    actor = current_actor(request)
    course = _runnable(request, actor, course_id, cancel=True)
    if isinstance(course, HttpResponse):
        return course
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_cancel(actor=actor, course=course, reason=form.cleaned_data["reason"])
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(_course_url(course))
        else:
            messages.success(
                request,
                _("The course has been cancelled. The learners' caseworkers have been told."),
            )
            return redirect(_course_url(course))
    return render(
        request,
        "courses/course_cancel.html",
        {"form": form, "course": course, "nav": courses_nav(actor)},
    )


# --- Places and statistics ----------------------------------------------------------------


@actor_required
@require_GET
def places(request: HttpRequest) -> HttpResponse:
    """Are there enough places? Per region and type, the places in courses still to
    run against those waiting and the plans' measures not yet placed."""
    actor = current_actor(request)
    rows = selectors.places_overview(actor=actor)
    types = course_type_labels()
    totals = {
        name: sum(getattr(row, name) for row in rows)
        for name in ("places", "enrolled", "free", "waiting", "demand", "shortfall")
    }
    return render(
        request,
        "courses/places.html",
        {
            "rows": [(row, types.get(row.course_type, row.course_type)) for row in rows],
            "totals": totals,
            "short": sum(1 for row in rows if row.shortfall),
            "nav": courses_nav(actor),
        },
    )


def _group_label(by: str, group: str, sexes: dict[str, str]) -> str:
    if group == "*":
        return _("Total")
    if group == selectors.NOT_STATED:
        return _("Not stated")
    if by == "sex":
        return sexes.get(group, group)
    return group


@actor_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_see_statistics(actor=actor):
        raise PermissionDenied(_("You may not see course statistics."))
    form = StatisticsForm(request.GET or None)
    filters = selectors.StatsFilters(**form.filters())
    rows = selectors.course_statistics(actor=actor, filters=filters)
    sexes = dict(people.sex_choices())
    breakdowns = dict(form.fields["by"].choices)  # type: ignore[attr-defined]
    template = (
        "courses/_statistics_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "courses/statistics.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "rows": [(row, _group_label(filters.by, row.group, sexes)) for row in rows],
            "by_label": breakdowns.get(filters.by, filters.by),
            "type_label": course_type_labels().get(filters.course_type, ""),
            "filters": filters,
            "small": selectors.SMALL_CELL,
            "nav": courses_nav(actor),
        },
    )


# --- Teachers -----------------------------------------------------------------------------


def _guard_teachers(actor: Actor) -> None:
    if not selectors.can_see_teachers(actor=actor):
        raise PermissionDenied(_("Your role does not keep course providers' teachers."))


@actor_required
@require_GET
def teacher_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard_teachers(actor)
    page = page_of(request, selectors.teachers(actor=actor))
    qualifications = qualification_labels()
    return render(
        request,
        "courses/teacher_list.html",
        {
            "page": page,
            "rows": [
                (
                    teacher,
                    qualifications.get(teacher.qualification, teacher.qualification),
                    selectors.can_manage_teachers(actor=actor, provider_id=teacher.organisation_id),
                )
                for teacher in page.object_list
            ],
            "querystring": query_without_page(request),
            "can_add": bool(selectors.teacher_organisations(actor=actor)),
            "nav": courses_nav(actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def teacher_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard_teachers(actor)
    organisations = [(o.code, o.name) for o in selectors.teacher_organisations(actor=actor)]
    if not organisations:
        raise PermissionDenied(
            _("Teachers are kept by their provider's administrators and by coordinators.")
        )
    wanted = request.GET.get("provider", "")
    if wanted not in {code for code, _name in organisations}:
        wanted = organisations[0][0] if len(organisations) == 1 else ""
    form = TeacherForm(
        request.POST or None,
        providers=organisations,
        initial={"provider": wanted, "is_active": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            teacher = catalogue_services.teacher_save(
                actor=actor, data=catalogue_services.TeacherData(**form.values())
            )
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s has been added to the teachers.") % {"name": teacher.name}
            )
            return redirect(f"{reverse('courses:teachers')}#teacher-{teacher.pk}")
    return render(
        request,
        "courses/teacher_form.html",
        {"form": form, "title": _("Add a teacher"), "teacher": None, "nav": courses_nav(actor)},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def teacher_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_actor(request)
    _guard_teachers(actor)
    teacher = selectors.teacher_get(actor=actor, pk=pk)
    if not selectors.can_manage_teachers(actor=actor, provider_id=teacher.organisation_id):
        raise PermissionDenied(
            _("Teachers are kept by their provider's administrators and by coordinators.")
        )
    form = TeacherForm(
        request.POST or None,
        providers=[(teacher.organisation.code, teacher.organisation.name)],
        editing=True,
        initial={
            "provider": teacher.organisation.code,
            "name": teacher.name,
            "qualification": teacher.qualification,
            "qualification_detail": teacher.qualification_detail,
            "languages": ", ".join(teacher.languages),
            "username": teacher.user.username if teacher.user else "",
            "is_examiner": teacher.is_examiner,
            "is_active": teacher.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_services.teacher_save(
                actor=actor, data=catalogue_services.TeacherData(**form.values()), pk=teacher.pk
            )
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The teacher's record has been saved."))
            return redirect(f"{reverse('courses:teachers')}#teacher-{teacher.pk}")
    return render(
        request,
        "courses/teacher_form.html",
        {
            "form": form,
            "title": _("Change the teacher's record"),
            "teacher": teacher,
            "nav": courses_nav(actor),
        },
    )


# --- Curricula and tests ------------------------------------------------------------------


def _test_row(test: TestModel) -> tuple[TestModel, list[str], list[rules.PassMark]]:
    """A test with its sections (labelled, with their scales) and pass marks; a
    definition that cannot be read shows as such, rather than failing the page."""
    try:
        definition = selectors.parsed_definition(test=test)
    except rules.DefinitionError:
        return (test, [], [])
    sections = [
        _("%(section)s: %(max)s")
        % {"section": SECTION_LABELS.get(s.code, s.code), "max": s.max_score}
        for s in definition.sections
    ]
    return (test, sections, list(definition.pass_marks))


@actor_required
@require_GET
def curriculum_list(request: HttpRequest) -> HttpResponse:
    """Curricula, tests and the programmes' quality criteria: national policy, read
    here by everyone who works with courses."""
    actor = current_actor(request)
    curricula = list(selectors.curricula(actor=actor))
    qualifications = qualification_labels()
    return render(
        request,
        "courses/curriculum_list.html",
        {
            "curricula": curricula,
            "tests": [_test_row(test) for test in selectors.definitions(actor=actor)],
            "standards": [
                (standard, qualifications.get(standard.min_teacher_qualification, ""))
                for standard in selectors.standards(actor=actor)
            ],
            "types": course_type_labels(),
            "can_manage": selectors.can_manage_curricula(actor=actor),
            "nav": courses_nav(actor),
        },
    )


@actor_required
@require_GET
def curriculum_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    curriculum = selectors.curriculum_get(actor=actor, code=code)
    modules = list(curriculum.modules.all())
    return render(
        request,
        "courses/curriculum_detail.html",
        {
            "curriculum": curriculum,
            "modules": modules,
            "hours": sum(m.hours for m in modules),
            "course_type": course_type_labels().get(curriculum.course_type, ""),
            "can_manage": selectors.can_manage_curricula(actor=actor),
            "nav": courses_nav(actor),
        },
    )
