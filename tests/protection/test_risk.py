"""The risk list (R19): the pure score (integra/protection/risk.py) and the ranking
of the register (integra/protection/selectors/risk.py), which must agree with the
naive reading of each workplace one by one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import PermissionDenied
from integra.protection import risk
from integra.protection.models import (
    Agency,
    AgencyViolation,
    Complaint,
    Inspection,
    Licence,
    Violation,
    Workplace,
)
from integra.protection.selectors import risk as ranking

TODAY = date(2026, 11, 23)


# --- The score ---------------------------------------------------------------------------


def test_an_unknown_workplace_scores_only_for_never_being_visited():
    scored = risk.score(risk.Facts(), today=TODAY)
    assert scored.score == 2.0
    assert [reason.code for reason in scored.reasons] == ["never_visited"]


def test_every_fact_adds_its_points_with_a_reason():
    facts = risk.Facts(
        sector="F",
        workers=120,
        complaints=2,
        urgent_complaints=1,
        violations=3,
        open_violations=1,
        flagged_agencies=1,
        last_visit=TODAY - timedelta(days=400),
    )
    scored = risk.score(facts, today=TODAY)
    points = {reason.code: reason.points for reason in scored.reasons}
    assert points == {
        "complaints": 6.0,
        "urgent": 3.0,
        "open_violations": 5.0,
        "violations": 6.0,
        "flagged_agencies": 3.0,
        "migrant_sector": 4.0,
        "large": 1.0,
    }
    assert scored.score == 28.0


def test_counts_are_capped_so_one_fact_cannot_drown_the_others():
    many = risk.score(risk.Facts(complaints=40, last_visit=TODAY), today=TODAY)
    five = risk.score(risk.Facts(complaints=5, last_visit=TODAY), today=TODAY)
    assert many.score == five.score


def test_a_recent_visit_lowers_the_score_unless_violations_are_still_open():
    recent = TODAY - timedelta(days=30)
    calm = risk.score(risk.Facts(sector="A", last_visit=recent), today=TODAY)
    assert calm.score == 1.0  # 4 for the sector, -3 for the visit
    still_open = risk.score(
        risk.Facts(sector="A", open_violations=1, last_visit=recent), today=TODAY
    )
    assert still_open.score == 9.0
    assert risk.score(risk.Facts(last_visit=recent), today=TODAY).score == 0.0  # never below 0


def test_only_the_sectors_where_migrants_concentrate_count():
    for sector in ("A", "F", "T", "I"):
        assert (
            risk.score(
                risk.Facts(sector=sector, last_visit=TODAY - timedelta(days=999)), today=TODAY
            ).score
            == 4.0
        )
    assert (
        risk.score(
            risk.Facts(sector="K", last_visit=TODAY - timedelta(days=999)), today=TODAY
        ).score
        == 0.0
    )


# --- The ranking -------------------------------------------------------------------------


def _workplace(people, employer: str, **fields) -> Workplace:
    return Workplace.objects.create(
        employer=employer,
        search_name=employer.lower(),
        created_by=people["inspector"],
        created_at=timezone.now(),
        **fields,
    )


def _complaint(place: Workplace, *, urgent: bool = False, days_ago: int = 10) -> None:
    Complaint.objects.create(
        tracking_digest=f"{place.pk}-{Complaint.objects.count()}",
        lodged_via="public",
        language="en",
        anonymous=True,
        description="Unpaid for three months.",
        categories=["wages"],
        urgent=urgent,
        workplace_record=place,
        lodged_at=timezone.now() - timedelta(days=days_ago),
    )


def _inspection(people, orgs, place: Workplace, *, visited: date) -> Inspection:
    return Inspection.objects.create(
        workplace=place,
        organisation=orgs["inspectorate"],
        reason="risk",
        status="done",
        planned_for=visited,
        visited_on=visited,
        created_by=people["inspector"],
        created_at=timezone.now(),
    )


def _violation(
    people,
    inspection: Inspection,
    *,
    found: date,
    remedy_by: date | None,
    remedied: date | None = None,
) -> None:
    Violation.objects.create(
        inspection=inspection,
        workplace=inspection.workplace,
        kind="wages",
        description="Wages three months late.",
        found_on=found,
        remedy_by=remedy_by,
        remedied_on=remedied,
        recorded_by=people["inspector"],
        recorded_at=timezone.now(),
    )


def _agency(people, orgs, name: str, *, licensed: bool, violation: bool) -> Agency:
    agency = Agency.objects.create(
        name=name,
        registration_number=name,
        country="MD",
        search_name=name.lower(),
        created_by=people["inspector"],
        created_at=timezone.now(),
    )
    if licensed:
        Licence.objects.create(
            agency=agency,
            number=f"L-{name}",
            status="active",
            applied_on=TODAY - timedelta(days=400),
            valid_from=TODAY - timedelta(days=300),
            valid_until=TODAY + timedelta(days=300),
            issued_by=orgs["inspectorate"],
            created_at=timezone.now(),
        )
    if violation:
        AgencyViolation.objects.create(
            agency=agency,
            kind="fee_charged",
            found_on=TODAY - timedelta(days=100),
            description="Charged each worker 500 euros.",
            amount=Decimal("500"),
            currency="EUR",
            recorded_by=people["inspector"],
            organisation=orgs["inspectorate"],
            recorded_at=timezone.now(),
        )
    return agency


@pytest.fixture
def register(people, orgs):
    """Five workplaces whose order is known."""
    today = timezone.localdate()
    quiet = _workplace(people, "Quiet Bank", sector="K")  # 2: never visited
    vineyard = _workplace(people, "Vineyard", sector="A", region="Cahul")  # 4 + 2 + complaints
    for urgent in (True, False, False):
        _complaint(vineyard, urgent=urgent)
    _complaint(vineyard, days_ago=400)  # too old to count
    builder = _workplace(people, "Builder", sector="F", region="Chișinău")
    visit = _inspection(people, orgs, builder, visited=today - timedelta(days=90))
    _violation(people, visit, found=visit.visited_on, remedy_by=today - timedelta(days=10))
    _violation(
        people,
        visit,
        found=visit.visited_on,
        remedy_by=today - timedelta(days=10),
        remedied=today - timedelta(days=20),
    )
    hotel = _workplace(people, "Hotel", sector="I", region="Chișinău")
    _inspection(people, orgs, hotel, visited=today - timedelta(days=20))  # 4 - 3
    shop = _workplace(people, "Shop", sector="G")
    shop.agencies.add(_agency(people, orgs, "Unlicensed Ltd", licensed=False, violation=False))
    shop.agencies.add(_agency(people, orgs, "Fined Ltd", licensed=True, violation=True))
    shop.agencies.add(_agency(people, orgs, "Clean Ltd", licensed=True, violation=False))
    return {"quiet": quiet, "vineyard": vineyard, "builder": builder, "hotel": hotel, "shop": shop}


def test_the_register_is_ranked_by_score_with_reasons(people, register):
    page = ranking.rank_workplaces(actor=access.actor_for(people["inspector"]))
    assert page.total == 5
    assert [row.employer for row in page.rows] == [
        "Vineyard",
        "Builder",
        "Shop",
        "Quiet Bank",
        "Hotel",
    ]
    vineyard, builder, shop = page.rows[0], page.rows[1], page.rows[2]
    assert (vineyard.complaints, vineyard.score) == (3, 18.0)  # 9 + 3 urgent + 4 + 2
    assert "3 complaints in the last year" in vineyard.reasons
    assert (builder.violations, builder.open_violations) == (2, 1)
    assert builder.score == 13.0  # 5 open + 4 for two violations + 4 for the sector
    assert shop.flagged_agencies == 2
    assert shop.score == 8.0  # 6 for two agencies of concern + 2 never visited
    assert page.rows[-1].last_visit is not None


def test_filters_and_pages(people, register):
    actor = access.actor_for(people["inspector"])
    page = ranking.rank_workplaces(actor=actor, region="Chișinău")
    assert [row.employer for row in page.rows] == ["Builder", "Hotel"]
    assert ranking.rank_workplaces(actor=actor, sector="A").total == 1
    second = ranking.rank_workplaces(actor=actor, limit=2, offset=2)
    assert [row.employer for row in second.rows] == ["Shop", "Quiet Bank"]
    assert second.total == 5


def test_the_ranking_agrees_with_the_naive_reading(people, register):
    """The grouped queries give every workplace the facts one would read one by one."""
    today = timezone.localdate()
    known = ranking.facts(workplaces=Workplace.objects.all(), today=today, filtered=False)
    for place in register.values():
        year_ago = timezone.now() - timedelta(days=risk.COMPLAINT_WINDOW_DAYS)
        complaints = place.complaints.filter(lodged_at__gte=year_ago)
        assert known[place.pk].complaints == complaints.count()
        assert known[place.pk].urgent_complaints == complaints.filter(urgent=True).count()
        assert (
            known[place.pk].open_violations
            == place.violations.filter(remedied_on__isnull=True, remedy_by__lt=today).count()
        )
        concern = ranking.agencies_of_concern(today=today)
        assert known[place.pk].flagged_agencies == place.agencies.filter(pk__in=concern).count()


@pytest.mark.parametrize(
    "persona", ["caseworker", "coordinator", "analyst", "partner", "admin", "dpo"]
)
def test_only_inspectors_read_the_risk_list(people, register, persona):
    with pytest.raises(PermissionDenied):
        ranking.rank_workplaces(actor=access.actor_for(people[persona]))
