"""The rules of a recruitment agency's licence (R20, ILO Convention 181), on plain
data: which decisions may follow which status, which need a reason, when a
licence has expired, and what an agency's standing is on a given day.

Pure: no Django. The services apply these rules; the selectors read through them,
so a licence past its last day reads as expired everywhere, even before the daily
task (``tasks_agencies.licences_expire``) has recorded it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from anyascii import anyascii

# A licence is granted for ten years at most.
MAX_YEARS = 10


class Status(StrEnum):
    """The statuses of a licence (the values of protection.models.LicenceStatus)."""

    APPLIED = "applied"
    REFUSED = "refused"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"


# What may follow what. Revoked, refused and expired are final: a new application
# is a new licence.
TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    Status.APPLIED: frozenset({Status.ACTIVE, Status.REFUSED}),
    Status.ACTIVE: frozenset({Status.SUSPENDED, Status.REVOKED, Status.EXPIRED}),
    Status.SUSPENDED: frozenset({Status.ACTIVE, Status.REVOKED, Status.EXPIRED}),
    Status.REFUSED: frozenset(),
    Status.REVOKED: frozenset(),
    Status.EXPIRED: frozenset(),
}
FINAL = frozenset(status for status, following in TRANSITIONS.items() if not following)
# A decision against the agency says why.
NEEDS_REASON = frozenset({Status.REFUSED, Status.SUSPENDED, Status.REVOKED})
# Statuses of a licence that was granted: it has a number and its dates.
GRANTED = frozenset({Status.ACTIVE, Status.SUSPENDED, Status.REVOKED, Status.EXPIRED})


class Decision(StrEnum):
    """What the licensing authority decides, and the status each leads to."""

    GRANT = "grant"
    REFUSE = "refuse"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"


# decision: (the statuses it is taken on, the status it leads to)
DECISIONS: Mapping[Decision, tuple[frozenset[Status], Status]] = {
    Decision.GRANT: (frozenset({Status.APPLIED}), Status.ACTIVE),
    Decision.REFUSE: (frozenset({Status.APPLIED}), Status.REFUSED),
    Decision.SUSPEND: (frozenset({Status.ACTIVE}), Status.SUSPENDED),
    Decision.REINSTATE: (frozenset({Status.SUSPENDED}), Status.ACTIVE),
    Decision.REVOKE: (frozenset({Status.ACTIVE, Status.SUSPENDED}), Status.REVOKED),
}
# Every decision leads to a status the transitions allow.
assert all(to in TRANSITIONS[s] for on, to in DECISIONS.values() for s in on)


class RuleBroken(ValueError):
    """A decision the rules do not allow. ``code`` says which rule, for the
    services to say it in the user's language; ``params`` fill the message."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def effective_status(status: str, *, valid_until: date | None, today: date) -> Status:
    """The status a licence has on ``today``: an active or suspended licence past
    its last day (``valid_until``, included) has expired, recorded or not."""
    current = Status(status)
    if current in {Status.ACTIVE, Status.SUSPENDED} and valid_until and today > valid_until:
        return Status.EXPIRED
    return current


def is_valid_on(
    status: str, *, valid_from: date | None, valid_until: date | None, day: date
) -> bool:
    """Whether the licence lets its agency recruit on ``day``: active, and ``day``
    between its first and its last day."""
    return (
        effective_status(status, valid_until=valid_until, today=day) == Status.ACTIVE
        and valid_from is not None
        and valid_until is not None
        and valid_from <= day <= valid_until
    )


def decide(current: Status, decision: str, *, reason: str) -> Status:
    """The status ``decision`` leads to from ``current`` (the effective status),
    or RuleBroken: an unknown decision, a final licence, a decision that does not
    follow, or a decision against the agency without a reason."""
    try:
        taken = Decision(decision)
    except ValueError:
        raise RuleBroken("unknown", f"There is no decision {decision!r}.") from None
    allowed_on, target = DECISIONS[taken]
    if current in FINAL:
        raise RuleBroken("final", f"The licence is {current}: a new application is needed.")
    if current not in allowed_on or target not in TRANSITIONS[current]:
        raise RuleBroken(
            "not_allowed", f"A licence that is {current} cannot be {taken}d.", decision=taken
        )
    if target in NEEDS_REASON and not reason.strip():
        raise RuleBroken("reason_required", f"Say why the licence is {taken}d.")
    return target


