"""The protection API: complaints (``complaints``) and recruitment agencies
(``agencies``). Each module has its router; this one joins them."""

from __future__ import annotations

from ninja import Router

from integra.protection.api import agencies, complaints

router = Router()
router.add_router("", complaints.router)
router.add_router("", agencies.router)
