"""The roles a membership can carry and the organisation kinds that hold them.

Plain data, importable from anywhere (models, access policy, forms, schemas).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    PARTNER = "partner", _("Partner agent")
    TEACHER = "teacher", _("Teacher / course provider")
    COORDINATOR = "coordinator", _("Coordinator")
    INSPECTOR = "inspector", _("Inspector")
    ANALYST = "analyst", _("Analyst")
    MIGRANT = "migrant", _("Migrant")
    ADMIN = "admin", _("Administrator")
    DPO = "dpo", _("Data-protection officer")


class OrganisationKind(models.TextChoices):
    COORDINATING_AUTHORITY = "coordinating_authority", _("Coordinating authority")
    INTEGRATION_CENTRE = "integration_centre", _("Integration centre")
    MINISTRY = "ministry", _("Ministry")
    MUNICIPALITY = "municipality", _("Municipality")
    NGO = "ngo", _("Non-governmental organisation")
    EMPLOYER = "employer", _("Employer")
    SCHOOL = "school", _("School")
    CLINIC = "clinic", _("Clinic")
    COURSE_PROVIDER = "course_provider", _("Course provider")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    LEGAL_AID = "legal_aid", _("Legal aid")
    EQUALITY_BODY = "equality_body", _("Equality body")
    EMPLOYMENT_OFFICE = "employment_office", _("Employment office")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


# Which organisation kinds may hold a role. Roles missing here may be held anywhere.
ROLE_KINDS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset({OrganisationKind.COORDINATING_AUTHORITY}),
    Role.CASEWORKER: frozenset(
        {
            OrganisationKind.INTEGRATION_CENTRE,
            OrganisationKind.COORDINATING_AUTHORITY,
            OrganisationKind.MUNICIPALITY,
            OrganisationKind.NGO,
        }
    ),
    Role.INSPECTOR: frozenset(
        {
            OrganisationKind.LABOUR_INSPECTORATE,
            OrganisationKind.LEGAL_AID,
            OrganisationKind.EQUALITY_BODY,
        }
    ),
}

# Roles whose holders see person-level data and so must use two-factor sign-in.
PERSON_LEVEL_ROLES: frozenset[str] = frozenset(
    {
        Role.CASEWORKER,
        Role.PARTNER,
        Role.TEACHER,
        Role.COORDINATOR,
        Role.INSPECTOR,
        Role.ADMIN,
        Role.DPO,
    }
)

# The firewall (ARCHITECTURE.md rule 2): roles that decide residence status never
# see complaints, inspections, health or trafficking indicators; roles that handle
# complaints never see legal status. Residence status is decided by the
# coordinating authority (e.g. the Bureau for Migration and Asylum); caseworkers at
# integration centres deliver services and record status, but do not decide it.
STATUS_DECIDING_ROLES: frozenset[str] = frozenset({Role.COORDINATOR})
PROTECTION_ROLES: frozenset[str] = frozenset({Role.INSPECTOR})
