"""Uploaded files of the protection app (agencies' contract templates, complaints'
evidence): checked by integra.protection.uploads, refused in the user's language,
kept under a random name in the default storage.

Helpers for the services; they check no permission and write no audit entry:
the service that calls them does.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from integra.core.errors import ValidationFailed
from integra.protection import uploads

# Characters a kept file name never holds (path separators, markup, controls).
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*&;]')
NAME_MAX = 200


def refusal_message(error: uploads.FileRefused) -> str:
    """Why the file was refused, in the user's language."""
    params = error.params
    code = error.code
    if code == "empty":
        return _("The file is empty.")
    if code == "too_large":
        return _("The file is %(size)s; the largest file accepted is %(max)s.") % {
            "size": filesizeformat(params.get("size", 0)),
            "max": filesizeformat(params.get("max", 0)),
        }
    if code == "forbidden_type":
        return _("This kind of file is not accepted: send a %(kinds)s file.") % {
            "kinds": params.get("kinds", "")
        }
    if code == "type_mismatch":
        return _(
            "The file is not what its name says: it is not a real %(kind)s file. "
            "Save it again as %(kind)s and send that."
        ) % {"kind": params.get("kind", "")}
    if code == "archive_too_large":
        return _("The document would unpack to far more than its size: it is refused.")
    if code == "too_many_entries":
        return _("The document holds too many parts (%(count)s; at most %(max)s).") % {
            "count": params.get("count", ""),
            "max": params.get("max", ""),
        }
    if code == "encrypted":
        return _("The document is protected with a password: send it without one.")
    if code == "active_content":
        return _("The document holds macros, scripts or attached files: send it without them.")
    return _("The file is damaged: it cannot be opened.")


def read_upload(file: IO[bytes], *, size: int, max_bytes: int, field: str = "file") -> bytes:
    """The upload's bytes. A file larger than ``max_bytes`` (as it says, or as it
    turns out) is refused without being read whole."""
    if size > max_bytes:
        error = uploads.FileRefused("too_large", "Too large.", size=size, max=max_bytes)
        raise ValidationFailed(
            _("The file was not accepted."), field_errors={field: [refusal_message(error)]}
        )
    return file.read(max_bytes + 1)


def check(
    data: bytes,
    *,
    file_name: str,
    declared_type: str,
    allowed: Iterable[str],
    max_bytes: int,
    field: str = "file",
) -> uploads.Kind:
    """The kind of an accepted file; ValidationFailed naming ``field`` otherwise."""
    try:
        content_type = uploads.check(
            data,
            file_name=file_name,
            declared_type=declared_type,
            allowed=allowed,
            max_bytes=max_bytes,
        )
    except uploads.FileRefused as error:
        raise ValidationFailed(
            _("The file was not accepted."), field_errors={field: [refusal_message(error)]}
        ) from None
    return uploads.BY_TYPE[content_type]


def safe_name(file_name: str, *, kind: uploads.Kind) -> str:
    """The name the file is shown and downloaded under: its own base name, with
    the characters a name should not hold replaced, ending in the kind's extension."""
    base = re.split(r"[\\/]", file_name or "")[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or "file"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[: NAME_MAX - len(kind.extension) - 1]
    return f"{stem}.{kind.extension}"


def store(data: bytes, *, folder: str, kind: uploads.Kind) -> str:
    """Keeps the bytes under a random name in ``folder``; returns the storage path."""
    return default_storage.save(
        f"{folder}/{secrets.token_urlsafe(18)}.{kind.extension}", ContentFile(data)
    )


def delete(path: str) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)
