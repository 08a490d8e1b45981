"""Work (R17): vacancies open to foreign workers, posted by employers and employment
offices, with the skills and languages they need; the demand they add up to per
region and ISCO-08 major group.

The placement optimiser (localities, capacities, housing) will live here too: it
reads labour demand through ``integra.placement.selectors.open_positions``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from integra.core import ids
from integra.core.models import Organisation, User


class ContractKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed-term")
    SEASONAL = "seasonal", _("Seasonal")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WagePeriod(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    MONTH = "month", _("per month")


class LanguageLevel(models.TextChoices):
    """The CEFR level a job needs in a language."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class IscoMajorGroup(models.TextChoices):
    """The ten major groups of ISCO-08: the first digit of an occupation's code."""

    ARMED_FORCES = "0", _("Armed forces occupations")
    MANAGERS = "1", _("Managers")
    PROFESSIONALS = "2", _("Professionals")
    TECHNICIANS = "3", _("Technicians and associate professionals")
    CLERICAL = "4", _("Clerical support workers")
    SERVICE_SALES = "5", _("Service and sales workers")
    AGRICULTURE = "6", _("Skilled agricultural, forestry and fishery workers")
    CRAFT = "7", _("Craft and related trades workers")
    OPERATORS = "8", _("Plant and machine operators, and assemblers")
    ELEMENTARY = "9", _("Elementary occupations")


def new_vacancy_id() -> str:
    return ids.public_id("J")


class Vacancy(models.Model):
    """A job offered by an employer, posted by the employer itself or by an
    employment office on its behalf (then ``employer_name`` says who employs)."""

    public_id = models.CharField(
        _("number"), max_length=11, unique=True, default=new_vacancy_id, editable=False
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("posted by"), on_delete=models.PROTECT, related_name="+"
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    occupation = models.CharField(_("occupation (ISCO-08)"), max_length=4)
    skills = models.JSONField(_("skills needed"), default=list, blank=True)
    # [{"language": ISO 639 code, "level": CEFR level}]
    languages = models.JSONField(_("languages needed"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=100)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    positions = models.PositiveSmallIntegerField(_("positions"))
    wage_min = models.DecimalField(_("lowest wage"), max_digits=10, decimal_places=2)
    wage_max = models.DecimalField(_("highest wage"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="MDL")
    wage_period = models.CharField(
        _("wage per"), max_length=8, choices=WagePeriod.choices, default=WagePeriod.MONTH
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    contract_kind = models.CharField(_("contract"), max_length=16, choices=ContractKind.choices)
    open_to_foreign_workers = models.BooleanField(_("open to foreign workers"), default=True)
    opens_on = models.DateField(_("published from"))
    closes_on = models.DateField(_("applications until"))
    status = models.CharField(
        _("status"), max_length=16, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Searches that SQLite's JSON support cannot do (containment), kept by the
    # services: the title, employer and skills casefolded, and "|ro|ru|".
    search_text = models.TextField(editable=False, default="")
    language_codes = models.CharField(max_length=200, editable=False, default="")
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        indexes = [
            models.Index(fields=["status", "open_to_foreign_workers", "closes_on"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["region", "occupation"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(positions__gte=1), name="vacancy_has_positions"),
            models.CheckConstraint(
                condition=Q(wage_min__gte=0) & Q(wage_max__gte=F("wage_min")),
                name="vacancy_wage_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1) & Q(hours_per_week__lte=60),
                name="vacancy_hours_per_week",
            ),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="vacancy_dates"),
            models.CheckConstraint(
                condition=Q(occupation__regex=r"^[0-9]{1,4}$"), name="vacancy_isco_code"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="vacancy_has_title"),
            models.CheckConstraint(condition=~Q(region=""), name="vacancy_has_region"),
            models.CheckConstraint(
                condition=Q(contract_kind__in=ContractKind.values), name="vacancy_contract_kind"
            ),
            models.CheckConstraint(
                condition=Q(wage_period__in=WagePeriod.values), name="vacancy_wage_period"
            ),
            models.CheckConstraint(
                condition=(Q(status=VacancyStatus.OPEN) & Q(closed_at__isnull=True))
                | (
                    Q(status__in=[VacancyStatus.FILLED, VacancyStatus.WITHDRAWN])
                    & Q(closed_at__isnull=False)
                ),
                name="vacancy_status_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def employer(self) -> str:
        """Who employs: the employer named by an employment office, or the poster."""
        return self.employer_name or self.organisation.name

    @property
    def major_group(self) -> str:
        return self.occupation[:1]
