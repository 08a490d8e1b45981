"""The licence rules, on plain data: which decision may follow which status, which
need a reason, when a licence has expired, and an agency's standing on a day."""

from __future__ import annotations

from datetime import date

import pytest

from integra.protection import licensing
from integra.protection.licensing import (
    Decision,
    LicenceFacts,
    RuleBroken,
    Standing,
    Status,
)

DAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("current", "decision", "target"),
    [
        (Status.APPLIED, Decision.GRANT, Status.ACTIVE),
        (Status.APPLIED, Decision.REFUSE, Status.REFUSED),
        (Status.ACTIVE, Decision.SUSPEND, Status.SUSPENDED),
        (Status.ACTIVE, Decision.REVOKE, Status.REVOKED),
        (Status.SUSPENDED, Decision.REINSTATE, Status.ACTIVE),
        (Status.SUSPENDED, Decision.REVOKE, Status.REVOKED),
    ],
)
def test_the_allowed_decisions_lead_where_they_say(current, decision, target):
    assert licensing.decide(current, decision, reason="Fees charged.") == target


@pytest.mark.parametrize(
    ("current", "decision"),
    [
        (Status.APPLIED, Decision.SUSPEND),
        (Status.APPLIED, Decision.REVOKE),
        (Status.APPLIED, Decision.REINSTATE),
        (Status.ACTIVE, Decision.GRANT),
        (Status.ACTIVE, Decision.REFUSE),
        (Status.ACTIVE, Decision.REINSTATE),
        (Status.SUSPENDED, Decision.SUSPEND),
        (Status.SUSPENDED, Decision.GRANT),
    ],
)
def test_it_refuses_a_decision_that_does_not_follow(current, decision):
    with pytest.raises(RuleBroken) as refused:
        licensing.decide(current, decision, reason="Because.")

    assert refused.value.code == "not_allowed"


@pytest.mark.parametrize("final", [Status.REVOKED, Status.REFUSED, Status.EXPIRED])
@pytest.mark.parametrize("decision", list(Decision))
def test_revoked_refused_and_expired_are_final(final, decision):
    with pytest.raises(RuleBroken) as refused:
        licensing.decide(final, decision, reason="Because.")

    assert refused.value.code == "final"
    assert licensing.decisions_open(final) == []


@pytest.mark.parametrize(
    ("current", "decision"),
    [
        (Status.APPLIED, Decision.REFUSE),
        (Status.ACTIVE, Decision.SUSPEND),
        (Status.ACTIVE, Decision.REVOKE),
        (Status.SUSPENDED, Decision.REVOKE),
    ],
)
def test_a_decision_against_the_agency_needs_a_reason(current, decision):
    with pytest.raises(RuleBroken) as refused:
        licensing.decide(current, decision, reason="   ")

    assert refused.value.code == "reason_required"


def test_granting_and_reinstating_need_no_reason():
    assert licensing.decide(Status.APPLIED, "grant", reason="") == Status.ACTIVE
    assert licensing.decide(Status.SUSPENDED, "reinstate", reason="") == Status.ACTIVE


def test_an_unknown_decision_is_refused():
    with pytest.raises(RuleBroken) as refused:
        licensing.decide(Status.ACTIVE, "extend", reason="")

    assert refused.value.code == "unknown"


def test_every_decision_is_an_allowed_transition():
    for decision, (allowed_on, target) in licensing.DECISIONS.items():
        for status in allowed_on:
            assert target in licensing.TRANSITIONS[status], decision
    assert {Status.REVOKED, Status.REFUSED, Status.EXPIRED} == licensing.FINAL


def test_the_open_decisions_follow_the_status():
    assert licensing.decisions_open(Status.APPLIED) == [Decision.GRANT, Decision.REFUSE]
    assert licensing.decisions_open(Status.ACTIVE) == [Decision.SUSPEND, Decision.REVOKE]
    assert licensing.decisions_open(Status.SUSPENDED) == [Decision.REINSTATE, Decision.REVOKE]


# --- Expiry -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.SUSPENDED])
def test_a_licence_past_its_last_day_reads_as_expired(status):
    last = date(2025, 6, 14)

    assert licensing.effective_status(status, valid_until=last, today=last) == status
    assert licensing.effective_status(status, valid_until=last, today=DAY) == Status.EXPIRED


