"""The practices rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions).

The good practices library (integra/monitoring, R28): everyone who works in
Integra reads the published practices (core.access.can_see_practices: every
persona but "migrant" and "stranger", who get 403). Coordinators, caseworkers,
analysts and administrators draft practices for their organisation
(can_write_practices); a practice is kept (changed, its draft seen) by its
organisation's writers and the coordinating authority (can_edit_practice); the
coordinator publishes and withdraws (can_publish_practices). Each side has a
published practice and a draft of its own organisation (centre-a, centre-b):
centre-a's are kept by the personas "admin" and "caseworker" and the coordinator;
centre-b's by the coordinator only. A draft is not admitted to exist (404) for a
reader who does not keep it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from integra.monitoring.models import Practice, PracticeStatus

READERS = {
    "admin",
    "caseworker",
    "partner",
    "teacher",
    "coordinator",
    "inspector",
    "analyst",
    "dpo",
    "national_admin",
}
WRITERS = {"admin", "caseworker", "coordinator", "analyst", "national_admin"}
CURATORS = {"coordinator"}

PRACTICE = {
    "title": "Matrix one-stop shop",
    "country": "PT",
    "area": "social",
    "summary": "Every service under one roof.",
    "description": "Desks of every office in one building.",
}


def _keeps(c: Any) -> bool:
    return c.persona in CURATORS or (
        c.persona in {"admin", "caseworker"} and c.target == "centre-a"
    )


def _for(who: set[str], ok: int) -> Any:
    return lambda c: ok if c.persona in who else 403


def _kept(ok: int) -> Any:
    """A draft: its keepers get ``ok``; other readers 404; the rest 403."""
    return lambda c: ok if _keeps(c) else (404 if c.persona in READERS else 403)


def _curated_draft(ok: int) -> Any:
    """Publishing a draft: the coordinator; its other keepers 403; other readers
    do not see it (404); the rest 403."""

    def expect(c: Any) -> int:
        if c.persona in CURATORS:
            return ok
        return 404 if c.persona in READERS and not _keeps(c) else 403

    return expect


def _api(kind: str, suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/practices/{o[f'practice_{kind}_' + c.target]}{suffix}"


def _page(kind: str, suffix: str = "") -> Any:
    return lambda c, o: f"/practices/{o[f'practice_{kind}_' + c.target]}/{suffix}"


PRACTICES_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/practices", lambda c, o: "/api/v1/practices?q=shop&area=social",
     lambda c: None, _for(READERS, 200)),
    ("POST", "/api/v1/practices", lambda c, o: "/api/v1/practices", lambda c: PRACTICE,
     _for(WRITERS, 201)),
    ("GET", "/api/v1/practices/{public_id}", _api("published"), lambda c: None,
     _for(READERS, 200)),
    ("PATCH", "/api/v1/practices/{public_id}", _api("draft"),
     lambda c: {"title": "Matrix one-stop shops"}, _kept(200)),
    ("POST", "/api/v1/practices/{public_id}/publish", _api("draft", "/publish"),
     lambda c: None, _curated_draft(200)),
    ("POST", "/api/v1/practices/{public_id}/withdraw", _api("published", "/withdraw"),
     lambda c: {"reason": "Superseded by a newer practice."}, _for(CURATORS, 200)),
]  # fmt: skip

PRACTICES_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("practices:list", "GET", lambda c, o: "/practices/?q=shop&area=social", lambda c: {},
     _for(READERS, 200)),
    ("practices:list", "GET", lambda c, o: "/practices/?status=draft", lambda c: {},
     _for(READERS, 200)),
    ("practices:create", "GET", lambda c, o: "/practices/new/", lambda c: {}, _for(WRITERS, 200)),
    # Nothing filled in: the form comes back with its errors.
    ("practices:create", "POST", lambda c, o: "/practices/new/", lambda c: {},
     _for(WRITERS, 200)),
    ("practices:create", "POST", lambda c, o: "/practices/new/", lambda c: PRACTICE,
     _for(WRITERS, 302)),
    ("practices:detail", "GET", _page("published"), lambda c: {}, _for(READERS, 200)),
    ("practices:detail", "GET", _page("draft"), lambda c: {}, _kept(200)),
    ("practices:edit", "GET", _page("draft", "edit/"), lambda c: {}, _kept(200)),
    ("practices:edit", "POST", _page("draft", "edit/"), lambda c: {}, _kept(200)),
    ("practices:publish", "POST", _page("draft", "publish/"), lambda c: {},
     _curated_draft(302)),
    ("practices:withdraw", "POST", _page("published", "withdraw/"),
     lambda c: {"reason": "Superseded."}, _for(CURATORS, 302)),
    # No reason: the practice's page again, with the message beside the field.
    ("practices:withdraw", "POST", _page("published", "withdraw/"), lambda c: {},
     _for(CURATORS, 200)),
]  # fmt: skip

PRACTICES_PUBLIC_API: set[tuple[str, str]] = set()

PRACTICES_PUBLIC_PAGES: set[str] = set()


def practices_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """A published practice and a draft of each side's organisation."""
    now = timezone.now()
    found: dict[str, object] = {}
    for target in ("centre-a", "centre-b"):
        for kind, status in (("published", PracticeStatus.PUBLISHED), ("draft", "draft")):
            practice = Practice.objects.create(
                title=f"Matrix {kind} practice of {target}",
                country="PT",
                area="social",
                summary="Every service under one roof.",
                description="Desks of every office in one building.",
                organisation=orgs[target[-1]],
                status=status,
                search_text=f"matrix {kind} practice of {target} one stop shop",
                created_by=people["caseworker"],
                created_at=now,
                updated_at=now,
                published_at=now if kind == "published" else None,
            )
            found[f"practice_{kind}_{target}"] = practice.public_id
    return found
