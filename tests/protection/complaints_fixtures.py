"""Fixtures and helpers of the complaint tests (import what you use).

On top of the suite's personas (tests/conftest.py: the inspector works at the
labour inspectorate), a legal-aid NGO with its lawyer (an inspector there), a
user who is both inspector and caseworker (the firewall's hard case), routing
rules (anything → the inspectorate; trafficking → legal aid), a media folder of
the test's own (so no file escapes and orphans can be counted), and evidence
files: real ones, liars and a zip bomb.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.access import Actor
from integra.core.models import Membership, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.people import services as people_services
from integra.people.models import Person
from integra.protection.models import Complaint, RoutingRule
from integra.protection.services import complaints as services
from tests.conftest import make_user

WORDS = "The foreman keeps our passports in his safe"  # in every test complaint
CODE_SHAPE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$")
MB = 1024 * 1024


# --- Organisations and people ----------------------------------------------------------------


@pytest.fixture
def legal_aid(orgs) -> Organisation:
    return Organisation.objects.create(
        code="legal-aid",
        name="Law Center of Advocates",
        kind=OrganisationKind.LEGAL_AID,
        level=Level.NATIONAL,
        country="MD",
    )


@pytest.fixture
def lawyer(legal_aid) -> User:
    return make_user("lawyer", legal_aid, Role.INSPECTOR)


@pytest.fixture
def inspector_caseworker(orgs) -> User:
    """Holds inspector (at the inspectorate) and caseworker (at centre A) at once."""
    user = make_user("both", orgs["inspectorate"], Role.INSPECTOR)
    Membership.objects.create(user=user, organisation=orgs["a"], role=Role.CASEWORKER)
    return user


@pytest.fixture
def routing(orgs, legal_aid) -> list[RoutingRule]:
    now = timezone.now()
    return [
        RoutingRule.objects.create(organisation=orgs["inspectorate"], created_at=now),
        RoutingRule.objects.create(category="trafficking", organisation=legal_aid, created_at=now),
    ]


@pytest.fixture
def inspector(people) -> Actor:
    return access.actor_for(people["inspector"])


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    """A media folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.fixture
def worker(people) -> Person:
    """Ilhom Rashidov, registered at centre A, with a legal status on record."""
    actor = access.actor_for(people["caseworker"])
    person = people_services.person_register(
        actor=actor,
        data=people_services.PersonData(
            given_name="Ilhom",
            family_name="Rashidov",
            birth_date=date(1988, 3, 4),
            citizenships=("UZ",),
        ),
    )
    people_services.status_record(
        actor=actor,
        person=person,
        category="regular_worker",
        valid_from=date(2025, 1, 1),
        valid_until=date(2027, 1, 1),
        decision_reference="BMA-2025-0042",
    )
    return person


# --- Complaints ------------------------------------------------------------------------------


def data(**changes: Any) -> services.ComplaintData:
    values: dict[str, Any] = {
        "categories": ("documents", "wages"),
        "description": f"{WORDS}. Two months' wages are unpaid.",
        "employer": "Edil-Construct SA",
        "workplace": "str. Petricani 17",
        "sector": "F",
        "region": "Chișinău",
        "language": "ru",
    }
    values.update(changes)
    return services.ComplaintData(**values)


@pytest.fixture
def lodge(media) -> Callable[..., services.Lodged]:
    """Lodges a complaint from the public pages (or as ``actor``)."""

    def build(actor: Actor | None = None, files: Any = (), **changes: Any) -> services.Lodged:
        return services.complaint_lodge(actor=actor, data=data(**changes), files=files)

    return build


@pytest.fixture
def lodged(lodge, routing) -> services.Lodged:
    return lodge()


@pytest.fixture
def complaint(lodged) -> Complaint:
    return lodged.complaint


# --- Files -----------------------------------------------------------------------------------

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201ea1d6e"
    "2b0000000049454e44ae426082"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Contract</w:document>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A DOCX of some 60 KB that would unpack to 60 MB (the limit is 50)."""
    return docx({"word/media/padding.bin": b"\0" * (60 * MB)})


def upload(name: str, content: bytes, content_type: str = "") -> services.Upload:
    return services.Upload(name=name, file=io.BytesIO(content), content_type=content_type)


def padded_pdf(size: int) -> bytes:
    """A PDF of ``size`` bytes (a comment inside pads it)."""
    head, tail = PDF[:9], PDF[9:]
    return head + b"%" + b"x" * (size - len(PDF) - 2) + b"\n" + tail
