"""The areas of integration work, shared by plans, the partner directory and the
statistics.

Plain data, importable from anywhere (models, forms, schemas).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    """The eight areas of Gdańsk's integration model, plus language."""

    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    EDUCATION = "education", _("Education")
    LANGUAGE = "language", _("Language")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal assistance")
    SOCIAL = "social", _("Social assistance")
    CULTURE = "culture", _("Culture")
    COMMUNITY = "community", _("Community")
