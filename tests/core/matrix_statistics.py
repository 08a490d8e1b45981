"""The statistics pages' rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of PageRow in order (see
tests/core/matrix_complaints.py for the conventions). Statistics are aggregates:
analysts, coordinators and administrators see them (core.access.can_see_statistics:
the personas "analyst", "coordinator", "admin" and "national_admin"); analysts and
coordinators may ask for a refresh; only coordinators set targets; everybody else
gets 403. Statistics belong to no organisation, so both targets answer alike. The
built-in indicator "arrivals" is written after every migration.
"""

from __future__ import annotations

from typing import Any

READERS = {"analyst", "coordinator", "admin", "national_admin"}
REFRESHERS = {"analyst", "coordinator"}
MANAGERS = {"coordinator"}


def _for(who: set[str], ok: int) -> Any:
    return lambda c: ok if c.persona in who else 403


STATISTICS_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("statistics:index", "GET", lambda c, o: "/statistics/", lambda c: {}, _for(READERS, 200)),
    ("statistics:refresh", "POST", lambda c, o: "/statistics/refresh/", lambda c: {},
     _for(REFRESHERS, 302)),
    ("statistics:indicator", "GET", lambda c, o: "/statistics/arrivals/?rows=sex&columns=period",
     lambda c: {}, _for(READERS, 200)),
    # A breakdown the indicator does not allow: the page again, with the message.
    ("statistics:indicator", "GET", lambda c, o: "/statistics/arrivals/?rows=category",
     lambda c: {}, _for(READERS, 200)),
    ("statistics:publication", "GET",
     lambda c, o: "/statistics/publication.csv?start=2026-01&end=2026-03", lambda c: {},
     _for(READERS, 200)),
    ("statistics:export", "GET", lambda c, o: "/statistics/arrivals/export.csv/?rows=sex",
     lambda c: {}, _for(READERS, 200)),
    ("statistics:export", "GET", lambda c, o: "/statistics/arrivals/export.xlsx/?rows=category",
     lambda c: {}, _for(READERS, 400)),
    ("statistics:target", "POST", lambda c, o: "/statistics/arrivals/target/",
     lambda c: {"target": "120"}, _for(MANAGERS, 302)),
    # Not a number: the page again, with the message beside the field.
    ("statistics:target", "POST", lambda c, o: "/statistics/arrivals/target/",
     lambda c: {"target": "many"}, _for(MANAGERS, 200)),
]  # fmt: skip

STATISTICS_PUBLIC_PAGES: set[str] = set()


def statistics_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    return {}
