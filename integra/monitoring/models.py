"""Indicators (data, editable) and the summary tables the statistics are read from.

The summary tables play the part of DHIS2's analytics tables: a background task
rebuilds them from the live records (`services.refresh`), and every published
number is read from them, aggregated and disclosure-controlled at query time
(`selectors.tables`). They hold counts per month and combination of
disaggregations, never a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integra.core import ids
from integra.core.models import Organisation
from integra.monitoring import catalogue


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither")


class Periodicity(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class Calculation(models.TextChoices):
    COUNT = catalogue.COUNT, _("Count")
    MEAN = catalogue.MEAN, _("Mean")
    RATE = catalogue.RATE, _("Rate (per cent)")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    numerator = models.CharField(_("numerator"), max_length=64)
    denominator = models.CharField(_("denominator"), max_length=64, blank=True)
    calculation = models.CharField(_("calculation"), max_length=8, choices=Calculation.choices)
    unit = models.CharField(_("unit"), max_length=32)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    periodicity = models.CharField(
        _("periodicity"), max_length=8, choices=Periodicity.choices, default=Periodicity.QUARTER
    )
    source = models.CharField(_("source"), max_length=200)
    disaggregations = models.JSONField(_("allowed disaggregations"), default=list)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    built_in = models.BooleanField(_("built in"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(calculation=catalogue.RATE) | ~Q(denominator=""),
                name="indicator_rate_has_denominator",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    # Built-in indicators are stored in English and shown in the reader's language
    # (their texts are in the catalogue, so in the translation files).
    @property
    def label(self) -> str:
        return gettext(self.name) if self.built_in and self.name else self.name

    @property
    def description_label(self) -> str:
        return gettext(self.description) if self.built_in and self.description else self.description

    @property
    def source_label(self) -> str:
        return gettext(self.source) if self.built_in and self.source else self.source


class Fact(models.Model):
    """One cell of the summary table: a measure in a month for one combination of
    disaggregations. `value` adds up the measure's amounts (days waited …) so that
    means can be formed; "" in a disaggregation is "not stated"."""

    measure = models.CharField(max_length=64)
    period = models.DateField()  # the first day of the month
    sex = models.CharField(max_length=16, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    citizenship = models.CharField(max_length=2, blank=True)
    legal_status = models.CharField(max_length=32, blank=True)
    region = models.CharField(max_length=100, blank=True)
    category = models.CharField(max_length=64, blank=True)
    count = models.BigIntegerField()
    value = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["measure", "period"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.period:%Y-%m}"


class RefreshState(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Refresh(models.Model):
    """A rebuild of the summary tables: the pages show when the last one finished."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=8, choices=RefreshState.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    facts = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "-finished_at"])]

    def __str__(self) -> str:
        return f"refresh {self.started_at:%Y-%m-%d %H:%M} {self.state}"


# --- Dashboards (R24): charts of indicators, per role -----------------------------------------


class ChartKind(models.TextChoices):
    BAR = "bar", _("Bars")
    STACKED = "stacked", _("Stacked bars")
    LINE = "line", _("Line")
    PIVOT = "pivot", _("Pivot table")


