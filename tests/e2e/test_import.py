"""Importing people in a real browser: upload a file, follow the import, read the error
table, download the report and the rejected rows; and the same without JavaScript.

No task worker runs here: each test runs the queued import in its own process, as the
worker would, while the page keeps watching it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from integra.core.models import User
from integra.people.models import ImportState, Person, PersonImport
from integra.people.services import imports
from tests.e2e.conftest import TIMEOUT_MS, AxeReport, path_of

pytestmark = pytest.mark.e2e

DETAIL = re.compile(r"/people/import/(I-[0-9A-Z]{4}-[0-9A-Z]{4})/$")
FUTURE = "The date of birth cannot be in the future."
UNKNOWN_COUNTRY = "Unknown country code: XX. Use ISO 3166 codes such as UA or SY."
FILE = (
    "external_id,given_name,family_name,sex,birth_date,citizenships\n"
    "R1,Олена,Коваленко,female,1988-04-17,UA\n"
    "R2,Rustam,Muratov,male,1995-07-01,\n"
    "R3,Ana,Pop,female,2999-01-01,XX\n"  # row 4: born in the future, no such country
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploads and reports go to a folder of the test's own (the live server runs in
    this process, so it sees the setting too)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people_csv(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def _upload(page: Any, path: Path, mode: str) -> str:
    """Fills in and submits the import form; returns the import's public id."""
    page.get_by_label("File (CSV or XLSX)").set_input_files(str(path))
    page.get_by_label(mode).check()
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(DETAIL)
    found = DETAIL.search(path_of(page))
    assert found is not None, page.url
    return found.group(1)


class _HeldRequests:
    """Holds the browser's requests for an import page while the import runs here.

    The live server shares this process's in-memory database connection, and every
    request saves the session: a poll answered in the middle of the import's
    transaction would write into it. The page's polls (htmx) and refreshes (meta
    refresh) come one after another, so once one is held, none is being answered.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.holding = False
        self.held: list[Any] = []
        page.route("**/people/import/I-*/", self._handle)

    def _handle(self, route: Any) -> None:
        if self.holding:
            self.held.append(route)
        else:
            route.continue_()

    def run_import(self, public_id: str) -> PersonImport:
        self.holding = True
        for _step in range(TIMEOUT_MS // 100):
            if self.held:
                break
            self.page.wait_for_timeout(100)
        assert self.held, "the page stopped following the import"
        try:
            return imports.import_run(public_id=public_id)
        finally:
            self.holding = False
            for route in self.held:
                route.continue_()
            self.held.clear()


def _error_rows(page: Any) -> list[list[str]]:
    table = page.get_by_role("table", name="Errors found in the file")
    expect(table).to_be_visible()
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def _download(page: Any, link_name: str) -> list[list[str]]:
    """Follows a download link; returns the CSV file's rows."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    assert download.failure() is None
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_file_with_errors_is_not_imported_and_the_report_says_why(
    open_as: Any, personas: dict[str, User], people_csv: Path, axe: AxeReport
) -> None:
    page = open_as(personas["caseworker"], bypass_csp=True)
    page.goto("/people/")
    page.get_by_role("main").get_by_role("link", name="Import people").click()
    page.wait_for_url("**/people/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import people")
    expect(page.get_by_text("No imports yet.")).to_be_visible()
    axe.check(page, "import, start")
    expect(page.get_by_label("Only if every row is valid")).to_be_checked()  # the default

    public_id = _upload(page, people_csv, "Only if every row is valid")

    expect(page.locator("#import-progress")).to_contain_text("Waiting to start")
    expect(page.locator("#import-bar")).to_be_visible()
    # JavaScript follows the import with htmx; the meta refresh is for pages without it.
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)
    axe.check(page, "import, waiting")
    held = _HeldRequests(page)
    assert held.run_import(public_id).state == ImportState.REJECTED

    # The next poll finds the import finished and reloads the page, report and all.
    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Not imported: the file has errors")
    expect(progress).to_contain_text("Nothing was imported")
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")
    rows = _error_rows(page)
    assert ["4", "birth_date", FUTURE, "2999-01-01"] in rows
    assert ["4", "citizenships", UNKNOWN_COUNTRY, "XX"] in rows
    assert len(rows) == 2
    expect(page.get_by_role("link", name="Download the rejected rows")).to_have_count(0)
    axe.check(page, "import, rejected with errors")

    report = _download(page, "Download the error report")
    assert report[0] == ["row", "column", "reason", "value"]
    assert ["4", "birth_date", FUTURE, "2999-01-01"] in report[1:]
    assert ["4", "citizenships", UNKNOWN_COUNTRY, "XX"] in report[1:]
    assert Person.objects.count() == 0

    page.get_by_role("link", name="Back to imports").click()
    page.wait_for_url("**/people/import/")
    recent = page.get_by_role("table", name="Recent imports")
    expect(recent.get_by_role("link", name="people.csv")).to_have_attribute(
        "href", f"/people/import/{public_id}/"
    )
    expect(recent).to_contain_text("Not imported: the file has errors")
    axe.check(page, "import, start with one import")
    axe.assert_clean()


