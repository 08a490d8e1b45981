"""Licensing recruitment agencies, through the services and selectors: the
register, applications and decisions with their history, expiry, violations,
contract templates, complaint counts and the public check. Bad input is refused
beside its field and nothing is kept; only the licensing staff write."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from integra.core import access, scheduler
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.protection import licensing
from integra.protection.models import (
    Agency,
    AgencyViolation,
    Complaint,
    ContractTemplate,
    Licence,
    LicenceEvent,
)
from integra.protection.selectors import agencies as selectors
from integra.protection.services import agencies as services
from tests.protection.agencies_fixtures import *  # noqa: F403
from tests.protection.agencies_fixtures import (
    agency_data,
    apply,
    decide,
    docx_bytes,
    grant,
    pdf_bytes,
    register,
    today,
    zip_bomb,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test keeps its files apart: what was stored is what this test stored."""
    settings.MEDIA_ROOT = tmp_path


def field_errors(error: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, list[str]]:
    return error.value.field_errors


# --- The register ------------------------------------------------------------------------


def test_the_labour_inspectorate_registers_an_agency(licenser):
    agency = register(
        licenser, registration_number="1003 6001 50017", name="  Agenția  Ştefan Vodă SRL "
    )

    assert agency.public_id.startswith("G-")
    assert agency.name == "Agenția Ştefan Vodă SRL"
    assert agency.search_name == "agentia stefan voda srl"
    assert agency.registration_number == "1003600150017"
    assert agency.phone == "+373 22 210 417"
    assert agency.website == "https://euromunca.md"
    entry = AuditEntry.objects.get(action="agency.register")
    assert entry.object_id == agency.public_id
    assert entry.purpose == "licensing"


def test_an_employment_office_licenses_too(office_agent):
    agency = register(access.actor_for(office_agent))

    licence = apply(access.actor_for(office_agent), agency)

    assert licence.issued_by.code == "anofm"


@pytest.mark.parametrize("persona", ["caseworker", "partner", "analyst", "admin", "stranger"])
def test_others_may_not_register(people, persona):
    with pytest.raises(PermissionDenied):
        register(access.actor_for(people[persona]))

    assert not Agency.objects.exists()


