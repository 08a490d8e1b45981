"""The statistics API's rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow in order (see
tests/core/matrix_complaints.py for the conventions). Statistics are aggregates:
analysts, coordinators and administrators read them; refreshing is for analysts
and coordinators; targets for coordinators. Nobody else learns anything (403),
whichever centre is the target (statistics are national).
"""

from __future__ import annotations

from typing import Any

READERS = {"analyst", "coordinator", "admin", "national_admin"}
REFRESHERS = {"analyst", "coordinator"}


def _for(who: set[str], ok: int) -> Any:
    return lambda c: ok if c.persona in who else 403


STATISTICS_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/statistics/indicators", lambda c, o: "/api/v1/statistics/indicators",
     lambda c: None, _for(READERS, 200)),
    ("GET", "/api/v1/statistics/indicators/{code}",
     lambda c, o: "/api/v1/statistics/indicators/arrivals", lambda c: None, _for(READERS, 200)),
    ("GET", "/api/v1/statistics/indicators/{code}/table",
     lambda c, o: "/api/v1/statistics/indicators/arrivals/table?rows=sex&columns=region",
     lambda c: None, _for(READERS, 200)),
    ("PUT", "/api/v1/statistics/indicators/{code}/target",
     lambda c, o: "/api/v1/statistics/indicators/arrivals/target", lambda c: {"target": 500},
     _for({"coordinator"}, 200)),
    ("GET", "/api/v1/statistics/publication.csv",
     lambda c, o: "/api/v1/statistics/publication.csv?start=2026-01&end=2026-03",
     lambda c: None, _for(READERS, 200)),
    ("GET", "/api/v1/statistics/refresh", lambda c, o: "/api/v1/statistics/refresh",
     lambda c: None, _for(READERS, 200)),
    ("POST", "/api/v1/statistics/refresh", lambda c, o: "/api/v1/statistics/refresh",
     lambda c: None, _for(REFRESHERS, 202)),
]  # fmt: skip

STATISTICS_PUBLIC_API: set[tuple[str, str]] = set()
