"""Funding (R26): sources, budget lines per programme and measure and year,
commitments and spending on them, and the daily alert when a core measure has no
funding for the next year.

Every write checks core.access (can_manage_funding), validates with clear
messages (a negative amount, a measure of another programme, a date far in the
future …), runs in a transaction and writes an audit entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import audit, records, todos
from integra.core import services as core_services
from integra.core.access import Actor
from integra.core.errors import ValidationFailed
from integra.core.models import Membership, Organisation, Todo, User
from integra.core.roles import OrganisationKind, Role
from integra.monitoring.models import BudgetEntry, BudgetLine, FundingSource, Movement, SourceKind
from integra.monitoring.selectors import funding as selectors

CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_AMOUNT = Decimal("999999999999.99")  # 14 digits, 2 after the point
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A commitment may be dated ahead (a contract signed for later), not further.
FUTURE_DAYS = 366
TODO_KIND = "funding_gap"


def _refuse(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, field_errors={field_name: [message]})


def _clean_text(value: str, *, field_name: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise _refuse(field_name, _("This text holds a character that is not allowed."))
    if required and not value:
        raise _refuse(field_name, _("This field is required."))
    if len(value) > max_length:
        raise _refuse(
            field_name, _("At most %(limit)d characters, please.") % {"limit": max_length}
        )
    return value


def _amount(value: object, *, field_name: str = "amount") -> Decimal:
    """A finite amount with at most two decimals; its sign is checked by the caller."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _refuse(field_name, _("Type an amount, e.g. 1250.50.")) from None
    if not amount.is_finite():
        raise _refuse(field_name, _("Type an amount, e.g. 1250.50."))
    if amount != amount.quantize(Decimal("0.01")):
        raise _refuse(field_name, _("An amount has at most two decimals."))
    if abs(amount) > MAX_AMOUNT:
        raise _refuse(field_name, _("This amount is too large."))
    return amount.quantize(Decimal("0.01"))


# --- Sources ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceData:
    code: str
    name: str
    kind: str
    description: str = ""
    is_active: bool = True


def _source_fields(data: SourceData) -> dict[str, object]:
    if data.kind not in SourceKind.values:
        raise _refuse("kind", _("Choose the kind of source from the list."))
    return {
        "name": _clean_text(data.name, field_name="name", max_length=200, required=True),
        "kind": data.kind,
        "description": _clean_text(
            data.description, field_name="description", max_length=5000, required=False
        ),
        "is_active": bool(data.is_active),
    }


def _audit(actor: Actor, action: str, object_type: str, object_id: str, **data: object) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        purpose="funding",
        data=data,
    )


@transaction.atomic
def source_create(*, actor: Actor, data: SourceData, now: datetime | None = None) -> FundingSource:
    selectors.guard_manage(actor)
    code = (data.code or "").strip().lower()
    if not code:
        raise _refuse("code", _("This field is required."))
    if len(code) > 64 or not CODE.match(code):
        raise _refuse(
            "code", _("Use lower-case letters, digits and hyphens, e.g. “eu-amif”, at most 64.")
        )
    if selectors.source_code_taken(code=code):
        raise _refuse("code", _("Another source already has this code."))
    source = FundingSource.objects.create(
        code=code, created_at=now or timezone.now(), **_source_fields(data)
    )
    _audit(actor, "funding.source_create", "funding_source", source.code, kind=source.kind)
    return source


def source_data(source: FundingSource) -> SourceData:
    return SourceData(
        code=source.code,
        name=source.name,
        kind=source.kind,
        description=source.description,
        is_active=source.is_active,
    )


@transaction.atomic
def source_update(*, actor: Actor, source: FundingSource, data: SourceData) -> FundingSource:
    """Name, kind, description and whether it is in use; the code stays."""
    selectors.guard_manage(actor)
    fields = _source_fields(data)
    locked = FundingSource.objects.select_for_update().get(pk=source.pk)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    _audit(actor, "funding.source_update", "funding_source", locked.code, changed=changed)
    return locked


@transaction.atomic
def source_deactivate(*, actor: Actor, source: FundingSource) -> FundingSource:
    """No new budget lines from it; its lines and their entries stay."""
    selectors.guard_manage(actor)
    locked = FundingSource.objects.select_for_update().get(pk=source.pk)
    if locked.is_active:
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        _audit(actor, "funding.source_deactivate", "funding_source", locked.code)
    return locked


# --- Budget lines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineData:
    source: str  # the source's code
    programme: str  # the programme's code
    year: int
    amount: Decimal | str
    currency: str
    measure: str = ""  # a measure's code in the programme; empty: the programme as a whole
    note: str = ""


