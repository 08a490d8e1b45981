"""Welcome programmes' courses (R13) and the integration exam (R14): curricula,
teachers, quality criteria per programme, courses with their sessions, enrolment
and waitlists, attendance, tests, results and certificates.

Curricula, quality criteria and tests are data per country (ARCHITECTURE.md rule 7).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core import ids
from integra.core.models import Organisation, User


class CourseType(models.TextChoices):
    LANGUAGE = "language", _("National language")
    CIVIC = "civic", _("Civic orientation")
    VALUES = "values", _("Values course")
    VOCATIONAL = "vocational", _("Vocational course")
    EXAM = "exam", _("Integration exam")


# Which measures of a plan each type of course delivers (enrolment from a measure).
MEASURE_KINDS: dict[str, tuple[str, ...]] = {
    CourseType.LANGUAGE: ("language_course", "language_tutoring"),
    CourseType.CIVIC: ("civic_orientation",),
    CourseType.VALUES: ("civic_orientation",),
    CourseType.VOCATIONAL: ("vocational_training",),
    CourseType.EXAM: ("exam",),
}


class CefrTarget(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class Qualification(models.TextChoices):
    """A teacher's qualification, from least to most (integra.courses.rules)."""

    ASSISTANT = "assistant", _("Teaching assistant")
    TRAINER = "trainer", _("Certified trainer")
    TEACHER = "teacher", _("Qualified teacher")
    SPECIALIST = "specialist", _("Second-language specialist")


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Curriculum(models.Model):
    """What a type of course teaches: its modules with hours and learning outcomes."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    country = models.CharField(_("country"), max_length=2)
    course_type = models.CharField(_("type"), max_length=16, choices=CourseType.choices)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language taught"), max_length=3, blank=True)
    target_level = models.CharField(
        _("CEFR target level"), max_length=2, choices=CefrTarget.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")
        ordering = ["course_type", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(course_type="language") | (~Q(language="") & ~Q(target_level="")),
                name="language_curriculum_has_language_and_level",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> int:
        return sum(m.hours for m in self.modules.all())


class Module(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("module"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"))
    outcomes = models.TextField(_("learning outcomes"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="module_has_hours")]

    def __str__(self) -> str:
        return self.title


class Teacher(models.Model):
    """A teacher or examiner at a course provider, with their qualification. The
    user, when there is one, signs in and sees their own classes."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="teacher_records"
    )
    name = models.CharField(_("name"), max_length=200)
    qualification = models.CharField(
        _("qualification"), max_length=16, choices=Qualification.choices
    )
    qualification_detail = models.CharField(_("diploma or certificate"), max_length=300, blank=True)
    languages = models.JSONField(_("languages taught"), default=list, blank=True)
    is_examiner = models.BooleanField(_("licensed examiner"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="one_teacher_record_per_user_and_provider",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Standard(models.Model):
    """A programme's quality criteria for one type of course (R13): enforced when
    a course is planned and a learner enrolled, unless overridden with a reason."""

    programme = models.ForeignKey(
        "plans.Programme", on_delete=models.CASCADE, related_name="course_standards"
    )
    course_type = models.CharField(_("type"), max_length=16, choices=CourseType.choices)
    max_group_size = models.PositiveSmallIntegerField(
        _("maximum group size"), null=True, blank=True
    )
    min_teacher_qualification = models.CharField(
        _("minimum teacher qualification"), max_length=16, choices=Qualification.choices, blank=True
    )
    min_hours = models.PositiveSmallIntegerField(_("minimum hours"), null=True, blank=True)
    max_wait_days = models.PositiveSmallIntegerField(
        _("longest wait (days)"), null=True, blank=True
    )
    two_speaking_examiners = models.BooleanField(_("two examiners for speaking"), default=False)
    # An incentive of the programme that depends on attendance, e.g. an allowance.
    incentive = models.ForeignKey(
        "plans.Incentive",
        verbose_name=_("incentive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    incentive_min_attendance = models.PositiveSmallIntegerField(
        _("attendance needed for the incentive (%)"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("quality criteria")
        verbose_name_plural = _("quality criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "course_type"], name="one_standard_per_programme_and_type"
            ),
            models.CheckConstraint(
                condition=Q(incentive_min_attendance__isnull=True)
                | Q(incentive_min_attendance__lte=100),
                name="standard_attendance_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.course_type}"


class TestDefinition(models.Model):
    """An objective test: its sections with their scales and the pass marks per
    CEFR level (checked by integra.courses.rules.parse_definition)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    country = models.CharField(_("country"), max_length=2)
    title = models.CharField(_("title"), max_length=200)
    course_type = models.CharField(_("type"), max_length=16, choices=CourseType.choices)
    language = models.CharField(_("language"), max_length=3, blank=True)
    sections = models.JSONField(_("sections"))
    pass_marks = models.JSONField(_("pass marks"))
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CourseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


def new_course_id() -> str:
    return ids.public_id("K")


class Course(models.Model):
    """One class: a curriculum taught by a provider's teacher, to a group, in a
    region, in person or online, over a run of sessions."""

    public_id = models.CharField(
        _("number"), max_length=11, unique=True, default=new_course_id, editable=False
    )
    programme = models.ForeignKey(
        "plans.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    curriculum = models.ForeignKey(
        Curriculum, verbose_name=_("curriculum"), on_delete=models.PROTECT, related_name="courses"
    )
    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="courses"
    )
    test = models.ForeignKey(
        TestDefinition,
        verbose_name=_("final test"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    region = models.CharField(_("region"), max_length=100)
    venue = models.CharField(_("venue or link"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    status = models.CharField(
        _("status"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.PLANNED
    )
    override_reason = models.TextField(_("why the quality criteria are overridden"), blank=True)
    overridden = models.JSONField(_("criteria overridden"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["starts_on", "pk"]
        indexes = [
            models.Index(fields=["status", "region"]),
            models.Index(fields=["provider", "starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="course_dates"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="course_has_places"),
            models.CheckConstraint(
                condition=Q(overridden=[]) | ~Q(override_reason=""),
                name="course_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "starts_at"], name="one_session_at_a_time"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="session_has_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.starts_at:%Y-%m-%d %H:%M}"


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("On the waitlist")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", pgettext_lazy("enrolment", "Completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")


# Enrolments that hold (or wait for) a place.
ACTIVE_ENROLMENT = (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED)


class Enrolment(models.Model):
    """A learner in a course (or waiting for a place), for a measure of their plan.
    The measure links back: the plan shows the course, the course the plan."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        "plans.Measure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=EnrolmentStatus.choices)
    requested_on = models.DateField(_("requested"))
    enrolled_on = models.DateField(_("enrolled"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    has_equipment = models.BooleanField(
        _("has a device and internet for online learning"), null=True, blank=True
    )
    override_reason = models.TextField(_("why the quality criteria are overridden"), blank=True)
    overridden = models.JSONField(_("criteria overridden"), default=list, blank=True)
    # Whoever enrolled the learner acted for this organisation (the case's).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    enrolled_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["pk"]
        indexes = [models.Index(fields=["course", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                condition=Q(status__in=["waiting", "enrolled"]),
                name="one_active_enrolment_per_course",
            ),
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(status__in=["waiting", "enrolled"]),
                name="one_active_enrolment_per_measure",
            ),
            models.CheckConstraint(
                condition=Q(overridden=[]) | ~Q(override_reason=""),
                name="enrolment_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.person_id}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=Presence.choices)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="one_mark_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.enrolment_id} {self.status}"


class Result(models.Model):
    """A learner's result in the course's test, recorded by an examiner (and, for
    speaking where the programme asks for it, a second examiner)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="result")
    test = models.ForeignKey(TestDefinition, on_delete=models.PROTECT, related_name="+")
    taken_on = models.DateField(_("taken on"))
    scores = models.JSONField(_("scores"))
    speaking_second = models.DecimalField(
        _("speaking (second examiner)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    # Two decimals: the mean of two examiners' half points can be a quarter point.
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2)
    level = models.CharField(_("level reached"), max_length=2, blank=True)
    passed = models.BooleanField(_("passed"))
    examiner = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="+")
    second_examiner = models.ForeignKey(
        Teacher, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=Q(second_examiner__isnull=True)
                | ~Q(second_examiner=models.F("examiner")),
                name="two_different_examiners",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.level or '-'}"


class Certificate(models.Model):
    """Issued for a passed result; anyone holding the code can check it is genuine.
    What it certifies is copied, so that it reads the same for ever."""

    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    holder = models.CharField(_("holder"), max_length=320)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    title = models.CharField(_("test"), max_length=200)
    level = models.CharField(_("level"), max_length=2, blank=True)
    provider = models.CharField(_("provider"), max_length=200)
    issued_on = models.DateField(_("issued"))
    revoked_on = models.DateField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking rows")
    WRITING = "writing", _("Saving")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Not imported: the file has errors")
    FAILED = "failed", _("Failed")


def new_result_import_id() -> str:
    return ids.public_id("R")


class ResultImport(models.Model):
    """A file of test results (an exam sitting's, say) loaded by a background task:
    every row is checked first, and the file is imported whole or not at all. The
    file is deleted once read; the error report (row, column, reason) is kept."""

    public_id = models.CharField(
        _("number"), max_length=11, unique=True, default=new_result_import_id, editable=False
    )
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    file_path = models.CharField(max_length=300, blank=True)
    file_size = models.PositiveBigIntegerField(_("size"), default=0)
    language = models.CharField(max_length=16, default="en")
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState.choices, default=ImportState.QUEUED
    )
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_imported = models.PositiveIntegerField(_("results imported"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows with errors"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    # The first errors found, as [row, column, reason]; the count is rows_rejected.
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("results import")
        verbose_name_plural = _("results imports")
        indexes = [models.Index(fields=["provider", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="result_import_progress_0_to_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.file_name}"
