"""The protection API: complaints (``complaints``), recruitment agencies
(``agencies``), labour inspection (``inspections``), discrimination incidents
(``incidents``) and legal counselling (``counselling``). Each module has its
router; this one joins them."""

from __future__ import annotations

from ninja import Router

from integra.protection.api import agencies, complaints, counselling, incidents, inspections

router = Router()
router.add_router("", complaints.router)
router.add_router("", agencies.router)
router.add_router("", inspections.router)
router.add_router("", incidents.router)
router.add_router("", counselling.router)
