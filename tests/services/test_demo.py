"""The partners demo: a directory across the demo's organisations, partnerships in
force, expired and terminated, and referrals of the plans demo's people in every
state, loaded once through the services."""

from __future__ import annotations

from datetime import timedelta

import pycountry
import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core import demo as core_demo
from integra.core.access import actor_for
from integra.core.models import AuditEntry, Membership, Notification, Organisation, User
from integra.people import demo as people_demo
from integra.people.models import Consent
from integra.plans import demo as plans_demo
from integra.plans.models import Measure
from integra.services import demo, selectors
from integra.services.models import (
    Partnership,
    Referral,
    ReferralStatus,
    Service,
    ServiceLocation,
    SharedField,
    Volunteer,
    VolunteerHours,
    VolunteerMatch,
)
from integra.services.services.referrals import MEASURE_AFTER


@pytest.fixture
def message(db) -> str:
    core_demo.load()  # the organisations and users
    people_demo.load()  # the registry
    plans_demo.load()  # the plans whose measures are referred
    return demo.load()


def _actor(username: str):
    return actor_for(User.objects.get(username=username))


def test_a_directory_and_the_partnerships_between_organisations(message):
    services = Service.objects.select_related("organisation")
    assert 18 <= services.count() <= 26
    assert message.startswith(f"Partners: {services.count()} services")
    kinds = set(services.values_list("organisation__kind", flat=True))
    assert {"clinic", "school", "legal_aid", "ngo", "course_provider", "municipality"} <= kinds
    assert len(set(services.values_list("category", flat=True))) >= 8
    for service in services:
        assert service.languages, service.code
        assert all(pycountry.languages.get(alpha_2=code) for code in service.languages)
        assert service.locations.exclude(opening_hours="").exists(), service.code
        assert service.accept_within_days <= service.complete_within_days
    assert services.exclude(internal_notes="").count() >= 10
    assert services.filter(is_public=False).count() >= 2
    assert services.filter(is_active=False).count() == 1
    assert ServiceLocation.objects.values("locality").distinct().count() >= 5

    everyone = selectors.directory(actor=None, filters=selectors.DirectoryFilters())
    staff = selectors.directory(
        actor=_actor("caseworker"), filters=selectors.DirectoryFilters(include_inactive=True)
    )
    assert not everyone.filter(is_public=False).exists()
    assert not everyone.filter(is_active=False).exists()
    assert staff.count() == services.count()
    arabic = selectors.directory(actor=None, filters=selectors.DirectoryFilters(language="ar"))
    assert arabic.filter(code="psychological-counselling").exists()
    north = selectors.directory(actor=None, filters=selectors.DirectoryFilters(locality="Bălți"))
    assert north.count() >= 3

    # Partnerships: most in force, one expired, one terminated.
    today = timezone.localdate()
    partnerships = Partnership.objects.all()
    assert 4 <= partnerships.count() <= 6
    expired = [p for p in partnerships if p.valid_until and p.valid_until < today]
    terminated = [p for p in partnerships if p.terminated_on and p.terminated_on <= today]
    assert len(expired) == 1
    assert len(terminated) == 1
    in_force = [p for p in partnerships if p.valid_on(today)]
    assert len(in_force) == partnerships.count() - 2
    for partnership in partnerships:
        assert partnership.parties.count() >= 2
        assert partnership.scope
        assert set(partnership.shareable) <= set(SharedField.values)
        assert SharedField.NAME in partnership.shareable
        assert partnership.document_reference
    # The centre's staff work under the bureau's agreements and their own.
    caseworker = _actor("caseworker")
    assert selectors.partnership_list(actor=caseworker).count() == partnerships.count()
    current = selectors.partnership_list(actor=caseworker, current_on=today)
    assert current.count() == len(in_force)
    # A partner reads only the agreements it is party to.
    clinic = selectors.partnership_list(actor=_actor("partner-clinic"))
    assert [p.document_reference for p in clinic] == ["Agreement IC-CMF no. 3/2026"]


