"""The registry: a person is registered once and every partner works from that record."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core import ids
from integra.core.models import Organisation, User
from integra.core.roles import OrganisationKind
from integra.people import names


def new_public_id() -> str:
    """``P-XXXX-XXXX``: random, never the database id (40 bits)."""
    return ids.public_id("P")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    NOT_STATED = "not_stated", _("Not stated")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated")


class IscedLevel(models.IntegerChoices):
    """ISCED 2011 levels of education."""

    EARLY_CHILDHOOD = 0, _("Early childhood education")
    PRIMARY = 1, _("Primary education")
    LOWER_SECONDARY = 2, _("Lower secondary education")
    UPPER_SECONDARY = 3, _("Upper secondary education")
    POST_SECONDARY = 4, _("Post-secondary non-tertiary education")
    SHORT_TERTIARY = 5, _("Short-cycle tertiary education")
    BACHELOR = 6, _("Bachelor's or equivalent")
    MASTER = 7, _("Master's or equivalent")
    DOCTORAL = 8, _("Doctoral or equivalent")


class Person(models.Model):
    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_public_id, editable=False
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=150)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=16,
        choices=DatePrecision.choices,
        default=DatePrecision.EXACT,
    )
    birth_place = models.CharField(_("place of birth"), max_length=150, blank=True)
    stateless = models.BooleanField(_("stateless"), default=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    education_level = models.PositiveSmallIntegerField(
        _("highest education (ISCED 2011)"), choices=IscedLevel.choices, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    registered_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True
    )
    # The name's word keys, sorted (people.names.identity_key): with the date of
    # birth, how an import finds people who are already registered.
    identity_key = models.CharField(max_length=200, blank=True, editable=False)
    # A duplicate merged into another record keeps its row (and its history) but
    # is found no more; an administrator can undo the merge (PersonMerge).
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["birth_date"]),
            models.Index(fields=["family_name_latin"]),
            models.Index(fields=["identity_key", "birth_date"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(given_name=""), name="person_has_a_given_name"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name_latin} {self.family_name_latin} ({self.public_id})".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_identity_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "identity_key" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "identity_key"]
        super().save(*args, **kwargs)

    def refresh_identity_key(self) -> None:
        """Bulk writes bypass save() and call this themselves."""
        self.identity_key = names.identity_key(self.given_name_latin, self.family_name_latin)

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def name_latin(self) -> str:
        return " ".join(part for part in (self.given_name_latin, self.family_name_latin) if part)


class Citizenship(models.Model):
    """ISO 3166-1 alpha-2; a stateless person has none (Person.stateless)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="citizenships")
    country = models.CharField(_("country"), max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "country"], name="unique_citizenship")
        ]
        indexes = [models.Index(fields=["country", "person"])]

    def __str__(self) -> str:
        return self.country


class NameKey(models.Model):
    """Spelling-independent keys of a person's names (integra.people.names), so a
    search in any script or spelling is an indexed lookup.

    Each key carries what search results are ordered by, the person's Latin
    names (pages) and public id (the API's cursor), so the first page of a name
    shared by thousands is read from this index instead of fetching and sorting
    every one of them. ``services.write_names`` keeps them equal to the person's."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64)
    family_name_latin = models.CharField(max_length=150, blank=True, default="")
    given_name_latin = models.CharField(max_length=150, blank=True, default="")
    public_id = models.CharField(max_length=11, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="unique_name_key")]
        indexes = [
            models.Index(
                fields=["key", "family_name_latin", "given_name_latin", "person"],
                include=["public_id"],
                name="people_namekey_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.key


class Responsibility(models.Model):
    """An organisation that holds responsibility for the person's case."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="responsibilities")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField(_("since"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="unique_responsibility")
        ]
        indexes = [models.Index(fields=["organisation", "person"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.person.public_id}"


class StatusCategory(models.TextChoices):
    """Legal-status categories of R1."""

    REGULAR_WORKER = "regular_worker", _("Regular migrant worker")
    FAMILY_MEMBER = "family_member", _("Family member")
    STUDENT = "student", _("Student")
    INTERNATIONAL_PROTECTION = "international_protection", _("International protection")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection")
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker")
    STATELESS = "stateless", _("Stateless person")
    IRREGULAR = "irregular", _("Irregular stay")


class LegalStatus(models.Model):
    """One entry of a person's legal-status history. Behind the firewall: never
    shown to inspectors, complaint handlers or analysts (core.access)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="statuses")
    category = models.CharField(_("status"), max_length=32, choices=StatusCategory.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("legal status")
        verbose_name_plural = _("legal statuses")
        indexes = [models.Index(fields=["person", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="status_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} from {self.valid_from}"


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    WORK_PERMIT = "work_permit", _("Work permit")
    PROTECTION_ID = "protection_id", _("Asylum or protection identity document")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    OTHER = "other", _("Other document")


class Document(models.Model):
    """An identity document or permit. Numbers are masked wherever the reader is
    not working on the case (core.access)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50)
    number_key = models.CharField(max_length=50, db_index=True)
    issuing_country = models.CharField(_("issuing country"), max_length=2)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "issuing_country", "number_key"], name="one_holder_per_document"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gte=models.F("issued_on")),
                name="document_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        return mask(self.number)


