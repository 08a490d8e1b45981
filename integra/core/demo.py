"""Demo data: a Moldovan set-up with one user per role. Idempotent."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core import audit
from integra.core.models import Membership, Organisation, User
from integra.core.roles import PERSON_LEVEL_ROLES, Level, OrganisationKind, Role

DEMO_PASSWORD = "integra-demo-2026"  # noqa: S105  # demo only; refused when DEBUG is off

K = OrganisationKind
L = Level

# code, name, kind, level, parent, region, locality
ORGANISATIONS: list[tuple[str, str, str, str, str | None, str, str]] = [
    (
        "bma",
        "Bureau for Migration and Asylum",
        K.COORDINATING_AUTHORITY,
        L.NATIONAL,
        None,
        "",
        "Chișinău",
    ),
    (
        "ic-chisinau",
        "Integration Centre Chișinău",
        K.INTEGRATION_CENTRE,
        L.REGIONAL,
        "bma",
        "Chișinău",
        "Chișinău",
    ),
    (
        "ic-balti",
        "Integration Centre Bălți",
        K.INTEGRATION_CENTRE,
        L.REGIONAL,
        "bma",
        "Bălți",
        "Bălți",
    ),
    (
        "ic-cahul",
        "Integration Centre Cahul",
        K.INTEGRATION_CENTRE,
        L.REGIONAL,
        "bma",
        "Cahul",
        "Cahul",
    ),
    (
        "min-labour",
        "Ministry of Labour and Social Protection",
        K.MINISTRY,
        L.NATIONAL,
        None,
        "",
        "Chișinău",
    ),
    (
        "min-education",
        "Ministry of Education and Research",
        K.MINISTRY,
        L.NATIONAL,
        None,
        "",
        "Chișinău",
    ),
    ("min-health", "Ministry of Health", K.MINISTRY, L.NATIONAL, None, "", "Chișinău"),
    (
        "mun-chisinau",
        "Chișinău Municipality",
        K.MUNICIPALITY,
        L.LOCAL,
        None,
        "Chișinău",
        "Chișinău",
    ),
    ("mun-balti", "Bălți Municipality", K.MUNICIPALITY, L.LOCAL, None, "Bălți", "Bălți"),
    ("mun-cahul", "Cahul District Council", K.MUNICIPALITY, L.LOCAL, None, "Cahul", "Cahul"),
    ("ngo-ccr", "Charity Centre for Refugees", K.NGO, L.NATIONAL, None, "", "Chișinău"),
    (
        "ngo-tutors",
        "Volunteer Language Tutors Network",
        K.NGO,
        L.LOCAL,
        None,
        "Chișinău",
        "Chișinău",
    ),
    (
        "lang-school",
        "State Language Courses Centre",
        K.COURSE_PROVIDER,
        L.NATIONAL,
        None,
        "",
        "Chișinău",
    ),
    (
        "labour-inspectorate",
        "State Labour Inspectorate",
        K.LABOUR_INSPECTORATE,
        L.NATIONAL,
        "min-labour",
        "",
        "Chișinău",
    ),
    ("legal-aid", "Law Center of Advocates", K.LEGAL_AID, L.NATIONAL, None, "", "Chișinău"),
    ("equality-council", "Equality Council", K.EQUALITY_BODY, L.NATIONAL, None, "", "Chișinău"),
]

# username, first name, last name, organisation, role
USERS: list[tuple[str, str, str, str, str]] = [
    ("admin", "Ana", "Rusu", "bma", Role.ADMIN),
    ("coordinator", "Ion", "Ceban", "bma", Role.COORDINATOR),
    ("dpo", "Elena", "Popa", "bma", Role.DPO),
    ("caseworker", "Maria", "Lungu", "ic-chisinau", Role.CASEWORKER),
    ("caseworker-balti", "Pavel", "Cojocaru", "ic-balti", Role.CASEWORKER),
    ("partner", "Victor", "Munteanu", "ngo-ccr", Role.PARTNER),
    ("teacher", "Olga", "Rotaru", "lang-school", Role.TEACHER),
    ("inspector", "Dumitru", "Ursu", "labour-inspectorate", Role.INSPECTOR),
    ("analyst", "Irina", "Cazacu", "min-labour", Role.ANALYST),
]


# Other apps add their demo data here (in their AppConfig.ready): each loader is
# idempotent and returns a line for the demo command to print.
LOADERS: list[Callable[[], str]] = []


def staff_accounts(accounts: Iterable[tuple[str, str, str, str]], role: str) -> int:
    """Staff accounts as this demo makes its users: the demo password, an e-mail
    address, a membership with ``role`` at the organisation of the code, and a
    confirmed authenticator (``integra totp USERNAME``); how many were new. For the
    other apps' demos (partner agents, teachers, employers' agents)."""
    created = 0
    hashed = ""  # the password is public: one hash serves all (Argon2 is slow by design)
    for username, first, last, code in accounts:
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.integra.invalid",
            },
        )
        if new:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            user.save(update_fields=["password"])
            created += 1
        organisation = Organisation.objects.get(code=code)
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "demo authenticator"}
        )
    return created


# Loaders that use what other apps' loaders made (e.g. the portal's demo migrant),
# run after all the others.
LATE_LOADERS: list[Callable[[], str]] = []


def register_loader(loader: Callable[[], str], *, late: bool = False) -> None:
    """``late``: run after every loader registered without it."""
    chosen = LATE_LOADERS if late else LOADERS
    if loader not in chosen:
        chosen.append(loader)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str
    totp_secret: str | None


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def load() -> list[DemoUser]:
    created_any = False
    by_code: dict[str, Organisation] = {}
    for code, name, kind, level, parent, region, locality in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": level,
                "parent": by_code.get(parent) if parent else None,
                "country": "MD",
                "region": region,
                "locality": locality,
            },
        )
        by_code[code] = organisation
        created_any |= created

    result = []
    for username, first, last, code, role in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.integra.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created_any = True
        Membership.objects.get_or_create(user=user, organisation=by_code[code], role=role)
        secret = None
        if role in PERSON_LEVEL_ROLES:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, confirmed=True, defaults={"name": "demo authenticator"}
            )
            secret = base64.b32encode(device.bin_key).decode()
        result.append(DemoUser(username, role, code, secret))
    if created_any:
        audit.record(
            actor=None,
            actor_label="integra demo",
            action="demo.load",
            purpose="demonstration",
            data={"organisations": len(by_code), "users": len(USERS)},
        )
    return result
