"""The courses API's rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples ``(method, path, url, body, expect)``, the fields of ``ApiRow``
in order; the objects are tests/core/matrix_courses.py's.
"""

from __future__ import annotations

COURSES_API_ROWS: list[tuple[object, ...]] = []
