"""The file check, on bytes: the real type from the first bytes, the name and the
declared type that must agree with it, and archives that cannot explode."""

from __future__ import annotations

import struct

import pytest

from integra.protection import uploads
from integra.protection.uploads import FileRefused
from tests.protection.agencies_fixtures import (
    crowded_docx,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    zip_bomb,
)

MB = 1024 * 1024


def check(data: bytes, name: str, *, declared: str = "", **kwargs: object) -> str:
    return uploads.check(
        data,
        file_name=name,
        declared_type=declared,
        allowed=kwargs.pop("allowed", uploads.DOCUMENTS),  # type: ignore[arg-type]
        max_bytes=kwargs.pop("max_bytes", 10 * MB),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def refused(data: bytes, name: str, **kwargs: object) -> FileRefused:
    with pytest.raises(FileRefused) as error:
        check(data, name, **kwargs)
    assert isinstance(error.value, ValueError)
    assert str(error.value)  # a clear message, in English, for the logs
    return error.value


def test_it_accepts_real_pdf_docx_and_odt_files():
    assert check(pdf_bytes(), "contract.pdf", declared="application/pdf") == "application/pdf"
    assert check(docx_bytes(), "Contract.DOCX") == uploads.DOCX.content_type
    assert check(odt_bytes(), "contract.odt", declared="application/octet-stream") == (
        "application/vnd.oasis.opendocument.text"
    )


def test_an_empty_or_too_large_file_is_refused():
    assert refused(b"", "contract.pdf").code == "empty"
    too_large = refused(pdf_bytes(), "contract.pdf", max_bytes=100)
    assert too_large.code == "too_large"
    assert too_large.params["max"] == 100


@pytest.mark.parametrize("name", ["contract.exe", "contract.html", "contract", "contract.pdf.js"])
def test_a_forbidden_kind_is_refused_by_its_name(name):
    assert refused(pdf_bytes(), name).code == "forbidden_type"


def test_a_kind_not_allowed_here_is_refused():
    jpeg = b"\xff\xd8\xff\xe0" + bytes(100)

    assert refused(jpeg, "photo.jpg").code == "forbidden_type"
    assert check(jpeg, "photo.jpg", allowed=("jpeg",)) == "image/jpeg"


def test_a_file_lying_about_its_type_is_refused():
    # HTML calling itself a PDF; a DOCX calling itself a PDF; a PDF calling itself a DOCX.
    assert refused(b"<html><script>alert(1)</script></html>", "contract.pdf").code == (
        "type_mismatch"
    )
    assert refused(docx_bytes(), "contract.pdf").code == "type_mismatch"
    assert refused(pdf_bytes(), "contract.docx").code == "type_mismatch"
    # A real PDF sent as a type it is not.
    assert refused(pdf_bytes(), "contract.pdf", declared="text/html").code == "type_mismatch"
    assert refused(pdf_bytes(), "contract.pdf", declared=uploads.DOCX.content_type).code == (
        "type_mismatch"
    )


def test_a_zip_that_is_neither_docx_nor_odt_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", b"MZ")
    assert refused(buffer.getvalue(), "contract.docx").code == "type_mismatch"


def test_a_zip_bomb_is_refused():
    bomb = zip_bomb(60 * MB)
    assert len(bomb) < MB  # small to send, huge to open

    assert refused(bomb, "contract.docx").code == "archive_too_large"


def _lying(data: bytes, *, says: int) -> bytes:
    """The archive with every entry's unpacked size in its headers replaced by ``says``."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = patched.find(signature)
        while start != -1:
            patched[start + offset : start + offset + 4] = struct.pack("<I", says)
            start = patched.find(signature, start + 4)
    return bytes(patched)


def test_a_zip_bomb_whose_headers_lie_is_refused():
    # The headers say a few bytes; the content unpacks to 60 MB.
    data = _lying(zip_bomb(60 * MB), says=100)

    assert refused(data, "contract.docx").code in {"unreadable", "archive_too_large"}


def test_an_archive_of_too_many_parts_is_refused():
    assert refused(crowded_docx(600), "contract.docx").code == "too_many_entries"


def test_macros_and_scripts_are_refused():
    macro = docx_bytes([("word/vbaProject.bin", b"\x00" * 10)])
    scripted = pdf_bytes().replace(b"%%EOF", b"/OpenAction << /S /JavaScript /JS (x) >>\n%%EOF")

    assert refused(macro, "contract.docx").code == "active_content"
    assert refused(scripted, "contract.pdf").code == "active_content"


def test_a_damaged_file_is_refused():
    truncated = pdf_bytes()[:200]
    broken_zip = b"PK\x03\x04" + bytes(100)

    assert refused(truncated, "contract.pdf").code == "unreadable"
    assert refused(broken_zip, "contract.docx").code == "unreadable"


def test_the_extension_is_read_from_the_files_own_name():
    assert uploads.extension_of("C:\\Users\\ana\\Contract.Final.PDF") == "pdf"
    assert uploads.extension_of("../../etc/passwd") == ""
    assert uploads.extension_of(".pdf") == ""
