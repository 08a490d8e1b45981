"""Demo vacancies: jobs open to foreign workers in Moldova, in Chișinău, Bălți,
Cahul, Ungheni and Orhei, in construction, agriculture, IT, care, hospitality and
manufacturing.

Two employers post their own (a builder in Bălți, a software company in
Chișinău, each with a partner agent: ``employer`` and ``employer-it``); the
National Employment Agency (ANOFM, an employment office; its agent is the partners
demo's ``partner-employment``) posts the rest for the employers it works with. A
few are not open to foreign workers (so not public), a few are filled or
withdrawn. Vacancies are posted and closed through the services, dated as they
would have been over the last weeks; the whole is loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from integra.core import audit, demo
from integra.core.access import Actor, actor_for
from integra.core.models import Membership, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.placement import services
from integra.placement.models import Vacancy

K = OrganisationKind
OFFICE = "anofm"
OFFICE_AGENT = "partner-employment"  # integra.services.demo.PARTNER_AGENTS
FALLBACK = "coordinator"  # integra.core.demo.USERS: posts for anyone

# code, name, kind, level, parent, region, locality (as integra.core.demo)
ORGANISATIONS: list[tuple[str, str, str, str, str | None, str, str]] = [
    ("construct-nord", "Construct-Nord SRL", K.EMPLOYER, Level.LOCAL, None, "Bălți", "Bălți"),
    ("codru-soft", "Codru Soft SRL", K.EMPLOYER, Level.LOCAL, None, "Chișinău", "Chișinău"),
    (
        OFFICE,
        "National Employment Agency",
        K.EMPLOYMENT_OFFICE,
        Level.NATIONAL,
        "min-labour",
        "",
        "Chișinău",
    ),
]

# username, first name, last name, organisation: the employers' partner agents.
ACCOUNTS: list[tuple[str, str, str, str]] = [
    ("employer", "Vasile", "Rotari", "construct-nord"),
    ("employer-it", "Tatiana", "Ciobanu", "codru-soft"),
]

APPLY_OFFICE = "Apply at any ANOFM office, or ask your caseworker, quoting the vacancy number."


@dataclass(frozen=True)
class Spec:
    poster: str  # organisation code
    employer: str  # for ANOFM: the employer it posts for
    title: str
    isco: str
    skills: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]
    region: str
    locality: str
    positions: int
    wages: tuple[int, int]
    period: str  # hour, day, month
    hours: int
    contract: str
    description: str
    foreign: bool = True
    age: int = 10  # published this many days ago
    runs: int = 60  # open for this many days
    closed: str = ""  # "filled" or "withdrawn"


S = Spec
CN, CS = "construct-nord", "codru-soft"
CN_APPLY = "Send your CV to jobs@construct-nord.demo.integra.invalid or call +373 231 00 410."
CS_APPLY = "Apply with your CV and a link to your code at careers@codru-soft.demo.integra.invalid."

VACANCIES: tuple[Spec, ...] = (
    # Construction
    S(CN, "", "Bricklayer", "7112", ("bricklaying", "reading drawings", "working at height"),
      (("ro", "A2"),), "Bălți", "Bălți", 6, (14000, 18000), "month", 40, "fixed_term",
      f"Residential blocks on str. Independenței; hostel places for workers. {CN_APPLY}"),
    S(CN, "", "Construction labourer", "9313", ("manual handling", "concrete mixing"), (),
      "Bălți", "Bălți", 10, (10000, 12000), "month", 40, "seasonal",
      f"April to November; work clothes and lunch provided. {CN_APPLY}", age=20, runs=90),
    S(CN, "", "Electrician (residential buildings)", "7411",
      ("electrical installation", "reading drawings", "safety rules"), (("ro", "B1"),),
      "Bălți", "Bălți", 2, (15000, 20000), "month", 40, "permanent",
      f"Wiring of new flats; a qualification certificate is needed. {CN_APPLY}"),
    S(CN, "", "Excavator operator", "8342", ("excavator operation", "site safety"),
      (("ro", "B1"),), "Bălți", "Elizaveta", 1, (16000, 19000), "month", 40, "permanent",
      f"A Moldovan operator's licence is required. {CN_APPLY}", foreign=False),
    S(CN, "", "Welder (MIG/MAG)", "7212", ("welding", "reading drawings"), (("ro", "A2"),),
      "Bălți", "Bălți", 2, (15000, 19000), "month", 40, "permanent",
      f"Steel structures in the workshop. {CN_APPLY}", age=40, closed="filled"),
    S(OFFICE, "Edil-Construct SA", "Formwork carpenter", "7115",
      ("formwork", "carpentry", "reading drawings"), (("ro", "A2"), ("ru", "A2")),
      "Chișinău", "Chișinău", 4, (15000, 19000), "month", 40, "fixed_term",
      f"A 12-month contract on sites in Buiucani and Ciocana. {APPLY_OFFICE}"),
    S(OFFICE, "Edil-Construct SA", "Plumber", "7126", ("plumbing", "welding"), (("ro", "A2"),),
      "Chișinău", "Chișinău", 2, (14000, 17000), "month", 40, "permanent",
      f"Installation of water and heating systems in new buildings. {APPLY_OFFICE}", age=5),
    S(OFFICE, "Ungheni Construct SRL", "Painter and plasterer", "7131",
      ("plastering", "painting"), (), "Ungheni", "Ungheni", 3, (11000, 14000), "month", 40,
      "seasonal", f"Renovation of schools over the summer. {APPLY_OFFICE}"),
    # Agriculture
    S(OFFICE, "Agro-Sud Cahul SRL", "Grape harvest worker", "9211",
      ("grape harvesting", "manual handling"), (), "Cahul", "Crihana Veche", 25, (450, 550),
      "day", 45, "seasonal",
      f"August to October; transport from Cahul and a hot meal every day. {APPLY_OFFICE}",
      age=3, runs=45),
    S(OFFICE, "Agro-Sud Cahul SRL", "Tractor driver", "8341",
      ("tractor driving", "farm machinery maintenance"), (("ro", "A2"),), "Cahul", "Cahul", 2,
      (12000, 15000), "month", 45, "seasonal",
      f"A category F driving licence recognised in Moldova is needed. {APPLY_OFFICE}"),
    S(OFFICE, "Livada Orheiului SRL", "Apple orchard worker", "9211",
      ("fruit picking", "pruning"), (), "Orhei", "Peresecina", 15, (400, 480), "day", 45,
      "seasonal", f"Picking and sorting apples; accommodation on the farm. {APPLY_OFFICE}",
      age=7),
    S(OFFICE, "Livada Orheiului SRL", "Orchard team leader", "6112",
      ("pruning", "team leading", "fruit picking"), (("ro", "B1"), ("ru", "B1")), "Orhei",
      "Peresecina", 1, (13000, 15000), "month", 45, "seasonal",
      f"Leads a team of 15 pickers. {APPLY_OFFICE}", age=7),
    S(OFFICE, "Ferma Sculeni SRL", "Livestock farm worker", "6121", ("animal care", "milking"),
      (("ro", "A1"),), "Ungheni", "Sculeni", 3, (9000, 11000), "month", 40, "permanent",
      f"Dairy farm of 200 cows; housing offered. {APPLY_OFFICE}", age=15),
    # IT
    S(CS, "", "Backend developer (Python)", "2512",
      ("python", "django", "postgresql", "git"), (("en", "B2"),), "Chișinău", "Chișinău", 3,
      (35000, 55000), "month", 40, "permanent",
      f"Hybrid work, help with the work permit and relocation. {CS_APPLY}"),
    S(CS, "", "Front-end developer", "2513", ("javascript", "html", "css", "accessibility"),
      (("en", "B2"),), "Chișinău", "Chișinău", 2, (30000, 45000), "month", 40, "permanent",
      CS_APPLY, age=12),
    S(CS, "", "IT support technician", "3512", ("customer support", "windows", "networking"),
      (("ro", "B2"), ("ru", "B2")), "Chișinău", "Chișinău", 1, (16000, 20000), "month", 40,
      "permanent", f"Support for our clients' offices, in Romanian and Russian. {CS_APPLY}"),
    S(CS, "", "QA engineer", "2519", ("test automation", "python"), (("en", "B1"),),
      "Chișinău", "Chișinău", 1, (25000, 35000), "month", 40, "fixed_term", CS_APPLY, age=35,
      closed="filled"),
    S(OFFICE, "Nord Digital SRL", "Junior web developer", "2513", ("php", "javascript", "html"),
      (("ro", "B1"), ("en", "B1")), "Bălți", "Bălți", 2, (18000, 25000), "month", 40,
      "permanent", f"Training in the first three months. {APPLY_OFFICE}"),
    # Care
    S(OFFICE, "Casa Speranței care home", "Care worker, home for older people", "5321",
      ("personal care", "first aid"), (("ro", "B1"), ("ru", "B1")), "Chișinău", "Chișinău", 4,
      (9000, 11000), "month", 40, "permanent",
      f"Shifts of 12 hours, nights paid extra; a first-aid course is offered. {APPLY_OFFICE}",
      age=2),
    S(OFFICE, "Home Care Association Orhei", "Home care assistant", "5322",
      ("personal care", "cooking", "cleaning"), (("ro", "A2"),), "Orhei", "Orhei", 3,
      (8500, 10000), "month", 30, "fixed_term",
      f"Visits to older people living alone; travel costs paid. {APPLY_OFFICE}"),
    S(OFFICE, "Cahul District Hospital", "Practical nurse", "3221",
      ("patient care", "first aid"), (("ro", "B2"),), "Cahul", "Cahul", 2, (11000, 13000),
      "month", 40, "permanent",
      f"A public post: the law reserves it to citizens. {APPLY_OFFICE}", foreign=False),
    # Hospitality
    S(OFFICE, "Hotel Codru", "Hotel receptionist", "4224",
      ("customer service", "booking systems"), (("ro", "B1"), ("ru", "B1"), ("en", "B1")),
      "Chișinău", "Chișinău", 1, (11000, 13000), "month", 40, "permanent", APPLY_OFFICE),
    S(OFFICE, "Restaurant La Taifas", "Cook", "5120", ("cooking", "food hygiene"),
      (("ro", "A2"),), "Chișinău", "Chișinău", 2, (12000, 15000), "month", 40, "permanent",
      f"Moldovan and European cuisine; meals at work. {APPLY_OFFICE}", age=4),
    S(OFFICE, "Vadul lui Vodă Resort", "Kitchen helper", "9412",
      ("dishwashing", "food hygiene"), (), "Chișinău", "Vadul lui Vodă", 5, (8000, 9500),
      "month", 40, "seasonal", APPLY_OFFICE, age=30, closed="withdrawn"),
    S(OFFICE, "Hotel Cahul", "Waiter or waitress", "5131",
      ("serving", "customer service"), (("ro", "A2"), ("ru", "A2")), "Cahul", "Cahul", 3,
      (8500, 10500), "month", 40, "seasonal", f"Summer season, tips shared. {APPLY_OFFICE}"),
    # Manufacturing
    S(OFFICE, "Ungheni Textile SA", "Sewing machine operator", "8153",
      ("industrial sewing", "quality control"), (), "Ungheni", "Ungheni", 12, (9500, 12500),
      "month", 40, "permanent",
      f"In the free economic zone; training on the job and a bus from the city. {APPLY_OFFICE}"),
    S(OFFICE, "Auto-Wiring Bălți SRL", "Wiring harness assembler", "8212",
      ("assembly", "quality control", "shift work"), (("ro", "A1"),), "Bălți", "Bălți", 20,
      (10000, 12000), "month", 40, "permanent", f"Three shifts; transport provided. {APPLY_OFFICE}",
      age=6),
    S(OFFICE, "Mobila Orhei SRL", "Furniture maker", "7522", ("woodworking", "cabinet making"),
      (("ro", "B1"),), "Orhei", "Orhei", 2, (11000, 14000), "month", 40, "permanent",
      APPLY_OFFICE, foreign=False),
)  # fmt: skip


def _organisations() -> int:
    created = 0
    by_code = {o.code: o for o in Organisation.objects.all()}
    for code, name, kind, level, parent, region, locality in ORGANISATIONS:
        organisation, new = Organisation.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": level,
                "parent": by_code.get(parent) if parent else None,
                "country": "MD",
                "region": region,
                "locality": locality,
            },
        )
        if organisation.kind != kind:
            # Loaded before employment offices had a kind of their own (a ministry then).
            organisation.kind = kind
            organisation.save(update_fields=["kind"])
        created += new
    return created


def _accounts() -> int:
    """The employers' partner agents, as the core demo makes its users."""
    return demo.staff_accounts(ACCOUNTS, Role.PARTNER)