def test_the_valid_rows_are_imported_and_the_rejected_ones_come_back(
    open_as: Any, personas: dict[str, User], people_csv: Path
) -> None:
    page = open_as(personas["caseworker"])
    page.goto("/people/import/")
    public_id = _upload(page, people_csv, "The valid rows, and give me the rejected rows back")
    held = _HeldRequests(page)
    assert held.run_import(public_id).state == ImportState.DONE

    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Imported")
    expect(progress).to_contain_text("2 people added and 0 updated.")
    facts = [text.strip() for text in progress.locator("dl.facts > *").all_inner_texts()]
    assert facts == [
        "Rows checked", "3",
        "Rows rejected", "1",
        "People added", "2",
        "People updated", "0",
    ]  # fmt: skip
    assert ["4", "birth_date", FUTURE, "2999-01-01"] in _error_rows(page)

    rejected = _download(page, "Download the rejected rows")
    assert rejected[0] == [
        "external_id", "given_name", "family_name", "sex", "birth_date", "citizenships", "errors"
    ]  # fmt: skip
    assert len(rejected) == 2
    assert rejected[1][:6] == ["R3", "Ana", "Pop", "female", "2999-01-01", "XX"]
    assert f"birth_date: {FUTURE}" in rejected[1][6]
    assert f"citizenships: {UNKNOWN_COUNTRY}" in rejected[1][6]
    report = _download(page, "Download the error report")
    assert ["4", "birth_date", FUTURE, "2999-01-01"] in report[1:]
    assert Person.objects.count() == 2

    olena = Person.objects.get(family_name="Коваленко")
    page.goto("/people/?q=Kovalenko")  # in Latin letters; she was imported in Cyrillic
    found = page.locator("#person-results")
    expect(found.get_by_role("link", name="Олена Коваленко")).to_have_attribute(
        "href", f"/people/{olena.public_id}/"
    )
    expect(found.locator("tbody tr")).to_have_count(1)
    expect(found).to_contain_text("UA")
    page.goto("/people/?q=Pop")
    expect(page.get_by_text("Nobody you may see matches")).to_be_visible()


def test_importing_works_without_javascript(
    open_as: Any, personas: dict[str, User], people_csv: Path
) -> None:
    page = open_as(personas["caseworker"], java_script_enabled=False)
    page.goto("/people/import/")

    public_id = _upload(page, people_csv, "The valid rows, and give me the rejected rows back")

    assert page.locator("#import-progress").inner_text().startswith("Waiting to start")
    refresh = page.locator('meta[http-equiv="refresh"]')
    assert refresh.count() == 1
    assert refresh.get_attribute("content") == "3"
    held = _HeldRequests(page)
    assert held.run_import(public_id).state == ImportState.DONE

    # The page refreshes itself until the import is over, then stops.
    expect(page.locator("#import-progress")).to_contain_text("2 people added and 0 updated.")
    expect(refresh).to_have_count(0)
    assert path_of(page) == f"/people/import/{public_id}/"
    assert ["4", "birth_date", FUTURE, "2999-01-01"] in _error_rows(page)
    assert Person.objects.count() == 2