def document_key(number: str) -> str:
    """Letters and digits only, upper case: "ab 123-456" and "AB123456" are one number."""
    return "".join(ch for ch in number.upper() if ch.isalnum())


def mask(number: str) -> str:
    visible = document_key(number)[-3:]
    return "•" * max(len(document_key(number)) - 3, 3) + visible


class OtherNameKind(models.TextChoices):
    ALIAS = "alias", _("Also known as")
    PREVIOUS = "previous", _("Previous name")
    SPELLING = "spelling", _("Other spelling")


class OtherName(models.Model):
    """An alias, a previous name or another spelling met in documents; searched
    like the main name."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(_("kind"), max_length=16, choices=OtherNameKind.choices)
    name = models.CharField(_("name"), max_length=300)
    name_latin = models.CharField(_("name in Latin letters"), max_length=300, blank=True)
    until = models.DateField(_("used until"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "name"], name="unique_other_name")
        ]

    def __str__(self) -> str:
        return self.name


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("First language")


class Language(models.Model):
    """A language the person speaks (ISO 639), with the CEFR level they declare and,
    once tested, the level assessed (courses and exams will set it)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=3)
    declared_level = models.CharField(
        _("level (declared)"), max_length=8, choices=CefrLevel.choices
    )
    assessed_level = models.CharField(
        _("level (assessed)"), max_length=8, choices=CefrLevel.choices, blank=True
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="unique_language")]

    def __str__(self) -> str:
        return f"{self.code} {self.declared_level}"


class Recognition(models.TextChoices):
    """Recognition of a foreign qualification (R9)."""

    NOT_REQUESTED = "not_requested", _("Not requested")
    PENDING = "pending", _("Pending")
    RECOGNISED = "recognised", _("Recognised")
    PARTIALLY = "partially", _("Partially recognised")
    REFUSED = "refused", _("Refused")


