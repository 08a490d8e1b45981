"""The dashboards rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions). Dashboards are charts of
aggregates: whoever may see the statistics (core.access.can_see_statistics: the
personas "analyst", "coordinator", "admin" and "national_admin") opens every
dashboard, whichever roles it is made for; everybody else gets 403, even for a
dashboard that does not exist. Dashboards belong to no organisation, so both
targets answer alike. The built-in dashboards are written after every migration.
"""

from __future__ import annotations

from typing import Any

READERS = {"analyst", "coordinator", "admin", "national_admin"}


def _for(who: set[str], ok: int) -> Any:
    return lambda c: ok if c.persona in who else 403


DASHBOARDS_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/statistics/dashboards", lambda c, o: "/api/v1/statistics/dashboards",
     lambda c: None, _for(READERS, 200)),
    ("GET", "/api/v1/statistics/dashboards/{code}",
     lambda c, o: "/api/v1/statistics/dashboards/population?region=North&sex=female",
     lambda c: None, _for(READERS, 200)),
    ("GET", "/api/v1/statistics/dashboards/{code}",
     lambda c, o: "/api/v1/statistics/dashboards/no-such-dashboard",
     lambda c: None, _for(READERS, 404)),
]  # fmt: skip

DASHBOARDS_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("dashboards:list", "GET", lambda c, o: "/statistics/dashboards/", lambda c: {},
     _for(READERS, 200)),
    ("dashboards:detail", "GET", lambda c, o: "/statistics/dashboards/protection/",
     lambda c: {}, _for(READERS, 200)),
    # Filtered (a region unknown to the tables is a message beside its field).
    ("dashboards:detail", "GET",
     lambda c, o: "/statistics/dashboards/population/?start=2025-01&end=2025-12&sex=female"
                  "&region=Nowhere",
     lambda c: {}, _for(READERS, 200)),
    ("dashboards:detail", "GET", lambda c, o: "/statistics/dashboards/no-such-dashboard/",
     lambda c: {}, _for(READERS, 404)),
]  # fmt: skip

DASHBOARDS_PUBLIC_API: set[tuple[str, str]] = set()

DASHBOARDS_PUBLIC_PAGES: set[str] = set()


def dashboards_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    return {}
