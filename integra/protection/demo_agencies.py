"""Demo recruitment agencies: twelve private agencies registered in Moldova
(fictional names and IDNOs), placing workers in Germany, Poland, Israel, Italy,
the United Kingdom and at home, with licences in every status and their history,
a few contract templates on file and a few violations (fees charged to workers
among them).

Everything goes through the services, dated as it would have happened over the
last years, by the labour inspectorate's inspector (``inspector``, the core
demo's); the daily run then records the expiries. Loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

from anyascii import anyascii
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF

from integra.core.access import Actor, actor_for
from integra.core.models import User
from integra.protection import licensing
from integra.protection.models import Agency
from integra.protection.services import agencies as services

LICENSER = "inspector"  # integra.core.demo.USERS: at the labour inspectorate
FALLBACK = "coordinator"


@dataclass(frozen=True)
class Step:
    """A decision on a licence, ``days`` after the application."""

    decision: str
    days: int
    reason: str = ""


@dataclass(frozen=True)
class LicenceSpec:
    applied: int  # days ago
    destinations: tuple[str, ...]
    sectors: tuple[str, ...]
    years: int = 5  # granted for
    steps: tuple[Step, ...] = ()
    starts_after: int = 0  # days after the grant: a licence not yet in force


@dataclass(frozen=True)
class AgencySpec:
    name: str
    idno: str
    region: str
    address: str
    phone: str
    email: str
    licences: tuple[LicenceSpec, ...] = ()
    contracts: tuple[tuple[str, str], ...] = ()  # (title, language)
    # (kind, days ago, description, amount in EUR or None, source)
    violations: tuple[tuple[str, int, str, int | None, str], ...] = ()


G = Step("grant", 30)
L = LicenceSpec
MAIL = "demo.integra.invalid"
FEES_VISA = (
    "Two workers were charged EUR 350 each for the visa appointment. Suspended until the "
    "fees are refunded."
)
FEES_PLANT = (
    "Recruited workers for a meat-processing plant while charging each a EUR 600 "
    "'placement fee'; repeated after a warning."
)

AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        name="Euro-Muncă Recrutare SRL", idno="1003600150017", region="Chișinău",
        address="str. Ismail 84, Chișinău", phone="+373 22 210 417",
        email=f"office@euromunca.{MAIL}",
        licences=(L(400, ("DE", "PL"), ("A", "C", "F"), steps=(G,)),),
        contracts=(("Contract de muncă sezonieră (Germania)", "ro"),
                   ("Seasonal work contract", "en")),
    ),
    AgencySpec(
        name="Agenția de Plasare Nistru SRL", idno="1005600230028", region="Bălți",
        address="str. Ștefan cel Mare 12, Bălți", phone="+373 231 60 212",
        email=f"info@nistru-job.{MAIL}",
        licences=(L(900, ("IL",), ("F", "Q"), years=2, steps=(G,)),
                  L(160, ("IL",), ("F", "Q"), steps=(G,))),
        contracts=(("Contract individual de muncă (Israel)", "ro"),),
    ),
    AgencySpec(
        name="Carpați Work Abroad SRL", idno="1012600340039", region="Chișinău",
        address="bd. Dacia 27, Chișinău", phone="+373 22 555 018",
        email=f"jobs@carpati.{MAIL}",
        licences=(L(500, ("IT",), ("Q", "T"), steps=(G, Step("suspend", 450, FEES_VISA))),),
        contracts=(("Contratto di lavoro domestico", "it"),),
        violations=(("fee_charged", 60, "Two care workers placed in Bologna were each charged "
                     "for the visa appointment and the translation of their diplomas.", 700,
                     "Complaint"),),
    ),
    AgencySpec(
        name="Codru Personal SRL", idno="1009600450040", region="Ungheni",
        address="str. Națională 5, Ungheni", phone="+373 236 22 190",
        email=f"contact@codru-personal.{MAIL}",
        licences=(L(800, ("DE",), ("C",), steps=(G, Step("revoke", 500, FEES_PLANT))),),
        violations=(("fee_charged", 300, "Workers sent to a meat-processing plant in Lower "
                     "Saxony paid a 'placement fee' in cash at the agency's office.", 4800,
                     "Inspection"),
                    ("documents_retained", 290, "The agency kept the workers' passports 'for "
                     "the visa' for three weeks after their return.", None, "Inspection")),
    ),
    AgencySpec(
        name="Prut Recruitment SRL", idno="1016600560051", region="Cahul",
        address="str. Republicii 41, Cahul", phone="+373 299 20 330",
        email=f"office@prut-recruit.{MAIL}",
        licences=(L(60, ("PL", "CZ"), ("C", "H")),),
    ),
    AgencySpec(
        name="Bugeac Agro Staff SRL", idno="1018600670062", region="Comrat",
        address="str. Lenin 150, Comrat", phone="+373 298 24 411",
        email=f"agro@bugeac-staff.{MAIL}",
        licences=(L(120, ("GB",), ("A",), steps=(Step("refuse", 45, "No guarantee deposit was "
                  "made and the contract templates did not state the wage."),)),),
    ),
    AgencySpec(
        name="Moldova Care Jobs SRL", idno="1020600780073", region="Chișinău",
        address="str. Alexandru cel Bun 9, Chișinău", phone="+373 22 240 716",
        email=f"care@mdcarejobs.{MAIL}",
        licences=(L(2100, ("IT", "DE"), ("Q", "T"), steps=(G,)),),
    ),
    AgencySpec(
        name="Orizont Job Consulting SRL", idno="1022600890084", region="Orhei",
        address="str. Vasile Mahu 110, Orhei", phone="+373 235 22 818",
        email=f"orizont@orizont-job.{MAIL}",
        licences=(L(50, ("DE",), ("H", "C"), steps=(Step("grant", 20),), starts_after=45),),
        contracts=(("Arbeitsvertrag Lagerarbeiter", "de"),),
    ),
    AgencySpec(
        name="Agenția Ștefan Vodă Muncă SRL", idno="1024600900095", region="Ștefan Vodă",
        address="str. Ștefan cel Mare 3, Ștefan Vodă", phone="+373 242 22 150",
        email=f"office@sv-munca.{MAIL}",
        licences=(L(700, ("PL",), ("A", "C"), steps=(
            G,
            Step("suspend", 300, "The contract templates on file did not match the contracts "
                 "signed in Poland."),
            Step("reinstate", 360, "The templates were corrected and the workers' contracts "
                 "amended."),
        )),),
        contracts=(("Umowa o pracę sezonową", "pl"),),
        violations=(("contract_substitution", 420, "Workers signed a different, lower-paid "
                     "contract on arrival in Poland.", None, "Complaint"),),
    ),
    AgencySpec(
        name="Nord Est Recrutare SRL", idno="1026601010106", region="Soroca",
        address="str. Independenței 20, Soroca", phone="+373 230 23 444",
        email=f"nordest@ner.{MAIL}",
        violations=(("no_licence", 15, "Advertised jobs in Germany on social media and took "
                     "deposits of EUR 200 while holding no licence.", 1400, "Inspection"),
                    ("fee_charged", 15, "Seven people paid a 'reservation deposit' to be put "
                     "on the list for warehouse jobs.", 1400, "Complaint")),
    ),
    AgencySpec(
        name="Dacia Staffing International SRL", idno="1028601120117", region="Chișinău",
        address="str. Mihai Eminescu 50, Chișinău", phone="+373 22 800 210",
        email=f"hr@dacia-staffing.{MAIL}",
        licences=(L(200, ("DE", "NL"), ("C", "H", "N"), steps=(G,)),
                  L(10, ("DE", "NL", "BE"), ("C", "H", "N"))),
        contracts=(("Arbeitsvertrag (Zeitarbeit)", "de"),),
    ),
    AgencySpec(
        name="Gagauz Is Ajansi SRL", idno="1030601230128", region="Comrat",
        address="str. Pobedy 60, Comrat", phone="+373 298 22 330",
        email=f"is@gagauz-ajans.{MAIL}",
        licences=(L(1900, ("TR",), ("F", "I"), steps=(G,)),),
    ),
)  # fmt: skip


def _licenser() -> Actor:
    user = User.objects.filter(username=LICENSER).first() or User.objects.get(username=FALLBACK)
    return actor_for(user)


def _at(days_ago: int, now: datetime) -> datetime:
    day = timezone.localdate(now) - timedelta(days=days_ago)
    return min(timezone.make_aware(datetime.combine(day, time(11, 30))), now)


def _licence(agency: Agency, spec: LicenceSpec, actor: Actor, now: datetime, seq: int) -> None:
    applied_at = _at(spec.applied, now)
    licence = services.licence_apply(
        actor=actor,
        agency=agency,
        data=services.ApplicationData(destinations=spec.destinations, sectors=spec.sectors),
        now=applied_at,
    )
    for step in spec.steps:
        at = min(applied_at + timedelta(days=step.days), now)
        data = services.DecisionData(decision=step.decision, reason=step.reason)
        if step.decision == "grant":
            start = timezone.localdate(at) + timedelta(days=spec.starts_after)
            end = licensing.add_years(start, spec.years) - timedelta(days=1)
            number = f"AP-{start.year}-{seq:03d}"
            data = services.DecisionData(
                decision="grant", number=number, valid_from=start, valid_until=end
            )
        licence = services.licence_decide(actor=actor, licence=licence, data=data, now=at)


def _contract_pdf(agency: str, title: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 10, anyascii(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(
        0,
        6,
        anyascii(
            f"{agency}\n\nModel contract kept on file with the licensing authority.\n"
            "The worker pays no fee or cost for being recruited or placed (ILO C181, art. 7)."
        ),
    )
    return bytes(pdf.output())


@transaction.atomic
def load() -> str:
    """Adds the agencies with their licences, contracts and violations (once)."""
    now = timezone.now()
    if Agency.objects.filter(registration_number__in=[spec.idno for spec in AGENCIES]).exists():
        return f"Agencies: already loaded ({Agency.objects.count()} in the register)."
    actor = _licenser()
    seq = 0
    contracts = violations = 0
    for spec in AGENCIES:
        first = max((lic.applied for lic in spec.licences), default=30) + 20
        agency = services.agency_register(
            actor=actor,
            data=services.AgencyData(
                name=spec.name,
                registration_number=spec.idno,
                region=spec.region,
                address=spec.address,
                phone=spec.phone,
                email=spec.email,
            ),
            now=_at(first, now),
        )
        for licence in sorted(spec.licences, key=lambda lic: -lic.applied):
            seq += 1
            _licence(agency, licence, actor, now, seq)
        for title, language in spec.contracts:
            content = _contract_pdf(spec.name, title)
            services.contract_upload(
                actor=actor,
                agency=agency,
                data=services.ContractData(
                    title=title,
                    language=language,
                    file_name=f"{anyascii(title).lower().replace(' ', '-')[:60]}.pdf",
                    size=len(content),
                    content_type="application/pdf",
                ),
                file=BytesIO(content),
                now=_at(max(first - 25, 0), now),
            )
            contracts += 1
        for kind, days, description, amount, source in spec.violations:
            services.violation_record(
                actor=actor,
                agency=agency,
                data=services.ViolationData(
                    kind=kind,
                    found_on=timezone.localdate(now) - timedelta(days=days),
                    description=description,
                    amount=Decimal(amount) if amount is not None else None,
                    currency="EUR" if amount is not None else "",
                    source=source,
                ),
                now=_at(days, now),
            )
            violations += 1
    expired = services.licences_expire(now=now)
    return (
        f"Agencies: {len(AGENCIES)} recruitment agencies, {seq} licences ({expired} expired "
        f"today), {contracts} contract templates, {violations} violations; licensed by "
        f"{actor.user.get_username()}; public check at /agencies/check/."
    )
