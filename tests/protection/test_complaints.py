# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""Lodging a complaint (R18): anonymous or named, categories, sector, agency,
routing by the most specific rule, trafficking urgent at once with a notice that
names no one, the tracking code kept only as a keyed digest, and lodging for a
worker by an NGO, an inspector or a caseworker, who cannot read it afterwards."""

from __future__ import annotations

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Notification, Organisation
from integra.core.roles import Level, OrganisationKind
from integra.protection import licensing
from integra.protection.models import Agency, Complaint, ComplaintEvent, RoutingRule
from integra.protection.selectors import complaints as selectors
from integra.protection.services import complaints as services
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    CODE_SHAPE,
    WORDS,
    complaint,
    data,
    inspector,
    lawyer,
    legal_aid,
    lodge,
    lodged,
    media,
    routing,
    worker,
)

pytestmark = pytest.mark.django_db


def test_an_anonymous_complaint_keeps_no_name_or_contact(lodge, routing):
    lodged = lodge(anonymous=True, name="Aziz Karimov", contact="+37369100201")

    complaint = Complaint.objects.get(pk=lodged.complaint.pk)
    assert complaint.anonymous
    assert (complaint.name, complaint.contact, complaint.person_id) == ("", "", None)
    assert complaint.lodged_via == "public"
    assert complaint.lodged_by_id is None
    assert complaint.lodged_for_id is None


def test_a_named_complaint_keeps_the_name_and_contact(lodge, routing):
    lodged = lodge(anonymous=False, name="Aziz Karimov", contact="+37369100201")

    assert (lodged.complaint.name, lodged.complaint.contact) == ("Aziz Karimov", "+37369100201")


def test_the_tracking_code_is_random_long_and_only_its_digest_is_kept(lodge, routing):
    first, second = lodge(), lodge()

    assert CODE_SHAPE.match(first.code)
    assert first.code != second.code
    raw = first.code.replace("-", "")
    assert len(raw) == 32  # 160 bits of Crockford's base32
    stored = Complaint.objects.filter(pk=first.complaint.pk).values()[0]
    assert raw not in str(stored)
    assert first.code not in str(stored)
    assert stored["tracking_digest"] == selectors.tracking_digest(raw)


def test_what_happened_is_recorded(lodge, routing):
    complaint = lodge(categories=("wages", "hours", "wages")).complaint

    assert complaint.categories == ["wages", "hours"]
    assert complaint.sector == "F"
    assert complaint.region == "Chișinău"
    assert complaint.language == "ru"
    assert complaint.status == "received"
    assert list(complaint.events.values_list("kind", "public")) == [
        ("lodged", True),
        ("routed", True),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"categories": ()}, "categories"),
        ({"categories": ("residence",)}, "categories"),
        ({"description": "   "}, "description"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"employer": "<b>Boss</b>"}, "employer"),
        ({"sector": "Z"}, "sector"),
        ({"description": "x" * 10_001}, "description"),
        ({"anonymous": False, "name": "a\x00b"}, "name"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_kept(lodge, routing, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        lodge(**changes)

    assert field in refused.value.field_errors
    assert not Complaint.objects.exists()


def test_plain_text_with_a_less_than_sign_is_fine(lodge, routing):
    complaint = lodge(description="They pay < 3000 lei & keep the rest.").complaint

    assert complaint.description == "They pay < 3000 lei & keep the rest."


def test_a_registered_agency_is_recognised_by_its_name(lodge, routing, people):
    agency = Agency.objects.create(
        name="Euro-Job Consult",
        registration_number="1012600012345",
        country="MD",
        search_name=licensing.search_key("Euro-Job Consult"),
        created_by=people["admin"],
        created_at=timezone.now(),
    )

    found = lodge(agency_name="  EURO-JOB   Consult ").complaint
    unknown = lodge(agency_name="Some Other Agency").complaint

    assert found.agency == agency
    assert found.agency_name == "EURO-JOB Consult"
    assert unknown.agency is None
    assert unknown.agency_name == "Some Other Agency"


# --- Routing ---------------------------------------------------------------------------------


def _organisation(code: str, kind: str = OrganisationKind.LABOUR_INSPECTORATE) -> Organisation:
    return Organisation.objects.create(
        code=code, name=code.title(), kind=kind, level=Level.REGIONAL, country="MD"
    )


def test_the_most_specific_rule_wins(orgs, legal_aid):
    now = timezone.now()
    anywhere = _organisation("any")
    wages = _organisation("wages-any")
    balti = _organisation("any-balti")
    wages_balti = _organisation("wages-balti")
    for category, region, organisation in [
        ("", "", anywhere),
        ("wages", "", wages),
        ("", "Bălți", balti),
        ("wages", "Bălți", wages_balti),
    ]:
        RoutingRule.objects.create(
            category=category, region=region, organisation=organisation, created_at=now
        )

    def route(categories: tuple[str, ...], region: str) -> str | None:
        found = selectors.route_for(categories=categories, region=region)
        return found.code if found else None

    assert route(("wages",), "Bălți") == "wages-balti"
    assert route(("wages",), "balti") == "wages-balti"  # case and diacritics folded
    assert route(("wages",), "Cahul") == "wages-any"
    assert route(("hours",), "Bălți") == "any-balti"
    assert route(("hours",), "Cahul") == "any"
    assert route(("hours", "wages"), "Cahul") == "wages-any"


def test_without_a_rule_a_complaint_waits_for_triage_by_every_handler(lodge, people, lawyer):
    complaint = lodge().complaint

    assert complaint.routed_to is None
    for user in (people["inspector"], lawyer):
        assert selectors.complaint_get(actor=access.actor_for(user), public_id=complaint.public_id)


def test_trafficking_is_urgent_at_once_and_its_handlers_are_told_without_a_name(
    lodge, routing, legal_aid, lawyer, people
):
    complaint = lodge(
        categories=("trafficking", "wages"), anonymous=False, name="Aziz Karimov"
    ).complaint

    assert complaint.urgent
    assert complaint.routed_to == legal_aid
    notice = Notification.objects.get()
    assert notice.user == lawyer  # the routed organisation's inspectors, no one else
    assert notice.kind == "complaints.urgent"
    assert notice.params == {}
    assert (notice.record_type, notice.record_id) == ("complaint", complaint.public_id)


def test_an_ordinary_complaint_is_neither_urgent_nor_announced(lodge, routing):
    complaint = lodge().complaint

    assert not complaint.urgent
    assert not Notification.objects.exists()


def test_lodging_is_audited_without_personal_data(lodge, routing):
    complaint = lodge(anonymous=False, name="Aziz Karimov", contact="+37369100201").complaint

    entry = AuditEntry.objects.get(action="complaint.lodge")
    assert (entry.object_type, entry.object_id) == ("complaint", complaint.public_id)
    assert entry.actor is None
    assert entry.actor_label == "complainant"
    assert "Aziz" not in str(entry.data)
    assert WORDS not in str(entry.data)


# --- Lodging for a worker --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "via", "home"),
    [
        ("partner", "ngo", "ngo"),
        ("caseworker", "caseworker", "a"),
        ("inspector", "inspector", "inspectorate"),
    ],
)
def test_ngos_caseworkers_and_inspectors_lodge_for_a_worker(
    lodge, routing, people, orgs, persona, via, home
):
    actor = access.actor_for(people[persona])

    complaint = lodge(actor=actor).complaint

    assert complaint.lodged_via == via
    assert complaint.lodged_by == people[persona]
    assert complaint.lodged_for == orgs[home]


@pytest.mark.parametrize("persona", ["partner", "caseworker"])
def test_who_lodged_it_for_the_worker_cannot_read_it_afterwards(lodge, routing, people, persona):
    actor = access.actor_for(people[persona])
    complaint = lodge(actor=actor).complaint

    with pytest.raises(NotFound):
        selectors.complaint_get(actor=actor, public_id=complaint.public_id)
    with pytest.raises(PermissionDenied):
        selectors.complaint_list(actor=actor)


def test_a_teacher_signed_in_lodges_as_the_public(lodge, routing, people):
    complaint = lodge(actor=access.actor_for(people["teacher"])).complaint

    assert complaint.lodged_via == "public"
    assert complaint.lodged_by is None


def test_a_caseworker_links_the_record_of_a_worker_they_hold(lodge, routing, people, worker):
    actor = access.actor_for(people["caseworker"])

    complaint = lodge(actor=actor, anonymous=False, name="Ilhom", person=worker.public_id).complaint

    assert complaint.person == worker


def test_no_one_else_links_a_record(lodge, routing, people, worker):
    for actor in (None, access.actor_for(people["partner"]), access.actor_for(people["inspector"])):
        with pytest.raises(ValidationFailed) as refused:
            lodge(actor=actor, anonymous=False, person=worker.public_id)
        assert "person" in refused.value.field_errors
    assert not Complaint.objects.exists()


def test_an_anonymous_complaint_links_no_record(lodge, routing, people, worker):
    with pytest.raises(ValidationFailed) as refused:
        lodge(actor=access.actor_for(people["caseworker"]), person=worker.public_id)

    assert "anonymous" in refused.value.field_errors


def test_a_complaint_asks_for_no_residence_status():
    fields = {f.name for f in Complaint._meta.get_fields()}
    assert not {name for name in fields if "status" in name} - {"status"}
    assert not any("legal" in name or "residence" in name for name in fields)
    assert "legal" not in str(services.ComplaintData.__dataclass_fields__)


def test_every_event_of_lodging_is_public_and_names_no_handler(complaint):
    assert all(e.by_id is None for e in ComplaintEvent.objects.filter(complaint=complaint))
    assert data().description in complaint.description
