"""Fixed-window counters in the cache: how pages that anyone can reach without
an account (a certificate check, a one-time code, later a tracking code) keep
guessing slow. The API has ninja's throttles; pages use this."""

from __future__ import annotations

from django.core.cache import cache


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Counts one attempt under ``key``; true once the window holds more than ``limit``."""
    key = f"ratelimit:{key}"
    if cache.add(key, 1, window_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, window_seconds)
        return limit < 1
    return count > limit


def reached(key: str, *, limit: int) -> bool:
    """Whether ``key`` is past its limit already, without counting an attempt."""
    count = cache.get(f"ratelimit:{key}")
    return isinstance(count, int) and count > limit
