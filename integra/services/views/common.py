"""What the partner pages share: the public face of a service, labels of codes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from integra.people import selectors as people
from integra.services import selectors

if TYPE_CHECKING:
    from integra.services.models import Service


def labelled(values: Iterable[str], choices: Iterable[tuple[str, str]]) -> list[str]:
    """Coded values as their labels (an unknown code shows as itself)."""
    labels = dict(choices)
    return [labels.get(value, value) for value in values]


def public_view(service: Service) -> dict[str, Any]:
    """What the public directory may show of a service: ``selectors.PUBLIC_FIELDS``
    and nothing else, so that a template cannot reach the internal notes or the
    capacity. Coded values come with their labels."""
    shown: dict[str, Any] = {name: getattr(service, name) for name in selectors.PUBLIC_FIELDS}
    organisation = shown.pop("organisation", None)
    if organisation is not None:
        shown["organisation_name"] = organisation.name
        shown["organisation_code"] = organisation.code
    if "locations" in shown:
        shown["locations"] = list(shown["locations"].all())
    if "category" in shown:
        shown["category_label"] = labelled([shown["category"]], selectors.category_choices())[0]
    if "eligible_statuses" in shown:
        shown["status_labels"] = labelled(shown["eligible_statuses"], people.status_choices())
    return shown
