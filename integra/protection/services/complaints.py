"""Complaints without intimidation (R18, R19): lodging one, with or without an
account; following it with the tracking code; triage, routing and handling up to
the remedy.

The firewall (ARCHITECTURE.md rule 2) shapes every function here: nothing asks for
residence status, lodging never writes to the registry (a link to the
complainant's record is the complaint's own column), no audit entry names the
person, and the notifications name no one. Every write is atomic and audited;
attachments are checked before anything is stored, and a write that fails leaves
no file behind.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core import services as core_services
from integra.core.access import Actor
from integra.core.errors import Conflict, ValidationFailed
from integra.core.ids import ALPHABET
from integra.core.roles import Role
from integra.people import selectors as people_selectors
from integra.protection import isic, uploads
from integra.protection.models import (
    Agency,
    Attachment,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
    ForcedLabourIndicator,
    LodgedVia,
)
from integra.protection.selectors import complaints as selectors
from integra.protection.services import files as stored_files

if TYPE_CHECKING:
    from integra.people.models import Person

logger = logging.getLogger(__name__)

DESCRIPTION_MAX = 10_000
NOTE_MAX = 5_000
SHORT_MAX = 200
WORKPLACE_MAX = 250
CONTACT_MAX = 254
REGION_MAX = 100
FOLDER = "complaints"
# Signs of trafficking: a complaint naming one is urgent at once, and so is one a
# handler flags with an indicator that points to trafficking.
URGENT_CATEGORIES = frozenset({ComplaintCategory.TRAFFICKING})
URGENT_INDICATORS = frozenset(
    {
        ForcedLabourIndicator.MOVEMENT,
        ForcedLabourIndicator.VIOLENCE,
        ForcedLabourIndicator.ISOLATION,
    }
)
# Something that reads as an HTML tag or entity: <b>, </p>, <script …>, <!-- …, &amp;
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&[a-zA-Z]+;|&#\d+;")


# --- The tracking code ----------------------------------------------------------------------


def tracking_code_new() -> str:
    """160 random bits (secrets.token_bytes(20)) as 32 characters of Crockford's
    base32, shown once in groups of four."""
    bits = int.from_bytes(secrets.token_bytes(20), "big")
    raw = "".join(ALPHABET[(bits >> shift) & 31] for shift in range(155, -1, -5))
    return selectors.format_code(raw)


# --- Checking what people write ---------------------------------------------------------------


def _text(value: str) -> str:
    """Trimmed; inner runs of spaces and tabs one space (line breaks kept)."""
    lines = (re.sub(r"[ \t\f\v]+", " ", line).strip() for line in value.strip().splitlines())
    return "\n".join(lines).strip()


def check_text(
    name: str, value: str, limit: int, errors: dict[str, list[str]], *, required: bool = False
) -> str:
    text = _text(value)
    problems = errors.setdefault(name, [])
    if required and not text:
        problems.append(_("This field is required."))
    if len(text) > limit:
        problems.append(
            _("Write at most %(limit)s characters (this has %(count)s).")
            % {"limit": f"{limit:,}", "count": f"{len(text):,}"}
        )
    if "\x00" in text:
        problems.append(_("Remove the invisible control character."))
    if _MARKUP.search(text):
        problems.append(_("Write plain text: HTML and script are not accepted."))
    if not problems:
        del errors[name]
    return text


def refuse(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ValidationFailed(message, field_errors=errors)


# --- Evidence files -------------------------------------------------------------------------------

MB = 1024 * 1024
MAX_FILE_BYTES = 10 * MB
MAX_TOTAL_BYTES = 25 * MB
MAX_FILES = 10  # in one submission
MAX_FILES_PER_COMPLAINT = 30
# Photos, scans and documents: JPEG, PNG, PDF, DOCX, ODT, told by their content.
EVIDENCE_KINDS = ("jpeg", "png", "pdf", "docx", "odt")


@dataclass(frozen=True)
class Upload:
    """A file as it arrives: its name, the type the sender claims, and its bytes."""

    name: str
    file: IO[bytes]
    content_type: str = ""


@dataclass(frozen=True)
class Checked:
    name: str
    kind: uploads.Kind
    content: bytes


def check_files(files: Sequence[Upload], *, already: int = 0) -> list[Checked]:
    """Every file read and checked (uploads.check: the real type from the first
    bytes, the size, an archive that cannot explode), before anything is stored;
    one refused refuses them all, each reason beside the attachments field."""
    errors: list[str] = []
    if len(files) > MAX_FILES:
        errors.append(_("Attach at most %(max)s files at once.") % {"max": MAX_FILES})
    elif already + len(files) > MAX_FILES_PER_COMPLAINT:
        errors.append(
            _("A complaint holds at most %(max)s files.") % {"max": MAX_FILES_PER_COMPLAINT}
        )
    checked: list[Checked] = []
    total = 0
    for upload in files if not errors else ():
        shown = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:80]
        # Never more than one byte past the limit is read: enough to refuse it.
        data = upload.file.read(MAX_FILE_BYTES + 1)
        total += len(data)
        try:
            content_type = uploads.check(
                data,
                file_name=upload.name,
                allowed=EVIDENCE_KINDS,
                max_bytes=MAX_FILE_BYTES,
                declared_type=upload.content_type,
            )
        except uploads.FileRefused as error:
            errors.append(f"“{shown}”: {stored_files.refusal_message(error)}")
            continue
        kind = uploads.BY_TYPE[content_type]
        checked.append(Checked(stored_files.safe_name(upload.name, kind=kind), kind, data))
    if total > MAX_TOTAL_BYTES:
        errors.append(
            _("Together the files are larger than %(max)s MB: send fewer or smaller ones.")
            % {"max": MAX_TOTAL_BYTES // MB}
        )
    if errors:
        raise ValidationFailed(
            _("Some files cannot be accepted. Nothing was sent."),
            field_errors={"attachments": errors},
        )
    return checked


# --- Lodging a complaint --------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintData:
    categories: tuple[str, ...]
    description: str
    anonymous: bool = True
    name: str = ""
    contact: str = ""
    employer: str = ""
    workplace: str = ""
    sector: str = ""  # an ISIC Rev.4 section, A to U
    region: str = ""
    agency: str = ""  # a registered agency's public id (G-…)
    agency_name: str = ""  # as the worker names it; matched to a registered agency
    language: str = ""  # the complainant's; the active language when empty
    # The worker's registry record (public id), linked only when they ask for it and
    # only by a caseworker who holds the case; nothing in the record is read or changed.
    person: str = ""


@dataclass(frozen=True)
class Lodged:
    complaint: Complaint
    code: str  # shown once; only its digest is kept


def _clean_complaint(data: ComplaintData) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    categories: list[str] = []
    for category in data.categories:
        if category not in ComplaintCategory.values:
            errors["categories"] = [_("Choose what happened from the list.")]
        elif category not in categories:
            categories.append(category)
    if not categories and "categories" not in errors:
        errors["categories"] = [_("Choose at least one thing that happened.")]
    values: dict[str, object] = {
        "categories": categories,
        "description": check_text(
            "description", data.description, DESCRIPTION_MAX, errors, required=True
        ),
        "employer": check_text("employer", data.employer, SHORT_MAX, errors),
        "workplace": check_text("workplace", data.workplace, WORKPLACE_MAX, errors),
        "region": check_text("region", data.region, REGION_MAX, errors),
        "agency_name": check_text("agency_name", data.agency_name, SHORT_MAX, errors),
    }
    name = check_text("name", data.name, SHORT_MAX, errors)
    contact = check_text("contact", data.contact, CONTACT_MAX, errors)
    # Anonymous means anonymous: a name or contact given by mistake is not kept.
    values["name"] = "" if data.anonymous else name
    values["contact"] = "" if data.anonymous else contact
    sector = data.sector.strip().upper()
    if sector and sector not in isic.SECTIONS:
        errors["sector"] = [_("Choose the sector from the list (ISIC sections A to U).")]
    values["sector"] = sector
    if data.anonymous and data.person:
        errors["anonymous"] = [
            _("An anonymous complaint cannot be linked to a record. Choose one or the other.")
        ]
    refuse(errors, _("The complaint has errors."))
    return values


def _lodged_via(actor: Actor | None) -> tuple[str, Actor | None]:
    """How the complaint came in, and who lodged it for a worker (None: the worker)."""
    if actor is None or not access.can_lodge_for_worker(actor):
        return LodgedVia.PUBLIC, None
    roles = {s.role for s in actor.seats if s.organisation_id == actor.organisation_id}
    if Role.INSPECTOR in roles:
        return LodgedVia.INSPECTOR, actor
    if Role.CASEWORKER in roles:
        return LodgedVia.CASEWORKER, actor
    if Role.PARTNER in roles:
        return LodgedVia.NGO, actor
    return LodgedVia.PUBLIC, None


def _linked_person(data: ComplaintData, lodger: Actor | None) -> Person | None:
    """The registry record the worker asked to link, or None. Nothing of the
    record is read or written here: the check is whether the lodger may name it
    (a caseworker holding the case); anyone else learns nothing of it."""
    if not data.person:
        return None
    person = people_selectors.registry().filter(public_id=data.person.strip()).first()
    if (
        lodger is None
        or person is None
        or not access.can_change_case(
            lodger, responsible=people_selectors.responsible_ids(person=person)
        )
    ):
        raise ValidationFailed(
            _("The complaint has errors."),
            field_errors={"person": [_("There is no such person in your organisation's cases.")]},
        )
    return person


def _agency(data: ComplaintData) -> Agency | None:
    if data.agency:
        found = selectors.agency_by_public_id(public_id=data.agency.strip())
        if found is None:
            raise ValidationFailed(
                _("The complaint has errors."),
                field_errors={"agency": [_("There is no registered agency with this id.")]},
            )
        return found
    return selectors.agency_by_name(name=data.agency_name) if data.agency_name else None


def complaint_lodge(
    *,
    actor: Actor | None,
    data: ComplaintData,
    files: Sequence[Upload] = (),
    now: datetime | None = None,
) -> Lodged:
    """Lodges a complaint: from the public pages (``actor`` None, or a migrant
    signed in to the portal), or for a worker by an NGO, an inspector or a
    caseworker (for the organisation they act for). It is routed by the rules,
    urgent at once when it names trafficking, and its attachments are checked
    first: a file refused refuses the whole complaint, and nothing is kept."""
    now = now or timezone.now()
    values = _clean_complaint(data)
    checked = check_files(files)
    via, lodger = _lodged_via(actor)
    person = _linked_person(data, lodger)
    agency = _agency(data)
    categories = values["categories"]
    assert isinstance(categories, list)
    code = tracking_code_new()
    routed_to = selectors.route_for(categories=categories, region=str(values["region"]))
    with storing() as saved, transaction.atomic():
        complaint = Complaint.objects.create(
            tracking_digest=selectors.tracking_digest(selectors.normalise_code(code) or ""),
            lodged_via=via,
            lodged_by=lodger.user if lodger else None,
            lodged_for_id=lodger.organisation_id if lodger else None,
            language=data.language or translation.get_language() or "en",
            anonymous=data.anonymous,
            person=person,
            agency=agency,
            urgent=bool(URGENT_CATEGORIES & set(categories)),
            routed_to=routed_to,
            lodged_at=now,
            **values,
        )
        event_add(complaint, "lodged", now, public=True)
        if routed_to is not None:
            event_add(
                complaint,
                "routed",
                now,
                public=True,
                data={"organisation": routed_to.code, "organisation_name": routed_to.name},
            )
        _attach(complaint, checked, now, from_complainant=True, saved=saved)
        audit.record(
            actor=lodger,
            actor_label="" if lodger else "complainant",
            action="complaint.lodge",
            object_type="complaint",
            object_id=complaint.public_id,
            purpose="complaint",
            data={
                "via": via,
                "categories": categories,
                "urgent": complaint.urgent,
                "routed_to": routed_to.code if routed_to else "",
                "attachments": len(checked),
            },
            now=now,
        )
        if complaint.urgent:
            notify_urgent(complaint, now)
    return Lodged(complaint=complaint, code=code)


# --- Files ------------------------------------------------------------------------------------


@contextmanager
def storing() -> Iterator[list[str]]:
    """Collects the paths saved inside the block; when the block fails, deletes
    them, so a refused or failed write leaves no orphan file on disk."""
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for path in saved:
            try:
                stored_files.delete(path)
            except OSError:  # logged; the write fails anyway
                logger.exception("Could not delete %s after a failed write", path)
        raise


def _attach(
    complaint: Complaint,
    checked: Iterable[Checked],
    now: datetime,
    *,
    from_complainant: bool,
    saved: list[str],
) -> list[Attachment]:
    made = []
    for item in checked:
        path = stored_files.store(
            item.content, folder=f"{FOLDER}/{complaint.public_id}", kind=item.kind
        )
        saved.append(path)
        made.append(
            Attachment.objects.create(
                complaint=complaint,
                file_path=path,
                file_name=item.name,
                content_type=item.kind.content_type,
                size=len(item.content),
                sha256=hashlib.sha256(item.content).hexdigest(),
                from_complainant=from_complainant,
                uploaded_at=now,
            )
        )
    return made


# --- Events and notifications -------------------------------------------------------------------


def event_add(
    complaint: Complaint,
    kind: str,
    now: datetime,
    *,
    public: bool,
    text: str = "",
    data: dict[str, object] | None = None,
    by: Actor | None = None,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        public=public,
        text=text,
        data=data or {},
        by=by.user if by else None,
        at=now,
    )


def audit_complaint(
    actor: Actor, complaint: Complaint, action: str, data: dict[str, object], now: datetime
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="complaint",
        object_id=complaint.public_id,
        purpose="complaint handling",
        data=data,
        now=now,
    )


def _handlers_of(complaint: Complaint) -> list[int]:
    """Who is told about the complaint: its organisation, or (not routed yet)
    every organisation that handles complaints."""
    if complaint.routed_to_id is not None:
        return [complaint.routed_to_id]
    return list(selectors.handling_organisations().values_list("pk", flat=True))


def notify_urgent(complaint: Complaint, now: datetime) -> None:
    """The routed organisation's inspectors, at once. The message names no one:
    it links to the complaint, which only its handlers can open."""
    core_services.notify(
        users=selectors.inspectors_of(organisation_ids=_handlers_of(complaint)),
        kind="complaints.urgent",
        params={},
        record_type="complaint",
        record_id=complaint.public_id,
        now=now,
    )


# --- Following a complaint with its code (no account) -----------------------------------


def complaint_add_information(
    *,
    complaint: Complaint,
    text: str,
    files: Sequence[Upload] = (),
    now: datetime | None = None,
) -> ComplaintEvent:
    """The complainant adds what they know or new evidence, through the tracking
    code. A complaint waiting for them goes back to its handler."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    cleaned = check_text("text", text, DESCRIPTION_MAX, errors)
    if not cleaned and not files and not errors:
        errors["text"] = [_("Write what you want to add, or attach a file.")]
    refuse(errors, _("What you added has errors."))
    checked = check_files(files, already=complaint.attachments.count())
    with storing() as saved, transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.status == ComplaintStatus.CLOSED:
            raise Conflict(
                _("This complaint is closed. If something new happened, lodge a new one.")
            )
        made = _attach(locked, checked, now, from_complainant=True, saved=saved)
        event = event_add(
            locked,
            "information" if cleaned else "evidence",
            now,
            public=True,
            text=cleaned,
            data={"files": [a.file_name for a in made]},
        )
        if locked.status == ComplaintStatus.WAITING:
            locked.status = ComplaintStatus.IN_PROGRESS
            locked.save(update_fields=["status"])
        audit.record(
            actor=None,
            actor_label="complainant",
            action="complaint.information.add",
            object_type="complaint",
            object_id=locked.public_id,
            purpose="complaint",
            data={"attachments": len(made), "text": bool(cleaned)},
            now=now,
        )
        if locked.handler_id is not None:
            core_services.notify(
                users=[locked.handler] if locked.handler else [],
                kind="complaints.information",
                params={},
                record_type="complaint",
                record_id=locked.public_id,
                now=now,
            )
    complaint.refresh_from_db()
    return event
