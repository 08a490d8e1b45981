"""Programmes, assessment questionnaires, assessments and individual integration plans.

Programmes, their measures and questionnaires are data per country (R6), not code.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core import ids
from integra.core.domains import Domain
from integra.core.models import Organisation, User


class MeasureKind(models.TextChoices):
    """What a measure is, so that rules and alerts can recognise it."""

    GENERAL = "general", _("Other measure")
    LANGUAGE_COURSE = "language_course", _("Language course")
    CIVIC_ORIENTATION = "civic_orientation", _("Civic orientation / values course")
    EXAM = "exam", _("Exam")
    SCHOOL_ENROLMENT = "school_enrolment", _("School enrolment")
    EDUCATION = "education", _("Education")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    RECOGNITION = "recognition", _("Recognition of qualifications")
    JOB_SEARCH = "job_search", _("Job search and placement")
    HOUSING_SEARCH = "housing_search", _("Finding housing")
    HEALTH_SCREENING = "health_screening", _("Health screening")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SOCIAL_BENEFITS = "social_benefits", _("Social benefits")
    LANGUAGE_TUTORING = "language_tutoring", _("Language tutoring")
    MENTORING = "mentoring", _("Mentoring")
    COMMUNITY_ACTIVITY = "community_activity", _("Community activity")


# Measures that put a young person in education or training (R8).
EDUCATION_KINDS = (
    MeasureKind.SCHOOL_ENROLMENT,
    MeasureKind.EDUCATION,
    MeasureKind.VOCATIONAL_TRAINING,
)


# The plan alerts, kept as to-dos (integra.plans.services.alerts).
ALERT_KINDS = (
    "plan_measure_overdue",
    "plan_school_enrolment",
    "plan_minor_education",
    "plan_health_screening",
    "plan_not_agreed",
)


class Participation(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary")
    MANDATORY = "mandatory", _("Mandatory")


class CountryRules(models.Model):
    """What the alerts of one country count on: compulsory school age and how
    soon health screening and an agreed plan are due for a newcomer."""

    country = models.CharField(_("country"), max_length=2, unique=True)
    school_age_from = models.PositiveSmallIntegerField(_("compulsory school from age"), default=6)
    school_age_until = models.PositiveSmallIntegerField(
        _("compulsory school until age"), default=16
    )
    health_screening_days = models.PositiveSmallIntegerField(
        _("health screening within (days of arrival)"), default=30
    )
    plan_agreement_days = models.PositiveSmallIntegerField(
        _("plan agreed within (days of registration)"), default=60
    )
    newcomer_days = models.PositiveSmallIntegerField(
        _("a newcomer for (days after registration)"), default=365
    )

    class Meta:
        verbose_name = _("country rules")
        verbose_name_plural = _("country rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(school_age_until__gt=models.F("school_age_from")),
                name="school_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.country


class Programme(models.Model):
    """An integration programme of one country: who may take part, for how long,
    what it covers, which measures are mandatory, when plans are reviewed."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    country = models.CharField(_("country"), max_length=2)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    participation = models.CharField(
        _("participation"), max_length=16, choices=Participation.choices
    )
    eligible_statuses = models.JSONField(_("eligible legal statuses"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    min_months = models.PositiveSmallIntegerField(_("minimum duration (months)"))
    max_months = models.PositiveSmallIntegerField(_("maximum duration (months)"))
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    domains = models.JSONField(_("domains"), default=list)
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"))
    is_active = models.BooleanField(_("open to new plans"), default=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        indexes = [models.Index(fields=["country", "is_active"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_months__gte=1) & Q(max_months__gte=models.F("min_months")),
                name="programme_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="programme_age_range",
            ),
            models.CheckConstraint(
                condition=Q(review_every_days__gte=7), name="programme_review_interval"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeMeasure(models.Model):
    """A measure the programme offers or requires, due some days into the plan."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="measures")
    code = models.SlugField(_("code"), max_length=64)
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=MeasureKind.choices)
    title = models.CharField(_("title"), max_length=200)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    due_within_days = models.PositiveSmallIntegerField(_("due within (days of the start)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("programme measure")
        verbose_name_plural = _("programme measures")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_programme_measure")
        ]

    def __str__(self) -> str:
        return self.title


class Incentive(models.Model):
    """What a participant receives and on which condition, e.g. an allowance
    while attending, or a permit once the exam is passed."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="incentives")
    name = models.CharField(_("incentive"), max_length=200)
    condition = models.CharField(_("condition"), max_length=500)
    # Earned when this measure of the plan is done; empty: the condition is read.
    on_completion_of = models.ForeignKey(
        ProgrammeMeasure,
        verbose_name=_("earned on completing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")

    def __str__(self) -> str:
        return self.name


class Questionnaire(models.Model):
    """One version of an assessment questionnaire. A published version never
    changes: a new one is published instead, and answers keep their own."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"))
    country = models.CharField(_("country"), max_length=2)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_questionnaire_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


def new_assessment_id() -> str:
    return ids.public_id("A")


class Assessment(models.Model):
    """A person's answers to one version of a questionnaire. Health answers are
    kept apart (``sensitive_answers``) behind the firewall."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_assessment_id, editable=False
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assessments"
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    sensitive_answers = models.JSONField(default=dict)
    suggested = models.JSONField(_("suggested measures"), default=list)
    health_screened = models.BooleanField(_("health screening done"), default=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["person", "assessed_at"])]

    def __str__(self) -> str:
        return self.public_id


def new_plan_id() -> str:
    return ids.public_id("L")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    CLOSED = "closed", _("Closed")


class PlanOutcome(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    PARTLY_COMPLETED = "partly_completed", _("Partly completed")
    WITHDREW = "withdrew", _("Withdrew")
    MOVED = "moved", _("Moved away")
    TRANSFERRED = "transferred", _("Transferred to another programme")
    EXEMPTED = "exempted", _("Exempted")


class AgreedHow(models.TextChoices):
    SIGNED = "signed", _("Signed on paper")
    IN_PERSON = "in_person", _("Agreed in person")
    PORTAL = "portal", _("Accepted in the portal")


class Plan(models.Model):
    """A person's individual integration plan within a programme."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_plan_id, editable=False
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="plans")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="plans")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    caseworker = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_how = models.CharField(
        _("agreed how"), max_length=16, choices=AgreedHow.choices, blank=True
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # The earliest due date of an open measure: kept by the services so that a
    # caseload sorts and filters by what is due without reading every measure.
    next_due_on = models.DateField(_("next due"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=PlanOutcome.choices, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("integration plan")
        verbose_name_plural = _("integration plans")
        # The caseload: open plans of a caseworker (or an organisation) in the order
        # they are due, read straight off the index (bench/plans.py).
        indexes = [
            models.Index(
                fields=["caseworker", "next_due_on", "id"],
                condition=~Q(status="closed"),
                name="plan_open_by_caseworker",
            ),
            models.Index(
                fields=["organisation", "next_due_on", "id"],
                condition=~Q(status="closed"),
                name="plan_open_by_organisation",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status="closed"),
                name="one_open_plan_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="agreed") | Q(agreed_on__isnull=False),
                name="plan_agreed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="plan_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    text = models.CharField(_("goal"), max_length=500)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_MEASURE = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)


class Measure(models.Model):
    """One thing to do in a plan, by a responsible organisation, by a date. A
    measure for a family member (a child's school enrolment on a parent's plan)
    names them as ``beneficiary``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    programme_measure = models.ForeignKey(
        ProgrammeMeasure, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=MeasureKind.choices)
    title = models.CharField(_("title"), max_length=200)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    beneficiary = models.ForeignKey(
        "people.Person",
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    evidence = models.TextField(_("evidence"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        indexes = [
            models.Index(fields=["plan", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["beneficiary", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="measure_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """A review of the plan with the person: how it goes, and when next."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"))
    next_review_on = models.DateField(_("next review"))
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=models.F("reviewed_on")),
                name="review_next_after_this",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="review_progress_range"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.public_id} {self.reviewed_on}"
