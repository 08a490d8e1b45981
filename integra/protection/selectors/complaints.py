"""What the complaint pages and API read (R18, R19), already scoped.

Behind the firewall (ARCHITECTURE.md rule 2): a complaint is read by the inspectors
of the organisation it was routed to (core.access.complaint_scope), never by a role
that can see legal status. The complainant reads their own through the tracking
code: the status and the public events, nothing a handler wrote for colleagues.

The tracking code is never stored: only its keyed digest (HMAC-SHA256 with the
secret key), so a copy of the database opens no complaint. A wrong code and an
unknown well-formed one answer the same, and guessing is slowed per client.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from integra.core import access, audit, ratelimit
from integra.core.access import Actor
from integra.core.errors import ApplicationError, NotFound, PermissionDenied
from integra.core.ids import ALPHABET
from integra.core.models import Organisation, User
from integra.core.roles import Role
from integra.protection import isic, licensing
from integra.protection.models import (
    Agency,
    Attachment,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
    ForcedLabourIndicator,
    IndicatorFlag,
    Remedy,
    RoutingRule,
)

# A tracking code: 160 random bits as 32 characters of Crockford's base32, read and
# written in eight groups of four.
CODE_LENGTH = 32
# Guessing codes: at most this many tries per client address in the window, shared
# by the pages and the API.
TRACK_LIMIT = 10
TRACK_WINDOW_SECONDS = 15 * 60
# Crockford's reading of letters people confuse with digits.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


class TooManyTries(ApplicationError):
    status = 429
    title = _("Too many requests")
    slug = "too-many-requests"


# --- The tracking code ---------------------------------------------------------------------


def normalise_code(raw: str) -> str | None:
    """The code as it was issued (upper case, no separators), or None when it
    cannot be one. Spaces, dashes, lower case and O/I/L for 0/1/1 are forgiven."""
    text = "".join(ch for ch in raw if not ch.isspace() and ch != "-").upper()
    text = text.translate(_CONFUSABLE)
    if len(text) != CODE_LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def format_code(code: str) -> str:
    """``XXXX-XXXX-…``: eight groups of four, easier to copy by hand."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def tracking_digest(code: str) -> str:
    """The keyed digest stored in place of a (normalised) code."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"complaint:{code}".encode(), hashlib.sha256
    ).hexdigest()


def complaint_by_code(*, code: str, client: str) -> Complaint:
    """The complaint a tracking code opens, for its complainant. Every try counts
    against the client's allowance, found or not; a malformed code and an unknown
    one are the same "not found", so no answer tells whether a guess was close."""
    if ratelimit.hit(
        f"complaints:track:{client or 'unknown'}",
        limit=TRACK_LIMIT,
        window_seconds=TRACK_WINDOW_SECONDS,
    ):
        raise TooManyTries(_("Too many tries. Wait a quarter of an hour and try again."))
    normalised = normalise_code(code)
    # Hash even a malformed code, so both answers take the same work.
    digest = tracking_digest(normalised or code[:64])
    found = Complaint.objects.filter(tracking_digest=digest).first() if normalised else None
    if found is None:
        raise NotFound(_("We found no complaint with this code. Check it and try again."))
    return found


def tracked_complaint(*, public_id: str) -> Complaint:
    """The complaint a complainant opened with its code earlier in the session."""
    found = Complaint.objects.select_related("routed_to").filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("We found no complaint with this code. Check it and try again."))
    return found


@dataclass(frozen=True)
class PublicEvent:
    """A line the complainant reads: what happened, in their language."""

    at: object
    kind: str
    title: str
    text: str


@dataclass(frozen=True)
class TrackedView:
    complaint: Complaint
    status_label: str
    events: list[PublicEvent]
    own_files: list[str]


def event_title(event: ComplaintEvent) -> str:
    """What an event says, in the reader's language (data, not stored text)."""
    data = event.data or {}
    if event.kind == "lodged":
        return _("Complaint received")
    if event.kind == "routed":
        return _("Sent to %(organisation)s") % {"organisation": data.get("organisation_name", "")}
    if event.kind == "assigned":
        return _("Taken up by a handler")
    if event.kind == "status":
        label = status_label(str(data.get("to", "")))
        return _("Status: %(status)s") % {"status": label} if data.get("to") else _("Note")
    if event.kind == "information":
        return _("Information added by the complainant")
    if event.kind == "evidence":
        return _("Evidence added by the complainant")
    if event.kind == "indicator":
        return _("Indicator flagged: %(indicator)s") % {
            "indicator": indicator_label(str(data.get("indicator", "")))
        }
    if event.kind == "indicator_removed":
        return _("Indicator withdrawn: %(indicator)s") % {
            "indicator": indicator_label(str(data.get("indicator", "")))
        }
    if event.kind == "inspection_visit":
        return _("An inspector visited the workplace")
    if event.kind == "workplace_linked":
        return _("Linked to a workplace")
    if event.kind == "urgent":
        return _("Marked urgent")
    if event.kind == "forced_labour":
        return _("Decided: forced labour") if data.get("found") else _("Decided: not forced labour")
    if event.kind == "closed":
        return _("Closed: %(remedies)s") % {
            "remedies": ", ".join(remedy_label(str(r)) for r in data.get("remedies", []))
        }
    return event.kind


