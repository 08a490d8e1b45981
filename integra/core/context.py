"""Per-request context that services and the audit log read (set by middleware)."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("integra_request_id", default="")
