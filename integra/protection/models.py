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
    # The workplace as the inspectorate knows it, linked by a complaint handler
    # (the complainant's own words stay in ``employer`` and ``workplace``).
    workplace_record = models.ForeignKey(
        "Workplace", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
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


# --- Labour inspection (R19) ---------------------------------------------------------------


def new_workplace_id() -> str:
    return ids.public_id("W")


class Workplace(models.Model):
    """A place where people work, as the labour inspectorate knows it: the
    employer, the address and the sector, the agencies that supply its workers.
    Complaints are linked to it by the people who handle them, and the risk list
    ranks workplaces for inspection (``protection.risk``)."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_workplace_id, editable=False
    )
    employer = models.CharField(_("employer"), max_length=200)
    registration_number = models.CharField(
        _("company registration number"), max_length=64, blank=True
    )
    name = models.CharField(_("site"), max_length=200, blank=True)  # "Vineyard no. 3"
    address = models.CharField(_("address"), max_length=250, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    sector = models.CharField(_("sector (ISIC section)"), max_length=1, blank=True)
    workers = models.PositiveIntegerField(_("workers (estimate)"), null=True, blank=True)
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="workplaces", verbose_name=_("recruitment agencies")
    )
    # The employer in a searchable form (case and diacritics folded), kept by the services.
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered"))

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        indexes = [models.Index(fields=["region", "sector"])]
        constraints = [
            models.CheckConstraint(condition=~Q(employer=""), name="workplace_has_an_employer"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.public_id})"


class InspectionReason(models.TextChoices):
    RISK = "risk", _("Planned from the risk list")
    COMPLAINT = "complaint", _("A complaint")
    FOLLOW_UP = "follow_up", _("Follow-up of an earlier inspection")
    OTHER = "other", _("Other information")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


def new_inspection_id() -> str:
    return ids.public_id("N")  # iNspection ("I-" are imports)


class Inspection(models.Model):
    """A visit of the labour inspectorate to a workplace: planned, then done with
    its findings (or cancelled with the reason). A follow-up visit checks that the
    violations found were remedied by their deadlines."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_inspection_id, editable=False
    )
    workplace = models.ForeignKey(Workplace, on_delete=models.PROTECT, related_name="inspections")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspectorate")
    )
    inspector = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=InspectionReason.choices)
    complaints = models.ManyToManyField(
        Complaint, blank=True, related_name="inspections", verbose_name=_("complaints")
    )
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    planned_for = models.DateField(_("planned for"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    workers_interviewed = models.PositiveIntegerField(
        _("workers interviewed"), null=True, blank=True
    )
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["organisation", "status", "planned_for"]),
            models.Index(fields=["workplace", "visited_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(visited_on__isnull=False),
                name="a_done_inspection_has_a_visit_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="a_cancelled_inspection_says_why",
            ),
            models.CheckConstraint(
                condition=(Q(reason="follow_up") & Q(follow_up_of__isnull=False))
                | (~Q(reason="follow_up") & Q(follow_up_of__isnull=True)),
                name="a_follow_up_names_its_inspection",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class ViolationKind(models.TextChoices):
    WAGES = "wages", _("Wages unpaid, late or below the minimum")
    HOURS = "hours", _("Working time or rest periods")
    SAFETY = "safety", _("Occupational safety and health")
    CONTRACT = "contract", _("No written contract, or a substituted one")
    DOCUMENTS = "documents", _("Identity documents kept by the employer")
    RECRUITMENT_FEES = "recruitment_fees", _("Recruitment fees charged to workers")
    ACCOMMODATION = "accommodation", _("Accommodation below standard")
    DISCRIMINATION = "discrimination", _("Discrimination or harassment")
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Signs of forced labour")
    OTHER = "other", _("Other breach of labour law")


class Violation(models.Model):
    """A breach of labour law found in an inspection, with the deadline by which
    the employer must remedy it; the follow-up visit records when it was."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="violations")
    # Repeated from the inspection, so that the risk list counts a workplace's
    # past violations in one grouped query.
    workplace = models.ForeignKey(Workplace, on_delete=models.PROTECT, related_name="violations")
    kind = models.CharField(_("violation"), max_length=32, choices=ViolationKind.choices)
    description = models.TextField(_("what was found"))
    workers_affected = models.PositiveIntegerField(_("workers affected"), default=1)
    found_on = models.DateField(_("found on"))
    remedy_by = models.DateField(_("to be remedied by"), null=True, blank=True)
    remedied_on = models.DateField(_("remedied on"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        indexes = [models.Index(fields=["workplace", "found_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="a_violation_says_what"),
            models.CheckConstraint(
                condition=Q(workers_affected__gte=1), name="a_violation_affects_someone"
            ),
            models.CheckConstraint(
                condition=Q(remedy_by__isnull=True) | Q(remedy_by__gte=models.F("found_on")),
                name="a_remedy_deadline_after_the_finding",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.inspection.public_id})"


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    ORDER = "order", _("Order to remedy")
    FINE = "fine", _("Fine")
    SUSPENSION = "suspension", _("Suspension of the activity")
    PROSECUTION = "prosecution", _("Referral to prosecution")


class Sanction(models.Model):
    """What the inspectorate imposed for a violation."""

    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="sanctions")
    kind = models.CharField(_("sanction"), max_length=16, choices=SanctionKind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    imposed_on = models.DateField(_("imposed on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="fine") | (Q(amount__gt=0) & ~Q(currency="")),
                name="a_fine_has_an_amount",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="a_sanction_amount_is_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.violation_id})"


# --- Discrimination and xenophobic incidents (R21) ----------------------------------------


class IncidentKind(models.TextChoices):
    VERBAL = "verbal", _("Insults, threats or hate speech")
    PHYSICAL = "physical", _("Physical attack")
    PROPERTY = "property", _("Damage to property")
    SERVICE = "service", _("Refused a service or treated worse")
    HOUSING = "housing", _("Housing (renting, neighbours)")
    EMPLOYMENT = "employment", _("Work or hiring")
    EDUCATION = "education", _("School or training")
    AUTHORITIES = "authorities", _("By police or an official")
    ONLINE = "online", _("Online hate")
    OTHER = "other", _("Something else")


class IncidentGround(models.TextChoices):
    """Why the person was targeted, as the reporter sees it (ECRI's grounds)."""

    ORIGIN = "origin", _("Ethnic origin or 'race'")
    NATIONALITY = "nationality", _("Nationality or being a foreigner")
    COLOUR = "colour", _("Colour")
    LANGUAGE = "language", _("Language")
    RELIGION = "religion", _("Religion or belief")
    SEX = "sex", _("Sex or gender")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation or gender identity")
    DISABILITY = "disability", _("Disability")
    OTHER = "other", _("Other or not sure")


class PlaceKind(models.TextChoices):
    STREET = "street", _("Street or public place")
    TRANSPORT = "transport", _("Public transport")
    SHOP = "shop", _("Shop, restaurant or other service")
    WORKPLACE = "workplace", _("Workplace")
    HOME = "home", _("Home or neighbourhood")
    SCHOOL = "school", _("School or university")
    OFFICE = "office", _("Public office or police")
    HEALTH = "health", _("Hospital or clinic")
    ONLINE = "online", _("Online or social media")
    OTHER = "other", _("Somewhere else")


class ReportedBy(models.TextChoices):
    VICTIM = "victim", _("The person it happened to")
    WITNESS = "witness", _("A witness")
    ORGANISATION = "organisation", _("An organisation, for the person")


class IncidentStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    FOLLOWING_UP = "following_up", _("Being followed up")
    REFERRED = "referred", _("Referred to the equality body")
    CLOSED = "closed", _("Closed")


def new_incident_id() -> str:
    return ids.public_id("D")  # Discrimination incident


class Incident(models.Model):
    """A discrimination or xenophobic incident, reported by the person it happened
    to, a witness or an organisation. Behind the firewall as complaints are: it
    holds no residence status and no role that decides status sees it. The
    tracking code is shown once to the reporter; only its keyed digest is kept."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_incident_id, editable=False
    )
    tracking_digest = models.CharField(max_length=64, unique=True)
    reported_by = models.CharField(_("reported by"), max_length=16, choices=ReportedBy.choices)
    reporter = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    anonymous = models.BooleanField(_("anonymous"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(_("how to reach you"), max_length=254, blank=True)
    kinds = models.JSONField(_("what happened"), default=list)
    grounds = models.JSONField(_("why you think it happened"), default=list)
    description = models.TextField(_("description"))
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    place_kind = models.CharField(_("where"), max_length=16, choices=PlaceKind.choices)
    place = models.CharField(_("place"), max_length=250, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.RECEIVED
    )
    # Who follows it up: an equality body, or a legal-aid organisation.
    handled_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_to = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    reported_at = models.DateTimeField(_("reported"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["handled_by", "status", "reported_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="an_incident_says_what"),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(name=""),
                name="an_anonymous_incident_names_no_one",
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | Q(referred_to__isnull=False),
                name="a_referred_incident_names_where",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class IncidentEvent(models.Model):
    """What happened to an incident report; ``public`` events are shown to the
    reporter who follows it with the code."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    public = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["incident", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.incident.public_id})"


# --- Legal counselling (R22) -------------------------------------------------------------


class CounsellingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class CounsellingTopic(models.TextChoices):
    WORK = "work", _("Work and wages")
    RESIDENCE = "residence", _("Residence and documents")
    FAMILY = "family", _("Family and children")
    HOUSING = "housing", _("Housing")
    DISCRIMINATION = "discrimination", _("Discrimination")
    SOCIAL = "social", _("Social benefits and health care")
    OTHER = "other", _("Something else")


class Slot(models.Model):
    """A time a legal-aid provider's counsellor is free, with the languages the
    counsellor speaks (or the interpreter who will be there)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    counsellor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=45)
    mode = models.CharField(_("how"), max_length=16, choices=CounsellingMode.choices)
    place = models.CharField(_("place"), max_length=250, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    created_at = models.DateTimeField(_("created"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("counselling slot")
        verbose_name_plural = _("counselling slots")
        indexes = [models.Index(fields=["organisation", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=10) & Q(minutes__lte=240), name="a_slot_lasts_sensibly"
            ),
            models.CheckConstraint(
                condition=~Q(mode="in_person") | ~Q(place=""),
                name="an_in_person_slot_has_a_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


def new_booking_id() -> str:
    return ids.public_id("Q")  # Question for a lawyer ("L-" are integration plans)


class Booking(models.Model):
    """A person's appointment for legal counselling, in their language. What is
    said in it stays with the provider: the counsellor's notes are seen by no
    one outside it (the firewall: legal aid is a service provider)."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_booking_id, editable=False
    )
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    language = models.CharField(_("language"), max_length=8)
    topic = models.CharField(_("topic"), max_length=16, choices=CounsellingTopic.choices)
    question = models.TextField(_("your question, in a few words"), blank=True)
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("how to reach you"), max_length=254)
    # The registry record, when booked by the person in the portal or by their caseworker.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    booked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    counsellor_notes = models.TextField(_("counsellor's notes"), blank=True)
    booked_at = models.DateTimeField(_("booked"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal counselling appointment")
        verbose_name_plural = _("legal counselling appointments")
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            # One live booking per slot; a cancelled one frees it.
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_slot",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="a_booking_has_a_name"),
            models.CheckConstraint(condition=~Q(contact=""), name="a_booking_has_a_contact"),
        ]

    def __str__(self) -> str:
        return self.public_id
