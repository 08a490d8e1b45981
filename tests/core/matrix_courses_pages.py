"""The course pages' rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples ``(name, method, url, data, expect)``, the fields of ``PageRow``
in order; the objects are tests/core/matrix_courses.py's.
"""

from __future__ import annotations

# The catalogue pages (integra/courses/views/catalogue.py).
CATALOGUE_PAGE_ROWS: list[tuple[object, ...]] = []
# The learner's path (integra/courses/views/learners.py).
LEARNER_PAGE_ROWS: list[tuple[object, ...]] = []
# Pages anyone may open without signing in.
COURSES_PUBLIC_PAGES: set[str] = {"courses:verify"}