def _year(value: object) -> int:
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        raise _refuse("year", _("Type a year, e.g. 2027.")) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refuse(
            "year",
            _("The year must be between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return year


def line_amount(value: object) -> Decimal:
    """A budget line's amount: zero or more."""
    amount = _amount(value)
    if amount < 0:
        raise _refuse(
            "amount",
            _("A budget line cannot have a negative amount; type zero or more."),
        )
    return amount


@transaction.atomic
def line_create(*, actor: Actor, data: LineData, now: datetime | None = None) -> BudgetLine:
    selectors.guard_manage(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    source = selectors.source_by_code(code=(data.source or "").strip())
    if source is None:
        errors["source"] = [_("Choose a funding source from the list.")]
    elif not source.is_active:
        errors["source"] = [_("This source is no longer in use; choose another.")]
    programme = selectors.programme_by_code(code=(data.programme or "").strip())
    if programme is None:
        errors["programme"] = [_("Choose a programme from the list.")]
    measure = None
    if data.measure and programme is not None:
        measure = selectors.measure_of(programme=programme, code=data.measure.strip())
        if measure is None:
            errors["measure"] = [
                _("This is not a measure of the programme “%(programme)s”.")
                % {"programme": programme.name}
            ]
    year = amount = note = None
    try:
        year = _year(data.year)
    except ValidationFailed as error:
        errors.update(error.field_errors)
    try:
        amount = line_amount(data.amount)
    except ValidationFailed as error:
        errors.update(error.field_errors)
    currency = (data.currency or "").strip().upper()
    if not CURRENCY.match(currency):
        errors["currency"] = [_("Type the currency's three-letter ISO code, e.g. EUR or MDL.")]
    try:
        note = _clean_text(data.note, field_name="note", max_length=500, required=False)
    except ValidationFailed as error:
        errors.update(error.field_errors)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, field_errors=errors)
    assert source is not None
    assert programme is not None
    assert year is not None
    assert amount is not None
    assert note is not None
    line = BudgetLine.objects.create(
        source=source,
        programme=programme,
        measure=measure,
        year=year,
        amount=amount,
        currency=currency,
        note=note,
        created_by=actor.user,
        created_at=now,
        updated_at=now,
    )
    _audit(
        actor,
        "funding.line_create",
        "budget_line",
        line.public_id,
        source=source.code,
        programme=programme.code,
        measure=measure.code if measure else "",
        year=year,
        amount=str(amount),
        currency=currency,
    )
    return line


@transaction.atomic
def line_update(
    *,
    actor: Actor,
    line: BudgetLine,
    amount: Decimal | str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> BudgetLine:
    """Changes the amount and/or the note (None: unchanged)."""
    selectors.guard_manage(actor)
    locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
    before = str(locked.amount)
    fields = []
    if amount is not None:
        locked.amount = line_amount(amount)
        fields.append("amount")
    if note is not None:
        locked.note = _clean_text(note, field_name="note", max_length=500, required=False)
        fields.append("note")
    locked.updated_at = now or timezone.now()
    locked.save(update_fields=[*fields, "updated_at"])
    _audit(
        actor,
        "funding.line_update",
        "budget_line",
        locked.public_id,
        amount_before=before,
        amount=str(locked.amount),
        changed=fields,
    )
    return locked


# --- Commitments and spending -----------------------------------------------------------------


@dataclass(frozen=True)
class EntryData:
    movement: str
    amount: Decimal | str
    on: date | None
    reference: str = ""


@dataclass(frozen=True)
class EntryResult:
    entry: BudgetEntry
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def entry_record(
    *,
    actor: Actor,
    line: BudgetLine,
    data: EntryData,
    today: date | None = None,
    now: datetime | None = None,
) -> EntryResult:
    """Records money committed or spent on the line. Refuses an amount of zero or
    less and a date more than a year ahead; warns (and records) when spending
    passes the line's amount."""
    selectors.guard_manage(actor)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    errors: dict[str, list[str]] = {}
    if data.movement not in Movement.values:
        errors["movement"] = [_("Choose commitment or spending.")]
    amount: Decimal | None = None
    try:
        amount = _amount(data.amount)
    except ValidationFailed as error:
        errors.update(error.field_errors)
    else:
        if amount <= 0:
            errors["amount"] = [_("The amount must be more than zero.")]
    if data.on is None:
        errors["on"] = [_("Type the date.")]
    elif data.on > today + timedelta(days=FUTURE_DAYS):
        errors["on"] = [_("The date cannot be more than a year from today.")]
    elif data.on.year < FIRST_YEAR:
        errors["on"] = [_("Type a date from %(first)d on.") % {"first": FIRST_YEAR}]
    try:
        reference = _clean_text(
            data.reference, field_name="reference", max_length=100, required=False
        )
    except ValidationFailed as error:
        errors.update(error.field_errors)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, field_errors=errors)
    assert amount is not None
    assert data.on is not None
    locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
    entry = BudgetEntry.objects.create(
        line=locked,
        movement=data.movement,
        amount=amount,
        on=data.on,
        reference=reference,
        recorded_by=actor.user,
        recorded_at=now,
    )
    warnings: list[str] = []
    if data.movement == Movement.SPENDING:
        spent = selectors.line_spent(line=locked)
        if spent > locked.amount:
            warnings.append(
                _(
                    "Spending on this line (%(spent)s %(currency)s) is now more than its "
                    "amount (%(amount)s %(currency)s)."
                )
                % {"spent": spent, "amount": locked.amount, "currency": locked.currency}
            )
    _audit(
        actor,
        f"funding.{data.movement}",
        "budget_line",
        locked.public_id,
        entry=entry.pk,
        amount=str(amount),
        currency=locked.currency,
        over_budget=bool(warnings),
    )
    return EntryResult(entry, warnings)


# --- The daily alert: core measures with no funding next year --------------------------------


def _render_gap(params: Mapping[str, object]) -> str:
    return _(
        "The core measure “%(measure)s” of the programme “%(programme)s” has no funding "
        "for %(year)s."
    ) % {"measure": params["measure"], "programme": params["programme"], "year": params["year"]}


def _gap_url(record_id: str) -> str:
    year = record_id.rsplit(":", 1)[-1]
    return f"{reverse('funding:overview')}?year={int(year) - 1}#gaps"


def _gap_exists(record_id: str) -> bool:
    return True


# The to-do's text and link, registered when this module is first imported (the
# app's ready() imports integra.monitoring.tasks, which imports it).
todos.register(TODO_KIND, _render_gap)
records.register(TODO_KIND, _gap_exists, url=_gap_url)


def _authorities() -> dict[str, list[int]]:
    """Country → its coordinating authority (one per country); "" → all of them."""
    by_country: dict[str, list[int]] = {}
    for pk, country in Organisation.objects.filter(
        kind=OrganisationKind.COORDINATING_AUTHORITY, is_active=True
    ).values_list("pk", "country"):
        by_country.setdefault(country, []).append(pk)
        by_country.setdefault("", []).append(pk)
    return by_country


def _notify_coordinators(opened: list[Todo], now: datetime) -> None:
    """Each new to-do also reaches the inbox of the authority's coordinators (the
    to-do list itself shows an organisation's to-dos to its caseworkers)."""
    if not opened:
        return
    coordinators: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        role=Role.COORDINATOR,
        organisation_id__in={todo.organisation_id for todo in opened},
        user__is_active=True,
    ).select_related("user"):
        coordinators.setdefault(membership.organisation_id, []).append(membership.user)
    for todo in opened:
        users = coordinators.get(todo.organisation_id, [])
        if users:
            core_services.notify(
                users=users,
                kind=TODO_KIND,
                params=dict(todo.params),
                record_type=todo.record_type,
                record_id=todo.record_id,
                now=now,
            )


@transaction.atomic
def funding_gap_todos(*, today: date | None = None, now: datetime | None = None) -> int:
    """Opens one to-do per core measure with no funding for next year, for the
    coordinating authority of the programme's country (every coordinating authority
    when that country has none), never twice for the same measure and year; closes
    by itself an open one whose measure has since been funded. Returns how many it
    opened; running it again the same day opens none."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    year = today.year + 1
    authorities = _authorities()
    wanted: dict[str, Todo] = {}
    for gap in selectors.unfunded_core_measures(year=year):
        for organisation_id in authorities.get(gap.country) or authorities.get("", []):
            key = f"{TODO_KIND}:{gap.measure_id}:{year}:{organisation_id}"
            wanted[key] = Todo(
                organisation_id=organisation_id,
                kind=TODO_KIND,
                params={
                    "measure": gap.measure_title,
                    "programme": gap.programme_name,
                    "year": year,
                },
                record_type=TODO_KIND,
                record_id=f"{gap.programme_code}/{gap.measure_code}:{year}",
                due_on=date(year, 1, 1),
                dedupe_key=key,
                created_at=now,
            )
    existing = set(
        Todo.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True)
    )
    new = [todo for key, todo in wanted.items() if key not in existing]
    Todo.objects.bulk_create(new)
    _notify_coordinators(new, now)
    stale = [
        pk
        for pk, key in Todo.objects.filter(kind=TODO_KIND, done_at__isnull=True).values_list(
            "pk", "dedupe_key"
        )
        if key.split(":")[2] == str(year) and key not in wanted
    ]
    closed = Todo.objects.filter(pk__in=stale).update(done_at=now) if stale else 0
    if new or closed:
        audit.record(
            actor=None,
            actor_label="daily job",
            action="todo.funding_gap",
            purpose="funding",
            data={"created": len(new), "closed": closed, "year": year},
            now=now,
        )
    return len(new)
