"""The one error type that services raise; the API and pages translate it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A use case could not be carried out. ``status`` maps it to HTTP."""

    status: ClassVar[int] = 400
    title: ClassVar[str | Promise] = _("Bad request")
    slug: ClassVar[str] = "bad-request"

    def __init__(
        self,
        message: str | Promise,
        *,
        field_errors: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field_errors: dict[str, list[str]] = dict(field_errors or {})
        # RFC 9457 extension members a subclass adds to the problem (e.g. candidates).
        self.extensions: dict[str, object] = {}


class ValidationFailed(ApplicationError):
    status = 422
    title = _("Validation failed")
    slug = "validation-failed"


class NotAuthenticated(ApplicationError):
    status = 401
    title = _("Not authenticated")
    slug = "not-authenticated"


class PermissionDenied(ApplicationError):
    status = 403
    title = _("Forbidden")
    slug = "forbidden"


class NotFound(ApplicationError):
    status = 404
    title = _("Not found")
    slug = "not-found"


class Conflict(ApplicationError):
    status = 409
    title = _("Conflict")
    slug = "conflict"
