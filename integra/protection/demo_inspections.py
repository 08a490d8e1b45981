"""Demo labour inspection for Moldova (R19), through the services, by the demo
user "inspector" of the State Labour Inspectorate.

Some forty workplaces across the regions, most in the sectors where migrants
work (agriculture, construction, hotels and restaurants, domestic work) and some
in manufacturing, trade and transport; a few supplied by agencies of the
agencies demo, and those named in the complaints demo linked to their
complaints. A dozen inspections: done with violations and sanctions (fines paid
and not), a follow-up that found the remedies, one follow-up due, some planned,
one cancelled. Loaded once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from integra.core.access import Actor, actor_for
from integra.core.errors import ApplicationError
from integra.core.models import User
from integra.protection import licensing
from integra.protection.demo_complaints import STORIES
from integra.protection.models import Complaint, Inspection, Sanction, Violation, Workplace
from integra.protection.selectors import complaints as complaint_selectors
from integra.protection.services import inspections as services

# (employer, site, region, sector, workers, agencies supplying it)
PLACES: list[tuple[str, str, str, str, int | None, tuple[str, ...]]] = [
    (
        "Podgoria Sud SRL",
        "Vineyard near Crihana Veche",
        "Cahul",
        "A",
        60,
        ("Prut Recruitment SRL",),
    ),
    ("Edil-Construct SA", "Residential block, str. Petricani", "Chișinău", "F", 140, ()),
    (
        "Vinăria Purcari SRL",
        "Vineyards of Purcari",
        "Ștefan Vodă",
        "A",
        220,
        ("Agenția Ștefan Vodă Muncă SRL",),
    ),
    (
        "Livada Nordului SRL",
        "Apple orchard, Cotiujeni",
        "Soroca",
        "A",
        45,
        ("Nord Est Recrutare SRL",),
    ),
    ("Agro-Bugeac SRL", "Sunflower fields", "Comrat", "A", 35, ("Bugeac Agro Staff SRL",)),
    ("Fructe de Prut SRL", "Plum orchard, Leova road", "Cahul", "A", 30, ()),
    ("Codru Berries SRL", "Raspberry farm", "Ungheni", "A", 25, ("Codru Personal SRL",)),
    ("Vinăria Mileștii Mici", "Cellars", "Ialoveni", "A", 90, ()),
    ("Sera Verde SRL", "Greenhouses, Anenii Noi", "Anenii Noi", "A", 40, ()),
    ("Nuci de Orhei SRL", "Walnut plantation", "Orhei", "A", 18, ()),
    (
        "Construcții Moderne SRL",
        "Office tower, bd. Dacia",
        "Chișinău",
        "F",
        110,
        ("Carpați Work Abroad SRL",),
    ),
    ("Drumuri Nord SA", "Road M14 repairs, Bălți section", "Bălți", "F", 75, ()),
    ("Lagmar Construct SRL", "Apartment blocks, Telecentru", "Chișinău", "F", 200, ()),
    ("Casa Ta Construct SRL", "Private houses, Durlești", "Chișinău", "F", 22, ()),
    ("Pod Prut SA", "Bridge works, Ungheni", "Ungheni", "F", 65, ()),
    ("Comrat Build SRL", "School renovation", "Comrat", "F", 28, ()),
    ("Hotel Codru SA", "Hotel and restaurant", "Chișinău", "I", 85, ("Moldova Care Jobs SRL",)),
    ("Resort Vadul lui Vodă SRL", "Summer resort", "Chișinău", "I", 70, ()),
    ("La Plăcinte SRL", "Restaurant, str. Ismail", "Chișinău", "I", 40, ()),
    ("Pensiunea Orheiul Vechi", "Guest house", "Orhei", "I", 12, ()),
    ("Motel Drumul Nordului", "Motel and café", "Soroca", "I", 15, ()),
    ("Cafeneaua Centrală SRL", "Café, Bălți centre", "Bălți", "I", 20, ()),
    ("Hotel Cahul SA", "Hotel", "Cahul", "I", 35, ()),
    ("Household Rotaru", "Private household, Botanica", "Chișinău", "T", 1, ()),
    ("Household Ceban", "Private household, Buiucani", "Chișinău", "T", 2, ()),
    ("Household Lungu", "Private household", "Bălți", "T", 1, ()),
    (
        "Household Popa",
        "Private household, Ialoveni",
        "Ialoveni",
        "T",
        1,
        ("Moldova Care Jobs SRL",),
    ),
    ("Household Moraru", "Private household", "Orhei", "T", 1, ()),
    ("Textila Nord SRL", "Garment factory", "Bălți", "C", 150, ("Orizont Job Consulting SRL",)),
    ("Mobila Codru SRL", "Furniture workshop", "Strășeni", "C", 55, ()),
    ("Carne Bună SRL", "Meat processing plant", "Hîncești", "C", 95, ()),
    ("Panificația Comrat SA", "Bakery", "Comrat", "C", 45, ()),
    ("Conserve Florești SA", "Cannery", "Florești", "C", 120, ()),
    ("Piața Centrală Stalls", "Market stalls", "Chișinău", "G", 60, ()),
    ("Agromarket Nord SRL", "Wholesale depot", "Bălți", "G", 35, ()),
    ("Auto Service Edineț SRL", "Car repairs", "Edineț", "G", 10, ()),
    ("Trans-Logistic SRL", "Warehouse and fleet, Aeroport", "Chișinău", "H", 80, ()),
    ("Cargo Prut SRL", "Border logistics, Leușeni", "Hîncești", "H", 40, ()),
    ("Taxi Rapid SRL", "Taxi fleet", "Chișinău", "H", 50, ()),
    ("Autogara Nord SA", "Bus station", "Bălți", "H", 30, ()),
]


def _at(days_ago: int, now: datetime) -> datetime:
    return now - timedelta(days=days_ago)


def _register(actor: Actor, now: datetime) -> dict[str, Workplace]:
    made: dict[str, Workplace] = {}
    named = {story.employer: story for story in STORIES if story.employer}
    places = list(PLACES)
    known = {p[0] for p in places}
    for employer, story in named.items():  # every employer a complaint names
        if employer not in known:
            places.append((employer, story.workplace, story.region, story.sector, None, ()))
    for index, (employer, site, region, sector, workers, agencies) in enumerate(places):
        workplace = services.workplace_register(
            actor=actor,
            data=services.WorkplaceData(
                employer=employer,
                name=site,
                region=region,
                sector=sector,
                workers=workers,
                registration_number=f"10036{index:08d}",
            ),
            now=_at(200 - index, now),
        )
        for name in agencies:
            agency = complaint_selectors.agency_by_name(name=name)
            if agency is not None:
                services.workplace_agency_link(
                    actor=actor, workplace=workplace, agency=agency.public_id, now=now
                )
        made[employer] = workplace
    return made


def _link_complaints(actor: Actor, places: dict[str, Workplace], now: datetime) -> int:
    by_key = {licensing.search_key(e): w for e, w in places.items()}
    linked = 0
    for complaint in Complaint.objects.exclude(employer="").order_by("lodged_at", "pk"):
        workplace = by_key.get(licensing.search_key(complaint.employer))
        if workplace is None:
            continue
        try:
            services.complaint_workplace_link(
                actor=actor, complaint=complaint, workplace=workplace.public_id, now=now
            )
        except ApplicationError:  # a complaint the inspectorate does not handle
            continue
        linked += 1
    return linked


def _plan(
    actor: Actor, workplace: Workplace, reason: str, days_ago: int, now: datetime
) -> Inspection:
    complaints: tuple[str, ...] = ()
    if reason == "complaint":
        complaints = tuple(workplace.complaints.values_list("public_id", flat=True))
        if not complaints:
            reason = "other"
    return services.inspection_plan(
        actor=actor,
        workplace=workplace,
        data=services.PlanData(
            reason=reason,
            planned_for=(now - timedelta(days=days_ago)).date(),
            complaints=complaints,
        ),
        now=_at(max(days_ago, 0) + 10, now),
    )


def _visit(
    actor: Actor, inspection: Inspection, findings: str, workers: int, now: datetime
) -> Inspection:
    return services.visit_record(
        actor=actor,
        inspection=inspection,
        data=services.VisitData(
            visited_on=inspection.planned_for, findings=findings, workers_interviewed=workers
        ),
        now=now,
    )


def _violation(
    actor: Actor, inspection: Inspection, kind: str, text: str, workers: int, days: int
) -> Violation:
    assert inspection.visited_on is not None
    return services.violation_record(
        actor=actor,
        inspection=inspection,
        data=services.ViolationData(
            kind=kind,
            description=text,
            workers_affected=workers,
            remedy_by=inspection.visited_on + timedelta(days=days),
        ),
    )


def _fine(
    actor: Actor, violation: Violation, amount: str, *, paid_after: int | None, now: datetime
) -> Sanction:
    sanction = services.sanction_record(
        actor=actor,
        violation=violation,
        data=services.SanctionData(
            kind="fine",
            imposed_on=violation.found_on + timedelta(days=3),
            amount=Decimal(amount),
            currency="MDL",
        ),
        now=now,
    )
    if paid_after is not None:
        services.sanction_paid(
            actor=actor,
            sanction=sanction,
            paid_on=violation.found_on + timedelta(days=paid_after),
            now=now,
        )
    return sanction


@transaction.atomic
def load() -> str:
    if Workplace.objects.exists():
        return f"Inspections: already loaded ({Workplace.objects.count()} workplaces)."
    user = User.objects.filter(username="inspector").first()
    if user is None:
        return "Inspections: skipped (no demo user 'inspector')."
    actor = actor_for(user)
    now = timezone.now()
    places = _register(actor, now)
    linked = _link_complaints(actor, places, now)

    # 1. The vineyard of the first complaint: wages unpaid, fined, then paid and remedied.
    vineyard = _plan(actor, places["Podgoria Sud SRL"], "complaint", 100, now)
    vineyard = _visit(
        actor, vineyard, "Twelve pickers unpaid for four weeks; no written contracts.", 9, now
    )
    wages = _violation(actor, vineyard, "wages", "Four weeks' wages unpaid to 12 pickers.", 12, 14)
    contracts = _violation(actor, vineyard, "contract", "No written contracts.", 12, 21)
    _fine(actor, wages, "30000", paid_after=20, now=now)
    services.sanction_record(
        actor=actor,
        violation=contracts,
        data=services.SanctionData(kind="order", imposed_on=contracts.found_on),
        now=now,
    )
    check = services.follow_up_plan(
        actor=actor, inspection=vineyard, planned_for=(now - timedelta(days=70)).date(), now=now
    )
    check = _visit(actor, check, "Wages paid in full; contracts signed.", 6, now)
    services.violations_remedied(
        actor=actor,
        inspection=check,
        violations=[wages.pk, contracts.pk],
        remedied_on=(now - timedelta(days=72)).date(),
        now=now,
    )

    # 2. The building site with the passports: documents, a fine unpaid, follow-up due.
    site = _plan(actor, places["Edil-Construct SA"], "complaint", 85, now)
    site = _visit(actor, site, "Passports of four workers kept in the foreman's safe.", 14, now)
    documents = _violation(actor, site, "documents", "Four passports kept by the foreman.", 4, 7)
    _fine(actor, documents, "45000", paid_after=None, now=now)
    _violation(actor, site, "safety", "No fall protection on the scaffolding.", 30, 30)

    # 3. A garment factory supplied by an agency: recruitment fees and hours.
    factory = _plan(actor, places["Textila Nord SRL"], "risk", 60, now)
    factory = _visit(
        actor, factory, "Workers paid the agency 300 EUR each; 12-hour shifts.", 20, now
    )
    fees = _violation(
        actor, factory, "recruitment_fees", "Each worker paid 300 EUR to the agency.", 18, 30
    )
    _violation(actor, factory, "hours", "Twelve-hour shifts six days a week.", 60, 20)
    services.sanction_record(
        actor=actor,
        violation=fees,
        data=services.SanctionData(
            kind="prosecution", imposed_on=fees.found_on, note="Referred with the agency's file."
        ),
        now=now,
    )

    # 4. A hotel: accommodation below standard, warned; a restaurant: all in order.
    hotel = _plan(actor, places["Hotel Codru SA"], "risk", 45, now)
    hotel = _visit(actor, hotel, "Seasonal staff housed eight to a room.", 10, now)
    room = _violation(actor, hotel, "accommodation", "Eight workers to a room.", 8, 60)
    services.sanction_record(
        actor=actor,
        violation=room,
        data=services.SanctionData(kind="warning", imposed_on=room.found_on),
        now=now,
    )
    restaurant = _plan(actor, places["La Plăcinte SRL"], "other", 30, now)
    restaurant = _visit(actor, restaurant, "Contracts, payslips and rotas in order.", 7, now)

    # 5. Planned visits, one cancelled.
    _plan(actor, places["Vinăria Purcari SRL"], "risk", -7, now)
    _plan(actor, places["Household Popa"], "other", -14, now)
    _plan(actor, places["Trans-Logistic SRL"], "risk", -21, now)
    closed = _plan(actor, places["Construcții Moderne SRL"], "risk", -3, now)
    services.inspection_cancel(
        actor=actor, inspection=closed, reason="The site is closed until spring.", now=now
    )
    inspections = Inspection.objects.count()
    return (
        f"Inspections: {len(places)} workplaces ({linked} complaints linked), {inspections} "
        f"inspections by 'inspector'; see /inspections/risk/ and /inspections/?due_follow_ups=on."
    )