def tracked_view(*, complaint: Complaint) -> TrackedView:
    """What the complainant sees: the status and the public events, oldest first;
    never a handler's name, an internal note, a flag or a decision."""
    events = complaint.events.filter(public=True).order_by("at", "pk")
    return TrackedView(
        complaint=complaint,
        status_label=status_label(complaint.status),
        events=[PublicEvent(e.at, e.kind, event_title(e), e.text) for e in events],
        own_files=list(
            complaint.attachments.filter(from_complainant=True)
            .order_by("uploaded_at", "pk")
            .values_list("file_name", flat=True)
        ),
    )


# --- Labels (in the reader's language) -----------------------------------------------------


def status_label(value: str) -> str:
    return str(dict(ComplaintStatus.choices).get(value, value))


def category_label(value: str) -> str:
    return str(dict(ComplaintCategory.choices).get(value, value))


def indicator_label(value: str) -> str:
    return str(dict(ForcedLabourIndicator.choices).get(value, value))


def remedy_label(value: str) -> str:
    return str(dict(Remedy.choices).get(value, value))


def sector_label(letter: str) -> str:
    """``F — Construction``: an ISIC Rev.4 section in the reader's language."""
    return f"{letter} — {isic.section_label(letter)}" if letter in isic.SECTIONS else letter


def sector_choices() -> list[tuple[str, str]]:
    """ISIC Rev.4 sections, ``A — Agriculture…``, in the reader's language."""
    return isic.choices()


# --- Who may do what ------------------------------------------------------------------------


def handles_complaints(*, actor: Actor) -> bool:
    return access.handles_complaints(actor)


def can_lodge_for_worker(*, actor: Actor) -> bool:
    return access.can_lodge_for_worker(actor)


def can_manage_routing(*, actor: Actor) -> bool:
    return access.can_manage_complaint_routing(actor)


def acting_organisation(*, actor: Actor) -> Organisation | None:
    """The organisation a complaint lodged for a worker is lodged for."""
    if actor.organisation_id is None:
        return None
    return Organisation.objects.filter(pk=actor.organisation_id).first()


def _guard(actor: Actor) -> set[int]:
    scope = access.complaint_scope(actor)
    if not scope:
        raise PermissionDenied(
            _("Complaints are read by the inspectors of the organisations that handle them.")
        )
    return scope


# --- Handlers' reads --------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintFilters:
    status: str = ""  # a ComplaintStatus, "open" (anything but closed) or "" for all
    category: str = ""
    urgent: bool | None = None
    mine: bool = False


def _visible(scope: set[int]) -> QuerySet[Complaint]:
    return Complaint.objects.filter(Q(routed_to__isnull=True) | Q(routed_to_id__in=scope))


