"""The funding rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions).

Funding (R26) holds no personal data and belongs to no organisation, so both
targets answer alike: the coordinating authority and the analysts read it
(core.access.can_see_funding: the personas "coordinator" and "analyst"), only the
coordinating authority writes it (can_manage_funding); everybody else gets 403.
The objects: a source "matrix-state" and, for the matrix programme, a budget line
of this year ("budget_line").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from integra.monitoring.models import BudgetLine, FundingSource

READERS = {"analyst", "coordinator"}
WRITERS = {"coordinator"}


def _for(who: set[str], ok: int) -> Any:
    return lambda c: ok if c.persona in who else 403


def _line(suffix: str = "", api: bool = True) -> Any:
    if api:
        return lambda c, o: f"/api/v1/funding/lines/{o['budget_line']}{suffix}"
    return lambda c, o: f"/funding/lines/{o['budget_line']}/{suffix}"


def _year() -> int:
    return timezone.localdate().year


def _new_line(amount: str) -> Any:
    return lambda c: {
        "source": "matrix-state",
        "programme": "matrix",
        "year": _year(),
        "amount": amount,
        "currency": "MDL",
    }


def _entry(c: Any) -> dict[str, object]:
    return {"movement": "spending", "amount": "10", "on": timezone.localdate().isoformat()}


FUNDING_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/funding/sources", lambda c, o: "/api/v1/funding/sources",
     lambda c: None, _for(READERS, 200)),
    ("POST", "/api/v1/funding/sources", lambda c, o: "/api/v1/funding/sources",
     lambda c: {"code": "eu-amif", "name": "EU AMIF", "kind": "multilateral"},
     _for(WRITERS, 201)),
    ("GET", "/api/v1/funding/lines", lambda c, o: f"/api/v1/funding/lines?year={_year()}",
     lambda c: None, _for(READERS, 200)),
    ("POST", "/api/v1/funding/lines", lambda c, o: "/api/v1/funding/lines",
     _new_line("1000"), _for(WRITERS, 201)),
    # A negative amount: a clear 422 for the writer, nothing learnt by the others.
    ("POST", "/api/v1/funding/lines", lambda c, o: "/api/v1/funding/lines",
     _new_line("-1000"), _for(WRITERS, 422)),
    ("GET", "/api/v1/funding/lines/{public_id}", _line(), lambda c: None, _for(READERS, 200)),
    ("PATCH", "/api/v1/funding/lines/{public_id}", _line(), lambda c: {"amount": "1200"},
     _for(WRITERS, 200)),
    ("POST", "/api/v1/funding/lines/{public_id}/entries", _line("/entries"), _entry,
     _for(WRITERS, 201)),
    ("GET", "/api/v1/funding/overview", lambda c, o: f"/api/v1/funding/overview?year={_year()}",
     lambda c: None, _for(READERS, 200)),
    ("GET", "/api/v1/funding/gaps", lambda c, o: "/api/v1/funding/gaps",
     lambda c: None, _for(READERS, 200)),
]  # fmt: skip

SOURCE = {"code": "eu-amif", "name": "EU AMIF", "kind": "multilateral", "is_active": "on"}
LINE = {"source": "matrix-state", "programme": "matrix", "measure": "", "amount": "500",
        "currency": "MDL"}  # fmt: skip

FUNDING_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("funding:overview", "GET", lambda c, o: "/funding/", lambda c: {}, _for(READERS, 200)),
    ("funding:sources", "GET", lambda c, o: "/funding/sources/", lambda c: {},
     _for(READERS, 200)),
    ("funding:source_create", "GET", lambda c, o: "/funding/sources/new/", lambda c: {},
     _for(WRITERS, 200)),
    ("funding:source_create", "POST", lambda c, o: "/funding/sources/new/", lambda c: SOURCE,
     _for(WRITERS, 302)),
    ("funding:source_edit", "POST", lambda c, o: "/funding/sources/matrix-state/edit/",
     lambda c: {"name": "State budget", "kind": "state", "is_active": "on"},
     _for(WRITERS, 302)),
    ("funding:source_deactivate", "POST", lambda c, o: "/funding/sources/matrix-state/deactivate/",
     lambda c: {}, _for(WRITERS, 302)),
    ("funding:lines", "GET", lambda c, o: "/funding/lines/", lambda c: {}, _for(READERS, 200)),
    ("funding:line_create", "POST", lambda c, o: "/funding/lines/new/",
     lambda c: {**LINE, "year": str(_year())}, _for(WRITERS, 302)),
    # A negative amount: the form again, with the message beside the field.
    ("funding:line_create", "POST", lambda c, o: "/funding/lines/new/",
     lambda c: {**LINE, "year": str(_year()), "amount": "-5"}, _for(WRITERS, 200)),
    ("funding:line_detail", "GET", _line(api=False), lambda c: {}, _for(READERS, 200)),
    ("funding:line_edit", "POST", _line("edit/", api=False),
     lambda c: {"amount": "700", "note": ""}, _for(WRITERS, 302)),
    ("funding:entry_create", "POST", _line("entries/new/", api=False),
     lambda c: {"movement": "commitment", "amount": "50",
                "on": timezone.localdate().isoformat()}, _for(WRITERS, 302)),
]  # fmt: skip

FUNDING_PUBLIC_API: set[tuple[str, str]] = set()

FUNDING_PUBLIC_PAGES: set[str] = set()


def funding_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """A source and a budget line of this year for the matrix programme."""
    from integra.plans.models import Programme

    now = timezone.now()
    source = FundingSource.objects.create(
        code="matrix-state", name="State budget", kind="state", created_at=now
    )
    line = BudgetLine.objects.create(
        source=source,
        programme=Programme.objects.get(code="matrix"),
        year=timezone.localdate().year,
        amount=Decimal("1000.00"),
        currency="MDL",
        created_by=people["coordinator"],
        created_at=now,
        updated_at=now,
    )
    return {"budget_line": line.public_id}