@pytest.mark.parametrize("status", [Status.APPLIED, Status.REFUSED, Status.REVOKED])
def test_other_statuses_do_not_expire(status):
    assert licensing.effective_status(status, valid_until=date(2020, 1, 1), today=DAY) == status


def test_a_licence_is_valid_from_its_first_to_its_last_day_included():
    first, last = date(2025, 6, 1), date(2025, 6, 30)

    def valid(day: date, status: str = "active") -> bool:
        return licensing.is_valid_on(status, valid_from=first, valid_until=last, day=day)

    assert valid(first)
    assert valid(last)
    assert valid(DAY)
    assert not valid(date(2025, 5, 31))
    assert not valid(date(2025, 7, 1))
    assert not valid(DAY, "suspended")
    assert not valid(DAY, "revoked")


def test_the_grant_dates_are_checked():
    today = DAY

    assert (
        licensing.grant_errors(valid_from=today, valid_until=date(2028, 6, 14), today=today) == {}
    )
    assert licensing.grant_errors(valid_from=today, valid_until=today, today=today) == {
        "valid_until": "before_start"
    }
    assert licensing.grant_errors(
        valid_from=date(2024, 1, 1), valid_until=date(2025, 1, 1), today=today
    ) == {"valid_until": "past"}
    assert licensing.grant_errors(valid_from=today, valid_until=date(2035, 6, 16), today=today) == {
        "valid_until": "too_long"
    }


def test_years_are_added_to_the_29th_of_february():
    assert licensing.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert licensing.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


# --- Standing -----------------------------------------------------------------------------


def facts(status: str, start: date | None = None, end: date | None = None) -> LicenceFacts:
    return LicenceFacts(status=status, valid_from=start, valid_until=end)


RUNNING = (date(2024, 1, 1), date(2026, 12, 31))
ENDED = (date(2020, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize(
    ("licences", "expected", "index"),
    [
        ([], Standing.NONE, None),
        ([facts("applied")], Standing.APPLIED, 0),
        ([facts("active", *RUNNING)], Standing.LICENSED, 0),
        # An active licence past its last day, not yet recorded: expired.
        ([facts("active", *ENDED)], Standing.EXPIRED, 0),
        ([facts("suspended", *RUNNING)], Standing.SUSPENDED, 0),
        ([facts("suspended", *ENDED)], Standing.EXPIRED, 0),
        ([facts("active", date(2025, 7, 1), date(2027, 6, 30))], Standing.NOT_YET_VALID, 0),
        ([facts("revoked", *RUNNING)], Standing.REVOKED, 0),
        ([facts("refused")], Standing.REFUSED, 0),
        # A renewal waiting while the licence runs: licensed.
        ([facts("applied"), facts("active", *RUNNING)], Standing.LICENSED, 1),
        # Revoked before, licensed anew.
        ([facts("active", *RUNNING), facts("revoked", *ENDED)], Standing.LICENSED, 0),
        # Revoked after an old licence expired: the newest says why.
        ([facts("revoked", *RUNNING), facts("expired", *ENDED)], Standing.REVOKED, 0),
        ([facts("refused"), facts("expired", *ENDED)], Standing.REFUSED, 0),
        # Applied again after a refusal: waiting.
        ([facts("applied"), facts("refused")], Standing.APPLIED, 0),
        ([facts("suspended", *RUNNING), facts("applied")], Standing.SUSPENDED, 0),
    ],
)
def test_an_agencys_standing_on_a_day(licences, expected, index):
    assert licensing.standing(licences, today=DAY) == (expected, index)


def test_only_a_licensed_agency_may_recruit():
    assert [s for s in Standing if s.may_recruit] == [Standing.LICENSED]


def test_names_are_searched_without_case_or_diacritics():
    assert licensing.search_key("  Agenția  ŞTEFAN Vodă ") == "agentia stefan voda"
    assert licensing.search_key("Agenţia") == licensing.search_key("agentia")
    assert licensing.search_key("Euro-Muncă, S.R.L.") == "euro munca s r l"
    assert licensing.registration_key(" 1003 6000 12345 ") == "1003600012345"
