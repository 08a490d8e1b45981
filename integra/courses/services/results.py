"""Objective tests: results recorded by examiners, the level they assess, the plan
measure they complete, and the certificate anyone can verify."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.courses import rules, selectors
from integra.courses.models import (
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    Result,
    Teacher,
)
from integra.courses.services.common import audit_person
from integra.people import services as people
from integra.plans.services import plans as plan_services


@dataclass(frozen=True)
class ResultData:
    enrolment_id: int
    taken_on: date
    scores: dict[str, object] = field(default_factory=dict)
    speaking_second: object = None  # the second examiner's speaking score
    second_examiner_id: int | None = None


def _score_messages(error: rules.ScoreError) -> dict[str, list[str]]:
    words: dict[str, list[str]] = {}
    for section, (reason, top) in error.errors.items():
        if reason == "missing":
            text = _("A score is needed.")
        elif reason == "not_a_number":
            text = _("Give a number of points (whole or half).")
        elif reason == "out_of_range":
            text = _("The score must be from 0 to %(max)s.") % {"max": top}
        else:
            text = _("This test has no such section.")
        words[f"scores.{section}" if section != "speaking_second" else section] = [text]
    return words


def _examiner(actor: Actor, course: Course) -> Teacher:
    if not access.can_teach(
        actor, teacher_user_id=course.teacher.user_id, provider_id=course.provider_id
    ):
        raise PermissionDenied(_("Only the class's teacher records its results."))
    examiner = Teacher.objects.filter(
        organisation_id=course.provider_id, user=actor.user, is_examiner=True, is_active=True
    ).first()
    if examiner is None:
        raise PermissionDenied(_("Only a licensed examiner records test results."))
    return examiner


@transaction.atomic
def result_record(
    *, actor: Actor, course: Course, data: ResultData, now: datetime | None = None
) -> Result:
    """Records a learner's result in the course's test. The scores are checked
    against the test's scales; the level reached updates the person's assessed
    language level; a pass completes the plan measure and issues a certificate."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    examiner = _examiner(actor, course)
    if course.test is None:
        raise ValidationFailed(_("This course has no test."))
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("person", "measure")
        .filter(pk=data.enrolment_id, course=course)
        .first()
    )
    if enrolment is None or enrolment.status not in (
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.COMPLETED,
    ):
        raise ValidationFailed(
            _("The result could not be recorded."),
            field_errors={"enrolment": [_("This person is not a learner of this course.")]},
        )
    if Result.objects.filter(enrolment=enrolment).exists():
        raise Conflict(_("A result is already recorded for this learner."))
    errors: dict[str, list[str]] = {}
    if data.taken_on > today:
        errors["taken_on"] = [_("A test cannot be taken in the future.")]
    elif data.taken_on < course.starts_on:
        errors["taken_on"] = [_("The test falls within the course, not before it.")]
    definition = selectors.parsed_definition(test=course.test)
    has_speaking = any(s.code == "speaking" for s in definition.sections)
    second = None
    if selectors.needs_two_examiners(course=course) and has_speaking:
        second = (
            Teacher.objects.filter(
                pk=data.second_examiner_id,
                organisation_id=course.provider_id,
                is_examiner=True,
                is_active=True,
            )
            .exclude(pk=examiner.pk)
            .first()
            if data.second_examiner_id is not None
            else None
        )
        if second is None:
            errors["second_examiner"] = [
                _("The programme needs a second licensed examiner for speaking.")
            ]
        if data.speaking_second in (None, ""):
            errors["speaking_second"] = [_("Give the second examiner's speaking score.")]
    elif data.speaking_second not in (None, ""):
        errors["speaking_second"] = [_("This test has one examiner for speaking.")]
    try:
        outcome = rules.score(
            definition,
            data.scores,
            target=course.curriculum.target_level,
            second_speaking=data.speaking_second if second is not None else None,
        )
    except rules.ScoreError as error:
        errors.update(_score_messages(error))
        outcome = None
    if errors or outcome is None:
        raise ValidationFailed(_("The result could not be recorded."), field_errors=errors)
    try:
        with transaction.atomic():
            result = Result.objects.create(
                enrolment=enrolment,
                test=course.test,
                taken_on=data.taken_on,
                scores={k: str(v) for k, v in outcome.scores.items()},
                speaking_second=(
                    Decimal(str(data.speaking_second)) if second is not None else None
                ),
                total=outcome.total,
                level=outcome.level,
                passed=outcome.passed,
                examiner=examiner,
                second_examiner=second,
                recorded_by=actor.user,
                recorded_at=now,
            )
    except IntegrityError:
        raise Conflict(_("A result is already recorded for this learner.")) from None
    if enrolment.status == EnrolmentStatus.ENROLLED:
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.ended_on = today
        enrolment.save(update_fields=["status", "ended_on"])
    language = course.test.language or course.curriculum.language
    source = {"course": course.public_id, "test": course.test.code}
    if outcome.level and language:
        people.language_assess(
            actor=actor,
            person=enrolment.person,
            code=language,
            level=outcome.level,
            source=source,
            now=now,
        )
    certificate = None
    if outcome.passed:
        certificate = _certificate(result, course=course, today=today)
        if enrolment.measure_id is not None:
            plan_services.measure_follow(
                actor=actor,
                measure_id=enrolment.measure_id,
                status="done",
                evidence=_("Passed %(test)s at level %(level)s (certificate %(code)s).")
                % {"test": course.test.title, "level": outcome.level, "code": certificate.code},
                source=source,
                now=now,
            )
    audit_person(
        actor,
        enrolment.person,
        "course.result",
        data={
            **source,
            "level": outcome.level,
            "passed": outcome.passed,
            **({"certificate": certificate.code} if certificate else {}),
        },
        now=now,
    )
    return result


