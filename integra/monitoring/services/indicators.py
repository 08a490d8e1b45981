"""The indicator catalogue: built-in indicators kept in step with the code, and
the targets the coordinating authority sets."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.monitoring import catalogue
from integra.monitoring.models import Indicator


def builtin_indicators_sync() -> int:
    """Writes the built-in indicators (after every migration). Names and formulas
    follow the code; a target, once set, and whether it is in use are kept."""
    written = 0
    with override("en"), transaction.atomic():
        for spec in catalogue.BUILT_IN:
            Indicator.objects.update_or_create(
                code=spec.code,
                defaults={
                    "name": str(spec.name),
                    "description": str(spec.description),
                    "numerator": spec.numerator,
                    "denominator": spec.denominator,
                    "calculation": spec.calculation,
                    "unit": spec.unit,
                    "direction": spec.direction,
                    "periodicity": spec.periodicity,
                    "source": str(spec.source),
                    "disaggregations": list(
                        catalogue.allowed_dimensions(spec.numerator, spec.denominator)
                    ),
                    "built_in": True,
                },
            )
            written += 1
    return written


def indicator_target_set(*, actor: Actor, code: str, target: str | Decimal | None) -> Indicator:
    """Sets (or clears, with nothing) the target an indicator is measured against."""
    if not access.can_manage_indicators(actor):
        raise PermissionDenied(_("You may not set indicator targets."))
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().filter(code=code).first()
        if indicator is None:
            raise NotFound(_("There is no such indicator."))
        value = _target(indicator, target)
        before = indicator.target
        indicator.target = value
        indicator.save(update_fields=["target", "updated_at"])
        audit.record(
            actor=actor,
            action="indicator.target",
            object_type="indicator",
            object_id=indicator.code,
            data={
                "before": str(before) if before is not None else None,
                "after": str(value) if value is not None else None,
            },
        )
    return indicator


def _target(indicator: Indicator, target: str | Decimal | None) -> Decimal | None:
    if target in (None, ""):
        return None
    problem = ""
    try:
        value = Decimal(str(target))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        problem = _("Give the target as a number.")
    elif value < 0:
        problem = _("A target cannot be negative.")
    elif indicator.calculation == catalogue.RATE and value > 100:
        problem = _("A rate's target is at most 100 per cent.")
    elif value >= Decimal("1e10"):
        problem = _("This target is too large.")
    if problem:
        raise ValidationFailed(problem, field_errors={"target": [problem]})
    return value.quantize(Decimal("0.01"))