def _poster(code: str) -> Actor:
    username = next((u for u, _, _, c in ACCOUNTS if c == code), OFFICE_AGENT)
    user = User.objects.filter(username=username).first()
    if user is None or not Membership.objects.filter(user=user, organisation__code=code).exists():
        user = User.objects.get(username=FALLBACK)
    return actor_for(user)


def _post(spec: Spec, actor: Actor, now: datetime) -> Vacancy:
    opens_on = timezone.localdate(now) - timedelta(days=spec.age)
    posted = min(timezone.make_aware(datetime.combine(opens_on, time(10, 15))), now)
    vacancy = services.vacancy_create(
        actor=actor,
        data=services.VacancyData(
            organisation=spec.poster,
            employer_name=spec.employer,
            title=spec.title,
            occupation=spec.isco,
            description=spec.description,
            skills=spec.skills,
            languages=tuple(services.LanguageNeed(c, level) for c, level in spec.languages),
            region=spec.region,
            locality=spec.locality,
            positions=spec.positions,
            wage_min=Decimal(spec.wages[0]),
            wage_max=Decimal(spec.wages[1]),
            wage_period=spec.period,
            hours_per_week=spec.hours,
            contract_kind=spec.contract,
            open_to_foreign_workers=spec.foreign,
            opens_on=opens_on,
            closes_on=opens_on + timedelta(days=spec.runs),
        ),
        now=posted,
    )
    if spec.closed:
        closed = min(posted + timedelta(days=spec.age // 2, hours=5), now)
        return services.vacancy_close(actor=actor, vacancy=vacancy, status=spec.closed, now=closed)
    return vacancy


@transaction.atomic
def load() -> str:
    """Adds the employers, the employment office and the employers' agents, then
    (once) the vacancies."""
    now = timezone.now()
    organisations = _organisations()
    accounts = _accounts()
    if organisations or accounts:
        audit.record(
            actor=None,
            actor_label="integra demo",
            action="demo.work",
            purpose="demonstration",
            data={"organisations": organisations, "employer_accounts": accounts},
        )
    codes = [code for code, *_ in ORGANISATIONS]
    if Vacancy.objects.filter(organisation__code__in=codes).exists():
        return f"Work: already loaded ({Vacancy.objects.count()} vacancies)."
    actors = {code: _poster(code) for code in codes}
    posted = [_post(spec, actors[spec.poster], now) for spec in VACANCIES]
    public = sum(1 for v in posted if v.status == "open" and v.open_to_foreign_workers)
    regions = sorted({v.region for v in posted})
    return (
        f"Work: {len(posted)} vacancies in {', '.join(regions)} ({public} open to foreign "
        f"workers, {sum(1 for v in posted if v.status != 'open')} closed); employers' agents "
        f"{', '.join(a[0] for a in ACCOUNTS)}, the employment office's {OFFICE_AGENT}."
    )
