"""Demo funding (R26): realistic sources (the state budget of Moldova, the
municipality of Chișinău, the EU's Asylum, Migration and Integration Fund, a
bilateral donor), budget lines for this year and next for the demo programmes'
measures, some commitments and spending, and, on purpose, core measures with no
funding next year so that the alert shows. Runs again without duplicating.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from integra.core.access import actor_for
from integra.core.models import User
from integra.monitoring.models import BudgetLine, SourceKind
from integra.monitoring.selectors import funding as selectors
from integra.monitoring.services import funding as services

SOURCES: tuple[services.SourceData, ...] = (
    services.SourceData(
        code="md-state-budget",
        name="State budget of the Republic of Moldova",
        kind=SourceKind.STATE,
        description=(
            "The Bureau for Migration and Asylum's allocation in the annual state budget "
            "law, for the integration programme of beneficiaries of international protection."
        ),
    ),
    services.SourceData(
        code="chisinau-municipality",
        name="Municipality of Chișinău",
        kind=SourceKind.LOCAL,
        description="The municipal social assistance budget: counselling and housing help.",
    ),
    services.SourceData(
        code="eu-amif",
        name="EU Asylum, Migration and Integration Fund (AMIF)",
        kind=SourceKind.MULTILATERAL,
        description=(
            "Co-financing of language courses and civic orientation under the fund's "
            "integration objective, through the national programme."
        ),
    ),
    services.SourceData(
        code="sdc",
        name="Swiss Agency for Development and Cooperation",
        kind=SourceKind.BILATERAL,
        description="Bilateral grant for psychosocial support to refugees.",
    ),
)


@dataclass(frozen=True)
class Line:
    source: str
    programme: str
    measure: str  # empty: the programme as a whole
    next_year: bool
    amount: str
    currency: str
    note: str = ""


LINES: tuple[Line, ...] = (
    # Moldova: the state budget funds the programme as a whole, this year and next.
    Line("md-state-budget", "md-voluntary", "", False, "4800000.00", "MDL", "Annual allocation"),
    Line("md-state-budget", "md-voluntary", "", True, "5050000.00", "MDL", "Draft budget law"),
    Line("eu-amif", "md-voluntary", "romanian", False, "120000.00", "EUR", "Grant agreement 1"),
    Line("eu-amif", "md-voluntary", "romanian", True, "125000.00", "EUR", "Grant agreement 2"),
    Line("eu-amif", "md-voluntary", "culture", False, "40000.00", "EUR"),
    Line("chisinau-municipality", "md-voluntary", "counselling", False, "350000.00", "MDL"),
    Line("sdc", "md-voluntary", "psychologist", False, "60000.00", "CHF", "Phase I"),
    # Programmes of other countries in the demo: the EU fund co-finances their core
    # measures. The Czech housing help and the Norwegian programme have nothing
    # for next year yet: the alert shows them.
    Line("eu-amif", "cz-sip", "czech", False, "210000.00", "EUR"),
    Line("eu-amif", "cz-sip", "czech", True, "215000.00", "EUR"),
    Line("eu-amif", "cz-sip", "housing", False, "90000.00", "EUR"),
    Line("eu-amif", "at-integration-declaration", "german", False, "180000.00", "EUR"),
    Line("eu-amif", "at-integration-declaration", "german", True, "185000.00", "EUR"),
    Line("eu-amif", "at-integration-declaration", "exam", False, "30000.00", "EUR"),
    Line("eu-amif", "at-integration-declaration", "exam", True, "30000.00", "EUR"),
    Line("eu-amif", "at-integration-declaration", "values-course", False, "45000.00", "EUR"),
    Line("eu-amif", "at-integration-declaration", "values-course", True, "45000.00", "EUR"),
)

# (line's index in LINES, movement, share of the line's amount, days ago, reference)
ENTRIES: tuple[tuple[int, str, str, int, str], ...] = (
    (0, "commitment", "0.60", 200, "MF-ORD-112"),
    (0, "spending", "0.35", 120, "PAY-2231"),
    (0, "spending", "0.15", 30, "PAY-2418"),
    (2, "commitment", "1.00", 180, "AMIF-MD-01"),
    (2, "spending", "0.55", 60, "AMIF-MD-01/P1"),
    (4, "commitment", "0.50", 90, "AMIF-MD-02"),
    (5, "spending", "0.40", 45, "CMC-SOC-77"),
    (6, "commitment", "1.00", 150, "SDC-7F-0042"),
    # More than the line: recorded, with a warning on the page.
    (6, "spending", "1.05", 20, "SDC-7F-0042/final"),
    (7, "commitment", "0.80", 100, "AMIF-CZ-11"),
    (7, "spending", "0.30", 40, "AMIF-CZ-11/P1"),
)


@transaction.atomic
def load() -> str:
    user = User.objects.filter(username="coordinator", is_active=True).first()
    if user is None:
        return "Funding: skipped (no demo user 'coordinator')."
    actor = actor_for(user)
    now = timezone.now()
    today = timezone.localdate(now)
    sources = 0
    for data in SOURCES:
        if selectors.source_by_code(code=data.code) is None:
            services.source_create(actor=actor, data=data, now=now)
            sources += 1
    created: dict[int, BudgetLine] = {}
    for index, spec in enumerate(LINES):
        programme = selectors.programme_by_code(code=spec.programme)
        if programme is None or (
            spec.measure and selectors.measure_of(programme=programme, code=spec.measure) is None
        ):
            continue  # a demo without that programme or measure
        year = today.year + (1 if spec.next_year else 0)
        if selectors.line_find(
            source=spec.source, programme=spec.programme, measure=spec.measure, year=year
        ):
            continue
        created[index] = services.line_create(
            actor=actor,
            data=services.LineData(
                source=spec.source,
                programme=spec.programme,
                measure=spec.measure,
                year=year,
                amount=spec.amount,
                currency=spec.currency,
                note=spec.note,
            ),
            now=now,
        )
    entries = 0
    for index, movement, share, days_ago, reference in ENTRIES:
        line = created.get(index)
        if line is None:
            continue  # the line was there before: its entries too
        amount = (Decimal(LINES[index].amount) * Decimal(share)).quantize(Decimal("0.01"))
        services.entry_record(
            actor=actor,
            line=line,
            data=services.EntryData(
                movement=movement,
                amount=amount,
                on=today - timedelta(days=days_ago),
                reference=reference,
            ),
            today=today,
            now=now,
        )
        entries += 1
    gaps = len(selectors.unfunded_core_measures(year=today.year + 1))
    return (
        f"Funding: {sources} sources, {len(created)} budget lines, {entries} entries added; "
        f"{gaps} core measures without funding next year."
    )
