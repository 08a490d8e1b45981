"""Matching volunteers to a measure: who can help, best first. Pure: plain data in,
plain data out, no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Offer:
    """A cleared, active volunteer as the matching sees them."""

    key: str
    skills: frozenset[str]
    languages: frozenset[str]
    locality: str
    taken: int  # people they help now
    capacity: int  # people they help at most


@dataclass(frozen=True)
class Need:
    skill: str
    languages: frozenset[str]  # the person's languages
    locality: str
    must_speak: str = ""  # e.g. the language a tutor teaches


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    shared_languages: tuple[str, ...]
    same_locality: bool


def _place(name: str) -> str:
    return " ".join(name.casefold().split())


def rank(need: Need, offers: list[Offer]) -> list[Match]:
    """Volunteers who give this kind of help, have room for one more person and
    (for tutoring) speak the language taught; ranked by a shared language with the
    person (it weighs most: they must understand each other), the same locality,
    then the most room left. Ties keep a stable order."""
    found: list[Match] = []
    for offer in offers:
        if need.skill not in offer.skills or offer.taken >= offer.capacity:
            continue
        if need.must_speak and need.must_speak not in offer.languages:
            continue
        shared = tuple(sorted(need.languages & offer.languages))
        same = bool(need.locality) and _place(need.locality) == _place(offer.locality)
        room = 1 - offer.taken / offer.capacity
        score = (3.0 if shared else 0.0) + (2.0 if same else 0.0) + room
        found.append(Match(offer.key, round(score, 3), shared, same))
    return sorted(found, key=lambda m: (-m.score, m.key))