def test_a_complaint_handler_reads_the_register_but_does_not_write(
    licenser, legal_inspector, people
):
    agency = register(licenser)
    reader = access.actor_for(legal_inspector)

    assert list(selectors.agency_list(actor=reader)) == [agency]
    with pytest.raises(PermissionDenied):
        apply(reader, agency)
    with pytest.raises(PermissionDenied):
        selectors.agency_list(actor=access.actor_for(people["caseworker"]))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "<script>alert('x')</script>"}, "name"),
        ({"name": "Euro <b>Job</b>"}, "name"),
        ({"name": "   "}, "name"),
        ({"address": "str. Ismail <img src=x onerror=alert(1)>"}, "address"),
        ({"region": "Chi\x07șinău"}, "region"),
        ({"registration_number": "12345"}, "registration_number"),
        ({"registration_number": "<script>"}, "registration_number"),
        ({"country": "XX"}, "country"),
        ({"email": "not an address"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"website": "ftp://agency.md"}, "website"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_kept(licenser, changes, field):
    with pytest.raises(ValidationFailed) as error:
        register(licenser, **changes)

    assert field in field_errors(error)
    assert not Agency.objects.exists()
    assert not AuditEntry.objects.filter(action="agency.register").exists()


def test_markup_is_refused_with_a_clear_message(licenser):
    with pytest.raises(ValidationFailed) as error:
        register(licenser, name="<script>alert(1)</script>")

    assert "plain text" in field_errors(error)["name"][0]


def test_a_registration_number_is_registered_once(licenser):
    first = register(licenser)

    with pytest.raises(ValidationFailed) as error:
        register(licenser, name="Another name", registration_number="1003600150017")

    assert first.public_id in field_errors(error)["registration_number"][0]
    # Another country's register may use the same number.
    assert register(licenser, country="RO", registration_number="1003600150017", phone="")


def test_a_foreign_registration_number_is_free_form(licenser):
    agency = register(licenser, country="ro", registration_number="j40/1234/2019", phone="")

    assert (agency.country, agency.registration_number) == ("RO", "J40/1234/2019")


def test_an_agency_is_changed_and_the_change_audited(licenser, agency):
    data = agency_data(name="Euro-Muncă Group SRL", region="Bălți")

    changed = services.agency_update(actor=licenser, agency=agency, data=data)

    assert changed.search_name == "euro munca group srl"
    entry = AuditEntry.objects.get(action="agency.update")
    assert entry.data["changed"] == ["name", "region"]


def test_a_change_cannot_take_another_agencys_number(licenser, agency):
    other = register(licenser, name="Other SRL", registration_number="1005600230028")

    with pytest.raises(ValidationFailed) as error:
        services.agency_update(actor=licenser, agency=other, data=agency_data(name="Other SRL"))

    assert "registration_number" in field_errors(error)


def test_the_register_is_searched_by_name_number_and_standing(licenser, agency):
    other = register(licenser, name="Nistru Job SRL", registration_number="1005600230028")
    grant(licenser, apply(licenser, other))

    def found(**filters: str) -> list[Agency]:
        return list(selectors.agency_list(actor=licenser, filters=selectors.Filters(**filters)))

    assert found(query="MUNCA") == [agency]
    assert found(query="1005 6002 30028") == [other]
    assert found(query=agency.public_id.lower()) == [agency]
    assert found(standing="licensed") == [other]
    assert found(standing="none") == [agency]
    assert found() == [agency, other]  # by name


# --- Licences --------------------------------------------------------------------------------


def test_a_licence_is_applied_for_granted_suspended_reinstated_and_revoked(licenser, agency):
    licence = apply(licenser, agency, destinations=("de", "DE", "il"), sectors=("f", "a"))
    assert (licence.status, licence.destinations, licence.sectors) == (
        "applied",
        ["DE", "IL"],
        ["A", "F"],
    )

    licence = grant(licenser, licence, number="ap-2025-001")
    assert (licence.status, licence.number) == ("active", "AP-2025-001")
    assert licensing.is_valid_on(
        licence.status, valid_from=licence.valid_from, valid_until=licence.valid_until, day=today()
    )
    licence = decide(licenser, licence, "suspend", reason="Fees charged to two workers.")
    licence = decide(licenser, licence, "reinstate")
    licence = decide(licenser, licence, "revoke", reason="Fees charged again.")

    events = list(licence.events.order_by("pk").values_list("from_status", "to_status", "reason"))
    assert events == [
        ("", "applied", ""),
        ("applied", "active", ""),
        ("active", "suspended", "Fees charged to two workers."),
        ("suspended", "active", ""),
        ("active", "revoked", "Fees charged again."),
    ]
    assert [e.action for e in AuditEntry.objects.filter(object_id=agency.public_id)][1:] == [
        "licence.apply",
        "licence.grant",
        "licence.suspend",
        "licence.reinstate",
        "licence.revoke",
    ]


@pytest.mark.parametrize("decision", ["refuse", "suspend", "revoke"])
def test_a_decision_against_the_agency_needs_a_reason(licenser, agency, decision):
    licence = apply(licenser, agency)
    if decision != "refuse":
        licence = grant(licenser, licence)

    with pytest.raises(ValidationFailed) as error:
        decide(licenser, licence, decision, reason="  ")

    assert "reason" in field_errors(error)
    licence.refresh_from_db()
    assert licence.events.count() == (1 if decision == "refuse" else 2)


def test_a_reason_with_markup_is_refused(licenser, agency):
    licence = apply(licenser, agency)

    with pytest.raises(ValidationFailed) as error:
        decide(licenser, licence, "refuse", reason="<script>document.cookie</script>")

    assert "reason" in field_errors(error)
    assert Licence.objects.get().status == "applied"


@pytest.mark.parametrize("final", ["refuse", "revoke"])
def test_a_final_licence_takes_no_more_decisions(licenser, agency, final):
    licence = apply(licenser, agency)
    if final == "revoke":
        licence = grant(licenser, licence)
    licence = decide(licenser, licence, final, reason="No.")

    for decision in ("grant", "reinstate", "suspend", "revoke"):
        with pytest.raises(Conflict):
            decide(licenser, licence, decision, reason="Try.", number="X-1")


def test_a_new_application_is_a_new_licence(licenser, agency):
    refused = decide(licenser, apply(licenser, agency), "refuse", reason="Incomplete file.")

    again = apply(licenser, agency)

    assert again.pk != refused.pk
    assert again.status == "applied"


def test_one_application_waits_at_a_time(licenser, agency):
    apply(licenser, agency)

    with pytest.raises(Conflict):
        apply(licenser, agency)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"destinations": ()}, "destinations"),
        ({"destinations": ("XX",)}, "destinations"),
        ({"sectors": ()}, "sectors"),
        ({"sectors": ("Z",)}, "sectors"),
        ({"applied_on": timezone.localdate() + timedelta(days=3)}, "applied_on"),
    ],
)
def test_a_bad_application_is_refused(licenser, agency, changes, field):
    with pytest.raises(ValidationFailed) as error:
        apply(licenser, agency, **changes)

    assert field in field_errors(error)
    assert not Licence.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": ""}, "number"),
        ({"number": "<b>1</b>"}, "number"),
        ({"valid_until": None}, "valid_until"),
        ({"valid_from": None}, "valid_from"),
        ({"valid_until": timezone.localdate()}, "valid_until"),  # not after the first day
        ({"valid_until": timezone.localdate() + timedelta(days=3660 * 2)}, "valid_until"),
        ({"valid_from": timezone.localdate() - timedelta(days=30)}, "valid_from"),  # before applied
    ],
)
def test_a_grant_needs_a_number_and_sound_dates(licenser, agency, changes, field):
    licence = apply(licenser, agency)
    values = {
        "number": "AP-1",
        "valid_from": today(),
        "valid_until": today() + timedelta(days=365),
        **changes,
    }

    with pytest.raises(ValidationFailed) as error:
        decide(licenser, licence, "grant", **values)

    assert field in field_errors(error)
    assert Licence.objects.get().status == "applied"


