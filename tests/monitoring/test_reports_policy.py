"""The policy section: the four instruments, their ratification, and the MIPEX-style
self-assessment (answers 0, 50 or 100; areas averaged; incomplete flagged)."""

from __future__ import annotations

from datetime import date

import pytest

from integra.core import access
from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.monitoring import mipex
from integra.monitoring.models import Ratification, SelfAssessment
from integra.monitoring.services import reports

pytestmark = pytest.mark.django_db


def test_there_are_eight_areas_of_three_or_four_questions():
    assert len(mipex.AREAS) == 8
    assert all(3 <= len(area.questions) <= 4 for area in mipex.AREAS)
    assert len(mipex.QUESTIONS) == sum(len(area.questions) for area in mipex.AREAS)


def test_an_area_scores_the_mean_of_its_answers_and_the_country_the_mean_of_areas():
    answers = dict.fromkeys(mipex.QUESTIONS, 100)
    answers["lm_access"] = 0
    answers["lm_support"] = 50
    scores = mipex.score(answers)
    assert scores.areas["labour_market"] == 62.5  # (0 + 50 + 100 + 100) / 4
    assert scores.areas["health"] == 100.0
    assert scores.overall == round((62.5 + 7 * 100) / 8, 1)
    assert not scores.incomplete


def test_an_unanswered_area_is_left_out_and_flagged():
    scores = mipex.score({"lm_access": 50, "fr_eligibility": 100})
    assert scores.areas["labour_market"] == 50.0
    assert scores.areas["education"] is None
    assert scores.overall == 75.0
    assert scores.incomplete
    assert scores.answered == 2
    assert mipex.score({}).overall is None


def test_the_four_instruments_exist_after_migrating_and_edits_are_kept(people):
    assert set(Ratification.objects.values_list("instrument", flat=True)) == {
        "C97", "C143", "C181", "ICRMW",
    }  # fmt: skip
    coordinator = access.actor_for(people["coordinator"])
    reports.ratification_update(
        actor=coordinator, instrument="C97", status="ratified", on=date(2001, 2, 3)
    )
    assert reports.ratifications_ensure() == 0
    assert Ratification.objects.get(instrument="C97").status == "ratified"
    Ratification.objects.filter(instrument="C143").delete()
    assert reports.ratifications_ensure() == 1
    assert Ratification.objects.get(instrument="C143").status == "not_signed"


def test_a_ratification_is_recorded_and_audited(people):
    coordinator = access.actor_for(people["coordinator"])
    found = reports.ratification_update(
        actor=coordinator, instrument="ICRMW", status="signed", on=date(2010, 1, 1), note="  ok "
    )
    assert (found.status, found.on, found.note) == ("signed", date(2010, 1, 1), "ok")
    assert found.updated_by == people["coordinator"]
    assert AuditEntry.objects.filter(action="ratification.update", object_id="ICRMW").exists()


@pytest.mark.parametrize(
    ("status", "on", "field"),
    [
        ("approved", None, "status"),
        ("ratified", date(2999, 1, 1), "on"),
        ("not_signed", date(2001, 1, 1), "on"),
    ],
)
def test_a_bad_ratification_is_refused_beside_its_field(people, status, on, field):
    coordinator = access.actor_for(people["coordinator"])
    with pytest.raises(ValidationFailed) as refused:
        reports.ratification_update(actor=coordinator, instrument="C97", status=status, on=on)
    assert field in refused.value.field_errors


def test_only_the_coordinating_authority_keeps_the_policy_section(people):
    for who in ("analyst", "admin", "caseworker"):
        with pytest.raises(PermissionDenied):
            reports.ratification_update(
                actor=access.actor_for(people[who]), instrument="C97", status="signed", on=None
            )
        with pytest.raises(PermissionDenied):
            reports.self_assessment_save(
                actor=access.actor_for(people[who]), year=2026, answers={"lm_access": 100}
            )
    with pytest.raises(NotFound):
        reports.ratification_update(
            actor=access.actor_for(people["coordinator"]),
            instrument="C29",
            status="signed",
            on=None,
        )


def test_a_self_assessment_is_saved_and_replaced(people):
    coordinator = access.actor_for(people["coordinator"])
    reports.self_assessment_save(
        actor=coordinator, year=2026, answers={"lm_access": "100", "lm_support": 50, "ad_body": ""}
    )
    saved = SelfAssessment.objects.get(year=2026)
    assert saved.answers == {"lm_access": 100, "lm_support": 50}
    reports.self_assessment_save(actor=coordinator, year=2026, answers={"ad_body": 0})
    saved.refresh_from_db()
    assert saved.answers == {"ad_body": 0}
    assert SelfAssessment.objects.count() == 1
    assert AuditEntry.objects.filter(action="self_assessment.save").count() == 2


@pytest.mark.parametrize("bad", [75, -50, 150, "yes", "50.5", True])
def test_an_answer_out_of_range_is_refused_beside_its_question(people, bad):
    coordinator = access.actor_for(people["coordinator"])
    with pytest.raises(ValidationFailed) as refused:
        reports.self_assessment_save(
            actor=coordinator, year=2026, answers={"lm_access": 100, "he_access": bad}
        )
    assert list(refused.value.field_errors) == ["he_access"]
    assert "0, 50 or 100" in refused.value.field_errors["he_access"][0]
    assert not SelfAssessment.objects.exists()


def test_an_unknown_question_or_year_is_refused(people):
    coordinator = access.actor_for(people["coordinator"])
    with pytest.raises(ValidationFailed) as refused:
        reports.self_assessment_save(actor=coordinator, year=1999, answers={"nope": 100})
    assert set(refused.value.field_errors) == {"year", "nope"}
