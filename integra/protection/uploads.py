"""Checking an uploaded file before it is kept: its size, its real type (read from
its first bytes, never from its name or the type the browser claims), and, for
the kinds that are zip archives (DOCX, ODT), that opening it cannot explode
(a zip bomb) and that it holds what such a document holds.

Pure: no Django. Used for the agencies' contract templates and for the evidence
attached to complaints; each caller says which kinds it accepts and how large.
``check`` returns the content type found, or raises FileRefused, whose ``code``
the caller turns into a message in the user's language.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

# An archive may hold this many entries and unpack to this many bytes at most:
# a contract of 40 pages is some 50 entries and a few megabytes.
MAX_ENTRIES = 500
MAX_UNPACKED = 50 * 1024 * 1024
# Read an entry in chunks, so that a lying header cannot make us unpack more.
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Kind:
    name: str
    content_type: str
    extensions: tuple[str, ...]  # lower case, without the dot; the first is the usual one
    # Types browsers also send for this kind (the first is content_type).
    aliases: tuple[str, ...] = ()

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = Kind("pdf", "application/pdf", ("pdf",), ("application/x-pdf",))
DOCX = Kind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", ("odt",))
JPEG = Kind("jpeg", "image/jpeg", ("jpg", "jpeg"), ("image/pjpeg",))
PNG = Kind("png", "image/png", ("png",))
WEBP = Kind("webp", "image/webp", ("webp",))

KINDS: dict[str, Kind] = {kind.name: kind for kind in (PDF, DOCX, ODT, JPEG, PNG, WEBP)}
BY_TYPE: dict[str, Kind] = {kind.content_type: kind for kind in KINDS.values()}
# The documents a person writes: contract templates, letters.
DOCUMENTS = ("pdf", "docx", "odt")

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Names of PDF actions that run something when the file is opened (best effort: a
# name may also hide in a compressed object stream).
_ACTIVE_PDF = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile)(?![A-Za-z0-9])")
# Types that say nothing about the content: a browser that does not know the kind.
_UNSAID = {"", "application/octet-stream", "binary/octet-stream", "application/zip"}


class FileRefused(ValueError):
    """The file is not kept. ``code`` is one of: ``empty``, ``too_large``,
    ``forbidden_type`` (a kind not accepted here), ``type_mismatch`` (the content
    is not what the name or the declared type says), ``unreadable`` (a damaged
    file), ``archive_too_large`` (would unpack to too much: a zip bomb),
    ``too_many_entries``, ``encrypted``, ``active_content`` (macros, scripts)."""

    def __init__(self, code: str, message: str, **params: int | str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def extension_of(file_name: str) -> str:
    """The extension of the file's own name, lower case, without the dot."""
    base = PureWindowsPath(PurePosixPath(file_name).name).name
    return base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


def check(
    data: bytes,
    *,
    file_name: str,
    allowed: Iterable[str],
    max_bytes: int,
    declared_type: str = "",
    max_entries: int = MAX_ENTRIES,
    max_unpacked: int = MAX_UNPACKED,
) -> str:
    """The content type of ``data`` when it is of a kind ``allowed`` (names of
    KINDS), its name says that kind, it is no larger than ``max_bytes``, and it
    holds what that kind holds; FileRefused otherwise."""
    accepted = [KINDS[name] for name in allowed]
    labels = ", ".join(kind.name.upper() for kind in accepted)
    if not data:
        raise FileRefused("empty", "The file is empty.")
    if len(data) > max_bytes:
        raise FileRefused(
            "too_large",
            f"The file is larger than {max_bytes} bytes.",
            size=len(data),
            max=max_bytes,
        )
    extension = extension_of(file_name)
    named = next((kind for kind in accepted if extension in kind.extensions), None)
    if named is None:
        raise FileRefused(
            "forbidden_type",
            f"Only {labels} files are accepted.",
            kinds=labels,
            extension=extension,
        )
    found = sniff(data, max_entries=max_entries, max_unpacked=max_unpacked)
    if found is not named:
        raise FileRefused(
            "type_mismatch",
            f"The file is called .{extension} but is not a {named.name.upper()} file.",
            kind=named.name.upper(),
        )
    declared = declared_type.split(";")[0].strip().lower()
    if declared not in _UNSAID and declared not in {named.content_type, *named.aliases}:
        raise FileRefused(
            "type_mismatch",
            f"The file was sent as {declared} but is a {named.name.upper()} file.",
            kind=named.name.upper(),
        )
    _check_content(named, data, max_entries=max_entries, max_unpacked=max_unpacked)
    return named.content_type