def decisions_open(current: Status) -> list[Decision]:
    """The decisions that may be taken on a licence with this effective status."""
    return [d for d, (on, _target) in DECISIONS.items() if current in on]


def grant_errors(*, valid_from: date, valid_until: date, today: date) -> dict[str, str]:
    """The grant's dates against the rules: {field: code}. Codes: ``before_start``
    (the last day is not after the first), ``past`` (the last day has passed),
    ``too_long`` (more than MAX_YEARS)."""
    errors: dict[str, str] = {}
    if valid_until <= valid_from:
        errors["valid_until"] = "before_start"
    elif valid_until < today:
        errors["valid_until"] = "past"
    elif valid_until > add_years(valid_from, MAX_YEARS):
        errors["valid_until"] = "too_long"
    return errors


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February: 28 February in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- An agency's standing on a day -------------------------------------------------------


class Standing(StrEnum):
    """What the public check says of an agency."""

    LICENSED = "licensed"  # an active licence, valid today
    NOT_YET_VALID = "not_yet_valid"  # granted, its first day still to come
    SUSPENDED = "suspended"
    APPLIED = "applied"  # waiting for a decision
    REFUSED = "refused"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NONE = "none"  # registered, never applied

    @property
    def may_recruit(self) -> bool:
        return self is Standing.LICENSED


@dataclass(frozen=True)
class LicenceFacts:
    """What the rules need of one licence."""

    status: str
    valid_from: date | None = None
    valid_until: date | None = None


_FINAL_STANDING = {
    Status.REFUSED: Standing.REFUSED,
    Status.REVOKED: Standing.REVOKED,
    Status.EXPIRED: Standing.EXPIRED,
}


def standing(licences: Sequence[LicenceFacts], *, today: date) -> tuple[Standing, int | None]:
    """The agency's standing on ``today`` and the index of the licence it rests
    on (None: no licence). ``licences`` newest first (by application day).

    A valid active licence wins; else a suspended one still running, else one
    granted but not yet started, else an application waiting; else the newest
    licence says why the agency is not licensed (refused, revoked or expired).
    The register's filter (selectors.agencies) computes the same in the database.
    """
    effective = [
        effective_status(facts.status, valid_until=facts.valid_until, today=today)
        for facts in licences
    ]
    checks: list[tuple[Standing, Iterable[int]]] = [
        (
            Standing.LICENSED,
            (
                i
                for i, facts in enumerate(licences)
                if is_valid_on(
                    facts.status,
                    valid_from=facts.valid_from,
                    valid_until=facts.valid_until,
                    day=today,
                )
            ),
        ),
        (Standing.SUSPENDED, (i for i, s in enumerate(effective) if s == Status.SUSPENDED)),
        (
            Standing.NOT_YET_VALID,
            (i for i, s in enumerate(effective) if s == Status.ACTIVE),
        ),
        (Standing.APPLIED, (i for i, s in enumerate(effective) if s == Status.APPLIED)),
    ]
    for found, indexes in checks:
        index = next(iter(indexes), None)
        if index is not None:
            return found, index
    if not licences:
        return Standing.NONE, None
    return _FINAL_STANDING[effective[0]], 0


# --- Searching the register ----------------------------------------------------------------


def search_key(text: str) -> str:
    """A name as the register searches it: in Latin letters, case and diacritics
    folded, punctuation and runs of white space made one space ("Agenția
    Euro-MUNCĂ" → "agentia euro munca")."""
    return re.sub(r"[^0-9a-z]+", " ", anyascii(text).casefold()).strip()


def registration_key(text: str) -> str:
    """A registration number as stored and searched: upper case, without spaces."""
    return re.sub(r"\s+", "", text).upper()
