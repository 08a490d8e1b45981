"""The results-import pages: upload, progress, errors by row and column."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integra.courses.models import Result, ResultImport
from integra.courses.services import imports
from tests.courses.conftest import enrol


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def learner(caseworker, person, measure, course):
    return enrol(caseworker, person, measure, course)


def csv_of(course, person, second_examiner, reading="20") -> SimpleUploadedFile:
    content = (
        "course,person,taken_on,reading,listening,writing,speaking,speaking_second,second_examiner\n"
        f"{course.public_id},{person.public_id},{timezone.localdate().isoformat()},"
        f"{reading},18,15,16,14,{second_examiner.pk}\n"
    )
    return SimpleUploadedFile("sitting.csv", content.encode(), content_type="text/csv")


def test_an_examiner_uploads_follows_and_sees_the_results(
    teacher_user, client_for, provider, course, person, learner, second_examiner
):
    client = client_for(teacher_user)
    assert b'href="/courses/results/imports/"' in client.get("/courses/").content  # the tab
    page = client.get("/courses/results/imports/")
    assert page.status_code == 200
    assert b"speaking_second" in page.content  # the column guide
    assert b"No imports yet." in page.content

    response = client.post(
        "/courses/results/imports/",
        {"provider": provider.code, "file": csv_of(course, person, second_examiner)},
    )
    job = ResultImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/courses/results/imports/{job.public_id}/"
    assert DBTaskResult.objects.filter(args_kwargs__args=[job.public_id]).exists()
    waiting = client.get(response["Location"])
    assert b"Waiting to start" in waiting.content
    assert b'http-equiv="refresh"' in waiting.content
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in fragment.content

    imports.import_run(public_id=job.public_id)

    done = client.get(response["Location"])
    assert b"1 results imported." in done.content
    assert Result.objects.filter(enrolment=learner).exists()
    assert client.get(response["Location"], headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_a_bad_row_is_shown_by_row_and_column_and_nothing_is_imported(
    teacher_user, client_for, provider, course, person, learner, second_examiner
):
    client = client_for(teacher_user)
    client.post(
        "/courses/results/imports/",
        {"provider": provider.code, "file": csv_of(course, person, second_examiner, "99")},
    )
    job = imports.import_run(public_id=ResultImport.objects.get().public_id)
    page = client.get(f"/courses/results/imports/{job.public_id}/")
    assert b"Not imported: the file has errors" in page.content
    assert b"<td>2</td><td><code>reading</code></td><td>The score must be from 0 to 25.</td>" in (
        page.content
    )
    assert not Result.objects.exists()


def test_a_wrong_file_is_explained_beside_the_field(teacher_user, client_for, provider, course):
    client = client_for(teacher_user)
    response = client.post(
        "/courses/results/imports/",
        {"provider": provider.code, "file": SimpleUploadedFile("r.pdf", b"%PDF")},
    )
    assert response.status_code == 200
    assert "Choose a CSV or XLSX file." in response.content.decode()
    assert not ResultImport.objects.exists()


def test_only_examiners_import(people, client_for, teacher_record, other_teacher_user):
    assert client_for(people["caseworker"]).get("/courses/results/imports/").status_code == 403
    # Another teacher of the same provider, who is no examiner.
    assert client_for(other_teacher_user).get("/courses/results/imports/").status_code == 403


def test_the_templates_download(teacher_user, client_for, teacher_record):
    client = client_for(teacher_user)
    csv = client.get("/courses/results/imports/template.csv")
    assert csv.status_code == 200
    assert csv.content.decode("utf-8-sig").startswith("course,person,taken_on")
    xlsx = client.get("/courses/results/imports/template.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/courses/results/imports/template.pdf").status_code == 404
