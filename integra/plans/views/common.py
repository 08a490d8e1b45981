"""What the plan pages share: reading the person, the alerts, labels of coded values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import get_language

from integra.core import todos
from integra.core.access import Actor
from integra.plans import selectors

if TYPE_CHECKING:
    from integra.core.models import Todo
    from integra.people.models import Person


def language() -> str:
    return get_language() or "en"


def person_for(actor: Actor, public_id: str) -> Person:
    """The person, read (and audited) through the registry, which checks the scope."""
    return selectors.person_get(actor=actor, public_id=public_id)


def alerts(actor: Actor, person: Person) -> list[tuple[Todo, str]]:
    """The person's open plan alerts, each in the reader's language."""
    return [
        (todo, todos.text(todo.kind, todo.params))
        for todo in selectors.person_alerts(actor=actor, person=person)
    ]


def labelled(values: Iterable[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    """Coded values with their labels (an unknown code shows as itself)."""
    return [(value, labels.get(value, value)) for value in values]