def sniff(
    data: bytes, *, max_entries: int = MAX_ENTRIES, max_unpacked: int = MAX_UNPACKED
) -> Kind | None:
    """The kind the first bytes say, or None. A zip archive is opened (within the
    limits: FileRefused beyond them) to tell a DOCX from an ODT from any other zip."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, max_entries=max_entries, max_unpacked=max_unpacked)
    return None


def _open_zip(data: bytes, *, max_entries: int, max_unpacked: int) -> zipfile.ZipFile:
    """The archive, once its directory is sound and within the limits it declares."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise FileRefused("unreadable", "The file is damaged: it cannot be opened.") from None
    entries = archive.infolist()
    if len(entries) > max_entries:
        raise FileRefused(
            "too_many_entries",
            f"The document holds {len(entries)} parts; at most {max_entries} are accepted.",
            count=len(entries),
            max=max_entries,
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise FileRefused("encrypted", "The document is encrypted: it cannot be checked.")
    if sum(entry.file_size for entry in entries) > max_unpacked:
        raise FileRefused(
            "archive_too_large",
            "The document would unpack to more than the limit.",
            max=max_unpacked,
        )
    return archive


def _read(archive: zipfile.ZipFile, name: str, *, budget: int) -> bytes:
    """An entry's bytes, reading no more than ``budget`` (a header may lie)."""
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(name) as entry:
            while chunk := entry.read(_CHUNK):
                total += len(chunk)
                if total > budget:
                    raise FileRefused(
                        "archive_too_large",
                        "The document would unpack to more than the limit.",
                        max=budget,
                    )
                chunks.append(chunk)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError):
        raise FileRefused("unreadable", "The file is damaged: it cannot be opened.") from None
    except RuntimeError:  # encrypted
        raise FileRefused("encrypted", "The document is encrypted: it cannot be checked.") from None
    return b"".join(chunks)


def _zip_kind(data: bytes, *, max_entries: int, max_unpacked: int) -> Kind | None:
    archive = _open_zip(data, max_entries=max_entries, max_unpacked=max_unpacked)
    names = archive.namelist()
    if names and names[0] == "mimetype":
        odt = _read(archive, "mimetype", budget=256).strip() == ODT_MIMETYPE
        return ODT if odt and "content.xml" in names else None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    return None


def _unpack_all(archive: zipfile.ZipFile, *, max_unpacked: int) -> None:
    """Unpacks every entry, counting what comes out: the real size, whatever the
    headers say, stays within ``max_unpacked``; a damaged entry is refused."""
    left = max_unpacked
    for entry in archive.infolist():
        left -= len(_read(archive, entry.filename, budget=left))


def _check_content(kind: Kind, data: bytes, *, max_entries: int, max_unpacked: int) -> None:
    if kind is PDF:
        if b"%%EOF" not in data[-4096:]:
            raise FileRefused("unreadable", "The PDF file is cut short or damaged.")
        if _ACTIVE_PDF.search(data):
            raise FileRefused("active_content", "The PDF file holds scripts or launch actions.")
    elif kind in (DOCX, ODT):
        archive = _open_zip(data, max_entries=max_entries, max_unpacked=max_unpacked)
        names = {name.lower() for name in archive.namelist()}
        if any(name.endswith("vbaproject.bin") or name.startswith("basic/") for name in names):
            raise FileRefused("active_content", "The document holds macros.")
        _unpack_all(archive, max_unpacked=max_unpacked)
