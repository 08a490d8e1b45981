# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""Discrimination and xenophobic incidents (R21), through the services: reporting
(public, anonymous or named, and for someone), the tracking code, and the
follow-up by legal aid and the equality body up to the outcome. Bad input is
refused with a message beside the field, and nothing is stored.

The fixtures here (an equality body with its handler, a report builder) are used
by the other incident tests too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Membership, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.protection.models import Incident, IncidentEvent
from integra.protection.selectors import incidents as selectors
from integra.protection.services import incidents as services
from tests.conftest import make_user
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    CODE_SHAPE,
    lawyer,
    legal_aid,
)

pytestmark = pytest.mark.django_db

WORDS = "The driver told us to go back to our country"  # in every test report


# --- Fixtures (shared with the other incident tests) -----------------------------------------


@pytest.fixture
def equality_body(orgs) -> Organisation:
    return Organisation.objects.create(
        code="equality-council",
        name="Equality Council",
        kind=OrganisationKind.EQUALITY_BODY,
        level=Level.NATIONAL,
        country="MD",
    )


@pytest.fixture
def equality(equality_body) -> User:
    """A handler (the inspector's role) at the equality body."""
    return make_user("equality", equality_body, Role.INSPECTOR)


@pytest.fixture
def equality_caseworker(orgs, equality_body) -> User:
    """Holds inspector at the equality body and caseworker at centre A at once."""
    user = make_user("both_eq", equality_body, Role.INSPECTOR)
    Membership.objects.create(user=user, organisation=orgs["a"], role=Role.CASEWORKER)
    return user


def incident_data(**changes: Any) -> services.IncidentData:
    values: dict[str, Any] = {
        "reported_by": "victim",
        "kinds": ("verbal", "service"),
        "grounds": ("nationality", "language"),
        "happened_on": timezone.localdate() - timedelta(days=3),
        "place_kind": "transport",
        "place": "Bus 24, Ismail street",
        "region": "Chișinău",
        "description": f"{WORDS}, and refused to let us on.",
        "language": "ro",
    }
    values.update(changes)
    return services.IncidentData(**values)


@pytest.fixture
def report(orgs) -> Callable[..., services.Reported]:
    def build(actor: Actor | None = None, **changes: Any) -> services.Reported:
        return services.incident_report(actor=actor, data=incident_data(**changes))

    return build


def actor(user: User) -> Actor:
    return access.actor_for(user)


# --- Reporting --------------------------------------------------------------------------------


def test_a_victim_reports_anonymously_and_gets_a_code_shown_once(report):
    reported = report(name="Ana", contact="+373 600 00000")

    incident = Incident.objects.get()
    assert CODE_SHAPE.match(reported.code)
    assert reported.code.replace("-", "") not in incident.tracking_digest
    assert incident.tracking_digest == selectors.digest_of(reported.code)
    # Anonymous means anonymous: the name given by mistake is not kept.
    assert (incident.anonymous, incident.name, incident.contact) == (True, "", "")
    assert incident.reported_by == "victim"
    assert incident.kinds == ["verbal", "service"]
    assert incident.status == "received"
    assert incident.reporter is None
    assert list(incident.events.values_list("kind", "public")) == [("reported", True)]
    entry = AuditEntry.objects.get(action="incident.report")
    assert entry.actor_label == "reporter"
    assert WORDS not in str(entry.data)


def test_a_witness_reports_with_a_name(report):
    report(reported_by="witness", anonymous=False, name="Ion Rusu", contact="ion@example.org")

    incident = Incident.objects.get()
    assert (incident.reported_by, incident.name, incident.contact) == (
        "witness",
        "Ion Rusu",
        "ion@example.org",
    )


def test_the_code_is_at_least_128_random_bits(report):
    codes = {report().code for _ in range(3)}
    assert len(codes) == 3
    # 32 characters of base32: 160 bits.
    assert all(len(code.replace("-", "")) * 5 >= 128 for code in codes)


def test_an_ngo_reports_for_someone_and_cannot_read_it_back(report, people, orgs, legal_aid):
    ngo = actor(people["partner"])

    reported = report(actor=ngo, reported_by="victim")

    incident = reported.incident
    assert (incident.reported_by, incident.reporter, incident.reporter_organisation) == (
        "organisation",
        people["partner"],
        orgs["ngo"],
    )
    with pytest.raises(NotFound):
        selectors.incident_get(actor=ngo, public_id=incident.public_id)
    with pytest.raises(PermissionDenied):
        selectors.incident_list(actor=ngo)


