"""The monitoring API: indicators and their tables (``statistics``), dashboards
(``dashboards``), funding (``funding``), the good practices library
(``practices``), the implementation reports (``reports``) and the
migrants' surveys (``surveys``). Each module has
its router; this one joins them."""

from __future__ import annotations

from ninja import Router

from integra.monitoring.api import (
    dashboards,
    funding,
    practices,
    reports,
    statistics,
    surveys,
)

router = Router()
router.add_router("", statistics.router)
router.add_router("", dashboards.router)
router.add_router("", funding.router)
router.add_router("", practices.router)
router.add_router("", reports.router)
router.add_router("", surveys.router)
