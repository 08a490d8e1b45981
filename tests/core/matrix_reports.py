"""The reports rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions). Implementation reports are
aggregates, national: those who see the statistics read them (the personas
"analyst", "coordinator", "admin" and "national_admin"); analysts and
coordinators ask for one; only the coordinating authority keeps the policy
section. Everybody else gets 403, whichever centre is the target.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from integra.monitoring.models import Fact, Report, ReportState

READERS = {"analyst", "coordinator", "admin", "national_admin"}
WRITERS = {"analyst", "coordinator"}
EDITORS = {"coordinator"}


def _for(who: set[str], ok: int) -> Any:
    return lambda c: ok if c.persona in who else 403


_REQUEST = {"title": "Matrix", "start": "2026-01", "end": "2026-03", "language": "en"}

REPORTS_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/statistics/reports", lambda c, o: "/api/v1/statistics/reports",
     lambda c: None, _for(READERS, 200)),
    ("POST", "/api/v1/statistics/reports", lambda c, o: "/api/v1/statistics/reports",
     lambda c: dict(_REQUEST), _for(WRITERS, 202)),
    # A period with no data: a problem, not a report.
    ("POST", "/api/v1/statistics/reports", lambda c, o: "/api/v1/statistics/reports",
     lambda c: {**_REQUEST, "start": "2019-01", "end": "2019-02"}, _for(WRITERS, 422)),
    ("GET", "/api/v1/statistics/reports/{public_id}",
     lambda c, o: f"/api/v1/statistics/reports/{o['report_done']}", lambda c: None,
     _for(READERS, 200)),
    ("GET", "/api/v1/statistics/reports/{public_id}/pdf",
     lambda c, o: f"/api/v1/statistics/reports/{o['report_done']}/pdf", lambda c: None,
     _for(READERS, 200)),
    ("GET", "/api/v1/statistics/reports/{public_id}/html",
     lambda c, o: f"/api/v1/statistics/reports/{o['report_done']}/html", lambda c: None,
     _for(READERS, 200)),
    # Not written yet: 409.
    ("GET", "/api/v1/statistics/reports/{public_id}/html",
     lambda c, o: f"/api/v1/statistics/reports/{o['report_queued']}/html", lambda c: None,
     _for(READERS, 409)),
    ("GET", "/api/v1/statistics/policy", lambda c, o: "/api/v1/statistics/policy",
     lambda c: None, _for(READERS, 200)),
    ("PUT", "/api/v1/statistics/policy/ratifications/{instrument}",
     lambda c, o: "/api/v1/statistics/policy/ratifications/C181",
     lambda c: {"status": "ratified", "on": "2020-05-04"}, _for(EDITORS, 200)),
    ("PUT", "/api/v1/statistics/policy/self-assessments/{year}",
     lambda c, o: "/api/v1/statistics/policy/self-assessments/2026",
     lambda c: {"answers": {"lm_access": 100, "he_access": 50}}, _for(EDITORS, 200)),
    # An answer out of range: a problem beside the question.
    ("PUT", "/api/v1/statistics/policy/self-assessments/{year}",
     lambda c, o: "/api/v1/statistics/policy/self-assessments/2026",
     lambda c: {"answers": {"lm_access": 75}}, _for(EDITORS, 422)),
]  # fmt: skip

REPORTS_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("reports:list", "GET", lambda c, o: "/statistics/reports/", lambda c: {},
     _for(READERS, 200)),
    ("reports:request", "POST", lambda c, o: "/statistics/reports/request/",
     lambda c: dict(_REQUEST), _for(WRITERS, 302)),
    # A period that ends before it starts: the page again, with the message.
    ("reports:request", "POST", lambda c, o: "/statistics/reports/request/",
     lambda c: {**_REQUEST, "start": "2026-05", "end": "2026-01"}, _for(WRITERS, 200)),
    ("reports:detail", "GET", lambda c, o: f"/statistics/reports/{o['report_done']}/",
     lambda c: {}, _for(READERS, 200)),
    ("reports:html", "GET", lambda c, o: f"/statistics/reports/{o['report_done']}/report.html",
     lambda c: {}, _for(READERS, 200)),
    # Not written yet: back to its page, which says so.
    ("reports:html", "GET", lambda c, o: f"/statistics/reports/{o['report_queued']}/report.html",
     lambda c: {}, _for(READERS, 302)),
    ("reports:pdf", "GET", lambda c, o: f"/statistics/reports/{o['report_done']}/report.pdf",
     lambda c: {}, _for(READERS, 200)),
    ("reports:policy", "GET", lambda c, o: "/statistics/reports/policy/", lambda c: {},
     _for(READERS, 200)),
    ("reports:ratification", "POST", lambda c, o: "/statistics/reports/policy/ratifications/C97/",
     lambda c: {"C97-status": "signed", "C97-on": "2019-03-01", "C97-note": ""},
     _for(EDITORS, 302)),
    ("reports:ratification", "POST", lambda c, o: "/statistics/reports/policy/ratifications/C97/",
     lambda c: {"C97-status": "signed", "C97-on": "2999-03-01"}, _for(EDITORS, 200)),
    ("reports:assessment", "POST", lambda c, o: "/statistics/reports/policy/self-assessments/2026/",
     lambda c: {"lm_access": "100", "ed_access": "0"}, _for(EDITORS, 302)),
    ("reports:assessment", "POST", lambda c, o: "/statistics/reports/policy/self-assessments/2026/",
     lambda c: {"lm_access": "75"}, _for(EDITORS, 200)),
]  # fmt: skip

REPORTS_PUBLIC_API: set[tuple[str, str]] = set()

REPORTS_PUBLIC_PAGES: set[str] = set()


def reports_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    Fact.objects.create(measure="registrations", period=date(2026, 2, 1), sex="female", count=20)
    now = timezone.now()
    done = Report.objects.create(
        title="Matrix report",
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        language="en",
        state=ReportState.DONE,
        requested_by=people["coordinator"],
        requested_at=now,
        finished_at=now,
    )
    done.html_path = default_storage.save(
        f"reports/{done.public_id}/matrix.html", ContentFile(b"<!DOCTYPE html><title>x</title>")
    )
    done.pdf_path = default_storage.save(
        f"reports/{done.public_id}/matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")
    )
    done.save()
    queued = Report.objects.create(
        title="Matrix report, queued",
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        language="en",
        state=ReportState.QUEUED,
        requested_by=people["analyst"],
        requested_at=now,
    )
    return {"report_done": done.public_id, "report_queued": queued.public_id}
