"""Kinds of to-do and how to say them, registered by the apps that create them.

A to-do stores a kind and parameters, not text, so that each reader sees it in
their own language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

logger = logging.getLogger(__name__)

_RENDER: dict[str, Callable[[Mapping[str, object]], str]] = {}


def register(kind: str, render: Callable[[Mapping[str, object]], str]) -> None:
    _RENDER[kind] = render


def text(kind: str, params: Mapping[str, object]) -> str:
    """The to-do in the active language; a malformed one still shows, by its kind,
    rather than break the page it is on."""
    render = _RENDER.get(kind)
    if render is None:
        return kind
    try:
        return render(params)
    except (KeyError, TypeError, ValueError):
        logger.warning("Cannot render to-do %s with %r", kind, params)
        return kind
