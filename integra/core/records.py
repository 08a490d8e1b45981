"""Kinds of record that break-glass can open, registered by the apps that own them.

The core cannot import other apps (the layering contract), so each app tells the
core how to check that one of its records exists, in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable

_EXISTS: dict[str, Callable[[str], bool]] = {}
_URL: dict[str, Callable[[str], str]] = {}


def register(
    record_type: str, exists: Callable[[str], bool], url: Callable[[str], str] | None = None
) -> None:
    _EXISTS[record_type] = exists
    if url is not None:
        _URL[record_type] = url


def url(record_type: str, record_id: str) -> str:
    """The page of a record, or "" when its app gives none."""
    build = _URL.get(record_type)
    return build(record_id) if build else ""


def exists(record_type: str, record_id: str) -> bool:
    check = _EXISTS.get(record_type)
    return bool(check and check(record_id))
