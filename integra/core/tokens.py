"""The format of personal API tokens (pure: no Django)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

PREFIX = "itg"


@dataclass(frozen=True)
class Minted:
    prefix: str
    secret: str
    digest: str


def digest(secret: str) -> str:
    """Tokens carry 256 random bits, so a fast hash is safe at rest."""
    return hashlib.sha256(secret.encode()).hexdigest()


def mint() -> Minted:
    prefix = secrets.token_hex(6)
    secret = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    return Minted(prefix=prefix, secret=secret, digest=digest(secret))


def parse_prefix(secret: str) -> str | None:
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]
