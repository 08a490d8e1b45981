"""The implementation reports through the pages, the API and the command line."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from integra.core import access
from integra.monitoring.models import Fact, Report, ReportState, SelfAssessment
from integra.monitoring.services import reports
from integra.monitoring.views import reports as report_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts():
    for sex, count in (("female", 14), ("male", 3), ("", 11)):
        Fact.objects.create(measure="registrations", period=date(2026, 3, 1), sex=sex, count=count)


@pytest.fixture
def written(people, facts):
    report = reports.report_request(
        actor=access.actor_for(people["analyst"]),
        title="Half year",
        start=date(2026, 1, 1),
        end=date(2026, 6, 1),
        language="en",
    )
    reports.report_write(public_id=report.public_id)
    report.refresh_from_db()
    return report


# --- Pages ----------------------------------------------------------------------------------


def test_the_archive_is_empty_at_first_and_offers_the_form_to_writers(client_for, people):
    page = client_for(people["analyst"]).get("/statistics/reports/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "No report has been written yet." in text
    assert 'action="/statistics/reports/request/"' in text
    reader = client_for(people["admin"]).get("/statistics/reports/").content.decode()
    assert 'action="/statistics/reports/request/"' not in reader


def test_asking_for_a_report_queues_it_and_enqueues_the_task(
    client_for, people, facts, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued = []
    fake = SimpleNamespace(write_report=SimpleNamespace(enqueue=enqueued.append))
    monkeypatch.setattr(report_views, "tasks", fake)
    client = client_for(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/statistics/reports/request/",
            {"title": "", "start": "2026-01", "end": "2026-06", "language": "ro"},
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/statistics/reports/{report.public_id}/"
    assert enqueued == [report.public_id]
    assert (report.state, report.language, report.start, report.end) == (
        ReportState.QUEUED, "ro", date(2026, 1, 1), date(2026, 6, 30),
    )  # fmt: skip
    detail = client.get(response["Location"]).content.decode()
    assert "being written in the background" in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-05", "end": "2026-01"}, "The period must end after it starts."),
        ({"start": "2019-01", "end": "2025-01"}, "at most five years"),
        ({"start": "2019-01", "end": "2019-03"}, "hold no data for this period"),
        ({"start": "January", "end": "2026-03"}, "YYYY-MM"),
    ],
)
def test_a_bad_period_comes_back_with_the_message(client_for, people, facts, data, message):
    response = client_for(people["analyst"]).post(
        "/statistics/reports/request/", {"title": "", "language": "en", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_a_finished_report_offers_its_files_as_attachments(client_for, people, written):
    client = client_for(people["admin"])
    detail = client.get(f"/statistics/reports/{written.public_id}/").content.decode()
    assert "Download the PDF" in detail
    assert "Half year" in client.get("/statistics/reports/").content.decode()
    pdf = client.get(f"/statistics/reports/{written.public_id}/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    html = client.get(f"/statistics/reports/{written.public_id}/report.html")
    assert html["Content-Disposition"].startswith("attachment;")
    assert b"Ratification status" in b"".join(html.streaming_content)


def test_a_failed_report_says_why(client_for, people, facts):
    report = Report.objects.create(
        title="Broken", start=date(2026, 1, 1), end=date(2026, 1, 31), language="en",
        state=ReportState.FAILED, error="The disk is full.", requested_at="2026-02-01T10:00Z",
    )  # fmt: skip
    client = client_for(people["analyst"])
    page = client.get(f"/statistics/reports/{report.public_id}/").content.decode()
    assert "The disk is full." in page
    download = client.get(f"/statistics/reports/{report.public_id}/report.pdf")
    assert download.status_code == 302


def test_the_policy_page_shows_and_saves_the_self_assessment(client_for, people):
    client = client_for(people["coordinator"])
    page = client.get("/statistics/reports/policy/?year=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert "ILO Migration for Employment Convention" in text
    assert "Labour market mobility" in text
    saved = client.post(
        "/statistics/reports/policy/self-assessments/2025/",
        {"lm_access": "100", "lm_support": "50", "ed_access": ""},
    )
    assert saved.status_code == 302
    assert SelfAssessment.objects.get(year=2025).answers == {"lm_access": 100, "lm_support": 50}
    shown = client.get("/statistics/reports/policy/?year=2025").content.decode()
    assert "75.0" in shown
    assert "Incomplete" in shown


def test_an_answer_out_of_range_is_shown_beside_its_question(client_for, people):
    response = client_for(people["coordinator"]).post(
        "/statistics/reports/policy/self-assessments/2025/", {"lm_access": "100", "he_access": "60"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="id_he_access_error"' in text
    assert "Answer 0, 50 or 100" in text
    assert not SelfAssessment.objects.exists()


def test_a_ratification_is_changed_from_the_page(client_for, people):
    client = client_for(people["coordinator"])
    response = client.post(
        "/statistics/reports/policy/ratifications/C143/",
        {"C143-status": "ratified", "C143-on": "2015-06-01", "C143-note": "Act 5/2015"},
    )
    assert response.status_code == 302
    page = client.get("/statistics/reports/policy/").content.decode()
    assert "Act 5/2015" in page
    missing = client.post("/statistics/reports/policy/ratifications/C29/", {"C29-status": "signed"})
    assert missing.status_code == 404
    analyst = client_for(people["analyst"])
    refused = analyst.post(
        "/statistics/reports/policy/ratifications/C143/", {"C143-status": "denounced"}
    )
    assert refused.status_code == 403


# --- API ------------------------------------------------------------------------------------


def test_the_api_queues_lists_and_serves_reports(api_for, people, written, facts):
    api = api_for(people["coordinator"])
    asked = api.post(
        "/api/v1/statistics/reports",
        json.dumps({"start": "2026-02", "end": "2026-04", "language": "uk"}),
        content_type="application/json",
    )
    assert asked.status_code == 202
    body = asked.json()
    assert body["state"] == "queued"
    assert body["pdf_url"] is None
    waiting = api.get(f"/api/v1/statistics/reports/{body['public_id']}/pdf")
    assert waiting.status_code == 409
    assert waiting["Content-Type"] == "application/problem+json"
    listed = api.get("/api/v1/statistics/reports").json()
    assert [r["public_id"] for r in listed["results"]][:2] == [body["public_id"], written.public_id]
    done = api.get(f"/api/v1/statistics/reports/{written.public_id}").json()
    assert done["state"] == "done"
    assert done["pdf_url"] == f"/api/v1/statistics/reports/{written.public_id}/pdf"
    pdf = api.get(done["pdf_url"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    html = api.get(done["html_url"])
    assert html["Content-Disposition"].startswith("attachment;")


def test_the_api_refuses_bad_periods_and_answers(api_for, people, facts):
    api = api_for(people["coordinator"])
    bad = api.post(
        "/api/v1/statistics/reports",
        json.dumps({"start": "2026-06", "end": "2026-01"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "end"
    answer = api.put(
        "/api/v1/statistics/policy/self-assessments/2026",
        json.dumps({"answers": {"lm_access": 75}}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "lm_access"


def test_the_api_keeps_the_policy_section(api_for, people):
    api = api_for(people["coordinator"])
    put = api.put(
        "/api/v1/statistics/policy/ratifications/C97",
        json.dumps({"status": "ratified", "on": "2003-01-01"}),
        content_type="application/json",
    )
    assert put.status_code == 200
    assert put.json()["status"] == "ratified"
    saved = api.put(
        "/api/v1/statistics/policy/self-assessments/2026",
        json.dumps({"answers": {"lm_access": 100, "lm_support": 0, "he_access": None}}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert saved.json()["areas"][0] == {
        "area": "labour_market", "name": "Labour market mobility", "score": 50.0,
    }  # fmt: skip
    assert saved.json()["incomplete"] is True
    policy = api_for(people["analyst"]).get("/api/v1/statistics/policy").json()
    assert [r["instrument"] for r in policy["ratifications"]] == ["C97", "C143", "C181", "ICRMW"]
    assert policy["self_assessments"][0]["overall"] == 50.0
    assert len(policy["questions"]) == 32


# --- The command line -----------------------------------------------------------------------


def test_the_command_writes_and_archives_a_report(people, facts):
    out = io.StringIO()
    call_command(
        "report", "--start", "2026-01", "--end", "2026-06", "--as", "analyst",
        "--title", "From the shell", stdout=out,
    )  # fmt: skip
    public_id, html_path, pdf_path = out.getvalue().split()
    report = Report.objects.get(public_id=public_id)
    assert report.state == ReportState.DONE
    assert report.title == "From the shell"
    assert Path(pdf_path).read_bytes().startswith(b"%PDF")
    assert html_path == default_storage.path(report.html_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-13", "--end", "2026-06", "--as", "analyst"], "YYYY-MM"),
        (["--start", "2026-06", "--end", "2026-01", "--as", "analyst"], "end after it starts"),
        (["--start", "2019-01", "--end", "2019-06", "--as", "analyst"], "no data"),
        (["--start", "2026-01", "--end", "2026-06", "--as", "nobody"], "no active user"),
        (["--start", "2026-01", "--end", "2026-06", "--as", "caseworker"], "may not"),
        (["--start", "2026-01", "--end", "2026-06", "--as", "analyst", "--language", "xx"],
         "language"),
    ],
)  # fmt: skip
def test_the_command_refuses_bad_input_clearly(people, facts, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)
    assert not Report.objects.exists()
