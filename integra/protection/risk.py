"""Which workplaces to inspect first: a transparent score, in points, from what
the inspectorate knows of each workplace (ILO: labour inspection where migrants
work, led by complaints and past findings).

Pure: the facts come in (``Facts``, gathered by ``selectors.risk`` in a few grouped
queries), the score and the reasons for it go out. Every point has a reason an
inspector can read and argue with; there is no hidden model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The ISIC sections where migrant workers concentrate (ILO, Global estimates on
# international migrant workers): agriculture, construction, domestic work (the
# households as employers), hotels and restaurants.
MIGRANT_SECTORS = frozenset({"A", "F", "T", "I"})

COMPLAINT_WINDOW_DAYS = 365
VIOLATION_WINDOW_DAYS = 3 * 365
RECENT_VISIT_DAYS = 180
LARGE_WORKPLACE = 50  # workers


@dataclass(frozen=True)
class Weights:
    """Points per fact, and the most that each kind of fact may add."""

    complaint: float = 3.0  # each complaint linked in the last year
    complaint_cap: int = 5
    urgent: float = 3.0  # more for each urgent one (signs of trafficking)
    migrant_sector: float = 4.0
    open_violation: float = 5.0  # past its deadline, not remedied
    open_violation_cap: int = 3
    violation: float = 2.0  # each found in the last three years
    violation_cap: int = 5
    flagged_agency: float = 3.0  # a supplying agency with violations or no active licence
    flagged_agency_cap: int = 3
    never_visited: float = 2.0
    recent_visit: float = -3.0  # visited in the last six months, nothing open since
    large: float = 1.0


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Facts:
    sector: str = ""
    workers: int | None = None
    complaints: int = 0  # linked, lodged in the last year
    urgent_complaints: int = 0
    violations: int = 0  # found in the last three years
    open_violations: int = 0  # past the deadline, not remedied (any age)
    flagged_agencies: int = 0
    last_visit: date | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why points were given: a code, how many, and the points (for the page)."""

    code: str
    count: int
    points: float


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    reasons: tuple[Reason, ...]


def score(facts: Facts, *, today: date, weights: Weights = WEIGHTS) -> Scored:
    reasons: list[Reason] = []

    def add(code: str, count: int, points: float) -> None:
        if points:
            reasons.append(Reason(code, count, points))

    add(
        "complaints",
        facts.complaints,
        weights.complaint * min(facts.complaints, weights.complaint_cap),
    )
    add(
        "urgent",
        facts.urgent_complaints,
        weights.urgent * min(facts.urgent_complaints, weights.complaint_cap),
    )
    add(
        "open_violations",
        facts.open_violations,
        weights.open_violation * min(facts.open_violations, weights.open_violation_cap),
    )
    add(
        "violations",
        facts.violations,
        weights.violation * min(facts.violations, weights.violation_cap),
    )
    add(
        "flagged_agencies",
        facts.flagged_agencies,
        weights.flagged_agency * min(facts.flagged_agencies, weights.flagged_agency_cap),
    )
    if facts.sector in MIGRANT_SECTORS:
        add("migrant_sector", 1, weights.migrant_sector)
    if facts.workers is not None and facts.workers >= LARGE_WORKPLACE:
        add("large", facts.workers, weights.large)
    if facts.last_visit is None:
        add("never_visited", 0, weights.never_visited)
    elif (today - facts.last_visit).days <= RECENT_VISIT_DAYS and not facts.open_violations:
        add("recent_visit", (today - facts.last_visit).days, weights.recent_visit)
    total = max(0.0, sum(reason.points for reason in reasons))
    return Scored(score=round(total, 1), reasons=tuple(reasons))
