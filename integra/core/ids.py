"""Public ids such as ``P-7K2M-Q9XD``: random, short, easy to read out on the phone,
never the database id."""

from __future__ import annotations

import secrets

# Crockford's base32 without I, L, O, U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code() -> str:
    """Eight characters of the alphabet from 40 random bits (5 bits each)."""
    bits = int.from_bytes(secrets.token_bytes(5), "big")
    return "".join(ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))


def public_id(prefix: str) -> str:
    """``<prefix>-XXXX-XXXX``."""
    raw = random_code()
    return f"{prefix}-{raw[:4]}-{raw[4:]}"


def converter(prefix: str) -> type:
    """A Django path converter for the public ids with this prefix."""

    class PublicIdConverter:
        regex = f"{prefix}-[0-9A-Z]{{4}}-[0-9A-Z]{{4}}"

        def to_python(self, value: str) -> str:
            return value

        def to_url(self, value: str) -> str:
            return value

    return PublicIdConverter
