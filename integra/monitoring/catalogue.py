"""What the monitoring tables count, as plain data.

A *measure* is one thing counted per month in the summary tables (people
registered, plans agreed within 30 days, complaints closed …), with the
disaggregations its source can honestly give. An *indicator* (a database row,
editable) divides one measure by another, or shows one as a count, a sum or a
mean; the built-in indicators below are written to the database after every
migration and can then be given targets. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The disaggregations every statistic may offer (ARCHITECTURE.md rule 5), plus the
# measure's own category (CEFR level, complaint category …) and the period.
SEX = "sex"
AGE_BAND = "age_band"
CITIZENSHIP = "citizenship"
LEGAL_STATUS = "legal_status"
REGION = "region"
CATEGORY = "category"
PERIOD = "period"
PERSON_DIMENSIONS = (SEX, AGE_BAND, CITIZENSHIP, LEGAL_STATUS, REGION)
DIMENSIONS = (*PERSON_DIMENSIONS, CATEGORY, PERIOD)
DIMENSION_LABELS: dict[str, Promise] = {
    SEX: _("Sex"),
    AGE_BAND: _("Age band"),
    CITIZENSHIP: _("Citizenship"),
    LEGAL_STATUS: _("Legal status"),
    REGION: _("Region"),
    CATEGORY: _("Category"),
    PERIOD: _("Period"),
}
NOT_STATED = ""  # counted openly, shown as "Not stated"

AGE_BANDS = ((0, 17), (18, 24), (25, 34), (35, 49), (50, 64), (65, 200))


def age_band(birth_year: int | None, year: int) -> str:
    """The band of the age reached in the year of the event: birth years are what
    the registry knows for everyone (a full date is often estimated)."""
    if birth_year is None:
        return NOT_STATED
    age = year - birth_year
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high >= 200 else f"{low}-{high}"
    return NOT_STATED


# How a measure's months add up to a longer period: flows add; a stock is the
# value at the period's last month.
FLOW = "flow"
STOCK = "stock"


@dataclass(frozen=True)
class Measure:
    code: str
    label: Promise
    kind: str = FLOW
    dimensions: tuple[str, ...] = (*PERSON_DIMENSIONS, PERIOD)
    category_label: Promise | None = None


_AREA = (REGION, CATEGORY, PERIOD)

MEASURES: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure("registrations", _("People registered")),
        Measure("registered", _("People in the registry"), kind=STOCK),
        Measure(
            "status_changes",
            _("Legal-status decisions recorded"),
            dimensions=(SEX, AGE_BAND, CITIZENSHIP, REGION, CATEGORY, PERIOD),
            category_label=_("New status"),
        ),
        Measure("cohort_30_days", _("People registered at least 30 days before")),
        Measure("plan_within_30_days", _("People with a plan agreed within 30 days")),
        Measure(
            "measures_ended",
            _("Plan measures ended"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("Plan domain"),
        ),
        Measure(
            "measures_done",
            _("Plan measures completed"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("Plan domain"),
        ),
        Measure("referral_acceptances", _("Days from sending a referral to its acceptance")),
        Measure(
            "enrolments",
            _("Course enrolments"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("CEFR level"),
        ),
        Measure(
            "enrolment_waits",
            _("Days from request to enrolment"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("CEFR level"),
        ),
        Measure(
            "courses_ended",
            _("Course enrolments ended"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("CEFR level"),
        ),
        Measure(
            "courses_completed",
            _("Courses completed"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("CEFR level"),
        ),
        Measure(
            "tests_taken",
            _("Tests taken"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("CEFR level"),
        ),
        Measure(
            "tests_passed",
            _("Tests passed"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("CEFR level"),
        ),
        # Complaints are often anonymous: only where they come from and what they are
        # about is counted, never who lodged them (the firewall, ARCHITECTURE.md rule 2).
        Measure(
            "complaints", _("Complaints lodged"), dimensions=_AREA, category_label=_("Category")
        ),
        Measure(
            "complaints_closed",
            _("Days from lodging to closing a complaint"),
            dimensions=_AREA,
            category_label=_("Category"),
        ),
        Measure("inspections", _("Inspection visits"), dimensions=(REGION, PERIOD)),
        # Migrants' voice (R25): answers to the portal's surveys, by who answered.
        Measure(
            "satisfaction_answers",
            _("Answers on satisfaction with services"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("Survey"),
        ),
        Measure(
            "satisfied_answers",
            _("Answers satisfied or very satisfied"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("Survey"),
        ),
        Measure(
            "discrimination_answers",
            _("Answers on experienced discrimination"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("Survey"),
        ),
        Measure(
            "discrimination_reported",
            _("Answers that discrimination was experienced"),
            dimensions=(*PERSON_DIMENSIONS, CATEGORY, PERIOD),
            category_label=_("Survey"),
        ),
        Measure(
            "violations",
            _("Violations found"),
            dimensions=_AREA,
            category_label=_("Violation"),
        ),
    )
}

# How an indicator turns its measures into a number.
COUNT = "count"  # the numerator's people or events
MEAN = "mean"  # the numerator's values over its count (days)
RATE = "rate"  # numerator over denominator, in per cent
CALCULATIONS = (COUNT, MEAN, RATE)


@dataclass(frozen=True)
class BuiltIn:
    code: str
    name: Promise
    numerator: str
    calculation: str
    unit: str
    direction: str
    source: Promise
    denominator: str = ""
    periodicity: str = "quarter"
    description: Promise | str = ""


_REGISTRY = _("Registry")
_PLANS = _("Integration plans")
_COURSES = _("Courses and tests")
_REFERRALS = _("Referrals to partners")
_PROTECTION = _("Complaints and inspections")
_VOICE = _("Migrants' surveys")

BUILT_IN: tuple[BuiltIn, ...] = (
    BuiltIn(
        "arrivals", _("Arrivals registered"), "registrations", COUNT, "people", "neutral", _REGISTRY
    ),
    BuiltIn(
        "registry_stock",
        _("People in the registry"),
        "registered",
        COUNT,
        "people",
        "neutral",
        _REGISTRY,
        description=_(
            "Registered people at the end of the period (merged duplicates not counted)."
        ),
    ),
    BuiltIn(
        "status_changes",
        _("Legal-status decisions"),
        "status_changes",
        COUNT,
        "decisions",
        "neutral",
        _REGISTRY,
    ),
    BuiltIn(
        "plan_within_30_days",
        _("Share with an agreed plan within 30 days"),
        "plan_within_30_days",
        RATE,
        "%",
        "higher",
        _PLANS,
        denominator="cohort_30_days",
        description=_(
            "Of the people registered in the period (at least 30 days ago), the share "
            "whose first integration plan was agreed within 30 days of registration."
        ),
    ),
    BuiltIn(
        "measure_completion",
        _("Plan measure completion"),
        "measures_done",
        RATE,
        "%",
        "higher",
        _PLANS,
        denominator="measures_ended",
        description=_("Of the plan measures that ended in the period, the share done."),
    ),
    BuiltIn(
        "referral_acceptance",
        _("Time for a partner to accept a referral"),
        "referral_acceptances",
        MEAN,
        "days",
        "lower",
        _REFERRALS,
        description=_(
            "Of the referrals accepted in the period, the mean number of days between "
            "sending and acceptance."
        ),
    ),
    BuiltIn(
        "course_enrolments",
        _("Course enrolments"),
        "enrolments",
        COUNT,
        "people",
        "higher",
        _COURSES,
    ),
    BuiltIn(
        "course_completion",
        _("Course completion rate"),
        "courses_completed",
        RATE,
        "%",
        "higher",
        _COURSES,
        denominator="courses_ended",
    ),
    BuiltIn(
        "test_pass_rate",
        _("Test pass rate"),
        "tests_passed",
        RATE,
        "%",
        "higher",
        _COURSES,
        denominator="tests_taken",
    ),
    BuiltIn(
        "course_wait",
        _("Waiting time for a course place"),
        "enrolment_waits",
        MEAN,
        "days",
        "lower",
        _COURSES,
    ),
    BuiltIn(
        "complaints",
        _("Complaints lodged"),
        "complaints",
        COUNT,
        "complaints",
        "neutral",
        _PROTECTION,
    ),
    BuiltIn(
        "complaint_resolution",
        _("Time to close a complaint"),
        "complaints_closed",
        MEAN,
        "days",
        "lower",
        _PROTECTION,
    ),
    BuiltIn(
        "inspections",
        _("Inspection visits"),
        "inspections",
        COUNT,
        "visits",
        "neutral",
        _PROTECTION,
    ),
    BuiltIn(
        "satisfaction",
        _("Satisfaction with services"),
        "satisfied_answers",
        RATE,
        "%",
        "higher",
        _VOICE,
        denominator="satisfaction_answers",
        description=_(
            "Of the answers to survey questions on satisfaction with services, the share "
            "satisfied or very satisfied (4 or 5 on the scale of 1 to 5)."
        ),
    ),
    BuiltIn(
        "discrimination_experienced",
        _("Experienced discrimination"),
        "discrimination_reported",
        RATE,
        "%",
        "lower",
        _VOICE,
        denominator="discrimination_answers",
        description=_(
            "Of the answers to survey questions on discrimination, the share saying it "
            "was experienced."
        ),
    ),
    BuiltIn(
        "violations",
        _("Violations found"),
        "violations",
        COUNT,
        "violations",
        "lower",
        _PROTECTION,
    ),
)


def allowed_dimensions(numerator: str, denominator: str = "") -> tuple[str, ...]:
    """The disaggregations both measures can give."""
    dims = MEASURES[numerator].dimensions
    if denominator:
        other = set(MEASURES[denominator].dimensions)
        dims = tuple(d for d in dims if d in other)
    return dims


# --- Built-in dashboards: (indicator, chart, rows, columns) per role ---------------------------


@dataclass(frozen=True)
class BuiltInDashboard:
    code: str
    title: Promise
    description: Promise
    roles: tuple[str, ...]
    charts: tuple[tuple[str, str, str, str], ...]


BUILT_IN_DASHBOARDS: tuple[BuiltInDashboard, ...] = (
    BuiltInDashboard(
        "integration",
        _("Integration at a glance"),
        _("Arrivals, the registry, plans and courses, for the coordinating authority."),
        ("coordinator", "admin"),
        (
            ("arrivals", "stacked", PERIOD, SEX),
            ("registry_stock", "line", PERIOD, ""),
            ("plan_within_30_days", "bar", REGION, ""),
            ("measure_completion", "bar", CATEGORY, ""),
            ("course_completion", "stacked", CATEGORY, SEX),
            ("course_wait", "line", PERIOD, ""),
        ),
    ),
    BuiltInDashboard(
        "population",
        _("Who is registered"),
        _("The registry by sex, age band, citizenship, legal status and region."),
        ("analyst",),
        (
            ("registry_stock", "stacked", AGE_BAND, SEX),
            ("registry_stock", "bar", CITIZENSHIP, ""),
            ("registry_stock", "pivot", LEGAL_STATUS, SEX),
            ("arrivals", "stacked", REGION, SEX),
            ("status_changes", "line", PERIOD, ""),
        ),
    ),
    BuiltInDashboard(
        "protection",
        _("Workers' protection"),
        _("Complaints, how long they take, inspection visits and violations, by region."),
        ("coordinator", "analyst"),
        (
            ("complaints", "stacked", REGION, CATEGORY),
            ("complaint_resolution", "line", PERIOD, ""),
            ("inspections", "bar", REGION, ""),
            ("violations", "pivot", CATEGORY, PERIOD),
        ),
    ),
)
