# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""Evidence attached to a complaint: photos and documents told by their content
(JPEG, PNG, PDF, DOCX, ODT), each at most 10 MB and together at most 25 MB. A
file lying about its type, an archive that would unpack without bound, one too
large: refused beside the field, and nothing is stored, no row and no file."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from integra.core.errors import ValidationFailed
from integra.core.models import AuditEntry
from integra.protection.models import Attachment, Complaint
from integra.protection.services import complaints as services
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    JPEG,
    MB,
    PDF,
    PNG,
    WORDS,
    complaint,
    docx,
    files_in,
    legal_aid,
    lodge,
    lodged,
    media,
    odt,
    padded_pdf,
    routing,
    upload,
    zip_bomb,
)

pytestmark = pytest.mark.django_db


def test_photos_and_documents_are_kept(lodge, routing, media):
    files = [
        upload("payslip.pdf", PDF, "application/pdf"),
        upload("photo.JPG", JPEG, "image/jpeg"),
        upload("screen.png", PNG),
        upload("contract.docx", docx()),
        upload("C:\\Users\\me\\letter.odt", odt()),
    ]

    complaint = lodge(files=files).complaint

    kept = list(Attachment.objects.filter(complaint=complaint).order_by("pk"))
    assert [a.file_name for a in kept] == [
        "payslip.pdf",
        "photo.jpg",
        "screen.png",
        "contract.docx",
        "letter.odt",
    ]
    assert [a.content_type for a in kept][:3] == ["application/pdf", "image/jpeg", "image/png"]
    assert kept[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert kept[0].size == len(PDF)
    assert all(a.from_complainant for a in kept)
    assert len(files_in(media)) == 5
    # Stored under random names: the worker's file name is not on disk.
    assert not any("payslip" in str(path) for path in files_in(media))


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("payslip.pdf", b"This is just text pretending.", "application/pdf"),
        ("photo.jpg", PNG, "image/jpeg"),  # a PNG called .jpg
        ("photo.png", PNG, "application/pdf"),  # sent as a PDF
        ("script.exe", b"MZ\x90\x00", ""),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("archive.zip", docx(), "application/zip"),
        ("contract.docx", zip_bomb(), ""),
        ("empty.pdf", b"", "application/pdf"),
        ("macro.docx", docx({"word/vbaProject.bin": b"\0" * 10}), ""),
        ("active.pdf", PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</JS(x)>>"), ""),
    ],
    ids=[
        "text-as-pdf",
        "png-as-jpg",
        "declared-wrong",
        "exe",
        "html",
        "zip",
        "zip-bomb",
        "empty",
        "macro",
        "pdf-script",
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_kept(
    lodge, routing, media, name, content, declared
):
    good = upload("payslip.pdf", PDF)

    with pytest.raises(ValidationFailed) as refused:
        lodge(files=[good, upload(name, content, declared)])

    messages = refused.value.field_errors["attachments"]
    assert len(messages) == 1
    assert name.rsplit("\\", 1)[-1] in messages[0]
    assert not Complaint.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(media) == []
    assert not AuditEntry.objects.filter(action="complaint.lodge").exists()


def test_a_file_over_ten_megabytes_is_refused(lodge, routing, media):
    with pytest.raises(ValidationFailed) as refused:
        lodge(files=[upload("big.pdf", padded_pdf(10 * MB + 1))])

    assert "big.pdf" in refused.value.field_errors["attachments"][0]
    assert files_in(media) == []
    assert not Complaint.objects.exists()


def test_ten_megabytes_exactly_is_fine(lodge, routing, media):
    complaint = lodge(files=[upload("big.pdf", padded_pdf(10 * MB))]).complaint

    assert complaint.attachments.get().size == 10 * MB


def test_more_than_twenty_five_megabytes_together_is_refused(lodge, routing, media):
    files = [upload(f"part{i}.pdf", padded_pdf(9 * MB)) for i in range(3)]

    with pytest.raises(ValidationFailed) as refused:
        lodge(files=files)

    assert "25 MB" in refused.value.field_errors["attachments"][-1]
    assert files_in(media) == []
    assert not Complaint.objects.exists()


def test_at_most_ten_files_at_once(lodge, routing, media):
    with pytest.raises(ValidationFailed):
        lodge(files=[upload(f"p{i}.png", PNG) for i in range(11)])
    assert files_in(media) == []


def test_a_failure_after_the_files_are_written_leaves_none_behind(
    lodge, routing, media, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "notify_urgent", broken)

    with pytest.raises(RuntimeError):
        lodge(categories=("trafficking",), files=[upload("a.pdf", PDF), upload("b.png", PNG)])

    assert not Complaint.objects.exists()
    assert files_in(media) == []


def test_the_complainant_adds_evidence_later(complaint, media):
    services.complaint_add_information(
        complaint=complaint, text="", files=[upload("photo.png", PNG)]
    )

    assert complaint.attachments.get().file_name == "photo.png"
    event = complaint.events.get(kind="evidence")
    assert event.public
    assert event.data == {"files": ["photo.png"]}


def test_evidence_added_later_is_checked_the_same(complaint, media):
    before = files_in(media)

    with pytest.raises(ValidationFailed):
        services.complaint_add_information(
            complaint=complaint, text="More", files=[upload("x.pdf", b"not a pdf")]
        )

    assert files_in(media) == before
    assert not complaint.events.filter(kind="information").exists()


# --- Through the page ----------------------------------------------------------------------------


def _form(**files):
    return {
        "categories": ["wages"],
        "description": f"{WORDS}.",
        "anonymous": "anonymous",
        **files,
    }


def test_the_page_refuses_a_lying_file_beside_the_field(client, routing, media):
    response = client.post(
        "/complaints/new/",
        _form(attachments=[SimpleUploadedFile("payslip.pdf", b"GIF89a fake", "application/pdf")]),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "payslip.pdf" in form.errors["attachments"][0]
    assert 'id="id_attachments_error"' in response.content.decode()
    assert not Complaint.objects.exists()
    assert files_in(media) == []


def test_the_page_keeps_several_files(client, routing, media):
    response = client.post(
        "/complaints/new/",
        _form(
            attachments=[
                SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("b.png", PNG, "image/png"),
            ]
        ),
    )

    assert response.status_code == 302
    assert Attachment.objects.count() == 2


def test_handlers_download_evidence_and_each_download_is_audited(
    lodge, routing, media, client_for, people
):
    complaint = lodge(files=[upload("payslip.pdf", PDF)]).complaint
    attachment = complaint.attachments.get()
    client = client_for(people["inspector"])

    response = client.get(f"/complaints/{complaint.public_id}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="payslip.pdf"' in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="complaint.attachment.download")
    assert entry.actor == people["inspector"]
    assert entry.object_id == complaint.public_id