def test_referrals_in_every_state_and_the_plans_follow(message):
    now = timezone.now()
    referrals = Referral.objects.select_related("partnership", "consent", "service")
    assert 20 <= referrals.count() <= 30
    assert set(referrals.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert set(referrals.values_list("from_organisation__code", flat=True)) == {"ic-chisinau"}
    assert referrals.values("to_organisation").distinct().count() >= 6
    declined = referrals.filter(status=ReferralStatus.DECLINED)
    assert len(set(declined.values_list("decline_reason", flat=True))) >= 3
    completed = referrals.filter(status=ReferralStatus.COMPLETED)
    assert {"achieved", "partly", "not_achieved"} == set(
        completed.values_list("outcome", flat=True)
    )
    assert not completed.filter(note="").exists()

    for referral in completed:  # the measure follows the outcome, with the note as evidence
        measure = Measure.objects.get(pk=referral.measure_id)
        assert measure.status == MEASURE_AFTER[referral.outcome]
        assert referral.public_id in measure.evidence
    for referral in referrals.filter(status=ReferralStatus.ACCEPTED):
        assert Measure.objects.get(pk=referral.measure_id).status == "in_progress"
    for referral in declined:  # declining leaves the measure for the caseworker
        later = referrals.filter(measure_id=referral.measure_id, sent_at__gt=referral.sent_at)
        if not later.exists():
            assert Measure.objects.get(pk=referral.measure_id).status in ("planned", "in_progress")

    bases = set(referrals.values_list("basis", flat=True))
    assert bases == {"partnership", "consent"}
    for referral in referrals:
        day = timezone.localdate(referral.sent_at)
        if referral.partnership is not None:
            assert referral.partnership.valid_on(day)
            assert set(referral.shared_fields) <= set(referral.partnership.shareable)
        else:
            assert referral.consent.active_on(day)
        assert referral.sent_at <= (referral.accepted_at or referral.sent_at) <= now
        assert referral.closed_at is None or referral.sent_at <= referral.closed_at <= now
        if "name" not in referral.shared_fields:
            assert "name" not in referral.shared
    first = referrals.order_by("sent_at").first()
    assert first is not None
    assert first.sent_at < now - timedelta(days=120)

    # Some late against the service's targets, answered or still waiting.
    timings = [selectors.timing(referral=r) for r in referrals]
    assert sum(t.accept_late for t in timings) >= 2
    assert sum(t.complete_late for t in timings) >= 2
    overdue = selectors.referral_list(
        actor=_actor("partner-housing"), filters=selectors.ReferralFilters(overdue=True)
    )
    assert overdue.exists()
    # Consents to referral, one of them withdrawn.
    consents = Consent.objects.filter(purpose="referral")
    assert consents.count() >= 4
    assert consents.filter(withdrawn_on__isnull=False).count() == 1


def test_partner_agents_sign_in_and_find_their_referrals(message):
    assert "partner-legal" in message
    for username, _first, _last, code in demo.PARTNER_AGENTS:
        user = User.objects.get(username=username)
        seats = Membership.objects.filter(user=user)
        assert list(seats.values_list("organisation__code", "role")) == [(code, "partner")]
        client = Client()
        response = client.post(
            "/login/", {"username": username, "password": core_demo.DEMO_PASSWORD}
        )
        assert response["Location"].startswith("/login/verify/"), username
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        response = client.post("/login/verify/", {"code": core_demo.totp_now(device)})
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200, username

        actor = _actor(username)
        received = selectors.referral_list(actor=actor, filters=selectors.ReferralFilters())
        assert received.exists(), username
        assert set(received.values_list("to_organisation__code", flat=True)) == {code}
        inbox = Notification.objects.filter(user=user)
        assert inbox.exists(), username
    # The history's e-mails are not sent again; the last days' news is unread.
    notifications = Notification.objects.filter(record_type="referral")
    assert not notifications.filter(emailed_at__isnull=True).exists()
    assert notifications.filter(read_at__isnull=True).exists()
    assert notifications.filter(read_at__isnull=False).exists()
    old = timezone.now() - timedelta(days=demo.UNREAD_DAYS + 1)
    assert not notifications.filter(created_at__lt=old, read_at__isnull=True).exists()


def test_volunteers_vetted_matched_and_their_hours_logged(message):
    today = timezone.localdate()
    volunteers = list(Volunteer.objects.all())
    assert len(volunteers) == len(demo.VOLUNTEERS)
    cleared = [v for v in volunteers if v.cleared_on(today)]
    assert 0 < len(cleared) < len(volunteers)  # one check pending, one expired
    matches = VolunteerMatch.objects.select_related("volunteer", "measure")
    assert matches.count() >= 3
    for match in matches:
        assert match.volunteer.cleared_on(match.started_on)
        assert match.measure.status == "in_progress"
        assert match.skill in match.volunteer.skills
    assert VolunteerHours.objects.count() >= matches.count()
    assert f"{len(volunteers)} volunteers" in message


def test_loading_again_adds_nothing(message):
    def counts() -> tuple[int, ...]:
        return tuple(
            model.objects.count()
            for model in (
                Organisation,
                User,
                Membership,
                TOTPDevice,
                Service,
                ServiceLocation,
                Partnership,
                Consent,
                Referral,
                Volunteer,
                VolunteerMatch,
                VolunteerHours,
                Notification,
                AuditEntry,
            )
        )

    before = counts()
    again = demo.load()
    assert "already loaded" in again
    assert counts() == before