class Dashboard(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The roles whose members see it first; anyone who may see statistics can open it.
    roles = models.JSONField(_("for roles"), default=list)
    position = models.PositiveSmallIntegerField(default=0)
    built_in = models.BooleanField(_("built in"), default=False)

    class Meta:
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboards")

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return gettext(self.title) if self.built_in and self.title else self.title

    @property
    def description_label(self) -> str:
        return gettext(self.description) if self.built_in and self.description else self.description


class Chart(models.Model):
    dashboard = models.ForeignKey(Dashboard, on_delete=models.CASCADE, related_name="charts")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("chart"), max_length=8, choices=ChartKind.choices)
    rows = models.CharField(_("rows"), max_length=16)
    columns = models.CharField(_("columns"), max_length=16, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chart")
        verbose_name_plural = _("charts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(rows=models.F("columns")), name="chart_two_breakdowns"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dashboard_id}:{self.indicator_id}"


# --- Funding (R26): sources, budget lines per programme and measure, spending -----------------


def new_budget_line_id() -> str:
    return ids.public_id("B")


class SourceKind(models.TextChoices):
    STATE = "state", _("State budget")
    LOCAL = "local", _("Local budget")
    BILATERAL = "bilateral", _("Bilateral donor")
    MULTILATERAL = "multilateral", _("Multilateral (e.g. EU funds)")
    PRIVATE = "private", _("Private or other")


class FundingSource(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """Money a source gives a programme (or one of its measures) for a year."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_budget_line_id, editable=False
    )
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="lines")
    programme = models.ForeignKey("plans.Programme", on_delete=models.PROTECT, related_name="+")
    # Empty: the programme as a whole (it funds every measure of it).
    measure = models.ForeignKey(
        "plans.ProgrammeMeasure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [models.Index(fields=["programme", "year"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="budget_line_year"
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class Movement(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    SPENDING = "spending", _("Spending")


class BudgetEntry(models.Model):
    """Money committed (contracted) or spent (paid) on a budget line."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="entries")
    movement = models.CharField(_("movement"), max_length=16, choices=Movement.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")
        indexes = [models.Index(fields=["line", "movement"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_entry_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.movement} {self.amount}"


# --- Good practices (R28) -------------------------------------------------------------------


def new_practice_id() -> str:
    return ids.public_id("E")  # an Example to follow


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Practice(models.Model):
    """A good practice of an authority, shared with the others."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_practice_id, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    area = models.CharField(_("area"), max_length=16)  # core.domains.Domain
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"))
    evidence = models.TextField(_("evidence of results"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    # Lower-cased, transliterated words of the title, summary and description, for search.
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["status", "area", "country"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


# --- The periodic implementation report (R27) and its policy section -----------------------


class RatificationStatus(models.TextChoices):
    RATIFIED = "ratified", _("Ratified")
    SIGNED = "signed", _("Signed, not ratified")
    NOT_SIGNED = "not_signed", _("Not signed")
    DENOUNCED = "denounced", _("Denounced")


class Ratification(models.Model):
    """Where the country stands on an international instrument (reference data,
    edited by the coordinating authority): ILO C97, C143, C181, the 1990 UN
    Convention on migrant workers."""

    instrument = models.CharField(_("instrument"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=RatificationStatus.choices)
    on = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")

    def __str__(self) -> str:
        return self.instrument


class SelfAssessment(models.Model):
    """A MIPEX-style self-assessment of national policy for a year: each question of
    the eight areas answered 0, 50 or 100; an area scores the mean of its answers."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    answers = models.JSONField(_("answers"), default=dict)  # question code -> 0 | 50 | 100
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("policy self-assessment")
        verbose_name_plural = _("policy self-assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="self_assessment_year"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


def new_report_id() -> str:
    return ids.public_id("O")  # an Overview of implementation


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """A periodic implementation report: written in the background, then kept."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_report_id, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8)
    state = models.CharField(_("state"), max_length=8, choices=ReportState.choices)
    # Paths in the default storage (as complaint evidence is kept), under reports/.
    html_path = models.CharField(max_length=300, blank=True)
    pdf_path = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="report_period"),
        ]

    def __str__(self) -> str:
        return self.public_id


# --- Migrants' voice (R25): short surveys answered in the portal ----------------------------


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    """A short survey in the portal's five languages. Its answers are only ever
    read as disclosure-controlled aggregates (indicators), never one by one."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.JSONField(_("title"), default=dict)  # language -> text
    introduction = models.JSONField(_("introduction"), default=dict)  # language -> text
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.code


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("A scale from 1 (very dissatisfied) to 5 (very satisfied)")
    YES_NO = "yes_no", _("Yes or no")


class Feeds(models.TextChoices):
    """Which indicator a question's answers count towards."""

    NOTHING = "", _("No indicator")
    SATISFACTION = "satisfaction", _("Satisfaction with services")
    DISCRIMINATION = "discrimination", _("Experienced discrimination")


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)  # language -> text
    feeds = models.CharField(_("counts towards"), max_length=16, choices=Feeds.choices, blank=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.position}"


class SurveyResponse(models.Model):
    """One person's answers to a survey (one response each)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="one_response_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    # 1 to 5 on a scale; 1 (yes) or 0 (no).
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(condition=Q(value__lte=5), name="survey_answer_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}={self.value}"
