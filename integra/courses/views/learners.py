"""The learner's path: a caseworker enrols a person from a measure of their plan
(or puts them on a waitlist) and may take them out again; the class's teacher
takes the register, one session at a time, and records the test results; the
certificate prints as a PDF, and anyone holding its code checks it is genuine
(the one page here open without signing in)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from integra.core import ratelimit
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.middleware import client_ip
from integra.core.views.base import actor_required, current_actor, safe_next
from integra.courses import certificate_pdf as printing
from integra.courses import selectors
from integra.courses.forms.learners import (
    EnrolForm,
    RegisterForm,
    ResultForm,
    SessionChoiceForm,
    VerifyForm,
    WithdrawForm,
    add_errors,
)
from integra.courses.services import attendance, enrolments, results
from integra.courses.views.common import SECTION_LABELS
from integra.people import selectors as people
from integra.plans import selectors as plans

if TYPE_CHECKING:
    from integra.courses.models import Course, Enrolment, Session

# Enrolments that hold a place or wait for one (integra.courses.models.ACTIVE_ENROLMENT).
ACTIVE = ("waiting", "enrolled")
# Learners who hold a place (or held it to the end): a result is recorded for them.
LEARNERS = ("enrolled", "completed")

# Anyone may check a certificate; nobody may guess codes at speed. Lookups per
# client address in a window of seconds (a code has 100 random bits: this is
# against load and scraping more than against guessing).
VERIFY_LIMIT = 30
VERIFY_WINDOW = 60


# --- Enrolment from a plan measure ---------------------------------------------------------


def _course_option(course: Course) -> dict[str, object]:
    """What the caseworker weighs when choosing a course."""
    enrolled = int(getattr(course, "enrolled", 0))
    return {
        "course": course,
        "free": max(course.capacity - enrolled, 0),
        "waiting": int(getattr(course, "waiting", 0)),
    }


@actor_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, person: str, measure: int) -> HttpResponse:
    """Enrols the learner of a plan measure in a course that delivers it. A breach
    of the programme's quality criteria is explained beside the field it is about,
    and the page then offers to override it with a reason."""
    actor = current_actor(request)
    found = people.person_get(actor=actor, public_id=person, purpose="courses")
    if not plans.can_write_plan(actor=actor, person=found):
        raise PermissionDenied(_("You may not enrol this person."))
    chosen = plans.open_measure(person=found, measure_id=measure)
    if chosen is None:
        raise NotFound(_("The person's open plan has no such measure still to do."))
    plan_url = reverse("plans:plan_detail", args=[chosen.plan.public_id]) + "#measures"
    context: dict[str, object] = {
        "person": found,
        "measure": chosen,
        "learner": chosen.beneficiary or found,
        "plan_url": plan_url,
        "kind": plans.kind_labels().get(chosen.kind, chosen.kind),
    }
    enrollable = {pk for pk, _title in selectors.enrollable_measures(actor=actor, person=found)}
    if chosen.pk not in enrollable:
        # Already in a course (or waiting for one), or no course delivers it.
        context["current"] = selectors.measure_enrolments(measure_ids=[chosen.pk]).get(chosen.pk)
        return render(request, "courses/enrol.html", context)
    courses = list(selectors.courses_for_measure(actor=actor, kind=chosen.kind))
    form = EnrolForm(
        request.POST if request.method == "POST" else None,
        courses=[(c.public_id, c.title) for c in courses],
    )
    breaches: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = enrolments.enrol(
                actor=actor,
                person=found,
                data=enrolments.EnrolmentData(
                    measure_id=chosen.pk,
                    course=data["course"],
                    waitlist=data["waitlist"],
                    has_equipment=form.equipment(),
                    override_reason=data["override_reason"],
                ),
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
            if error.extensions.get("overridable"):
                breaches = [text for texts in error.field_errors.values() for text in texts]
        else:
            params = {"course": enrolment.course.title}
            if enrolment.enrolled_on is None:
                messages.success(
                    request,
                    _(
                        "The course %(course)s is full: the learner is on its waitlist and "
                        "takes the next free place by priority."
                    )
                    % params,
                )
            else:
                messages.success(
                    request,
                    _("The learner is enrolled in %(course)s; the measure is in progress.")
                    % params,
                )
            return redirect(plan_url)
    context.update(
        {
            "form": form,
            "options": [
                {"choice": choice, **_course_option(course)}
                for choice, course in zip(form["course"], courses, strict=True)
            ],
            "breaches": breaches,
            # The override is offered once the criteria have refused the enrolment.
            "show_override": bool(breaches) or bool(form.data.get("override_reason")),
        }
    )
    return render(request, "courses/enrol.html", context)


@actor_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes a learner out of a course (or off its waitlist), with a reason; then
    back to the page the user came from (the course's by default)."""
    actor = current_actor(request)
    enrolment = selectors.enrolment_get(actor=actor, pk=pk)
    if not selectors.can_change_enrolment(actor=actor, enrolment=enrolment):
        raise PermissionDenied(_("You may not change this enrolment."))
    target = safe_next(request, reverse("courses:course", args=[enrolment.course.public_id]))
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolments.enrolment_withdraw(
                actor=actor, enrolment=enrolment, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(target)
        else:
            messages.success(
                request,
                _("The learner has left %(course)s.") % {"course": enrolment.course.title},
            )
            return redirect(target)
    return render(
        request,
        "courses/enrol_withdraw.html",
        {
            "enrolment": enrolment,
            "form": form,
            "active": enrolment.status in ACTIVE,
            "next": target,
        },
    )


# --- The register ---------------------------------------------------------------------------


def _session_label(session: Session) -> str:
    when = date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
    return f"{when} — {session.topic}" if session.topic else when


def _teacher_course(actor: Actor, course_id: str) -> Course:
    course = selectors.course_get(actor=actor, public_id=course_id)
    if not selectors.can_teach(actor=actor, course=course):
        raise PermissionDenied(_("Only the class's teacher takes its attendance."))
    return course


@actor_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, course_id: str, session: int | None = None) -> HttpResponse:
    """The register of one session (by default the latest that has begun): every
    learner with present, absent or excused, and one button for the whole class."""
    actor = current_actor(request)
    course = _teacher_course(actor, course_id)
    sessions = list(selectors.course_sessions(course=course))
    if session is None:
        if request.method == "POST":
            # A register is always saved for the session it shows, never "the latest".
            return HttpResponseNotAllowed(["GET"])
        wanted = request.GET.get("session", "")
        if wanted.isdigit() and any(s.pk == int(wanted) for s in sessions):
            return redirect("courses:register_session", course_id=course.public_id, session=wanted)
        current = selectors.next_session(course=course)
    else:
        current = selectors.session_get(course=course, pk=session)
    chooser = SessionChoiceForm(
        initial={"session": current.pk if current else None},
        sessions=[(s.pk, _session_label(s)) for s in sessions],
    )
    context: dict[str, object] = {
        "course": course,
        "session": current,
        "session_label": _session_label(current) if current else "",
        "chooser": chooser,
        "sessions": sessions,
    }
    if current is None:
        return render(request, "courses/register.html", context)
    rows = selectors.register(course=course, session=current)
    form = RegisterForm(
        request.POST if request.method == "POST" else None,
        learners=[(e.pk, e.person.name, mark) for e, mark in rows],
    )
    if request.method == "POST" and form.is_valid():
        try:
            written = attendance.register_record(
                actor=actor, course=course, session_id=current.pk, marks=form.marks()
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance recorded for %(count)d learner (%(session)s).",
                    "Attendance recorded for %(count)d learners (%(session)s).",
                    written,
                )
                % {"count": written, "session": _session_label(current)},
            )
            return redirect(
                "courses:register_session", course_id=course.public_id, session=current.pk
            )
    rates = selectors.attendance_rates(enrolments=[e for e, _mark in rows])
    incentive, threshold, met = selectors.incentive_status(course=course, rates=rates)
    context.update(
        {
            "form": form,
            "rows": [
                {
                    "field": form[RegisterForm.field_name(e.pk)],
                    "enrolment": e,
                    "rate": rates[e.pk],
                    "incentive_met": met.get(e.pk),
                }
                for e, _mark in rows
            ],
            "happened": current.starts_at <= timezone.now(),
            "recorded": any(mark for _e, mark in rows),
            "incentive": incentive,
            "threshold": threshold,
        }
    )
    return render(request, "courses/register.html", context)


