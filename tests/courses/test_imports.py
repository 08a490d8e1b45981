"""Files of results: checked whole, imported whole or not at all."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from integra.core.errors import PermissionDenied, ValidationFailed
from integra.courses.models import Certificate, ImportState, Result
from integra.courses.services import imports
from integra.people.models import Language
from tests.courses.conftest import another_person, enrol

HEADER = ["course", "person", "taken_on", "reading", "listening", "writing", "speaking",
          "speaking_second", "second_examiner"]  # fmt: skip


def rows(*lines: list[str]) -> list[list[str]]:
    return [HEADER, *lines]


def line(course, person, second_examiner, **scores) -> list[str]:
    marks = {"reading": "20", "listening": "18", "writing": "15", "speaking": "16", **scores}
    return [
        course.public_id,
        person.public_id,
        timezone.localdate().isoformat(),
        marks["reading"],
        marks["listening"],
        marks["writing"],
        marks["speaking"],
        marks.get("speaking_second", "14"),
        str(second_examiner.pk),
    ]


@pytest.fixture
def class_of_two(caseworker, programme, person, measure, course, second_examiner):
    other, other_measure = another_person(caseworker, programme, "Omar")
    return (
        enrol(caseworker, person, measure, course),
        enrol(caseworker, other, other_measure, course),
        other,
    )


def test_a_good_file_is_imported_whole(
    teacher, provider, course, person, second_examiner, class_of_two
):
    _first, _second, other = class_of_two
    loaded = imports.results_load(
        actor=teacher,
        provider=provider,
        rows=rows(
            line(course, person, second_examiner),
            line(course, other, second_examiner, reading="5", listening="5", writing="5",
                 speaking="5", speaking_second="5"),
        ),
    )  # fmt: skip
    assert (loaded.imported, loaded.rejected, loaded.errors) == (2, 0, [])
    assert Result.objects.count() == 2
    assert Certificate.objects.count() == 1  # only the pass
    assert Language.objects.get(person=person, code="ro").assessed_level == "B1"
    _first.measure.refresh_from_db()
    assert _first.measure.status == "done"
    assert "certificate" in _first.measure.evidence


def test_one_bad_row_stops_the_whole_file(
    teacher, provider, course, person, second_examiner, class_of_two
):
    _first, _second, other = class_of_two
    loaded = imports.results_load(
        actor=teacher,
        provider=provider,
        rows=rows(
            line(course, person, second_examiner),
            line(course, other, second_examiner, reading="26"),
            ["K-0000-0000", person.public_id, "2026-01-01", "1", "1", "1", "1", "1", "1"],
        ),
    )
    assert loaded.imported == 0
    assert loaded.rejected == 2
    assert (3, "reading", "The score must be from 0 to 25.") in loaded.errors
    assert (4, "course", "There is no such course at this provider.") in loaded.errors
    assert Result.objects.count() == 0


def test_a_missing_column_is_reported_on_the_header(teacher, provider, course):
    loaded = imports.results_load(actor=teacher, provider=provider, rows=[["course", "x"]])
    assert (1, "person", "The file needs this column.") in loaded.errors
    assert loaded.imported == 0


def test_only_the_providers_examiners_import(caseworker, provider, course):
    with pytest.raises(PermissionDenied):
        imports.import_create(
            actor=caseworker, provider=provider, file=io.BytesIO(b"x"), file_name="r.csv", size=1
        )


def test_an_uploaded_file_runs_as_a_job(
    teacher, provider, course, person, second_examiner, class_of_two, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationFailed):
        imports.import_create(
            actor=teacher, provider=provider, file=io.BytesIO(b""), file_name="r.txt", size=0
        )
    content = "\n".join(",".join(cells) for cells in rows(line(course, person, second_examiner)))
    data = content.encode()
    job = imports.import_create(
        actor=teacher, provider=provider, file=io.BytesIO(data), file_name="r.csv", size=len(data)
    )
    job = imports.import_run(public_id=job.public_id)
    assert job.state == ImportState.DONE, job.message
    assert job.rows_imported == 1
    assert imports.import_run(public_id=job.public_id).rows_imported == 1  # runs once
