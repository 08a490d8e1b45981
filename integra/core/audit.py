"""Writing and verifying the append-only, hash-chained audit log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from integra.core import backend_bulk, context, hashchain
from integra.core.access import Actor
from integra.core.models import AuditEntry, AuditHead


def _fields(entry: AuditEntry) -> dict[str, object]:
    return {
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "organisation": entry.organisation_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "purpose": entry.purpose,
        "request_id": entry.request_id,
        "break_glass": entry.break_glass,
        "data": entry.data,
    }


def _entry(
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: str | int,
    purpose: str,
    data: Mapping[str, object] | None,
    break_glass: bool,
    actor_label: str,
    at: datetime,
    previous_hash: str,
) -> AuditEntry:
    entry = AuditEntry(
        at=at,
        actor=actor.user if actor else None,
        actor_label=actor.label if actor else (actor_label or "system"),
        organisation_id=actor.organisation_id if actor else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        purpose=purpose,
        request_id=context.request_id.get(),
        break_glass=break_glass,
        data=dict(data or {}),
        previous_hash=previous_hash,
    )
    entry.entry_hash = hashchain.entry_hash(previous_hash, _fields(entry))
    return entry


def _head() -> AuditHead:
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": hashchain.GENESIS}
    )
    return head


def record(
    *,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    data: Mapping[str, object] | None = None,
    break_glass: bool = False,
    actor_label: str = "",
    now: datetime | None = None,
) -> AuditEntry:
    """Appends one entry. Runs inside the caller's transaction, so the entry is
    written if and only if the change it describes is."""
    with transaction.atomic():
        head = _head()
        entry = _entry(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            purpose=purpose,
            data=data,
            break_glass=break_glass,
            actor_label=actor_label,
            at=now or timezone.now(),
            previous_hash=head.last_hash,
        )
        entry.save()
        head.last_hash = entry.entry_hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return entry


_COLUMNS = [
    "at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "request_id",
    "break_glass",
    "data",
    "previous_hash",
    "entry_hash",
]


def _insert(rows: list[tuple[object, ...]]) -> int:
    """In chain order (core.backend_bulk): primary-key order is chain order."""
    return backend_bulk.insert(AuditEntry, _COLUMNS, rows)


@dataclass(frozen=True)
class Event:
    """One entry for ``record_many``."""

    action: str
    object_type: str = ""
    object_id: str = ""
    data: Mapping[str, object] | None = None


def record_many(
    *,
    actor: Actor | None,
    events: Iterable[Event],
    purpose: str = "",
    now: datetime | None = None,
    batch_size: int = 2000,
) -> int:
    """Appends many entries, chained exactly as ``record`` chains them, in bulk
    inserts while holding the chain head (an import of a million people writes
    a million entries). Returns how many were written."""
    at = now or timezone.now()
    # The same fields as _fields(entry), without building a model per entry.
    common = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor.user.pk if actor else None,
        "actor_label": actor.label if actor else "system",
        "organisation": actor.organisation_id if actor else None,
        "purpose": purpose,
        "request_id": context.request_id.get(),
        "break_glass": False,
    }
    written = 0
    with transaction.atomic():
        head = _head()
        previous = head.last_hash
        pending: list[tuple[object, ...]] = []
        for event in events:
            data = dict(event.data or {})
            fields = {
                **common,
                "action": event.action,
                "object_type": event.object_type,
                "object_id": str(event.object_id),
                "data": data,
            }
            digest = hashchain.entry_hash(previous, fields)
            object_id = str(event.object_id)
            pending.append(
                (
                    *(at, common["actor"], common["actor_label"], common["organisation"]),
                    *(event.action, event.object_type, object_id, purpose),
                    *(common["request_id"], False, data, previous, digest),
                )
            )
            previous = digest
            if len(pending) >= batch_size:
                written += _insert(pending)
                pending = []
        if pending:
            written += _insert(pending)
        if written:
            head.last_hash = previous
            head.count += written
            head.save(update_fields=["last_hash", "count"])
    return written


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_at: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify() -> VerifyResult:
    """Checks the chain up to the head read at the start.

    Entries are appended while holding the head row, so primary-key order is chain
    order and the first ``head.count`` entries are exactly the chain the head
    describes; entries written during the walk come after them and are left out.
    """
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        first = AuditEntry.objects.order_by("pk").first()
        if first is not None:
            return VerifyResult(0, first.pk, "entries exist but the chain head is missing")
        return VerifyResult(0, None, "")
    checked = 0
    last: hashchain.ChainLink | None = None

    def links() -> Iterator[hashchain.ChainLink]:
        nonlocal checked, last
        entries = AuditEntry.objects.order_by("pk")[: head.count]
        for entry in entries.iterator(chunk_size=2000):
            checked += 1
            last = hashchain.ChainLink(
                key=entry.pk,
                fields=_fields(entry),
                previous_hash=entry.previous_hash,
                stored_hash=entry.entry_hash,
            )
            yield last

    broken = hashchain.first_break(links())
    if broken is not None:
        return VerifyResult(checked, broken.key, broken.reason)
    if checked < head.count:
        return VerifyResult(checked, last.key if last else 0, "entries after this one were removed")
    if last is not None and last.stored_hash != head.last_hash:
        return VerifyResult(checked, last.key, "the chain head does not match this entry")
    return VerifyResult(checked, None, "")
