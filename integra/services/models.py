"""The partner directory (organisations' services), partnerships (memoranda of
understanding) and referrals of a person to a partner for a measure of their plan."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core import ids
from integra.core.domains import Domain
from integra.core.models import Organisation, User


class SharedField(models.TextChoices):
    """What of a person a referral can carry to a partner: a partnership lists
    which of these its parties may share, and a referral picks the fewest it needs."""

    NAME = "name", pgettext_lazy("person", "Name")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    SEX = "sex", _("Sex")
    CITIZENSHIP = "citizenship", _("Citizenship")
    LANGUAGES = "languages", _("Languages spoken")
    CONTACT = "contact", _("Phone and e-mail")
    ADDRESS = "address", _("Address")
    LEGAL_STATUS = "legal_status", _("Legal status")
    HOUSEHOLD = "household", _("Household size")


class Service(models.Model):
    """What an organisation offers, as the directory shows it. ``internal_notes``
    and the capacity are for staff only; the public directory never shows them."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Domain.choices)
    languages = models.JSONField(_("languages"), default=list)
    eligibility = models.TextField(_("who may use it"), blank=True)
    eligible_statuses = models.JSONField(_("eligible legal statuses"), default=list)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    capacity_per_month = models.PositiveIntegerField(
        _("new referrals per month"), null=True, blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)
    accept_within_days = models.PositiveSmallIntegerField(_("accept within (days)"), default=5)
    complete_within_days = models.PositiveSmallIntegerField(_("complete within (days)"), default=60)
    is_public = models.BooleanField(_("in the public directory"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["category", "is_active"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="service_code_unique_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="service_age_range",
            ),
            models.CheckConstraint(
                condition=Q(accept_within_days__gte=1)
                & Q(complete_within_days__gte=models.F("accept_within_days")),
                name="service_targets_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceLocation(models.Model):
    """Where a service is delivered, and when it is open there."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    locality = models.CharField(_("locality"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["locality", "pk"]
        indexes = [models.Index(fields=["locality"])]

    def __str__(self) -> str:
        return f"{self.locality}: {self.address}"


def new_partnership_id() -> str:
    return ids.public_id("U")  # memorandum of Understanding ("M-" are merges)


class Partnership(models.Model):
    """A memorandum of understanding: who the parties are, which kinds of service
    it covers, what personal data they may share, and for how long."""

    public_id = models.CharField(
        _("number"), max_length=11, unique=True, default=new_partnership_id, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="partnerships"
    )
    scope = models.JSONField(_("services covered"), default=list)
    shareable = models.JSONField(_("data that may be shared"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    document_reference = models.CharField(_("document reference"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="partnership_valid_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def valid_on(self, day: date) -> bool:
        return (
            self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
            and (self.terminated_on is None or day < self.terminated_on)
        )


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Waiting for the partner")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", pgettext_lazy("referral", "Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class ReferralBasis(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership")
    CONSENT = "consent", _("The person's consent")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible for the service")
    OUT_OF_AREA = "out_of_area", _("Outside our area")
    PERSON_DECLINED = "person_declined", _("The person declined")
    UNREACHABLE = "unreachable", _("Could not reach the person")
    OTHER = "other", _("Other")


class ReferralOutcome(models.TextChoices):
    ACHIEVED = "achieved", _("Delivered as planned")
    PARTLY = "partly", _("Partly delivered")
    NOT_ACHIEVED = "not_achieved", _("Not delivered")


def new_referral_id() -> str:
    return ids.public_id("F")


class Referral(models.Model):
    """A person referred to a partner's service for a measure of their plan.

    ``shared`` is the data the caseworker chose to share, copied when the
    referral was sent: the partner sees that and nothing else of the person.
    """

    public_id = models.CharField(
        _("number"), max_length=11, unique=True, default=new_referral_id, editable=False
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        "plans.Measure", verbose_name=_("measure"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="referrals"
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    basis = models.CharField(_("basis"), max_length=16, choices=ReferralBasis.choices)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    consent = models.ForeignKey(
        "people.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shared_fields = models.JSONField(_("data shared"), default=list)
    shared = models.JSONField(default=dict)
    message = models.TextField(_("message to the partner"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    accept_by = models.DateField(_("accept by"))
    complete_by = models.DateField(_("complete by"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(
        _("reason"), max_length=16, choices=DeclineReason.choices, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ReferralOutcome.choices, blank=True
    )
    note = models.TextField(_("note from the partner"), blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_organisation", "status", "sent_at"]),
            models.Index(fields=["from_organisation", "status", "sent_at"]),
            models.Index(fields=["person", "sent_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(status__in=["sent", "accepted"]),
                name="one_open_referral_per_measure",
            ),
            models.CheckConstraint(
                condition=(Q(basis="partnership") & Q(partnership__isnull=False))
                | (Q(basis="consent") & Q(consent__isnull=False)),
                name="referral_has_its_basis",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(outcome=""),
                name="referral_completed_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(complete_by__gte=models.F("accept_by")),
                name="referral_targets_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


# --- Volunteers (R12) -------------------------------------------------------------------


class VolunteerSkill(models.TextChoices):
    """The kinds of help a volunteer gives; matched to the kind of a plan's measure."""

    LANGUAGE_TUTORING = "language_tutoring", _("Language tutoring")
    MENTORING = "mentoring", _("Mentoring")
    COMMUNITY_ACTIVITY = "community_activity", _("Community activities")
    JOB_SEARCH = "job_search", _("Help with finding work")
    HOUSING_SEARCH = "housing_search", _("Help with finding housing")
    HOMEWORK = "homework", _("Homework help for children")
    INTERPRETING = "interpreting", _("Interpreting")


# Which kind of help a plan's measure calls for.
SKILL_FOR_KIND = {
    "language_tutoring": VolunteerSkill.LANGUAGE_TUTORING,
    "language_course": VolunteerSkill.LANGUAGE_TUTORING,
    "mentoring": VolunteerSkill.MENTORING,
    "community_activity": VolunteerSkill.COMMUNITY_ACTIVITY,
    "job_search": VolunteerSkill.JOB_SEARCH,
    "housing_search": VolunteerSkill.HOUSING_SEARCH,
    "school_enrolment": VolunteerSkill.HOMEWORK,
    "education": VolunteerSkill.HOMEWORK,
    "general": VolunteerSkill.MENTORING,
}


class Vetting(models.TextChoices):
    """Background checks before a volunteer meets anyone (safeguarding)."""

    PENDING = "pending", _("Being checked")
    CLEARED = "cleared", _("Cleared")
    REFUSED = "refused", _("Not cleared")


def new_volunteer_id() -> str:
    return ids.public_id("V")


class Volunteer(models.Model):
    """A volunteer of an organisation (e.g. a network of language tutors). Their
    contact details are for the organisation's own staff; caseworkers who match
    them see what the matching needs."""

    public_id = models.CharField(
        _("number"), max_length=11, unique=True, default=new_volunteer_id, editable=False
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    skills = models.JSONField(_("kinds of help"), default=list)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(_("hours per month"), default=8)
    max_matches = models.PositiveSmallIntegerField(_("people at a time"), default=2)
    vetting = models.CharField(
        _("vetting"), max_length=16, choices=Vetting.choices, default=Vetting.PENDING
    )
    vetted_on = models.DateField(_("vetted on"), null=True, blank=True)
    vetting_expires_on = models.DateField(_("vetting valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [models.Index(fields=["organisation", "is_active"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(vetting="cleared") | Q(vetted_on__isnull=False),
                name="volunteer_cleared_has_date",
            ),
            models.CheckConstraint(condition=Q(max_matches__gte=1), name="volunteer_takes_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def cleared_on(self, day: date) -> bool:
        return (
            self.vetting == Vetting.CLEARED
            and self.vetted_on is not None
            and self.vetted_on <= day
            and (self.vetting_expires_on is None or day <= self.vetting_expires_on)
        )


class VolunteerMatch(models.Model):
    """A volunteer helping a person with a measure of their plan."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="matches")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="+")
    skill = models.CharField(_("kind of help"), max_length=32, choices=VolunteerSkill.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    matched_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("volunteer match")
        verbose_name_plural = _("volunteer matches")
        indexes = [
            models.Index(fields=["volunteer", "ended_on"]),
            models.Index(fields=["person", "started_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="volunteer_match_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.measure_id}"


class VolunteerHours(models.Model):
    """Time a volunteer gave in a match, as logged."""

    match = models.ForeignKey(VolunteerMatch, on_delete=models.CASCADE, related_name="hours")
    day = models.DateField(_("day"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="volunteer_hours_in_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours} h on {self.day}"
