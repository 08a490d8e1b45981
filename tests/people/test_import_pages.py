"""The import page and the import API: upload, progress, report, downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from integra.core.models import AuditEntry
from integra.people.models import ImportState, Person, PersonImport
from integra.people.services import imports

GOOD = (
    "external_id,given_name,family_name,sex,birth_date\n"
    "R1,Олена,Коваленко,female,1988-04-17\n"
    "R2,Rustam,Muratov,male,1995-07-01\n"
)
BAD = GOOD + "R3,Ana,Pop,female,2999-01-01\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(content: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def test_the_page_uploads_queues_and_then_shows_the_result(people, client_for):
    client = client_for(people["caseworker"])
    page = client.get("/people/import/")
    assert page.status_code == 200
    assert b"external_id" in page.content  # the column guide
    assert b"No imports yet." in page.content

    response = client.post("/people/import/", {"file": upload(GOOD), "mode": "all"})

    job = PersonImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/people/import/{job.public_id}/"
    assert DBTaskResult.objects.filter(args_kwargs__args=[job.public_id]).exists()
    waiting = client.get(response["Location"])
    assert b"Waiting to start" in waiting.content
    assert b'http-equiv="refresh"' in waiting.content  # follows the import without JavaScript
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in fragment.content
    assert b"<html" not in fragment.content

    imports.import_run(public_id=job.public_id)

    done = client.get(response["Location"])
    assert b"Imported" in done.content
    assert b"2 people added and 0 updated." in done.content
    assert b'http-equiv="refresh"' not in done.content
    finished = client.get(response["Location"], headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert Person.objects.count() == 2
    listing = client.get("/people/import/")
    assert b"people.csv" in listing.content


def test_the_page_shows_the_errors_and_the_report_downloads(people, client_for):
    client = client_for(people["caseworker"])
    client.post("/people/import/", {"file": upload(BAD), "mode": "all"})
    job = PersonImport.objects.get()
    imports.import_run(public_id=job.public_id)

    page = client.get(f"/people/import/{job.public_id}/")
    assert b"Not imported: the file has errors" in page.content
    assert b"The date of birth cannot be in the future." in page.content
    assert b"2999-01-01" in page.content
    report = client.get(f"/people/import/{job.public_id}/errors.csv")
    assert report.status_code == 200
    assert report["Content-Disposition"].startswith("attachment")
    body = b"".join(report.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "4,birth_date,The date of birth cannot be in the future.,2999-01-01" in body
    assert AuditEntry.objects.filter(action="person.import.download_errors").exists()
    missing = client.get(f"/people/import/{job.public_id}/rejected.csv")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "all"}, b"This field is required."),
        ({"file": upload("x", "people.pdf"), "mode": "all"}, b"Choose a CSV or XLSX file."),
        ({"file": upload(GOOD), "mode": "some"}, b"Select a valid choice."),
    ],
)
def test_a_bad_upload_is_explained_beside_the_field(people, client_for, data, message):
    response = client_for(people["caseworker"]).post("/people/import/", data)

    assert response.status_code == 200
    assert message in response.content
    assert PersonImport.objects.count() == 0


def test_a_file_over_the_limit_is_refused_on_the_page(people, client_for, settings):
    settings.INTEGRA_IMPORT_MAX_MB = 1
    big = upload(GOOD + "x" * (2 * 1024 * 1024))
    response = client_for(people["caseworker"]).post(
        "/people/import/", {"file": big, "mode": "all"}
    )

    assert b"the largest file you can import is 1 MB" in response.content
    assert PersonImport.objects.count() == 0


def test_the_templates_download(people, client_for):
    client = client_for(people["caseworker"])
    csv_file = client.get("/people/import/template.csv")
    assert csv_file.content.decode("utf-8-sig").startswith("external_id,public_id,given_name")
    xlsx = client.get("/people/import/template.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/people/import/template.pdf").status_code == 404


def test_the_api_imports_and_reports_progress(people, api_for):
    client = api_for(people["caseworker"])

    created = client.post("/api/v1/imports", {"file": upload(BAD), "mode": "valid"})

    assert created.status_code == 202, created.content
    body = created.json()
    assert body["state"] == "queued"
    assert body["errors_url"] is None
    imports.import_run(public_id=body["public_id"])
    job = client.get(f"/api/v1/imports/{body['public_id']}").json()
    assert (job["state"], job["rows_created"], job["rows_rejected"]) == ("done", 2, 1)
    assert job["errors_url"] == f"/api/v1/imports/{body['public_id']}/errors.csv"
    rejected = client.get(job["rejected_url"])
    assert rejected.status_code == 200
    assert "2999-01-01" in b"".join(rejected.streaming_content).decode("utf-8-sig")
    listed = client.get("/api/v1/imports").json()
    assert [item["public_id"] for item in listed["results"]] == [body["public_id"]]


def test_the_api_refuses_a_bad_file_with_a_problem(people, api_for):
    response = api_for(people["caseworker"]).post(
        "/api/v1/imports", {"file": upload("x", "people.txt"), "mode": "all"}
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {"field": "file", "message": "Choose a CSV or XLSX file."} in [
        {key: error[key] for key in ("field", "message")} for error in response.json()["errors"]
    ]


def test_a_finished_import_is_not_run_twice_by_the_task(people, api_for):
    client = api_for(people["caseworker"])
    public_id = client.post("/api/v1/imports", {"file": upload(GOOD)}).json()["public_id"]
    imports.import_run(public_id=public_id)
    assert imports.import_run(public_id=public_id).state == ImportState.DONE
    assert Person.objects.count() == 2


def test_an_expired_session_sends_htmx_to_sign_in_not_into_the_fragment(client, people):
    response = client.get("/people/import/I-AAAA-AAAA/", headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=%2Fpeople%2Fimport%2FI-AAAA-AAAA%2F"


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_runs_an_uploaded_import(people, client_for):
    import time

    from django.utils import timezone

    from integra.core import scheduler
    from integra.core.models import ScheduledRun
    from integra.core.worker import TaskWorker

    response = client_for(people["caseworker"]).post(
        "/people/import/", {"file": upload(GOOD), "mode": "all"}
    )
    assert response.status_code == 302
    job = PersonImport.objects.get()
    # The daily jobs ran today already: this worker runs the import alone, and no
    # other write of its thread locks the in-memory SQLite table the test polls.
    for name in scheduler.DAILY:
        ScheduledRun.objects.create(name=name, last_run_on=timezone.localdate())
    worker = TaskWorker(interval=0.05)
    thread = worker.start_in_thread()
    try:
        # A generous limit, not a timing: a loaded machine may take a while.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.05)
    finally:
        worker.stop()
        thread.join(timeout=10)
    assert job.state == ImportState.DONE, job.message
    assert Person.objects.count() == 2