def _certificate(result: Result, *, course: Course, today: date) -> Certificate:
    person = result.enrolment.person
    holder = " ".join(p for p in (person.given_name_latin, person.family_name_latin) if p)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    result=result,
                    code=rules.certificate_code(),
                    holder=holder,
                    birth_date=person.birth_date,
                    title=course.test.title if course.test else course.title,
                    level=result.level,
                    provider=course.provider.name,
                    issued_on=today,
                )
        except IntegrityError:  # pragma: no cover - a 100-bit code collided
            continue
    raise Conflict(_("No certificate code could be drawn; try again."))  # pragma: no cover


@transaction.atomic
def certificate_revoke(
    *, actor: Actor, code: str, reason: str, now: datetime | None = None
) -> Certificate:
    """Revokes a certificate: its check then says so, and its PDF is no longer
    served. The result stays as recorded; the revocation is audited on the person."""
    now = now or timezone.now()
    if not access.can_revoke_certificates(actor):
        raise PermissionDenied(_("Only the coordinating authority revokes certificates."))
    normal = rules.normalise_code(code)
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("result__enrolment__person")
        .filter(code=normal or "")
        .first()
    )
    if certificate is None:
        raise NotFound(_("There is no certificate with this code."))
    if certificate.revoked_on is not None:
        raise Conflict(_("This certificate was revoked already."))
    if not reason.strip() or len(reason.strip()) > 300:
        raise ValidationFailed(
            _("Say in at most 300 characters why the certificate is revoked."),
            field_errors={
                "reason": [_("Say in at most 300 characters why the certificate is revoked.")]
            },
        )
    certificate.revoked_on = timezone.localdate(now)
    certificate.revoked_reason = reason.strip()
    certificate.save(update_fields=["revoked_on", "revoked_reason"])
    audit_person(
        actor,
        certificate.result.enrolment.person,
        "course.certificate.revoke",
        data={"certificate": certificate.code, "reason": certificate.revoked_reason},
        now=now,
    )
    return certificate
