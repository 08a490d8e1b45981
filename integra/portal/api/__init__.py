"""The portal's API: the migrant's own records (``mine``), rights information
(``articles``). Each module has its router; this one joins them."""

from __future__ import annotations

from ninja import Router

from integra.portal.api import articles, mine

router = Router()
router.add_router("", mine.router)
router.add_router("", articles.router)