def complaint_list(*, actor: Actor, filters: ComplaintFilters | None = None) -> QuerySet[Complaint]:
    """The complaints the actor's organisations handle (and those not routed yet),
    urgent first, then the oldest open first, then the newest closed."""
    scope = _guard(actor)
    filters = filters or ComplaintFilters()
    complaints = _visible(scope).select_related("routed_to", "handler")
    if filters.status == "open":
        complaints = complaints.exclude(status=ComplaintStatus.CLOSED)
    elif filters.status:
        complaints = complaints.filter(status=filters.status)
    if filters.category:
        # The JSON list as text, the category in quotes: both databases read it alike.
        complaints = complaints.filter(categories__icontains=f'"{filters.category}"')
    if filters.urgent is not None:
        complaints = complaints.filter(urgent=filters.urgent)
    if filters.mine:
        complaints = complaints.filter(handler=actor.user)
    closed_last = Case(
        When(status=ComplaintStatus.CLOSED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return complaints.annotate(closed_last=closed_last).order_by(
        "-urgent", "closed_last", "lodged_at", "pk"
    )


def complaint_rows(*, complaints: Iterable[Complaint]) -> list[dict[str, object]]:
    """The triage list's lines: labels in the reader's language."""
    return [
        {
            "complaint": complaint,
            "categories": [category_label(c) for c in complaint.categories],
            "status": status_label(complaint.status),
        }
        for complaint in complaints
    ]


def can_see(*, actor: Actor, complaint: Complaint) -> bool:
    return access.can_see_complaint(actor, routed_to=complaint.routed_to_id)


def complaint_get(*, actor: Actor, public_id: str) -> Complaint:
    """One complaint, for those who handle it; anyone else learns nothing (404),
    not even that it exists."""
    if not access.complaint_scope(actor):
        raise NotFound(_("There is no such complaint."))
    complaint = (
        Complaint.objects.select_related("routed_to", "handler", "agency", "lodged_for")
        .filter(public_id=public_id)
        .first()
    )
    if complaint is None or not access.can_see_complaint(actor, routed_to=complaint.routed_to_id):
        raise NotFound(_("There is no such complaint."))
    return complaint


@dataclass(frozen=True)
class ComplaintDetail:
    complaint: Complaint
    categories: list[str]
    sector: str
    status: str
    events: list[tuple[ComplaintEvent, str]]
    indicators: list[tuple[IndicatorFlag, str]]
    attachments: list[Attachment]
    remedies: list[str]
    lodged_via: str
    linked_to_record: bool


def complaint_detail(*, actor: Actor, public_id: str) -> ComplaintDetail:
    """Everything about one complaint, for its handlers; the read is audited."""
    complaint = complaint_get(actor=actor, public_id=public_id)
    audit.record(
        actor=actor,
        action="complaint.read",
        object_type="complaint",
        object_id=complaint.public_id,
        purpose="complaint handling",
    )
    events = complaint.events.select_related("by").order_by("at", "pk")
    flags = complaint.indicators.select_related("flagged_by").order_by("flagged_at", "pk")
    return ComplaintDetail(
        complaint=complaint,
        categories=[category_label(c) for c in complaint.categories],
        sector=sector_label(complaint.sector) if complaint.sector else "",
        status=status_label(complaint.status),
        events=[(event, event_title(event)) for event in events],
        indicators=[(flag, indicator_label(flag.indicator)) for flag in flags],
        attachments=list(complaint.attachments.order_by("uploaded_at", "pk")),
        remedies=[remedy_label(r) for r in complaint.remedies],
        lodged_via=complaint.get_lodged_via_display(),
        linked_to_record=complaint.person_id is not None,
    )


def attachment_open(
    *, actor: Actor, complaint: Complaint, attachment_id: int
) -> tuple[Attachment, IO[bytes]]:
    """An attachment's file, for the complaint's handlers; every download audited."""
    attachment = complaint.attachments.filter(pk=attachment_id).first()
    if attachment is None or not default_storage.exists(attachment.file_path):
        raise NotFound(_("There is no such attachment."))
    audit.record(
        actor=actor,
        action="complaint.attachment.download",
        object_type="complaint",
        object_id=complaint.public_id,
        purpose="complaint handling",
        data={"attachment": attachment.pk},
    )
    return attachment, default_storage.open(attachment.file_path, "rb")


def handling_organisations() -> QuerySet[Organisation]:
    """Where a complaint can be routed: the active labour inspectorates and
    legal-aid organisations."""
    return Organisation.objects.filter(kind__in=access.COMPLAINT_KINDS, is_active=True).order_by(
        "name", "pk"
    )


def handling_organisation(*, code: str) -> Organisation | None:
    return handling_organisations().filter(code=code).first()


def inspectors_of(*, organisation_ids: Iterable[int]) -> QuerySet[User]:
    """The inspectors who handle complaints at these organisations (to notify)."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id__in=list(organisation_ids),
        memberships__role=Role.INSPECTOR,
    ).distinct()


def complaint_exists(public_id: str) -> bool:
    return Complaint.objects.filter(public_id=public_id).exists()


# --- Routing --------------------------------------------------------------------------------


def routing_rules(*, actor: Actor) -> QuerySet[RoutingRule]:
    if not access.can_manage_complaint_routing(actor):
        raise PermissionDenied(
            _("Where complaints go is set by the labour inspectorate's inspectors.")
        )
    return RoutingRule.objects.select_related("organisation").order_by("category", "region", "pk")


def routing_rule_get(*, actor: Actor, rule_id: int) -> RoutingRule:
    rule = routing_rules(actor=actor).filter(pk=rule_id).first()
    if rule is None:
        raise NotFound(_("There is no such routing rule."))
    return rule


def _fold(text: str) -> str:
    """Case and diacritics folded, inner white space one space: "Ștefan" ~ "stefan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


# Categories that go first when a complaint names several (the most serious).
CATEGORY_PRIORITY = [
    ComplaintCategory.TRAFFICKING,
    ComplaintCategory.DEBT,
    ComplaintCategory.DOCUMENTS,
    ComplaintCategory.THREATS,
    ComplaintCategory.HARASSMENT,
]


def route_for(*, categories: Iterable[str], region: str) -> Organisation | None:
    """Where a complaint goes: the most specific rule that matches. A rule naming
    both a category of the complaint and its region beats one naming only its
    category, which beats one naming only its region, which beats the catch-all.
    Among rules as specific, the complaint's most serious category wins."""
    wanted = list(categories)
    order: dict[str, int] = {str(c): i for i, c in enumerate(CATEGORY_PRIORITY)}
    place = {c: order.get(c, len(order) + i) for i, c in enumerate(wanted)}
    folded_region = _fold(region)
    best: tuple[tuple[int, int, int, int], RoutingRule] | None = None
    rules = RoutingRule.objects.select_related("organisation").filter(
        Q(category="") | Q(category__in=wanted), organisation__is_active=True
    )
    for rule in rules:
        if rule.region and _fold(rule.region) != folded_region:
            continue
        rank = (
            -(bool(rule.category) + bool(rule.region)),
            0 if rule.category else 1,
            place.get(rule.category, 0),
            rule.pk,
        )
        if best is None or rank < best[0]:
            best = (rank, rule)
    return best[1].organisation if best else None


def agency_by_name(*, name: str) -> Agency | None:
    """The registered recruitment agency of this name (case and diacritics folded
    as the register folds them), when exactly one has it."""
    key = licensing.search_key(name)
    if not key:
        return None
    found = list(Agency.objects.filter(search_name=key).order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


def agency_by_public_id(*, public_id: str) -> Agency | None:
    return Agency.objects.filter(public_id=public_id).first()


def known_regions() -> list[str]:
    """Regions named by routing rules and organisations, to suggest in the form."""
    regions = set(RoutingRule.objects.exclude(region="").values_list("region", flat=True))
    regions |= set(Organisation.objects.exclude(region="").values_list("region", flat=True))
    return sorted(regions, key=_fold)