# --- Results --------------------------------------------------------------------------------


def _learner_of(actor: Actor, course: Course, pk: int) -> Enrolment:
    enrolment = selectors.enrolment_get(actor=actor, pk=pk)
    if enrolment.course_id != course.pk:
        raise NotFound(_("This course has no such learner."))
    return enrolment


@actor_required
@require_http_methods(["GET", "POST"])
def result(request: HttpRequest, course_id: str, enrolment: int) -> HttpResponse:
    """A learner's result in the course's test: the class's teacher (a licensed
    examiner) records it, section by section; coordinators read it. Once recorded,
    the level reached, whether it passes, and the certificate."""
    actor = current_actor(request)
    course = selectors.course_get(actor=actor, public_id=course_id)
    if not selectors.can_see_class(actor=actor, course=course):
        raise PermissionDenied(_("Only the class's teacher records its results."))
    learner = _learner_of(actor, course, enrolment)
    teaches = selectors.can_teach(actor=actor, course=course)
    if request.method == "POST" and not teaches:
        raise PermissionDenied(_("Only the class's teacher records its results."))
    recorded = getattr(learner, "result", None)
    context: dict[str, object] = {
        "course": course,
        "enrolment": learner,
        "recorded": recorded,
        "certificate": getattr(recorded, "certificate", None) if recorded else None,
        "scores": [
            (SECTION_LABELS.get(code, code), value)
            for code, value in (recorded.scores.items() if recorded else ())
        ],
        "is_learner": learner.status in LEARNERS,
        "can_revoke": selectors.can_revoke_certificates(actor=actor),
    }
    if recorded is not None or course.test is None:
        if request.method == "POST":
            messages.error(
                request,
                _("A result is already recorded for this learner.")
                if recorded
                else _("This course has no test."),
            )
            return redirect(request.path)
        return render(request, "courses/result.html", context)
    definition = selectors.parsed_definition(test=course.test)
    sections = [
        (s.code, SECTION_LABELS.get(s.code, s.code), s.max_score) for s in definition.sections
    ]
    examiners = None
    if selectors.needs_two_examiners(course=course) and any(
        s.code == "speaking" for s in definition.sections
    ):
        examiners = [
            (t.pk, t.name) for t in selectors.examiners(course=course) if t.user_id != actor.user.pk
        ]
    form = ResultForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        examiners=examiners,
        initial={"taken_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            written = results.result_record(
                actor=actor,
                course=course,
                data=results.ResultData(
                    enrolment_id=learner.pk,
                    taken_on=data["taken_on"],
                    scores=form.scores(),
                    speaking_second=data.get("speaking_second"),
                    second_examiner_id=data.get("second_examiner"),
                ),
            )
        except ValidationFailed as error:
            add_errors(form, error, rename=form.service_names())
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(request.path)
        else:
            if written.passed:
                text = _(
                    "Result recorded: level %(level)s reached, a pass. The certificate is issued."
                )
            elif written.level:
                text = _("Result recorded: level %(level)s reached, below the course's aim.")
            else:
                text = _("Result recorded: no level reached.")
            messages.success(request, text % {"level": written.level})
            return redirect(request.path)
    context.update(
        {
            "form": form,
            # A form for the teacher; for a learner who holds no place, only to show
            # why the result was refused.
            "show_form": teaches and (learner.status in LEARNERS or form.is_bound),
            "second_examiner": examiners is not None,
            "score_fields": [form[ResultForm.field_name(code)] for code, _l, _t in sections],
            "max_total": definition.max_total,
        }
    )
    return render(request, "courses/result.html", context)


