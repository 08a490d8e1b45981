"""What happened to a person, in words: each app says how its audited actions read
on a person's timeline (reads are not events and are left out).

An action can be guarded: its line is shown only to those allowed to see what it
is about (health and trafficking indicators, legal status: the firewall).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Render = Callable[[Mapping[str, object]], str]

SENSITIVE = "sensitive"  # health and trafficking indicators
LEGAL_STATUS = "legal_status"


@dataclass(frozen=True)
class Event:
    render: Render
    guard: str | None = None


_EVENTS: dict[str, Event] = {}


def register(action: str, render: Render, *, guard: str | None = None) -> None:
    _EVENTS[action] = Event(render, guard)


def actions(*, hidden_guards: frozenset[str] = frozenset()) -> list[str]:
    """The actions a timeline shows, leaving out those behind the given guards."""
    return sorted(a for a, e in _EVENTS.items() if e.guard not in hidden_guards)


def text(action: str, data: Mapping[str, object]) -> str:
    """The event in the active language; a malformed entry shows by its action."""
    event = _EVENTS.get(action)
    if event is None:
        return action
    try:
        return event.render(data)
    except (KeyError, TypeError, ValueError):
        return action
