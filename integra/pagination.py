"""Cursor pagination for every list in the API, refusing forged cursors cleanly.

A cursor is opaque to clients but arrives from them, so a well-formed base64
wrapping a bad position or offset is bad input (422 naming ``cursor``), never a 500.
"""

from __future__ import annotations

from typing import Any

import pydantic
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.pagination import CursorPagination


class Cursor(CursorPagination):
    def _refuse(self) -> ValidationError:
        return ValidationError(
            [{"cursor": _("This cursor is not valid; start from the first page.")}]
        )

    def _check(self, queryset: QuerySet[Any], encoded: str | None) -> None:
        try:
            cursor = self.Cursor.from_encoded_param(encoded)
        except (pydantic.ValidationError, UnicodeError, ValueError):
            raise self._refuse() from None
        except ValidationError:
            raise self._refuse() from None
        if cursor.p is None:
            return
        if "\x00" in cursor.p:
            raise self._refuse()
        try:
            field = queryset.model._meta.get_field(self._order_attribute)
        except FieldDoesNotExist:
            return
        try:
            field.get_prep_value(field.to_python(cursor.p))
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            raise self._refuse() from None

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: CursorPagination.Input,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        self._check(queryset, pagination.cursor)
        return super().paginate_queryset(queryset, pagination, request, **params)
