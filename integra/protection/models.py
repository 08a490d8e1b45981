"""Protection of migrant workers: complaints behind the firewall, workplaces, and
the licensing of private recruitment agencies.

The firewall (ARCHITECTURE.md rule 2) is in the shape of these tables: a
complaint has no field for residence status, and nothing here points at a
person's legal status. A complaint links to a registry record only when the
complainant asks for it, and lodging one never writes to the registry.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core import ids
from integra.core.models import Organisation, User

# --- Recruitment agencies (R20, ILO C181) -------------------------------------------------


def new_agency_id() -> str:
    return ids.public_id("G")  # aGency ("A-" are assessments)


class Agency(models.Model):
    """A private recruitment agency: registered once, licensed (or not) by the
    licensing authority, with its contracts on file and its violations."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_agency_id, editable=False
    )
    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(_("company registration number"), max_length=64)
    country = models.CharField(_("country"), max_length=2)
    address = models.CharField(_("address"), max_length=250, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The name in a searchable form (case and diacritics folded), kept by the services.
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered"))

    class Meta:
        verbose_name = _("recruitment agency")
        verbose_name_plural = _("recruitment agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"], name="one_agency_per_registration"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="agency_has_a_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.public_id})"


class LicenceStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    REFUSED = "refused", _("Refused")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Licence(models.Model):
    """An application for a licence and, once decided, the licence itself. Its
    status changes only through the services, each change kept in LicenceEvent."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="licences")
    number = models.CharField(_("licence number"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=LicenceStatus.choices)
    applied_on = models.DateField(_("applied on"))
    # Where the agency may place workers (ISO country codes) and in which sectors (ISIC).
    destinations = models.JSONField(_("destination countries"), default=list)
    sectors = models.JSONField(_("sectors"), default=list)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    issued_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        indexes = [models.Index(fields=["agency", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=False, valid_until__gt=models.F("valid_from")),
                name="licence_valid_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "suspended", "revoked", "expired"])
                | (Q(valid_from__isnull=False) & Q(valid_until__isnull=False) & ~Q(number="")),
                name="a_granted_licence_has_number_and_dates",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="licence_numbers_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"application {self.pk}"


class LicenceEvent(models.Model):
    """One change of a licence's status: the history the public page shows."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=LicenceStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=LicenceStatus.choices)
    on = models.DateField(_("on"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        indexes = [models.Index(fields=["licence", "on"])]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class ContractTemplate(models.Model):
    """A model contract the agency uses with workers, kept on file (C181 art. 8:
    clear and enforceable contracts)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="contracts")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    file_path = models.CharField(max_length=300)
    file_name = models.CharField(_("file"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("contract template")
        verbose_name_plural = _("contract templates")

    def __str__(self) -> str:
        return self.title


class AgencyViolationKind(models.TextChoices):
    FEE_CHARGED = "fee_charged", _("A fee charged to a worker")
    NO_LICENCE = "no_licence", _("Recruiting without a valid licence")
    CONTRACT_SUBSTITUTION = "contract_substitution", _("Contract substitution")
    MISLEADING = "misleading", _("Misleading information about the job")
    DOCUMENTS_RETAINED = "documents_retained", _("Workers' documents retained")
    OTHER = "other", _("Other")


class AgencyViolation(models.Model):
    """A violation found against an agency (by an inspection, a complaint, or the
    licensing authority). Any fee charged to a worker is one (C181 art. 7)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="violations")
    kind = models.CharField(_("violation"), max_length=32, choices=AgencyViolationKind.choices)
    found_on = models.DateField(_("found on"))
    description = models.TextField(_("what happened"))
    amount = models.DecimalField(
        _("amount charged"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("agency violation")
        verbose_name_plural = _("agency violations")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="violation_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.agency.public_id})"


# --- Complaints (R18, R19) -----------------------------------------------------------------


class ComplaintCategory(models.TextChoices):
    WAGES = "wages", _("Unpaid or withheld wages")
    HOURS = "hours", _("Excessive working hours")
    SAFETY = "safety", _("Unsafe conditions")
    DOCUMENTS = "documents", _("Identity documents kept by the employer")
    DEBT = "debt", _("Debt bondage")
    THREATS = "threats", _("Threats of denunciation")
    RECRUITMENT_FEES = "recruitment_fees", _("Recruitment fees charged to the worker")
    CONTRACT = "contract", _("Contract substitution")
    DISCRIMINATION = "discrimination", _("Discrimination")
    HARASSMENT = "harassment", _("Sexual harassment")
    TRAFFICKING = "trafficking", _("Signs of trafficking")


class ForcedLabourIndicator(models.TextChoices):
    """The ILO's eleven indicators of forced labour (ILO, 2012)."""

    VULNERABILITY = "vulnerability", _("Abuse of vulnerability")
    DECEPTION = "deception", _("Deception")
    MOVEMENT = "movement", _("Restriction of movement")
    ISOLATION = "isolation", _("Isolation")
    VIOLENCE = "violence", _("Physical and sexual violence")
    INTIMIDATION = "intimidation", _("Intimidation and threats")
    DOCUMENTS = "documents", _("Retention of identity documents")
    WAGES = "wages", _("Withholding of wages")
    DEBT = "debt", _("Debt bondage")
    CONDITIONS = "conditions", _("Abusive working and living conditions")
    OVERTIME = "overtime", _("Excessive overtime")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("Being handled")
    WAITING = "waiting", _("Waiting for information from you")
    CLOSED = "closed", _("Closed")


class LodgedVia(models.TextChoices):
    PUBLIC = "public", _("The public form")
    NGO = "ngo", _("An NGO, for the worker")
    INSPECTOR = "inspector", _("An inspector, for the worker")
    CASEWORKER = "caseworker", _("A caseworker, for the worker")


class Remedy(models.TextChoices):
    WAGES_RECOVERED = "wages_recovered", _("Wages recovered")
    CONTRACT_CORRECTED = "contract_corrected", _("Contract corrected")
    DOCUMENTS_RETURNED = "documents_returned", _("Documents returned")
    SANCTION = "sanction", _("Sanction on the employer or agency")
    PROSECUTION = "prosecution", _("Referred to prosecution")
    NONE = "none", _("No remedy obtained")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")


def new_complaint_id() -> str:
    return ids.public_id("C")


class Complaint(models.Model):
    """A worker's complaint. It holds no residence status, ever; the name and the
    contact are optional (anonymous complaints are welcome). The tracking code is
    shown once to the complainant; only its keyed digest is stored."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_complaint_id, editable=False
    )
    tracking_digest = models.CharField(max_length=64, unique=True)
    lodged_via = models.CharField(_("lodged through"), max_length=16, choices=LodgedVia.choices)
    lodged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lodged_for = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    anonymous = models.BooleanField(_("anonymous"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(_("how to reach you"), max_length=254, blank=True)
    # Only when the complainant asks that their registry record be linked.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(_("what happened"), default=list)
    description = models.TextField(_("description"))
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=250, blank=True)
    sector = models.CharField(_("sector (ISIC)"), max_length=4, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    agency_name = models.CharField(_("recruitment agency"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    routed_to = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_routed",
    )
    handler = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # "Forced labour" is a person's decision, never the sum of indicators.
    forced_labour = models.BooleanField(_("forced labour found"), null=True, blank=True)
    forced_labour_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forced_labour_reason = models.TextField(_("reason for the decision"), blank=True)
    remedies = models.JSONField(_("remedies"), default=list)
    wages_recovered = models.DecimalField(
        _("wages recovered"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    lodged_at = models.DateTimeField(_("lodged"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["routed_to", "status", "lodged_at"]),
            models.Index(fields=["agency"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="complaint_says_what"),
            models.CheckConstraint(
                condition=Q(anonymous=False) | (Q(name="") & Q(person__isnull=True)),
                name="an_anonymous_complaint_names_no_one",
            ),
            models.CheckConstraint(
                condition=Q(wages_recovered__isnull=True) | Q(wages_recovered__gte=0),
                name="wages_recovered_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class IndicatorFlag(models.Model):
    """One ILO forced-labour indicator seen in a complaint, with its evidence."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(
        _("indicator"), max_length=16, choices=ForcedLabourIndicator.choices
    )
    evidence = models.TextField(_("evidence"))
    flagged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField(_("flagged"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "indicator"], name="one_flag_per_indicator"
            ),
            models.CheckConstraint(condition=~Q(evidence=""), name="a_flag_has_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.complaint.public_id})"


class Attachment(models.Model):
    """Evidence attached to a complaint (a photo, a payslip, a contract), checked
    for its real type and size before it is kept."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file_path = models.CharField(max_length=300)
    file_name = models.CharField(_("file"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    from_complainant = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file_name


class ComplaintEvent(models.Model):
    """What happened to a complaint: status changes, routing, notes, information the
    complainant added. ``public`` events are shown to the complainant."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    public = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["complaint", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.complaint.public_id})"


class RoutingRule(models.Model):
    """Where complaints go: by category and region (blank: any) to a labour
    inspectorate or a legal-aid organisation. The most specific rule wins: a rule
    naming both beats one naming either, which beats the catch-all."""

    category = models.CharField(
        _("category"), max_length=32, choices=ComplaintCategory.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "region"], name="one_rule_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.region or '*'}"
