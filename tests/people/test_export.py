"""Export of exactly what a search shows, audited, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from integra.core import access
from integra.core.models import AuditEntry
from integra.core.spreadsheets import safe_text, to_csv, to_xlsx
from integra.people import services
from tests.conftest import make_user


def test_cells_that_would_run_as_formulas_are_neutralised():
    for dangerous in ('=HYPERLINK("http://evil")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(dangerous) == "'" + dangerous
    assert safe_text("Ana") == "Ana"
    rows = [("=cmd|' /C calc'!A0", 3)]
    text = to_csv(["name", "n"], rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["'=cmd|' /C calc'!A0", "3"]
    sheet = load_workbook(io.BytesIO(to_xlsx(["name", "n"], rows, title="t"))).active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["B2"].value == 3


def test_the_export_holds_what_the_search_shows_in_every_script(people, person, client_for):
    services.person_register(
        actor=access.actor_for(people["caseworker"]),
        data=services.PersonData(given_name="=1+1", family_name="Коваленко"),
        confirm_new=True,
    )
    response = client_for(people["caseworker"]).get("/people/export.csv", {"q": "Kovalenko"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "public_id"
    names = {(row[1], row[2]) for row in rows[1:]}
    assert names == {("Oksana", "Kovalenko"), ("'=1+1", "Коваленко")}
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.data["rows"] == 2


def test_the_xlsx_export_opens_and_another_centre_gets_nothing(people, person, orgs, client_for):
    mine = client_for(people["caseworker"]).get("/people/export.xlsx", {"q": "Kovalenko"})
    sheet = load_workbook(io.BytesIO(mine.content)).active
    assert sheet.max_row == 2
    other = make_user("caseworker_b", orgs["b"], "caseworker")
    theirs = client_for(other).get("/people/export.xlsx", {"q": "Kovalenko"})
    assert load_workbook(io.BytesIO(theirs.content)).active.max_row == 1  # the header only


def test_an_export_without_a_search_sends_back_to_the_search(people, client_for):
    response = client_for(people["caseworker"]).get("/people/export.csv")
    assert response["Location"] == "/people/"
    assert not AuditEntry.objects.filter(action="person.export").exists()


def test_an_unknown_file_type_is_refused(people, client_for):
    response = client_for(people["caseworker"]).get("/people/export.pdf", {"q": "Oksana"})
    assert response.status_code == 302