def _certificate_labels() -> dict[str, str]:
    return {
        "heading": _("Certificate"),
        "holder": _("This certifies that"),
        "birth_date": _("Date of birth"),
        "test": _("Test"),
        "level": _("Level reached (CEFR)"),
        "provider": _("Issued by"),
        "issued_on": _("Issued on"),
        "code": _("Verification code"),
        "verify": _("Check that this certificate is genuine at:"),
    }


@actor_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The enrolment's certificate, to print (the read is audited on the holder)."""
    actor = current_actor(request)
    certificate = selectors.certificate_read(actor=actor, enrolment_id=pk)
    if certificate.revoked_on is not None:
        raise NotFound(_("This certificate was revoked; it can no longer be printed."))
    verify_url = (
        request.build_absolute_uri(reverse("courses:verify"))
        + "?"
        + urlencode({"code": certificate.code})
    )
    body = printing.render(
        printing.CertificateFacts(
            holder=certificate.holder,
            birth_date=certificate.birth_date,
            title=certificate.title,
            level=certificate.level,
            provider=certificate.provider,
            issued_on=certificate.issued_on,
            code=certificate.code,
            verify_url=verify_url,
        ),
        font_path=Path(settings.CERTIFICATE_FONT),
        labels=_certificate_labels(),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    patch_cache_control(response, private=True, no_store=True)  # a person's document
    return response


# --- Verification (public) --------------------------------------------------------------


def _too_many_lookups(request: HttpRequest) -> bool:
    """Counts this address's lookups in a fixed window; true past the limit."""
    return ratelimit.hit(
        f"courses:verify:{client_ip(request) or 'unknown'}",
        limit=VERIFY_LIMIT,
        window_seconds=VERIFY_WINDOW,
    )


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: is the certificate with this code
    genuine? Shows what the certificate itself says, and nothing more."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    context: dict[str, object] = {"form": form, "looked_up": False, "certificate": None}
    if form.is_bound:
        if _too_many_lookups(request):
            typed = request.GET.get("code", "")[:64]
            context.update(
                {
                    "form": VerifyForm(initial={"code": typed}),
                    "throttled": True,
                    "minutes": max(VERIFY_WINDOW // 60, 1),
                }
            )
            return render(request, "courses/verify.html", context, status=429)
        if form.is_valid():
            context["looked_up"] = True
            context["certificate"] = selectors.certificate_by_code(code=form.cleaned_data["code"])
    return render(request, "courses/verify.html", context)