class Qualification(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("title"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    isced_level = models.PositiveSmallIntegerField(
        _("level (ISCED 2011)"), choices=IscedLevel.choices
    )
    occupation = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    recognition = models.CharField(
        _("recognition"),
        max_length=16,
        choices=Recognition.choices,
        default=Recognition.NOT_REQUESTED,
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(isced_level__gte=0) & Q(isced_level__lte=8),
                name="isced_level_0_to_8",
            )
        ]

    def __str__(self) -> str:
        return self.title


class WorkExperience(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_experience")
    occupation = models.CharField(_("occupation (ISCO-08)"), max_length=4)
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(years__gte=0) & Q(years__lte=70), name="experience_0_to_70_years"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation} ({self.years})"


class Vulnerability(models.Model):
    """Vulnerability flags. Trafficking and serious medical condition are sensitive:
    behind the firewall (core.access.can_see_sensitive_flags)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="vulnerability")
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    single_parent = models.BooleanField(_("single parent"), default=False)
    disability = models.BooleanField(_("disability"), default=False)
    elderly = models.BooleanField(_("elderly"), default=False)
    victim_of_trafficking = models.BooleanField(_("victim of trafficking"), default=False)
    serious_medical_condition = models.BooleanField(_("serious medical condition"), default=False)
    updated_at = models.DateTimeField(_("updated"))

    PLAIN = ("unaccompanied_minor", "single_parent", "disability", "elderly")
    SENSITIVE = ("victim_of_trafficking", "serious_medical_condition")

    def __str__(self) -> str:
        return f"vulnerability of {self.person.public_id}"


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management by the responsible organisation")
    REFERRAL = "referral", _("Referral to partner organisations")
    CONTACT = "contact", _("Contact by SMS or e-mail")
    SURVEYS = "surveys", _("Surveys and feedback")


class Consent(models.Model):
    """A consent the person gave for a purpose and to kinds of recipients; it can
    expire and be withdrawn, and is never deleted."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    recipients = models.JSONField(_("recipient categories"), default=list)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.person.public_id})"

    @property
    def recipient_labels(self) -> list[str]:
        labels = dict(OrganisationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.recipients]

    def active_on(self, day: date) -> bool:
        return (
            self.given_on <= day
            and (self.expires_on is None or self.expires_on > day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )


def new_household_id() -> str:
    return ids.public_id("H")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relative or member")


class Household(models.Model):
    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_household_id, editable=False
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.public_id


class HouseholdMember(models.Model):
    """A person's membership of a household, relationship to its head and when
    they joined and left: the rows are never deleted, so the history stays."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="household_memberships"
    )
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(left_on__isnull=True),
                name="one_current_household_per_person",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.public_id} in {self.household.public_id}"


class ExternalReference(models.Model):
    """A person's id in another organisation's register, e.g. the file a register
    was imported from: importing the same file again updates, never duplicates."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("external id"), max_length=64)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="external_references")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "value"], name="one_person_per_external_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.person.public_id}"


def new_import_id() -> str:
    return ids.public_id("I")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("Only if every row is valid")
    VALID_ROWS = "valid", _("The valid rows, and give me the rejected rows back")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking rows")
    WRITING = "writing", _("Saving")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Not imported: the file has errors")
    FAILED = "failed", _("Failed")


class PersonImport(models.Model):
    """A file of people loaded into the registry by a background task. The file
    itself is deleted once it has been read; the error report and the rejected
    rows are kept for INTEGRA_IMPORT_KEEP_DAYS days."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_import_id, editable=False
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    file_path = models.CharField(max_length=300, blank=True)
    file_size = models.PositiveBigIntegerField(_("size"), default=0)
    mode = models.CharField(_("what to import"), max_length=8, choices=ImportMode.choices)
    # The uploader's language: the error report is written in it.
    language = models.CharField(max_length=16, default="en")
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState.choices, default=ImportState.QUEUED
    )
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_created = models.PositiveIntegerField(_("people added"), default=0)
    rows_updated = models.PositiveIntegerField(_("people updated"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    report_path = models.CharField(max_length=300, blank=True)
    rejected_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("uploaded"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["organisation", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_0_to_100")
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.state in {ImportState.DONE, ImportState.REJECTED, ImportState.FAILED}


def new_merge_id() -> str:
    return ids.public_id("M")


class PersonMerge(models.Model):
    """Two records found to be one person: what moved from the duplicate to the
    record kept, so that an administrator can undo it exactly."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_merge_id, editable=False
    )
    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_removed")
    reason = models.CharField(_("reason"), max_length=500)
    moved = models.JSONField(default=dict)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(_("merged"))
    undone_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undo_reason = models.CharField(_("reason for undoing"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kept=models.F("duplicate")), name="merge_two_different_records"
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.duplicate.public_id} → {self.kept.public_id}"


def new_request_id() -> str:
    return ids.public_id("R")


class RequestKind(models.TextChoices):
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    NATURALISATION = "naturalisation", _("Naturalisation")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    WAITING_DOCUMENTS = "waiting_documents", _("Waiting for documents")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_REQUEST_STATUSES = frozenset(
    {RequestStatus.GRANTED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN}
)


class Request(models.Model):
    """A family-reunification or naturalisation request followed as a case (R2).
    Like legal status, it is behind the firewall (core.access.can_see_legal_status)."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_request_id, editable=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("request"), max_length=32, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=32, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [models.Index(fields=["person", "submitted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("submitted_on")),
                name="request_decided_after_submitted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.get_kind_display()}"

    @property
    def is_closed(self) -> bool:
        return self.status in FINAL_REQUEST_STATUSES


class RequestEvent(models.Model):
    """One step of a request's status history; never changed afterwards."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=32, choices=RequestStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.public_id} {self.status} {self.on}"


class FamilyMemberAbroad(models.Model):
    """A family member a reunification request is for, still abroad."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=300)
    name_latin = models.CharField(_("name in Latin letters"), max_length=300, blank=True)
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    country = models.CharField(_("country of residence"), max_length=2)

    def __str__(self) -> str:
        return self.name


class RequestDocument(models.Model):
    """A supporting document handed in for a request (a birth certificate, a
    language certificate…), with the day it was received."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("document"), max_length=200)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    def __str__(self) -> str:
        return self.title