@pytest.mark.parametrize("persona", ["teacher", "analyst", "coordinator", "admin", "migrant"])
def test_others_do_not_report_for_someone(report, people, persona):
    with pytest.raises(PermissionDenied):
        report(actor=actor(people[persona]))
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kinds": ()}, "kinds"),
        ({"kinds": ("verbal", "bogus")}, "kinds"),
        ({"grounds": ("residence_status",)}, "grounds"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"place": "<b>here</b>"}, "place"),
        ({"name": "<img src=x onerror=alert(1)>", "anonymous": False}, "name"),
        ({"place_kind": "moon"}, "place_kind"),
        ({"reported_by": "organisation"}, "reported_by"),
        ({"happened_on": date(2999, 1, 1)}, "happened_on"),
        ({"happened_on": date(1800, 1, 1)}, "happened_on"),
    ],
)
def test_bad_input_is_refused_beside_its_field(report, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        report(**changes)

    assert field in refused.value.field_errors
    assert refused.value.field_errors[field][0]
    assert not Incident.objects.exists()
    assert not AuditEntry.objects.filter(action="incident.report").exists()


def test_nothing_asks_for_residence_status():
    names = {f.name for f in Incident._meta.get_fields()}
    assert not {n for n in names if "status" in n} - {"status"}
    assert "person" not in names
    assert not [f for f in services.IncidentData.__dataclass_fields__ if "legal" in f]


# --- Following it with the code -----------------------------------------------------------------


def test_the_code_opens_the_report_and_a_wrong_one_does_not(report):
    reported = report()

    found = selectors.incident_by_code(code=reported.code.lower(), client="198.51.100.1")
    assert found == reported.incident
    with pytest.raises(NotFound) as unknown:
        selectors.incident_by_code(
            code="ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789", client="198.51.100.1"
        )
    with pytest.raises(NotFound) as malformed:
        selectors.incident_by_code(code="nonsense", client="198.51.100.1")
    assert unknown.value.message == malformed.value.message


def test_guessing_codes_is_throttled_per_client(report):
    reported = report()
    for _ in range(selectors.TRACK_LIMIT):
        with pytest.raises(NotFound):
            selectors.incident_by_code(code="nonsense", client="198.51.100.2")

    # Even the right code is refused once the allowance is spent …
    with pytest.raises(selectors.TooManyTries):
        selectors.incident_by_code(code=reported.code, client="198.51.100.2")
    # … from that address only.
    assert selectors.incident_by_code(code=reported.code, client="198.51.100.3")


def test_the_reporter_adds_information_and_sees_public_events_only(report, legal_aid, lawyer):
    reported = report()
    handler = actor(lawyer)
    services.incident_take(actor=handler, incident=reported.incident)
    services.incident_update(
        actor=handler, incident=reported.incident, note="Called the bus company."
    )
    services.incident_update(
        actor=handler, incident=reported.incident, note="We wrote to the operator.", public=True
    )

    services.incident_add_information(
        incident=reported.incident, text="It was at 8 in the morning."
    )

    reported.incident.refresh_from_db()
    view = selectors.tracked_view(incident=reported.incident)
    assert view.status_label == "Being followed up"
    texts = [event.text for event in view.events]
    assert "We wrote to the operator." in texts
    assert "It was at 8 in the morning." in texts
    assert "Called the bus company." not in texts
    assert "Law Center of Advocates" in " ".join(event.title for event in view.events)


def test_adding_information_refuses_script_and_empty_text(report):
    reported = report()
    for text in ("", "<script>x</script>"):
        with pytest.raises(ValidationFailed) as refused:
            services.incident_add_information(incident=reported.incident, text=text)
        assert "text" in refused.value.field_errors
    assert not IncidentEvent.objects.filter(kind="information").exists()


def test_nothing_is_added_to_a_closed_report(report, legal_aid, lawyer):
    reported = report()
    services.incident_close(actor=actor(lawyer), incident=reported.incident, outcome="Mediated.")

    with pytest.raises(Conflict):
        services.incident_add_information(incident=reported.incident, text="More.")


# --- Following up -----------------------------------------------------------------------------


def test_legal_aid_takes_refers_and_the_equality_body_closes(
    report, legal_aid, lawyer, equality_body, equality
):
    incident = report().incident
    lawyer_actor, equality_actor = actor(lawyer), actor(equality)
    # Not taken yet: every handler sees it, for triage.
    assert incident in selectors.incident_list(actor=equality_actor)

    services.incident_take(actor=lawyer_actor, incident=incident)
    incident.refresh_from_db()
    assert (incident.handled_by, incident.status) == (legal_aid, "following_up")
    assert incident not in selectors.incident_list(actor=equality_actor)
    with pytest.raises(NotFound):
        selectors.incident_get(actor=equality_actor, public_id=incident.public_id)

    services.incident_refer(
        actor=lawyer_actor, incident=incident, organisation="equality-council", note="Strong case."
    )
    incident.refresh_from_db()
    assert (incident.status, incident.referred_to) == ("referred", equality_body)
    assert incident.referred_at is not None
    # The equality body's handlers see it now; legal aid still does.
    assert selectors.incident_get(actor=equality_actor, public_id=incident.public_id)
    assert selectors.incident_get(actor=lawyer_actor, public_id=incident.public_id)
    public = [e.title for e in selectors.tracked_view(incident=incident).events]
    assert "Referred to Equality Council" in public

    services.incident_close(
        actor=equality_actor, incident=incident, outcome="The operator apologised and paid."
    )
    incident.refresh_from_db()
    assert (incident.status, incident.outcome) == ("closed", "The operator apologised and paid.")
    assert incident.closed_at is not None
    actions = set(
        AuditEntry.objects.filter(object_id=incident.public_id).values_list("action", flat=True)
    )
    assert {"incident.take", "incident.refer", "incident.close"} <= actions


def test_an_incident_taken_by_one_is_not_taken_again(report, legal_aid, lawyer, equality):
    incident = report().incident
    services.incident_take(actor=actor(lawyer), incident=incident)

    with pytest.raises(Conflict):
        services.incident_take(actor=actor(lawyer), incident=incident)
    with pytest.raises(NotFound):
        services.incident_take(actor=actor(equality), incident=incident)


def test_referral_goes_only_to_an_equality_body(report, legal_aid, lawyer, equality_body):
    incident = report().incident
    for code in ("legal-aid", "inspectorate", "nowhere"):
        with pytest.raises(ValidationFailed) as refused:
            services.incident_refer(actor=actor(lawyer), incident=incident, organisation=code)
        assert "organisation" in refused.value.field_errors
    incident.refresh_from_db()
    assert incident.status == "received"

    services.incident_refer(actor=actor(lawyer), incident=incident, organisation="equality-council")
    with pytest.raises(Conflict):
        services.incident_refer(
            actor=actor(lawyer), incident=incident, organisation="equality-council"
        )


def test_a_note_needs_text_and_stays_internal(report, legal_aid, lawyer):
    incident = report().incident
    with pytest.raises(ValidationFailed) as refused:
        services.incident_update(actor=actor(lawyer), incident=incident, note="  ")
    assert "note" in refused.value.field_errors

    event = services.incident_update(actor=actor(lawyer), incident=incident, note="Internal.")
    assert (event.kind, event.public) == ("note", False)


def test_closing_needs_an_outcome(report, legal_aid, lawyer):
    incident = report().incident
    with pytest.raises(ValidationFailed) as refused:
        services.incident_close(actor=actor(lawyer), incident=incident, outcome="")
    assert "outcome" in refused.value.field_errors
    incident.refresh_from_db()
    assert incident.status == "received"


def test_the_labour_inspector_does_not_follow_incidents_up(report, people):
    incident = report().incident
    inspector = actor(people["inspector"])

    with pytest.raises(PermissionDenied):
        selectors.incident_list(actor=inspector)
    with pytest.raises(NotFound):
        services.incident_take(actor=inspector, incident=incident)


def test_the_list_filters_by_status_kind_ground_and_region(report, legal_aid, lawyer):
    first = report().incident
    second = report(kinds=("housing",), grounds=("religion",), region="Bălți").incident
    services.incident_close(actor=actor(lawyer), incident=second, outcome="Solved.")
    handler = actor(lawyer)

    def ids(**filters: str) -> list[str]:
        return [
            i.public_id
            for i in selectors.incident_list(
                actor=handler, filters=selectors.IncidentFilters(**filters)
            )
        ]

    assert ids() == [first.public_id, second.public_id]  # open first
    assert ids(status="open") == [first.public_id]
    assert ids(status="closed") == [second.public_id]
    assert ids(kind="housing") == [second.public_id]
    assert ids(ground="nationality") == [first.public_id]
    assert ids(region="bălți") == [second.public_id]


def test_reading_an_incident_is_audited(report, legal_aid, lawyer):
    incident = report().incident

    selectors.incident_detail(actor=actor(lawyer), public_id=incident.public_id)

    assert AuditEntry.objects.filter(action="incident.read", object_id=incident.public_id).exists()
