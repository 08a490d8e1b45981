"""Demo complaints for Moldova (R18, R19), lodged and handled through the services
over the last four months.

Routing: any complaint goes to the State Labour Inspectorate; discrimination,
sexual harassment and signs of trafficking go to the Law Center of Advocates
(legal aid), and wage complaints from Gagauzia too (its lawyers speak Gagauz and
Turkish). The inspectorate's inspector (Dumitru Ursu) and a lawyer of the Law
Center (Natalia Grosu, the services demo's ``partner-legal``, who gets an
inspector's seat there too) handle them.

Thirty complaints across the categories, sectors (vineyards and orchards,
building sites, hotels and restaurants, domestic work, a garment factory,
logistics) and regions: some anonymous, some lodged for the worker by the refugee
NGO or a caseworker, three urgent for signs of trafficking; indicators flagged
with their evidence, one decision that a case is forced labour (and one that
another is not), and closed complaints with their remedies, wages recovered
among them. Loaded once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from integra.core import demo
from integra.core.access import Actor, actor_for
from integra.core.models import Organisation, User
from integra.core.roles import Role
from integra.protection.models import Complaint, RoutingRule
from integra.protection.services import complaint_handling as handling
from integra.protection.services import complaints as services

INSPECTORATE = "labour-inspectorate"
LEGAL_AID = "legal-aid"
# The Law Center's partner agent of the services demo (the same account, made here
# if that demo has not run), who handles complaints there as an inspector too.
LAWYER = ("partner-legal", "Natalia", "Grosu", LEGAL_AID)
RULES = [
    ("", "", INSPECTORATE),
    ("discrimination", "", LEGAL_AID),
    ("harassment", "", LEGAL_AID),
    ("trafficking", "", LEGAL_AID),
    ("wages", "Gagauzia", LEGAL_AID),
]

# A one-pixel PNG and a one-page PDF: the evidence some complaints carry.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201ea1d6e"
    "2b0000000049454e44ae426082"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Story:
    categories: tuple[str, ...]
    description: str
    days_ago: int
    region: str
    sector: str = ""
    employer: str = ""
    workplace: str = ""
    agency_name: str = ""
    name: str = ""  # empty: anonymous
    contact: str = ""
    language: str = "ru"
    lodged_by: str = ""  # a demo username lodging it for the worker
    # What happened next: "received", "assigned", "in_progress", "waiting", "closed".
    reached: str = "received"
    public_note: str = ""
    indicators: tuple[tuple[str, str], ...] = ()
    forced_labour: tuple[bool, str] | None = None
    remedies: tuple[str, ...] = ()
    wages: Decimal | None = None
    files: tuple[str, ...] = ()


STORIES = [
    Story(
        ("wages",),
        "We picked grapes for six weeks. The owner paid the first two weeks and says the "
        "rest comes after the wine is sold. Twelve of us are waiting.",
        110,
        "Cahul",
        "A",
        "Podgoria Sud SRL",
        "Vineyard near Crihana Veche",
        name="Aziz Karimov",
        contact="+37369100201",
        reached="closed",
        public_note="An inspector visited the vineyard and met the owner.",
        remedies=("wages_recovered",),
        wages=Decimal("18400.00"),
        files=("payslip.pdf",),
    ),
    Story(
        ("documents", "wages", "threats"),
        "The foreman took our passports 'for registration' and has not given them back for "
        "two months. When we asked, he said he would call the police about our papers.",
        95,
        "Chișinău",
        "F",
        "Edil-Construct SA",
        "Residential block, str. Petricani",
        reached="closed",
        language="uk",
        public_note="The inspectorate ordered the documents returned.",
        indicators=(
            ("documents", "Passports of four workers kept by the foreman for two months."),
            ("intimidation", "Threatened to report the workers to the police."),
            ("wages", "Two months' wages unpaid."),
        ),
        remedies=("documents_returned", "wages_recovered", "sanction"),
        wages=Decimal("52000.00"),
    ),
    Story(
        ("trafficking", "debt", "documents"),
        "I was brought from Odesa for work in a sewing workshop. They say I owe 2,000 euros "
        "for the trip and the room. We sleep in the workshop and cannot go out alone.",
        80,
        "Bălți",
        "C",
        "",
        "Workshop behind the bus station",
        "Euro-Job Consult",
        lodged_by="partner",
        reached="in_progress",
        language="uk",
        public_note="Your case is handled by a lawyer. She will contact you through the NGO.",
        indicators=(
            ("debt", "A travel and lodging 'debt' of EUR 2,000 set against wages."),
            ("movement", "Workers may not leave the workshop alone."),
            ("conditions", "Workers sleep in the workshop."),
            ("documents", "Passport kept by the workshop's owner."),
        ),
        forced_labour=(
            True,
            "Debt bondage with restriction of movement and retained documents: the worker "
            "cannot leave the job. Referred to the anti-trafficking police with her consent.",
        ),
    ),
    Story(
        ("hours", "safety"),
        "Fourteen hours a day in the kitchen, six days a week, no extraction fan. Two of us "
        "were burnt last month and there is no first-aid kit.",
        75,
        "Chișinău",
        "I",
        "Restaurant La Plăcinte Nouă",
        "bd. Ștefan cel Mare 120",
        reached="closed",
        language="ro",
        public_note="An inspection took place on 3 May.",
        indicators=(("overtime", "84 hours a week, as the worker's notes show."),),
        remedies=("sanction", "contract_corrected"),
        files=("kitchen.png",),
    ),
    Story(
        ("discrimination",),
        "The hotel pays the Moldovan cleaners 9,000 lei and us, from Uzbekistan, 6,500 for "
        "the same work and the same hours.",
        70,
        "Chișinău",
        "I",
        "Hotel Codru Plaza",
        name="Dilnoza Rakhimova",
        contact="dilnoza.r@example.org",
        reached="closed",
        public_note="The lawyer wrote to the hotel and to the Equality Council.",
        remedies=("wages_recovered",),
        wages=Decimal("7500.00"),
    ),
    Story(
        ("recruitment_fees", "contract"),
        "The agency took 600 euros to find me work in construction. The contract I signed "
        "in Tashkent said 1,000 euros a month; here they gave me another one for 9,000 lei.",
        66,
        "Chișinău",
        "F",
        "Monolit-Grup SRL",
        "",
        "Global Work Solutions",
        name="Rustam Muratov",
        contact="+37368200300",
        reached="closed",
        public_note="The agency was reported to the licensing authority.",
        indicators=(("deception", "Contract substituted on arrival: lower wage."),),
        remedies=("sanction", "contract_corrected"),
    ),
    Story(
        ("harassment",),
        "The owner of the house where I work as a nanny touches me and says he will send me "
        "home if I tell his wife.",
        60,
        "Chișinău",
        "T",
        language="ro",
        reached="in_progress",
        public_note="A lawyer will call you from a number ending in 417.",
        indicators=(
            ("violence", "Sexual harassment by the employer, repeated."),
            ("intimidation", "Threatened with dismissal and removal."),
        ),
    ),
    Story(
        ("wages",),
        "Paid in cash, less every month, no payslip. This month 3,000 lei instead of 7,000.",
        58,
        "Gagauzia",
        "A",
        "Agro-Comrat SRL",
        "Orchards near Comrat",
        name="Mehmet Yilmaz",
        contact="+37379400500",
        reached="closed",
        language="ru",
        remedies=("wages_recovered",),
        wages=Decimal("4000.00"),
    ),
    Story(
        ("trafficking", "threats"),
        "Women from Ukraine are kept in a flat above a bar and made to work in the bar at "
        "night. One of them asked me to write this.",
        52,
        "Ungheni",
        "I",
        "Bar Nistru",
        "",
        lodged_by="partner",
        reached="in_progress",
        language="ru",
        public_note="Thank you. The case is being handled with the police.",
        indicators=(
            ("isolation", "The women do not go out except to the bar."),
            ("movement", "The flat is locked from outside at night."),
        ),
    ),
    Story(
        ("safety",),
        "No helmets or harnesses on the scaffolding, eighth floor. A worker fell last week.",
        48,
        "Chișinău",
        "F",
        "Edil-Construct SA",
        "str. Mircea cel Bătrân 42",
        reached="closed",
        language="ru",
        public_note="The site was inspected and stopped.",
        remedies=("sanction",),
    ),
    Story(
        ("wages", "hours"),
        "Loading trucks at night; overtime is never paid and they deduct 'damages' from our "
        "wages for broken boxes.",
        45,
        "Chișinău",
        "H",
        "Trans-Logistic Est SRL",
        "Warehouse, str. Uzinelor",
        name="Oleksandr Bondar",
        contact="+37360111222",
        reached="waiting",
        language="uk",
        public_note="Please send us your working schedule or photos of it, if you have them.",
        indicators=(("wages", "Deductions for damages from wages."),),
    ),
    Story(
        ("documents",),
        "The employer keeps my residence card 'so I don't lose it'.",
        43,
        "Orhei",
        "A",
        "Livada Orhei SRL",
        lodged_by="caseworker",
        reached="closed",
        language="ru",
        public_note="Your card was returned on 12 June.",
        remedies=("documents_returned",),
    ),
    Story(
        ("discrimination",),
        "The shop refused to hire me when they heard my accent and said they take 'only locals'.",
        40,
        "Bălți",
        "G",
        "Market Nord",
        language="ru",
        reached="closed",
        public_note="We could not establish the facts; you can complain to the Equality Council.",
        remedies=("none",),
    ),
    Story(
        ("recruitment_fees",),
        "I paid 300 euros to an agency in Chișinău for a job in a hotel that did not exist.",
        38,
        "Chișinău",
        "I",
        "",
        "",
        "Euro-Job Consult",
        name="Leyla Aliyeva",
        contact="+37369555666",
        reached="in_progress",
        language="ru",
        indicators=(("deception", "The promised job did not exist."),),
    ),
    Story(
        ("hours",),
        "In the season we work every day, no day off for seven weeks.",
        35,
        "Soroca",
        "A",
        "Fructe Soroca SRL",
        reached="assigned",
        language="ru",
    ),
    Story(
        ("contract",),
        "I signed a contract as a welder; here I am a cleaner for half the pay.",
        33,
        "Chișinău",
        "C",
        "Metal-Prim SA",
        name="Bakhtiyor Tursunov",
        contact="+37378123456",
        reached="closed",
        language="ru",
        public_note="The employer agreed to the first contract's terms.",
        remedies=("contract_corrected",),
    ),
    Story(
        ("wages", "safety"),
        "No pay for two weeks after the roof collapsed; we were told to wait.",
        30,
        "Hîncești",
        "F",
        "Construct-Sud SRL",
        reached="in_progress",
        language="ro",
    ),
    Story(
        ("trafficking", "debt"),
        "My cousin works on a farm in Căușeni. He says they keep all the workers' money "
        "until the 'debt' is paid and beat those who complain.",
        27,
        "Căușeni",
        "A",
        "",
        "Farm on the road to Tănătari",
        reached="received",
        language="ru",
    ),
    Story(
        ("wages",),
        "The cafe owner pays tips only to Moldovan waiters.",
        25,
        "Chișinău",
        "I",
        "Cafe Central",
        reached="closed",
        language="en",
        remedies=("withdrawn",),
    ),
    Story(
        ("threats",),
        "The landlord who is also my employer says he will report me to the migration "
        "office if I leave for another job.",
        22,
        "Edineț",
        "A",
        "",
        name="Farrukh Nazarov",
        contact="+37369777888",
        reached="in_progress",
        language="ru",
        public_note="Leaving a job is your right; your status does not depend on this employer.",
        indicators=(("intimidation", "Threat of denunciation to the authorities."),),
    ),
    Story(
        ("safety", "hours"),
        "Cleaning offices with chemicals without gloves, 12-hour shifts.",
        20,
        "Chișinău",
        "N",
        "Clean-Pro Services",
        reached="assigned",
        language="uk",
    ),
    Story(
        ("wages",),
        "Domestic worker, paid 2,000 lei a month for living in and working all day.",
        18,
        "Chișinău",
        "T",
        "",
        lodged_by="partner",
        reached="received",
        language="ru",
    ),
    Story(
        ("contract", "recruitment_fees"),
        "The agency charged 'document fees' of 4,000 lei and the contract has no wage in it.",
        15,
        "Ungheni",
        "F",
        "Drum-Construct SRL",
        "",
        "Global Work Solutions",
        reached="assigned",
        language="ru",
    ),
    Story(
        ("discrimination", "harassment"),
        "The supervisor insults the foreign workers every day and gives us the worst shifts.",
        12,
        "Bălți",
        "C",
        "Textil-Nord SA",
        name="Amina Yusupova",
        reached="in_progress",
        language="ru",
    ),
    Story(
        ("wages",),
        "Last month's wage not paid: 8,500 lei.",
        10,
        "Cahul",
        "G",
        "Supermarket Sud",
        reached="received",
        language="ro",
        files=("payslip.pdf",),
    ),
    Story(
        ("hours",),
        "Bakery night shift 10 pm to 10 am, every day.",
        8,
        "Orhei",
        "C",
        "Brutăria Orhei",
        reached="received",
        language="ru",
    ),
    Story(
        ("safety",),
        "Pesticide spraying without masks in the orchard; two workers were sick.",
        6,
        "Soroca",
        "A",
        "Fructe Soroca SRL",
        lodged_by="caseworker",
        reached="received",
        language="ru",
    ),
    Story(
        ("documents", "threats"),
        "They keep our passports in the office safe and say we get them back when the "
        "contract ends.",
        4,
        "Chișinău",
        "F",
        "Monolit-Grup SRL",
        reached="received",
        language="uk",
    ),
    Story(
        ("wages", "hours"),
        "Hotel laundry: overtime unpaid for three months.",
        2,
        "Chișinău",
        "I",
        "Hotel Codru Plaza",
        name="Nodira Saidova",
        reached="received",
        language="ru",
    ),
    Story(
        ("trafficking",),
        "A man promised work in a restaurant; now I am kept in a house and they took my phone. "
        "I write from a friend's phone.",
        1,
        "Chișinău",
        "I",
        language="ru",
        reached="received",
    ),
]


def _files(story: Story) -> list[services.Upload]:
    made = []
    for name in story.files:
        content = PDF if name.endswith(".pdf") else PNG
        made.append(services.Upload(name=name, file=io.BytesIO(content)))
    return made


def _handler(complaint: Complaint, actors: dict[str, Actor]) -> Actor:
    routed = complaint.routed_to.code if complaint.routed_to else INSPECTORATE
    return actors["partner-legal"] if routed == LEGAL_AID else actors["inspector"]


def _handle(story: Story, complaint: Complaint, actors: dict[str, Actor], at: datetime) -> None:
    if story.reached == "received":
        return
    handler = _handler(complaint, actors)
    at += timedelta(days=1)
    handling.complaint_assign(actor=handler, complaint=complaint, now=at)
    if story.reached == "assigned":
        return
    at += timedelta(days=2)
    handling.complaint_update(
        actor=handler,
        complaint=complaint,
        status="waiting" if story.reached == "waiting" else "in_progress",
        note=story.public_note or "We are looking into it.",
        public=True,
        now=at,
    )
    for indicator, evidence in story.indicators:
        at += timedelta(hours=3)
        handling.indicator_flag(
            actor=handler, complaint=complaint, indicator=indicator, evidence_text=evidence, now=at
        )
    if story.forced_labour is not None:
        found, reason = story.forced_labour
        handling.forced_labour_decide(
            actor=handler, complaint=complaint, found=found, reason=reason, now=at
        )
    if story.reached == "closed":
        at += timedelta(days=12)
        handling.complaint_close(
            actor=handler,
            complaint=complaint,
            closing=handling.Closing(
                remedies=story.remedies,
                wages_recovered=story.wages,
                currency="MDL" if story.wages is not None else "",
                note="Thank you for speaking up. The complaint is closed.",
            ),
            now=at,
        )


@transaction.atomic
def load() -> str:
    if Complaint.objects.exists():
        return "Complaints: already loaded."
    demo.staff_accounts([LAWYER], Role.INSPECTOR)
    now = timezone.now()
    for category, region, code in RULES:
        RoutingRule.objects.get_or_create(
            category=category,
            region=region,
            defaults={"organisation": Organisation.objects.get(code=code), "created_at": now},
        )
    actors = {
        username: actor_for(User.objects.get(username=username))
        for username in ("inspector", "partner-legal", "partner", "caseworker")
    }
    first_code = ""
    lodged: list[Complaint] = []
    for story in STORIES:
        at = now - timedelta(days=story.days_ago, hours=len(lodged) % 7)
        result = services.complaint_lodge(
            actor=actors[story.lodged_by] if story.lodged_by else None,
            data=services.ComplaintData(
                categories=story.categories,
                description=story.description,
                anonymous=not story.name,
                name=story.name,
                contact=story.contact,
                employer=story.employer,
                workplace=story.workplace,
                sector=story.sector,
                region=story.region,
                agency_name=story.agency_name,
                language=story.language,
            ),
            files=_files(story),
            now=at,
        )
        first_code = first_code or result.code
        _handle(story, result.complaint, actors, at)
        lodged.append(result.complaint)
    urgent = Complaint.objects.filter(urgent=True).count()
    return (
        f"Complaints: {len(lodged)} lodged ({urgent} urgent), {len(RULES)} routing rules, "
        f"handled by 'inspector' and 'partner-legal'; follow {lodged[0].public_id} at "
        f"/complaints/track/ with the code {first_code}."
    )