def test_two_licences_never_share_a_number(licenser, agency):
    grant(licenser, apply(licenser, agency), number="AP-7")
    other = register(licenser, name="Other SRL", registration_number="1005600230028")

    with pytest.raises(ValidationFailed) as error:
        grant(licenser, apply(licenser, other), number="ap-7")

    assert "number" in field_errors(error)


# --- Expiry ----------------------------------------------------------------------------------


def _expired_licence(licenser, agency, number: str = "AP-OLD") -> Licence:
    """A licence granted three years ago for two years, expiry not yet recorded."""
    before = timezone.now() - timedelta(days=3 * 365)
    licence = services.licence_apply(
        actor=licenser,
        agency=agency,
        data=services.ApplicationData(destinations=("DE",), sectors=("C",)),
        now=before,
    )
    start = timezone.localdate(before) + timedelta(days=1)
    return services.licence_decide(
        actor=licenser,
        licence=licence,
        data=services.DecisionData(
            decision="grant",
            number=number,
            valid_from=start,
            valid_until=start + timedelta(days=2 * 365),
        ),
        now=before + timedelta(days=1),
    )


def test_a_licence_past_its_last_day_reads_as_expired_before_it_is_recorded(licenser, agency):
    licence = _expired_licence(licenser, agency)
    assert licence.status == "active"  # as recorded

    detail = selectors.agency_detail(actor=licenser, public_id=agency.public_id)
    checked = selectors.public_check(query="euro-munca")

    assert detail.standing == "expired"
    assert detail.licences[0].status == "expired"
    assert detail.licences[0].decisions == []
    assert checked.agencies[0].standing == "expired"
    assert checked.agencies[0].history[0].status == "expired"
    assert list(
        selectors.agency_list(actor=licenser, filters=selectors.Filters(standing="expired"))
    )
    with pytest.raises(Conflict) as error:
        decide(licenser, licence, "suspend", reason="Late.")
    assert "expired" in error.value.message


def test_the_daily_run_records_expiries_once(licenser, agency):
    licence = _expired_licence(licenser, agency)

    assert services.licences_expire() == 1
    assert services.licences_expire() == 0

    licence.refresh_from_db()
    assert licence.status == "expired"
    event = licence.events.order_by("-pk").first()
    assert event is not None
    assert (event.from_status, event.to_status, event.decided_by) == ("active", "expired", None)
    assert event.on == licence.valid_until + timedelta(days=1)
    assert AuditEntry.objects.get(action="licence.expire").actor_label == "integra scheduler"


def test_the_daily_run_is_scheduled():
    assert "protection.licences_expire" in scheduler.DAILY


