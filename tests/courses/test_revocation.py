"""Revoking a certificate: the coordinating authority, with a reason, audited."""

from __future__ import annotations

import pytest
from django.utils import timezone

from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.courses import selectors
from integra.courses.services import results
from tests.courses.conftest import JSON


@pytest.fixture
def certificate(teacher, course, enrolment, past_session, second_examiner):
    result = results.result_record(
        actor=teacher,
        course=course,
        data=results.ResultData(
            enrolment_id=enrolment.pk,
            taken_on=timezone.localdate(),
            scores={"reading": 20, "listening": 18, "writing": 15, "speaking": 16},
            speaking_second="14.5",
            second_examiner_id=second_examiner.pk,
        ),
    )
    return result.certificate


def test_the_coordinator_revokes_with_a_reason(coordinator, certificate, person):
    revoked = results.certificate_revoke(
        actor=coordinator, code=certificate.code.lower(), reason="Fraud at the exam."
    )
    assert revoked.revoked_on == timezone.localdate()
    assert selectors.certificate_by_code(code=certificate.code).revoked_on is not None
    entry = AuditEntry.objects.get(action="course.certificate.revoke")
    assert entry.object_id == person.public_id
    assert entry.data["reason"] == "Fraud at the exam."
    with pytest.raises(Conflict):
        results.certificate_revoke(actor=coordinator, code=certificate.code, reason="Again")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_reason_is_needed_and_short(coordinator, certificate, reason):
    with pytest.raises(ValidationFailed) as caught:
        results.certificate_revoke(actor=coordinator, code=certificate.code, reason=reason)
    assert "reason" in caught.value.field_errors
    certificate.refresh_from_db()
    assert certificate.revoked_on is None


def test_only_the_coordinating_authority_revokes(teacher, caseworker, certificate):
    for actor in (teacher, caseworker):
        with pytest.raises(PermissionDenied):
            results.certificate_revoke(actor=actor, code=certificate.code, reason="No")


def test_an_unknown_code_is_not_found(coordinator, certificate):
    with pytest.raises(NotFound):
        results.certificate_revoke(actor=coordinator, code="AAAA-BBBB-CCCC-DDDD-EEEE", reason="x")


def test_the_api_revokes_and_the_public_check_says_so(coord_api, teacher_api, certificate, client):
    url = f"/api/v1/certificates/{certificate.code}/revoke"
    refused = teacher_api.post(url, {"reason": "No"}, content_type=JSON)
    assert refused.status_code == 403
    response = coord_api.post(url, {"reason": "Fraud at the exam."}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["valid"] is False
    assert client.get(f"/api/v1/certificates/{certificate.code}").json()["valid"] is False
    again = coord_api.post(url, {"reason": "Again"}, content_type=JSON)
    assert again.status_code == 409


def test_the_page_revokes_and_the_certificate_is_no_longer_printed(
    people, client_for, certificate, enrolment
):
    url = f"/courses/certificates/{certificate.code}/revoke/"
    assert client_for(people["teacher"]).get(url).status_code == 403
    client = client_for(people["coordinator"])
    page = client.get(url)
    assert page.status_code == 200
    assert certificate.holder in page.content.decode()
    empty = client.post(url, {"reason": ""})
    assert "Say why the certificate is revoked." in empty.content.decode()
    response = client.post(url, {"reason": "Fraud at the exam."})
    assert response.status_code == 302
    check = client.get(response["Location"])
    assert "Revoked certificate" in check.content.decode()
    pdf = client.get(f"/courses/enrolments/{enrolment.pk}/certificate.pdf")
    assert pdf.status_code == 404
