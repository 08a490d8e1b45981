"""The catalogue behind courses: curricula with their modules, tests, the
programmes' quality criteria (coordinators) and the providers' teachers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import Organisation, User
from integra.courses import rules
from integra.courses.models import (
    CefrTarget,
    CourseType,
    Curriculum,
    Module,
    Qualification,
    Result,
    Standard,
    Teacher,
    TestDefinition,
)
from integra.courses.services.common import audit_course
from integra.people import services as people
from integra.plans import selectors as plans


def _guard_policy(actor: Actor) -> None:
    if not access.can_manage_curricula(actor):
        raise PermissionDenied(_("Only the coordinating authority sets curricula and tests."))


def _country_errors(code: str) -> list[str]:
    if len(code) != 2 or pycountry.countries.get(alpha_2=code.upper()) is None:
        return [_("Give the country as its ISO 3166 two-letter code, such as MD.")]
    return []


def _code_errors(code: str) -> list[str]:
    try:
        validate_slug(code)
    except DjangoValidationError:
        return [_("Use only letters, numbers, hyphens and underscores.")]
    return []


@dataclass(frozen=True)
class ModuleData:
    title: str
    hours: int
    outcomes: str = ""


@dataclass(frozen=True)
class CurriculumData:
    code: str
    country: str
    course_type: str
    title: str
    modules: tuple[ModuleData, ...]
    language: str = ""
    target_level: str = ""
    description: str = ""
    is_active: bool = True


@transaction.atomic
def curriculum_save(
    *, actor: Actor, data: CurriculumData, now: datetime | None = None
) -> Curriculum:
    """Creates a curriculum, or replaces one's modules and description (by code)."""
    _guard_policy(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if problems := _code_errors(data.code):
        errors["code"] = problems
    if problems := _country_errors(data.country):
        errors["country"] = problems
    if data.course_type not in CourseType.values:
        errors["course_type"] = [_("Choose a type of course.")]
    if not data.title.strip():
        errors["title"] = [_("Give the curriculum a title.")]
    if data.course_type == CourseType.LANGUAGE:
        if people.language_code(data.language) is None:
            errors["language"] = [_("Give an ISO 639 language code, such as ro or uk.")]
        if data.target_level not in CefrTarget.values:
            errors["target_level"] = [_("Choose the CEFR level the course aims at.")]
    elif data.target_level and data.target_level not in CefrTarget.values:
        errors["target_level"] = [_("Choose a CEFR level from A1 to C2.")]
    if not data.modules:
        errors["modules"] = [_("A curriculum needs at least one module.")]
    for index, module in enumerate(data.modules):
        if not module.title.strip():
            errors.setdefault("modules", []).append(
                _("Module %(n)s needs a title.") % {"n": index + 1}
            )
        if not 0 < module.hours <= 1000:
            errors.setdefault("modules", []).append(
                _("Module %(n)s needs 1 to 1000 hours.") % {"n": index + 1}
            )
    if errors:
        raise ValidationFailed(_("The curriculum has errors."), field_errors=errors)
    fields: dict[str, object] = {
        "country": data.country.upper(),
        "course_type": data.course_type,
        "title": data.title.strip(),
        "language": people.language_code(data.language) or "" if data.language else "",
        "target_level": data.target_level,
        "description": data.description.strip(),
        "is_active": data.is_active,
    }
    curriculum, created = Curriculum.objects.update_or_create(
        code=data.code, defaults=fields, create_defaults={**fields, "created_at": now}
    )
    if not created:
        curriculum.modules.all().delete()
    Module.objects.bulk_create(
        Module(
            curriculum=curriculum,
            position=index,
            title=module.title.strip(),
            hours=module.hours,
            outcomes=module.outcomes.strip(),
        )
        for index, module in enumerate(data.modules)
    )
    audit_course(
        actor,
        "course.curriculum.create" if created else "course.curriculum.update",
        data.code,
        data={"hours": sum(m.hours for m in data.modules)},
        now=now,
    )
    return curriculum


@dataclass(frozen=True)
class DefinitionData:
    code: str
    country: str
    title: str
    course_type: str
    sections: list[dict[str, object]]
    pass_marks: dict[str, dict[str, object]]
    language: str = ""
    is_active: bool = True


@transaction.atomic
def definition_save(
    *, actor: Actor, data: DefinitionData, now: datetime | None = None
) -> TestDefinition:
    """Creates a test definition, or changes one. Once results use a test, its
    sections and pass marks stay as they were (its title may change)."""
    _guard_policy(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if problems := _code_errors(data.code):
        errors["code"] = problems
    if problems := _country_errors(data.country):
        errors["country"] = problems
    if not data.title.strip():
        errors["title"] = [_("Give the test a title.")]
    if data.course_type not in CourseType.values:
        errors["course_type"] = [_("Choose a type of course.")]
    if data.language and people.language_code(data.language) is None:
        errors["language"] = [_("Give an ISO 639 language code, such as ro or uk.")]
    try:
        rules.parse_definition(data.sections, data.pass_marks)
    except rules.DefinitionError as error:
        errors["sections"] = [str(error)]
    if errors:
        raise ValidationFailed(_("The test has errors."), field_errors=errors)
    existing = TestDefinition.objects.select_for_update().filter(code=data.code).first()
    if (
        existing is not None
        and (existing.sections != data.sections or existing.pass_marks != data.pass_marks)
        and Result.objects.filter(test=existing).exists()
    ):
        raise ValidationFailed(
            _("Results were recorded with this test; create a new test instead."),
            field_errors={"code": [_("This test is in use.")]},
        )
    values: dict[str, object] = {
        "country": data.country.upper(),
        "title": data.title.strip(),
        "course_type": data.course_type,
        "language": people.language_code(data.language) or "" if data.language else "",
        "sections": data.sections,
        "pass_marks": data.pass_marks,
        "is_active": data.is_active,
    }
    test, created = TestDefinition.objects.update_or_create(
        code=data.code, defaults=values, create_defaults={**values, "created_at": now}
    )
    audit_course(
        actor,
        "course.test.create" if created else "course.test.update",
        data.code,
        data={},
        now=now,
    )
    return test


@dataclass(frozen=True)
class StandardData:
    programme: str  # the programme's code
    course_type: str
    max_group_size: int | None = None
    min_teacher_qualification: str = ""
    min_hours: int | None = None
    max_wait_days: int | None = None
    two_speaking_examiners: bool = False
    incentive_id: int | None = None
    incentive_min_attendance: int | None = None


@transaction.atomic
def standard_save(*, actor: Actor, data: StandardData, now: datetime | None = None) -> Standard:
    """Sets a programme's quality criteria for one type of course."""
    _guard_policy(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    programme = plans.programme_by_code(code=data.programme)
    if programme is None:
        errors["programme"] = [_("There is no such programme.")]
    if data.course_type not in CourseType.values:
        errors["course_type"] = [_("Choose a type of course.")]
    if data.max_group_size is not None and not 1 <= data.max_group_size <= 500:
        errors["max_group_size"] = [_("A group has 1 to 500 learners.")]
    if data.min_teacher_qualification and (
        data.min_teacher_qualification not in Qualification.values
    ):
        errors["min_teacher_qualification"] = [_("Choose a qualification.")]
    if data.min_hours is not None and not 1 <= data.min_hours <= 5000:
        errors["min_hours"] = [_("Give 1 to 5000 hours.")]
    if data.max_wait_days is not None and not 1 <= data.max_wait_days <= 730:
        errors["max_wait_days"] = [_("Give 1 to 730 days.")]
    if data.incentive_min_attendance is not None and not 1 <= data.incentive_min_attendance <= 100:
        errors["incentive_min_attendance"] = [_("Give a percentage from 1 to 100.")]
    incentive = None
    if data.incentive_id is not None:
        incentive = (
            plans.incentive_of(programme=programme, pk=data.incentive_id) if programme else None
        )
        if incentive is None:
            errors["incentive"] = [_("Choose an incentive of this programme.")]
    if incentive is not None and data.incentive_min_attendance is None:
        errors["incentive_min_attendance"] = [_("Say how much attendance the incentive needs.")]
    if errors or programme is None:
        raise ValidationFailed(_("The quality criteria have errors."), field_errors=errors)
    standard, _created = Standard.objects.update_or_create(
        programme=programme,
        course_type=data.course_type,
        defaults={
            "max_group_size": data.max_group_size,
            "min_teacher_qualification": data.min_teacher_qualification,
            "min_hours": data.min_hours,
            "max_wait_days": data.max_wait_days,
            "two_speaking_examiners": data.two_speaking_examiners,
            "incentive": incentive,
            "incentive_min_attendance": data.incentive_min_attendance,
            "updated_at": now,
        },
    )
    audit_course(
        actor,
        "course.standard.set",
        f"{programme.code}/{data.course_type}",
        data={
            "max_group_size": data.max_group_size,
            "min_teacher_qualification": data.min_teacher_qualification,
            "min_hours": data.min_hours,
            "max_wait_days": data.max_wait_days,
            "two_speaking_examiners": data.two_speaking_examiners,
        },
        now=now,
    )
    return standard


@dataclass(frozen=True)
class TeacherData:
    provider: str  # the organisation's code
    name: str
    qualification: str
    qualification_detail: str = ""
    languages: tuple[str, ...] = ()
    username: str = ""  # the teacher's account, so they see their classes
    is_examiner: bool = False
    is_active: bool = True


@transaction.atomic
def teacher_save(
    *, actor: Actor, data: TeacherData, pk: int | None = None, now: datetime | None = None
) -> Teacher:
    """Records a teacher (or changes one) at a provider: their qualification is what
    the quality criteria check, so the teachers themselves cannot set it."""
    now = now or timezone.now()
    provider = Organisation.objects.filter(code=data.provider, is_active=True).first()
    if provider is None:
        raise ValidationFailed(
            _("The teacher has errors."),
            field_errors={"provider": [_("There is no such organisation.")]},
        )
    if not access.can_manage_teachers(actor, provider_id=provider.pk):
        raise PermissionDenied(_("You may not keep this provider's teachers."))
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the teacher's name.")]
    if data.qualification not in Qualification.values:
        errors["qualification"] = [_("Choose a qualification.")]
    languages = [people.language_code(code) for code in data.languages]
    if any(code is None for code in languages):
        errors["languages"] = [_("Give ISO 639 language codes, such as ro or uk.")]
    user = None
    if data.username:
        user = User.objects.filter(username=data.username, is_active=True).first()
        if (
            user is None
            or not user.memberships.filter(organisation=provider, role="teacher").exists()
        ):
            errors["username"] = [_("Give the account of a teacher at this provider.")]
    if errors:
        raise ValidationFailed(_("The teacher has errors."), field_errors=errors)
    teacher = None
    if pk is not None:
        teacher = Teacher.objects.select_for_update().filter(pk=pk, organisation=provider).first()
    if pk is not None and teacher is None:
        raise ValidationFailed(_("There is no such teacher at this provider."))
    others = Teacher.objects.filter(organisation=provider, user=user)
    if teacher is not None:
        others = others.exclude(pk=teacher.pk)
    if user is not None and others.exists():
        raise ValidationFailed(
            _("The teacher has errors."),
            field_errors={"username": [_("This account already has a teacher record here.")]},
        )
    teacher = teacher or Teacher(organisation=provider)
    teacher.name = data.name.strip()
    teacher.qualification = data.qualification
    teacher.qualification_detail = data.qualification_detail.strip()
    teacher.languages = [code for code in languages if code]
    teacher.user = user
    teacher.is_examiner = data.is_examiner
    teacher.is_active = data.is_active
    teacher.updated_at = now
    teacher.save()
    audit_course(
        actor,
        "course.teacher.save",
        f"{provider.code}/{teacher.pk}",
        data={"qualification": teacher.qualification, "examiner": teacher.is_examiner},
        now=now,
    )
    return teacher