def test_the_databases_standing_agrees_with_the_rules(licenser):
    """selectors.with_standing computes licensing.standing in SQL: both agree."""
    made: list[Agency] = []

    def new(name: str, number: str) -> Agency:
        made.append(register(licenser, name=name, registration_number=number))
        return made[-1]

    new("None SRL", "1000000000001")
    apply(licenser, new("Applied SRL", "1000000000002"))
    grant(licenser, apply(licenser, new("Licensed SRL", "1000000000003")), number="N3")
    grant(
        licenser,
        apply(licenser, new("Later SRL", "1000000000004")),
        number="N4",
        valid_from=today() + timedelta(days=10),
    )
    decide(
        licenser,
        grant(licenser, apply(licenser, new("Suspended SRL", "1000000000005")), number="N5"),
        "suspend",
        reason="Fees.",
    )
    decide(licenser, apply(licenser, new("Refused SRL", "1000000000006")), "refuse", reason="No.")
    revoked = new("Revoked SRL", "1000000000007")
    decide(licenser, grant(licenser, apply(licenser, revoked), number="N7"), "revoke", reason="X")
    _expired_licence(licenser, new("Expired SRL", "1000000000008"))
    renewed = new("Renewed SRL", "1000000000009")
    _expired_licence(licenser, renewed, number="AP-OLD-2")
    grant(licenser, apply(licenser, renewed), number="N9")

    in_sql = {a.name: a.standing for a in selectors.agency_list(actor=licenser)}  # type: ignore[attr-defined]
    in_rules = {
        a.name: selectors.agency_detail(actor=licenser, public_id=a.public_id).standing
        for a in made
    }
    assert in_sql == in_rules
    assert set(in_sql.values()) == {s.value for s in licensing.Standing}


# --- Violations -----------------------------------------------------------------------------


def test_a_fee_charged_to_a_worker_is_recorded_as_a_violation(licenser, agency):
    violation = services.violation_record(
        actor=licenser,
        agency=agency,
        data=services.ViolationData(
            kind="fee_charged",
            found_on=today(),
            description="A 'placement fee' of EUR 600 paid in cash.",
            amount=Decimal("600"),
            currency="eur",
            source="Inspection",
        ),
    )

    assert (violation.amount, violation.currency) == (Decimal("600"), "EUR")
    assert violation.organisation.code == "inspectorate"
    detail = selectors.agency_detail(actor=licenser, public_id=agency.public_id)
    assert detail.fees_charged == 1
    assert AuditEntry.objects.filter(action="agency.violation").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "rude"}, "kind"),
        ({"found_on": timezone.localdate() + timedelta(days=1)}, "found_on"),
        ({"description": ""}, "description"),
        ({"description": "Paid <script>x</script>"}, "description"),
        ({"amount": Decimal("-1"), "currency": "EUR"}, "amount"),
        ({"amount": Decimal("1.005"), "currency": "EUR"}, "amount"),
        ({"amount": Decimal("100"), "currency": ""}, "currency"),
        ({"amount": Decimal("100"), "currency": "XYZ"}, "currency"),
        ({"currency": "EUR"}, "amount"),
    ],
)
def test_a_bad_violation_is_refused(licenser, agency, changes, field):
    values = {
        "kind": "fee_charged",
        "found_on": today(),
        "description": "A fee was charged.",
        **changes,
    }

    with pytest.raises(ValidationFailed) as error:
        services.violation_record(
            actor=licenser, agency=agency, data=services.ViolationData(**values)
        )

    assert field in field_errors(error)
    assert not AgencyViolation.objects.exists()


# --- Contract templates ------------------------------------------------------------------------


def _upload(licenser, agency, content: bytes, name: str = "contract.pdf", **changes):
    data = services.ContractData(
        title=changes.pop("title", "Seasonal work contract"),
        language=changes.pop("language", "ro"),
        file_name=name,
        size=changes.pop("size", len(content)),
        content_type=changes.pop("content_type", ""),
    )
    return services.contract_upload(
        actor=licenser, agency=agency, data=data, file=io.BytesIO(content)
    )


def _stored() -> list[str]:
    if not default_storage.exists(services.CONTRACTS_FOLDER):
        return []
    return default_storage.listdir(services.CONTRACTS_FOLDER)[1]


def test_a_contract_template_is_kept_under_a_random_name(licenser, agency):
    content = pdf_bytes()

    contract = _upload(licenser, agency, content, name="../../Contract <final>.PDF")

    assert contract.file_path.startswith("agencies/contracts/")
    assert "Contract" not in contract.file_path
    assert contract.file_name == "Contract _final_.pdf"
    assert contract.content_type == "application/pdf"
    assert contract.sha256 == hashlib.sha256(content).hexdigest()
    with selectors.contract_open(actor=licenser, contract=contract) as handle:
        assert handle.read() == content
    assert AuditEntry.objects.filter(action="agency.contract.upload").count() == 1


