"""Bulk import of people from CSV and XLSX (issue 3, §7)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.people import selectors
from integra.people.models import (
    Citizenship,
    Document,
    ExternalReference,
    ImportState,
    Language,
    LegalStatus,
    NameKey,
    Person,
    PersonImport,
)
from integra.people.services import imports
from tests.conftest import make_user

HEADER = (
    "external_id,given_name,family_name,sex,birth_date,citizenships,phone,languages,"
    "document_kind,document_number,document_country,status,status_valid_from"
)
GOOD = [
    "R1,Олена,Коваленко,female,1988-04-17,UA,+37369123456,uk:native;ro:A2,"
    "passport,FA123456,UA,temporary_protection,2022-03-15",
    "R2,محمد,الحلبي,male,1979,SY,,ar:native,,,,asylum_seeker,2024-11-02",
    "R3,Rustam,Muratov,male,1995-07-01,TJ;RU,,,,,,,",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def caseworker(people):
    return access.actor_for(people["caseworker"])


def start(actor, content: str | bytes, *, name: str = "people.csv", mode: str = "all"):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return imports.import_create(
        actor=actor, file=io.BytesIO(raw), file_name=name, size=len(raw), mode=mode
    )


def run(actor, content: str | bytes, **options) -> PersonImport:
    job = start(actor, content, **options)
    return imports.import_run(public_id=job.public_id)


def report(job: PersonImport) -> list[list[str]]:
    return selectors.import_errors(job=job, limit=1000)


def csv_of(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_a_valid_file_registers_everyone_with_names_documents_and_statuses(caseworker):
    job = run(caseworker, csv_of(*GOOD))

    assert job.state == ImportState.DONE, job.message
    assert (job.rows_checked, job.rows_created, job.rows_updated) == (3, 3, 0)
    assert job.progress == 100
    olena = Person.objects.get(external_references__value="R1")
    assert (olena.given_name, olena.given_name_latin, olena.phone) == (
        "Олена",
        "Olena",
        "+37369123456",
    )
    assert set(Language.objects.filter(person=olena).values_list("code", "declared_level")) == {
        ("uk", "native"),
        ("ro", "A2"),
    }
    assert Document.objects.get(person=olena).number_key == "FA123456"
    assert LegalStatus.objects.get(person=olena).category == "temporary_protection"
    mohammed = Person.objects.get(external_references__value="R2")
    assert (mohammed.birth_date, mohammed.birth_date_precision) == (date(1979, 1, 1), "year")
    rustam = Person.objects.get(external_references__value="R3")
    assert set(Citizenship.objects.filter(person=rustam).values_list("country", flat=True)) == {
        "TJ",
        "RU",
    }
    assert NameKey.objects.filter(person=rustam).exists()
    assert rustam.identity_key == "mrtv.rstm"
    assert rustam.responsibilities.get().organisation_id == caseworker.organisation_id
    # One audit entry per person, and the chain still verifies.
    assert AuditEntry.objects.filter(action="person.import.create").count() == 3
    assert AuditEntry.objects.filter(
        action="person.import.create", object_id=olena.public_id
    ).exists()
    from integra.core import audit

    assert audit.verify().ok
    # The uploaded file is gone once read.
    assert job.file_path
    from django.core.files.storage import default_storage

    assert not default_storage.exists(job.file_path)


def test_importing_the_same_file_again_updates_and_never_duplicates(caseworker):
    run(caseworker, csv_of(*GOOD))
    changed = GOOD[2].replace("1995-07-01", "1995-07-02")
    job = run(caseworker, csv_of(GOOD[0], GOOD[1], changed))

    assert job.state == ImportState.DONE, job.message
    assert (job.rows_created, job.rows_updated) == (0, 3)
    assert Person.objects.count() == 3
    assert Document.objects.count() == 1
    assert LegalStatus.objects.count() == 2
    assert Person.objects.get(external_references__value="R3").birth_date == date(1995, 7, 2)
    assert AuditEntry.objects.filter(action="person.import.update").count() == 3


def test_the_search_finds_imported_people_in_another_script(caseworker):
    from integra.people import selectors

    run(caseworker, csv_of(*GOOD))
    found = selectors.person_search(actor=caseworker, query="Муратов")
    assert [p.given_name for p in found] == ["Rustam"]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("X1,Ana,Pop,female,2999-01-01,RO,,,,,,,", "birth_date", "future"),
        ("X1,Ana,Pop,female,2023-02-30,RO,,,,,,,", "birth_date", "Not a date"),
        ("X1,Ana,Pop,female,1990-01-01,XX,,,,,,,", "citizenships", "Unknown country code"),
        ("X1,Ana,Pop,female,1990-01-01,RO,12,,,,,,", "phone", "not a valid phone number"),
        ("X1,Ana,Pop,female,1990-01-01,RO,,zz:A1,,,,,", "languages", "Unknown language code"),
        ("X1,Ana,Pop,female,1990-01-01,RO,,ro:Z9,,,,,", "languages", "Give the level"),
        ("X1,Ana,Pop,woman,1990-01-01,RO,,,,,,,", "sex", "female, male"),
        ("X1,,Pop,female,1990-01-01,RO,,,,,,,", "given_name", "given name"),
        (",Ana,Pop,female,1990-01-01,RO,,,,,,,", "external_id", "id in your register"),
        ('X1,=HYPERLINK("x"),Pop,female,1990-01-01,RO,,,,,,,', "given_name", "Formulas"),
        ("X1,Ana,Pop,female,1990-01-01,RO,,,passport,F1,UA,,", "document_number", "3 to 30"),
        ("X1,Ana,Pop,female,1990-01-01,RO,,,,,,refugee,2020-01-01", "status", "categories"),
        ("X1,Ana,Pop,female,1990-01-01,RO,,,,,,student,", "status_valid_from", "starts"),
        ("X1,Ana,Pop,female,1990-01-01,RO,,,,,,student,1980-01-01", "status_valid_from", "born"),
    ],
)
def test_each_bad_cell_is_reported_with_row_column_and_reason_and_nothing_is_written(
    caseworker, row, column, reason
):
    job = run(caseworker, csv_of(GOOD[0], row))

    assert job.state == ImportState.REJECTED
    assert (job.rows_checked, job.rows_rejected, job.rows_created) == (2, 1, 0)
    assert Person.objects.count() == 0
    errors = report(job)
    assert [e[:2] for e in errors] == [["3", column]], errors
    assert reason.lower() in errors[0][2].lower()


def test_an_external_id_twice_in_one_file_is_refused(caseworker):
    job = run(caseworker, csv_of(GOOD[0], GOOD[1].replace("R2,", "R1,", 1)))

    assert job.state == ImportState.REJECTED
    assert report(job) == [["3", "external_id", "The same external id is on row 2.", "R1"]]


def test_a_missing_required_column_rejects_the_file_before_any_row(caseworker):
    job = run(caseworker, "external_id,given_name\nR1,Ana\n")

    assert job.state == ImportState.REJECTED
    assert job.rows_checked == 0
    assert report(job)[0][:3] == ["1", "sex", "This required column is missing."]
    assert Person.objects.count() == 0


def test_an_unknown_column_is_named(caseworker):
    job = run(caseworker, "external_id,given_name,sex,birthdate\nR1,Ana,female,1990-01-01\n")

    assert report(job)[0][:2] == ["1", "birthdate"]


def test_an_xlsx_that_is_not_a_spreadsheet_is_refused_clearly(caseworker):
    job = run(caseworker, csv_of(*GOOD), name="people.xlsx")

    assert job.state == ImportState.REJECTED
    assert "not an XLSX spreadsheet" in report(job)[0][2]


def test_a_csv_that_is_not_utf8_is_refused_clearly(caseworker):
    job = run(caseworker, csv_of(*GOOD).encode("utf-16"))

    assert job.state == ImportState.REJECTED
    assert "UTF-8" in report(job)[0][2]


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(caseworker, settings):
    settings.INTEGRA_IMPORT_MAX_MB = 100
    with pytest.raises(ValidationFailed) as raised:
        imports.import_create(
            actor=caseworker,
            file=io.BytesIO(b"x"),
            file_name="big.csv",
            size=200 * 1024 * 1024,
            mode="all",
        )
    assert "200 MB" in raised.value.field_errors["file"][0]
    assert PersonImport.objects.count() == 0


def test_other_file_types_are_refused(caseworker):
    with pytest.raises(ValidationFailed) as raised:
        start(caseworker, "x", name="people.pdf")
    assert raised.value.field_errors["file"] == ["Choose a CSV or XLSX file."]


def test_valid_rows_mode_imports_the_good_rows_and_returns_the_rejected_ones(caseworker):
    bad = "X9,Ana,Pop,female,2999-01-01,RO,,,,,,,"
    job = run(caseworker, csv_of(GOOD[0], bad, GOOD[2]), mode="valid")

    assert job.state == ImportState.DONE
    assert (job.rows_created, job.rows_rejected) == (2, 1)
    assert "1 row was rejected" in job.message
    with selectors.import_file(actor=caseworker, job=job, which="rejected") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert rows[0] == [*HEADER.split(","), "errors"]
    assert rows[1][:2] == ["X9", "Ana"]
    assert "birth_date" in rows[1][-1]
    assert AuditEntry.objects.filter(action="person.import.download_rejected").exists()


def test_someone_already_registered_is_not_registered_twice(caseworker, person):
    row = "N1,Оксана,Коваленко,female,1990-05-01,UA,,,,,,,"
    job = run(caseworker, csv_of(row))

    assert job.state == ImportState.REJECTED
    (error,) = report(job)
    assert error[1] == "given_name"
    assert person.public_id in error[2]

    confirmed = run(
        caseworker,
        csv_of(row + ",yes", header=HEADER + ",confirm_new"),
    )
    assert confirmed.state == ImportState.DONE
    assert Person.objects.count() == 2


def test_a_public_id_links_the_row_to_the_existing_record(caseworker, person):
    job = run(
        caseworker,
        csv_of(
            f"N1,{person.public_id},Oksana,Kovalenko,female,1990-05-01,UA;PL,,,,,,,",
            header=HEADER.replace("external_id,", "external_id,public_id,"),
        ),
    )

    assert job.state == ImportState.DONE, report(job)
    assert job.rows_updated == 1
    assert ExternalReference.objects.get(value="N1").person == person
    assert set(person.citizenships.values_list("country", flat=True)) == {"UA", "PL"}


def test_another_organisations_person_is_neither_shown_nor_updated(orgs, people, person):
    caseworker_b = access.actor_for(make_user("caseworker_b", orgs["b"], "caseworker"))
    job = run(caseworker_b, csv_of("B1,Оксана,Коваленко,female,1990-05-01,UA,,,,,,,"))
    (error,) = report(job)
    assert person.public_id not in error[2]
    assert "another organisation" in error[2]

    linked = run(
        caseworker_b,
        csv_of(
            f"B1,{person.public_id},Oksana,K,female,1990-05-01,UA,,,,,,,",
            header=HEADER.replace("external_id,", "external_id,public_id,"),
        ),
    )
    assert report(linked)[0][1:3] == ["public_id", "No person with this id is in your cases."]
    person.refresh_from_db()
    assert person.family_name == "Kovalenko"


def test_a_document_held_by_someone_else_is_refused(caseworker, person):
    from integra.people import services

    services.document_record(
        actor=caseworker, person=person, kind="passport", number="FA123456", issuing_country="UA"
    )
    job = run(caseworker, csv_of(GOOD[0]))

    assert report(job)[0][1] == "document_number"
    assert "another person" in report(job)[0][2]


def test_an_xlsx_file_with_typed_cells_imports(caseworker):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["external_id", "given_name", "family_name", "sex", "birth_date", "education_level"]
    )
    sheet.append(["X1", "Ирина", "Петрова", "female", date(1985, 3, 9), 6])
    sheet.append(["X2", "Akmal", "Karimov", "male", date(1990, 1, 2), 3])
    buffer = io.BytesIO()
    book.save(buffer)

    job = run(caseworker, buffer.getvalue(), name="people.xlsx")

    assert job.state == ImportState.DONE, report(job)
    irina = Person.objects.get(external_references__value="X1")
    assert (irina.birth_date, irina.education_level, irina.family_name_latin) == (
        date(1985, 3, 9),
        6,
        "Petrova",
    )


def test_a_formula_in_an_xlsx_is_refused(caseworker):
    book = Workbook()
    sheet = book.active
    sheet.append(["external_id", "given_name", "sex"])
    sheet.append(["X1", "=1+1", "female"])
    buffer = io.BytesIO()
    book.save(buffer)

    job = run(caseworker, buffer.getvalue(), name="people.xlsx")

    assert report(job)[0][:3] == [
        "2",
        "given_name",
        "Formulas are not accepted: type the value itself.",
    ]
    assert report(job)[0][3] == "'=1+1"  # neutralised in the report itself


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_with_its_examples_imports(caseworker, kind):
    job = run(caseworker, imports.template(kind), name=f"template.{kind}")

    assert job.state == ImportState.DONE, report(job)
    assert job.rows_created == 2


def test_only_caseworkers_import(people):
    for role in ("partner", "analyst", "inspector", "admin", "coordinator"):
        with pytest.raises(PermissionDenied):
            start(access.actor_for(people[role]), csv_of(*GOOD))


def test_a_second_delivery_of_the_task_does_nothing(caseworker):
    job = start(caseworker, csv_of(*GOOD))
    imports.import_run(public_id=job.public_id)
    again = imports.import_run(public_id=job.public_id)

    assert again.rows_created == 3
    assert Person.objects.count() == 3


def test_the_command_line_imports_with_progress(people, tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_text(csv_of(*GOOD), encoding="utf-8")
    call_command("import", "persons", str(source), "--as", "caseworker")

    out = capsys.readouterr().out
    assert "3 added" in out
    assert "Imported" in out
    assert Person.objects.count() == 3


def test_the_command_line_exits_1_and_writes_the_report(people, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text(csv_of(GOOD[0], "X9,Ana,Pop,female,2999-01-01,RO,,,,,,,"), encoding="utf-8")
    target = tmp_path / "errors.csv"
    with pytest.raises(SystemExit) as raised:
        call_command(
            "import", "persons", str(source), "--as", "caseworker", "--report", str(target)
        )
    assert raised.value.code == 1
    assert "birth_date" in target.read_text(encoding="utf-8-sig")


def test_old_reports_are_forgotten(caseworker):
    job = run(caseworker, csv_of(GOOD[0], "X9,Ana,Pop,female,2999-01-01,RO,,,,,,,"))
    assert job.report_path

    assert imports.imports_forget(now=timezone.now() + timedelta(days=6)) == 0
    assert imports.imports_forget(now=timezone.now() + timedelta(days=8)) == 1
    job.refresh_from_db()
    assert job.report_path == ""


def test_the_same_person_twice_in_one_file_is_refused_unless_confirmed(caseworker):
    twice = csv_of(GOOD[2], GOOD[2].replace("R3,", "R4,", 1).replace("Muratov", "Муратов"))
    job = run(caseworker, twice)

    assert report(job)[0][:2] == ["3", "given_name"]
    assert "row 2" in report(job)[0][2]
    confirmed = run(
        caseworker,
        csv_of(
            GOOD[2] + ",", GOOD[2].replace("R3,", "R4,", 1) + ",yes", header=HEADER + ",confirm_new"
        ),
    )
    assert confirmed.state == ImportState.DONE, report(confirmed)
    assert confirmed.rows_created == 2


def test_the_same_document_twice_in_one_file_is_refused(caseworker):
    other = GOOD[0].replace("R1,", "R9,", 1).replace("1988-04-17", "1990-01-01")
    job = run(caseworker, csv_of(GOOD[0], other))

    assert [e[:3] for e in report(job)] == [
        ["3", "document_number", "The same document is on row 2."]
    ]


def test_a_large_import_refreshes_the_planners_statistics(caseworker, monkeypatch):
    refreshed: list[list[str]] = []
    real = imports.backend_bulk.refresh_statistics

    def spy(models_):
        refreshed.append([model.__name__ for model in models_])
        real(models_)  # ANALYZE on PostgreSQL, nothing on SQLite: either way no error

    monkeypatch.setattr(imports, "LARGE", 2)
    monkeypatch.setattr(imports.backend_bulk, "refresh_statistics", spy)
    job = run(caseworker, csv_of(*GOOD))

    assert job.state == ImportState.DONE
    assert refreshed
    assert "Person" in refreshed[0]
