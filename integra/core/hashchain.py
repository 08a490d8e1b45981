"""The audit log's hash chain, as a pure function of plain data (no Django).

Each entry's hash is SHA-256 over the previous entry's hash and a canonical JSON
encoding of the entry's fields, so any change to an earlier entry, its removal or
a reordering breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(fields: Mapping[str, object]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(previous_hash: str, fields: Mapping[str, object]) -> str:
    digest = hashlib.sha256()
    digest.update(previous_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(fields))
    return digest.hexdigest()


@dataclass(frozen=True)
class ChainLink:
    key: int
    fields: Mapping[str, object]
    previous_hash: str
    stored_hash: str


@dataclass(frozen=True)
class ChainBreak:
    key: int
    reason: str


def first_break(links: Iterable[ChainLink]) -> ChainBreak | None:
    """Walks the chain in order and returns where it first fails, if anywhere."""
    expected_previous = GENESIS
    for link in links:
        if link.previous_hash != expected_previous:
            return ChainBreak(link.key, "previous hash does not match the entry before it")
        if entry_hash(link.previous_hash, link.fields) != link.stored_hash:
            return ChainBreak(link.key, "content does not match its hash")
        expected_previous = link.stored_hash
    return None
