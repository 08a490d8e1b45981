"""Assessment questionnaires (versioned, as data) and a person's assessment (R5, R7, R8)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.plans import questionnaire
from integra.plans.models import Assessment, MeasureKind, Questionnaire
from integra.plans.services.common import audit_person, guard_plan_write
from integra.plans.services.programmes import code_error

if TYPE_CHECKING:
    from integra.people.models import Person


def parse(definition: object) -> tuple[questionnaire.Section, ...]:
    return questionnaire.parse(definition, domains=Domain.values, kinds=MeasureKind.values)


@transaction.atomic
def questionnaire_publish(
    *,
    actor: Actor,
    code: str,
    country: str,
    title: str,
    definition: object,
    now: datetime | None = None,
) -> Questionnaire:
    """Publishes the next version of a questionnaire. Versions never change, so
    every assessment stays readable with the questions it was given."""
    now = now or timezone.now()
    if not access.can_manage_programmes(actor):
        raise PermissionDenied(_("Only the coordinating authority publishes questionnaires."))
    errors: dict[str, list[str]] = {}
    if code_error(code):
        errors["code"] = code_error(code)
    try:
        parse(definition)
    except questionnaire.DefinitionError as error:
        errors["definition"] = [str(error)]
    if not title.strip():
        errors["title"] = [_("Give the questionnaire a title.")]
    if len(country) != 2 or not country.isalpha():
        errors["country"] = [_("Give the country as a two-letter ISO code.")]
    if errors:
        raise ValidationFailed(_("The questionnaire has errors."), field_errors=errors)
    # Locks the code's versions so two publishers never take the same number.
    latest = (
        Questionnaire.objects.select_for_update()
        .filter(code=code)
        .aggregate(version=Max("version"))["version"]
    )
    published = Questionnaire.objects.create(
        code=code,
        version=(latest or 0) + 1,
        country=country.upper(),
        title=title.strip(),
        definition=definition,
        published_at=now,
        published_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="questionnaire.publish",
        object_type="questionnaire",
        object_id=f"{code}:{published.version}",
        purpose="programme management",
        now=now,
    )
    return published


_ERRORS = {
    "required": lambda: _("Answer this question."),
    "unknown": lambda: _("The questionnaire has no such question."),
    "option": lambda: _("Choose one of the options."),
    "options": lambda: _("Choose among the options."),
    "yes_no": lambda: _("Answer yes or no."),
    "number": lambda: _("Give a number."),
    "range": lambda: _("The number is outside the allowed range."),
    "date": lambda: _("Give a date as YYYY-MM-DD."),
    "text": lambda: _("Give a text."),
    "length": lambda: _("The answer is too long."),
}


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    person: Person,
    questionnaire_id: int,
    answers: Mapping[str, object],
    now: datetime | None = None,
) -> Assessment:
    """Records an assessment; the answers suggest measures for the plan. Health
    answers are stored apart and only by those allowed to see them."""
    now = now or timezone.now()
    guard_plan_write(actor, person)
    version = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if version is None:
        raise NotFound(_("There is no such questionnaire."))
    sections = parse(version.definition)
    sensitive = questionnaire.sensitive_codes(sections)
    clean, problems = questionnaire.check(sections, answers)
    if not access.can_see_sensitive_flags(actor):
        # Health questions are not asked by those who may not record the answers.
        problems = {
            code: problem
            for code, problem in problems.items()
            if not (code in sensitive and problem == "required")
        }
    field_errors = {f"answers.{code}": [_ERRORS[problem]()] for code, problem in problems.items()}
    if sensitive & clean.keys() and not access.can_see_sensitive_flags(actor):
        for code in sensitive & clean.keys():
            field_errors[f"answers.{code}"] = [_("Your role may not record health information.")]
    if field_errors:
        raise ValidationFailed(
            _("Some answers are missing or not valid."), field_errors=field_errors
        )
    assert actor.organisation_id is not None  # guard_plan_write checked the seat
    suggested = [
        {"domain": s.domain, "kind": s.kind, "title": dict(s.title), "because": s.because}
        for s in questionnaire.suggestions(sections, clean)
    ]
    assessment = Assessment.objects.create(
        person=person,
        questionnaire=version,
        answers={k: v for k, v in clean.items() if k not in sensitive},
        sensitive_answers={k: v for k, v in clean.items() if k in sensitive},
        suggested=suggested,
        health_screened=bool(sensitive & clean.keys()),
        organisation_id=actor.organisation_id,
        assessed_by=actor.user,
        assessed_at=now,
    )
    audit_person(
        actor,
        person,
        "assessment.record",
        data={
            "assessment": assessment.public_id,
            "questionnaire": f"{version.code}:{version.version}",
        },
        now=now,
    )
    return assessment