def test_a_docx_template_is_kept(licenser, agency):
    contract = _upload(licenser, agency, docx_bytes(), name="contract.docx")

    assert contract.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("content", "name", "changes", "field", "words"),
    [
        (zip_bomb(), "contract.docx", {}, "file", "unpack"),
        (b"<html><script>alert(1)</script></html>", "contract.pdf", {}, "file", "not a real PDF"),
        (docx_bytes(), "contract.pdf", {}, "file", "not a real PDF"),
        (b"MZ\x90\x00", "contract.exe", {}, "file", "PDF, DOCX, ODT"),
        (pdf_bytes(), "contract.pdf", {"size": 11 * 1024 * 1024}, "file", "largest"),
        (b"", "contract.pdf", {"size": 0}, "file", "empty"),
        (pdf_bytes(), "contract.pdf", {"title": "<script>x</script>"}, "title", "plain text"),
        (pdf_bytes(), "contract.pdf", {"language": "xx"}, "language", "ISO 639"),
    ],
)
def test_a_bad_contract_template_is_refused_and_nothing_is_kept(
    licenser, agency, content, name, changes, field, words
):
    before = _stored()

    with pytest.raises(ValidationFailed) as error:
        _upload(licenser, agency, content, name=name, **changes)

    assert words in " ".join(field_errors(error)[field])
    assert not ContractTemplate.objects.exists()
    assert _stored() == before


def test_only_the_licensing_staff_keep_contracts(legal_inspector, agency):
    with pytest.raises(PermissionDenied):
        _upload(access.actor_for(legal_inspector), agency, pdf_bytes())

    assert not ContractTemplate.objects.exists()


# --- Complaints naming the agency ------------------------------------------------------------


def _complaint(agency: Agency, status: str, n: int) -> Complaint:
    return Complaint.objects.create(
        tracking_digest=f"digest-{status}-{n}",
        lodged_via="public",
        language="ro",
        anonymous=True,
        description="They took a fee and my passport.",
        agency=agency,
        status=status,
        lodged_at=timezone.now(),
    )


def test_the_licensing_staff_see_only_the_count_of_complaints(licenser, legal_inspector, agency):
    _complaint(agency, "received", 1)
    _complaint(agency, "received", 2)
    _complaint(agency, "closed", 3)

    counts = selectors.agency_detail(actor=licenser, public_id=agency.public_id).complaints
    reader = selectors.agency_detail(
        actor=access.actor_for(legal_inspector), public_id=agency.public_id
    )

    assert counts is not None
    assert {status: n for status, _label, n in counts} == {
        "received": 2,
        "assigned": 0,
        "in_progress": 0,
        "waiting": 0,
        "closed": 1,
    }
    assert reader.complaints is None


# --- The public check ------------------------------------------------------------------------


def test_the_public_check_finds_an_agency_by_name_or_number(licenser, agency):
    licence = grant(licenser, apply(licenser, agency), number="AP-9")
    decide(licenser, licence, "suspend", reason="Secret: complaint C-1234 of Ana Rusu.")

    by_name = selectors.public_check(query="EURO munca").agencies
    by_number = selectors.public_check(query="1003600150017").agencies

    assert [a.public_id for a in by_name] == [agency.public_id]
    assert [a.public_id for a in by_number] == [agency.public_id]
    found = by_name[0]
    assert found.standing == "suspended"
    assert not found.may_recruit
    assert found.licence is not None
    assert found.licence.number == "AP-9"
    assert found.licence.destinations == [("DE", "Germany"), ("PL", "Poland")]
    assert [e.status for e in found.history] == ["suspended", "active", "applied"]
    assert "Ana Rusu" not in repr(found)  # reasons are never public


def test_the_public_check_needs_two_letters_and_shows_twenty_at_most(licenser):
    for n in range(22):
        register(licenser, name=f"Job Agency {n:02d}", registration_number=f"10000000000{n:02d}")

    assert selectors.public_check(query="j").agencies == []
    result = selectors.public_check(query="job agency")
    assert len(result.agencies) == selectors.CHECK_LIMIT
    assert result.more
    assert result.agencies[0].standing == "none"


def test_an_unknown_licence_or_contract_is_not_found(licenser, agency):
    other = register(licenser, name="Other SRL", registration_number="1005600230028")
    licence = apply(licenser, other)

    with pytest.raises(NotFound):
        selectors.licence_get(actor=licenser, agency=agency, licence_id=licence.pk)
    with pytest.raises(NotFound):
        selectors.licence_get(actor=licenser, agency=agency, licence_id=2**70)
    with pytest.raises(NotFound):
        selectors.contract_get(actor=licenser, agency=agency, contract_id=1)


def test_the_history_is_kept_in_events(licenser, agency):
    grant(licenser, apply(licenser, agency))

    assert LicenceEvent.objects.filter(licence__agency=agency).count() == 2
