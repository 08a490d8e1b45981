"""What the referrals hand over to monitoring's summary tables."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum

from integra.monitoring.models import Fact
from integra.monitoring.services import refresh
from integra.services import selectors
from integra.services.services import referrals

pytestmark = pytest.mark.django_db


def test_an_accepted_referral_counts_its_days_to_acceptance(partner, referral):
    referrals.referral_accept(
        actor=partner, referral=referral, now=referral.sent_at + timedelta(days=3)
    )

    (row,) = list(selectors.statistics_acceptances())

    assert row[0] == referral.person_id
    assert row[2] == pytest.approx(3.0)
    refresh.refresh_run()
    facts = Fact.objects.filter(measure="referral_acceptances")
    assert facts.aggregate(n=Sum("count"), v=Sum("value")) == {"n": 1, "v": pytest.approx(3.0)}


def test_a_referral_not_yet_accepted_is_not_counted(referral):
    assert list(selectors.statistics_acceptances()) == []
