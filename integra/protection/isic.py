"""The sections of ISIC Rev. 4 (the UN's International Standard Industrial
Classification): the sectors a recruitment agency's licence covers, in words
people read. Reference data, the same in every country."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SECTIONS: dict[str, Promise] = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Electricity, gas, steam and air conditioning supply"),
    "E": _("Water supply, sewerage and waste management"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade, repair of vehicles"),
    "H": _("Transport and storage"),
    "I": _("Accommodation and food services"),
    "J": _("Information and communication"),
    "K": _("Finance and insurance"),
    "L": _("Real estate"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support services"),
    "O": _("Public administration and defence"),
    "P": _("Education"),
    "Q": _("Health and social work"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other services"),
    "T": _("Households as employers (domestic work)"),
    "U": _("Extraterritorial organisations"),
}


def section_label(code: str) -> str:
    label = SECTIONS.get(code)
    return str(label) if label is not None else code


def choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {label}") for code, label in SECTIONS.items()]
