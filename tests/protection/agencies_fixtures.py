"""Fixtures and helpers of the recruitment agencies' tests (import them into a test
module: ``from tests.protection.agencies_fixtures import *``).

Personas beyond tests/conftest.py: an employment office (a licensing body) with
its partner agent, and a legal-aid NGO whose inspector handles complaints (so
reads the register) but does not license. The conftest's ``inspector`` is at the
labour inspectorate, which licenses.

Files: a small real PDF, DOCX and ODT, and the bad ones (a zip bomb, an archive of
too many parts, a text that calls itself a PDF).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from fpdf import FPDF

from integra.core import access
from integra.core.access import Actor
from integra.core.models import Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.protection.models import Agency, Licence
from integra.protection.services import agencies as services
from tests.conftest import make_user

__all__ = [
    "agency",
    "legal_aid",
    "legal_inspector",
    "licenser",
    "office",
    "office_agent",
]

JSON = "application/json"


@pytest.fixture
def office(orgs) -> Organisation:
    return Organisation.objects.create(
        code="anofm",
        name="National Employment Agency",
        kind=OrganisationKind.EMPLOYMENT_OFFICE,
        level=Level.NATIONAL,
        country="MD",
    )


@pytest.fixture
def office_agent(office) -> User:
    return make_user("office_agent", office, Role.PARTNER)


@pytest.fixture
def legal_aid(orgs) -> Organisation:
    return Organisation.objects.create(
        code="legal-aid",
        name="Legal Aid Centre",
        kind=OrganisationKind.LEGAL_AID,
        level=Level.LOCAL,
        country="MD",
    )


@pytest.fixture
def legal_inspector(legal_aid) -> User:
    return make_user("legal_inspector", legal_aid, Role.INSPECTOR)


@pytest.fixture
def licenser(people) -> Actor:
    """The labour inspectorate's inspector: licenses agencies."""
    return access.actor_for(people["inspector"])


def today() -> date:
    return timezone.localdate()


def agency_data(**changes: Any) -> services.AgencyData:
    values: dict[str, Any] = {
        "name": "Euro-Muncă Recrutare SRL",
        "registration_number": "1003600150017",
        "country": "MD",
        "address": "str. Ismail 84, Chișinău",
        "region": "Chișinău",
        "email": "office@euromunca.md",
        "phone": "022 210 417",
        "website": "euromunca.md",
    }
    values.update(changes)
    return services.AgencyData(**values)


def register(actor: Actor, **changes: Any) -> Agency:
    return services.agency_register(actor=actor, data=agency_data(**changes))


def apply(actor: Actor, agency: Agency, **changes: Any) -> Licence:
    values: dict[str, Any] = {"destinations": ("DE", "PL"), "sectors": ("A", "F")}
    values.update(changes)
    return services.licence_apply(
        actor=actor, agency=agency, data=services.ApplicationData(**values)
    )


def decide(
    actor: Actor, licence: Licence, decision: str, *, now: datetime | None = None, **changes: Any
) -> Licence:
    return services.licence_decide(
        actor=actor,
        licence=licence,
        data=services.DecisionData(decision=decision, **changes),
        now=now,
    )


def grant(
    actor: Actor,
    licence: Licence,
    *,
    number: str = "AP-2025-001",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Licence:
    start = valid_from or today()
    return services.licence_decide(
        actor=actor,
        licence=licence,
        data=services.DecisionData(
            decision="grant",
            number=number,
            valid_from=start,
            valid_until=valid_until or start + timedelta(days=3 * 365),
        ),
    )


@pytest.fixture
def agency(licenser) -> Agency:
    return register(licenser)


# --- Files ------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Model contract") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


DOCX_ENTRIES = [
    ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
    ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
    ("word/document.xml", b'<?xml version="1.0"?><w:document><w:body/></w:document>'),
]


def docx_bytes(extra: list[tuple[str, bytes]] | None = None) -> bytes:
    return _zip(DOCX_ENTRIES + (extra or []))


def odt_bytes() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b'<?xml version="1.0"?><office:document-content/>'),
            ("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>'),
        ],
        stored_first=True,
    )


def zip_bomb(unpacked: int = 60 * 1024 * 1024) -> bytes:
    """A DOCX of a few dozen kilobytes that unpacks to ``unpacked`` bytes of zeros."""
    return docx_bytes([("word/media/padding.bin", bytes(unpacked))])


def crowded_docx(entries: int = 600) -> bytes:
    return docx_bytes([(f"word/part{i}.xml", b"<p/>") for i in range(entries)])
