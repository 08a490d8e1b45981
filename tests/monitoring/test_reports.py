"""The implementation report (R27): written from the disclosure-controlled tables,
with its policy section; archived; failing cleanly, never half-written."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.storage import default_storage

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.monitoring.models import Fact, Report, ReportState
from integra.monitoring.services import reports

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def facts():
    """Arrivals in March 2026: 14 women, 3 men (a small cell), 11 not stated."""
    for sex, count in (("female", 14), ("male", 3), ("", 11)):
        Fact.objects.create(measure="registrations", period=date(2026, 3, 1), sex=sex, count=count)


def request(people, who="analyst", **kwargs):
    actor = access.actor_for(people[who])
    values = {
        "title": "",
        "start": date(2026, 1, 1),
        "end": date(2026, 6, 1),
        "language": "en",
        **kwargs,
    }
    return reports.report_request(actor=actor, **values)


def read(path: str) -> bytes:
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def table_rows(html: str, caption_start: str) -> dict[str, list[str]]:
    """The rows of the first table whose caption starts so: label → cells."""
    found = re.findall(r"<table>(.*?)</table>", html, re.S)
    table = next(t for t in found if re.search(r"<caption>" + re.escape(caption_start), t))
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        label = re.search(r"<th scope=\"row\">(.*?)</th>", row, re.S).group(1)
        rows[label] = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return rows


def test_the_report_is_written_and_archived(people, facts):
    report = request(people, title="Report 2026 H1")
    assert report.state == ReportState.QUEUED
    assert reports.report_write(public_id=report.public_id, today=TODAY) == ReportState.DONE
    report.refresh_from_db()
    assert report.state == ReportState.DONE
    assert report.finished_at is not None
    assert report.html_path.startswith(f"reports/{report.public_id}/")
    assert report.pdf_path.startswith(f"reports/{report.public_id}/")
    html = read(report.html_path).decode()
    pdf = read(report.pdf_path)
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html
    assert "<script" not in html
    assert "Report 2026 H1" in html
    assert "<svg" in html
    assert "Arrivals registered" in html
    assert table_rows(html, "Arrivals registered by Period")["Total"] == ["28"]
    # The policy section: the four instruments and the self-assessment.
    ratified = table_rows(html, "Ratification status")
    assert len(ratified) == 4
    assert "ILO Private Employment Agencies Convention, 1997 (No. 181)" in ratified
    assert "No self-assessment has been recorded for 2026 or before." in html
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= 3


def test_the_report_never_shows_a_suppressed_number(people, facts):
    report = request(people)
    reports.report_write(public_id=report.public_id, today=TODAY)
    report.refresh_from_db()
    html = read(report.html_path).decode()
    by_sex = table_rows(html, "Arrivals registered by Sex")
    assert by_sex["Male"] == ["x"]
    # Secondary suppression: the 3 cannot be worked back from the others either.
    assert by_sex["Female"] == ["14"]
    assert by_sex["Not stated"] == ["x"]
    assert by_sex["Total"] == ["28"]
    assert not re.search(r">\s*(3|11)\s*<", html)
    # The chart draws no bar for a suppressed cell and says x.
    chart = html.split("<svg")[1].split("</svg>")[0]
    assert chart.count('class="bar"') == 1
    assert chart.count('class="value missing">x</text>') == 2


def test_the_policy_section_shows_ratifications_and_scores(people, facts):
    coordinator = access.actor_for(people["coordinator"])
    reports.ratification_update(
        actor=coordinator, instrument="C181", status="ratified", on=date(2019, 5, 2), note="Law 12"
    )
    answers = {"lm_access": 100, "lm_support": 50, "fr_eligibility": 0}
    reports.self_assessment_save(actor=coordinator, year=2025, answers=answers)
    report = request(people, who="coordinator")
    reports.report_write(public_id=report.public_id, today=TODAY)
    report.refresh_from_db()
    html = read(report.html_path).decode()
    row = table_rows(html, "Ratification status")[
        "ILO Private Employment Agencies Convention, 1997 (No. 181)"
    ]
    assert row[0] == "Ratified"
    assert row[2] == "Law 12"
    scores = table_rows(html, "Scores per area, 2025")
    assert scores["Labour market mobility"] == ["75.0", "2 / 4"]
    assert scores["Family reunion"] == ["0.0", "1 / 4"]
    assert scores["Health"] == ["—", "0 / 4"]
    assert scores["Overall"] == ["37.5", "3 / 32"]
    assert "Incomplete: some areas have no answer" in html


def test_an_arabic_report_is_arabic_in_html_and_english_in_pdf(people, facts):
    report = request(people, language="ar")
    assert reports.report_write(public_id=report.public_id, today=TODAY) == ReportState.DONE
    report.refresh_from_db()
    html = read(report.html_path).decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="notice"' in html
    assert read(report.pdf_path).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (date(2026, 5, 1), date(2026, 1, 1), "end"),
        (date(2020, 1, 1), date(2025, 2, 1), "end"),  # 62 months
        (date(2019, 1, 1), date(2019, 12, 1), "start"),  # no data at all
        (None, date(2026, 3, 1), "start"),
    ],
)
def test_bad_periods_are_refused_with_a_message(people, facts, start, end, field):
    with pytest.raises(ValidationFailed) as refused:
        request(people, start=start, end=end)
    assert field in refused.value.field_errors
    assert not Report.objects.exists()


def test_a_bad_language_or_a_reader_who_may_not_write_is_refused(people, facts):
    with pytest.raises(ValidationFailed) as refused:
        request(people, language="xx")
    assert "language" in refused.value.field_errors
    with pytest.raises(PermissionDenied):
        request(people, who="admin")  # reads the reports, does not ask for them
    with pytest.raises(PermissionDenied):
        request(people, who="caseworker")


def test_the_task_is_enqueued_only_once_the_request_commits(
    people, facts, django_capture_on_commit_callbacks
):
    enqueued = []
    with django_capture_on_commit_callbacks(execute=True):
        report = request(people, enqueue=enqueued.append)
        assert enqueued == []
    assert enqueued == [report.public_id]


def test_a_failing_report_is_failed_with_its_reason_and_keeps_no_file(people, facts, monkeypatch):
    report = request(people)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(reports.report_pdf, "render", broken)
    saved = []
    real_save = default_storage.save
    monkeypatch.setattr(
        default_storage, "save", lambda name, content: saved.append(real_save(name, content))
    )
    assert reports.report_write(public_id=report.public_id, today=TODAY) == ReportState.FAILED
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert "RuntimeError" in report.error
    assert report.html_path == ""
    assert report.pdf_path == ""
    assert saved == []


def test_a_file_stored_before_a_failure_is_removed(people, facts, monkeypatch):
    report = request(people)
    saved = []
    real_save = default_storage.save

    def save(name, content):
        if name.endswith(".pdf"):
            raise OSError("storage full")
        path = real_save(name, content)
        saved.append(path)
        return path

    monkeypatch.setattr(default_storage, "save", save)
    assert reports.report_write(public_id=report.public_id, today=TODAY) == ReportState.FAILED
    report.refresh_from_db()
    assert report.html_path == ""
    assert saved
    assert not default_storage.exists(saved[0])


def test_a_report_whose_requester_lost_the_right_fails_with_the_reason(people, facts):
    report = request(people)
    people["analyst"].memberships.all().delete()
    assert reports.report_write(public_id=report.public_id, today=TODAY) == ReportState.FAILED
    report.refresh_from_db()
    assert "may not see" in report.error
