"""The registry: a person is registered once and every partner works from that record."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.models import Organisation

# Crockford's base32 without I, L, O, U: easy to read out on the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_public_id() -> str:
    """``P-XXXX-XXXX``: random, never the database id (40 bits)."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"P-{raw[:4]}-{raw[4:]}"


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    NOT_STATED = "not_stated", _("Not stated")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated")


class Person(models.Model):
    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_public_id, editable=False
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=150)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=16,
        choices=DatePrecision.choices,
        default=DatePrecision.EXACT,
    )
    birth_place = models.CharField(_("place of birth"), max_length=150, blank=True)
    stateless = models.BooleanField(_("stateless"), default=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    registered_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["birth_date"]), models.Index(fields=["family_name_latin"])]
        constraints = [
            models.CheckConstraint(condition=~Q(given_name=""), name="person_has_a_given_name"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name_latin} {self.family_name_latin} ({self.public_id})".strip()

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def name_latin(self) -> str:
        return " ".join(part for part in (self.given_name_latin, self.family_name_latin) if part)


class Citizenship(models.Model):
    """ISO 3166-1 alpha-2; a stateless person has none (Person.stateless)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="citizenships")
    country = models.CharField(_("country"), max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "country"], name="unique_citizenship")
        ]
        indexes = [models.Index(fields=["country", "person"])]

    def __str__(self) -> str:
        return self.country


class NameKey(models.Model):
    """Spelling-independent keys of a person's names (integra.people.names), so a
    search in any script or spelling is an indexed lookup."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="unique_name_key")]
        indexes = [models.Index(fields=["key", "person"])]

    def __str__(self) -> str:
        return self.key


class Responsibility(models.Model):
    """An organisation that holds responsibility for the person's case."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="responsibilities")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField(_("since"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="unique_responsibility")
        ]
        indexes = [models.Index(fields=["organisation", "person"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.person.public_id}"
