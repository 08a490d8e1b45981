"""Registration in steps (issue 3, §9): identity, household, status and documents,
languages and skills, consent. After the identity step, each page of the record
doubles as a step when its address carries ``?step=…``; a form posts to its own
address, so the step travels with it, with or without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    key: str
    url_name: str
    stage: str | Promise


STEPS: tuple[Step, ...] = (
    Step("identity", "people:person_register", _("Identity")),
    Step("household", "people:household_join", _("Household")),
    Step("status", "people:status_record", _("Status and documents")),
    Step("documents", "people:document_record", _("Status and documents")),
    Step("skills", "people:skills", _("Languages and skills")),
    Step("consent", "people:consent_give", _("Consent")),
)
_KEYS = [step.key for step in STEPS]


def current(request: HttpRequest) -> str | None:
    key = request.GET.get("step", "")
    return key if key in _KEYS[1:] else None


def url(key: str, public_id: str) -> str:
    step = STEPS[_KEYS.index(key)]
    return f"{reverse(step.url_name, args=[public_id])}?step={key}"


def next_url(key: str, public_id: str) -> str:
    """The next step, or the record itself after the last one."""
    position = _KEYS.index(key) + 1
    if position >= len(STEPS):
        return reverse("people:person_detail", args=[public_id])
    return url(_KEYS[position], public_id)


def first_after_identity(public_id: str) -> HttpResponse:
    return redirect(url("household", public_id))


def context(request: HttpRequest, public_id: str) -> dict[str, object]:
    """For the step bar: the stages, which one is current, where "skip" goes."""
    key = current(request)
    if key is None:
        return {"steps": None}
    stage = STEPS[_KEYS.index(key)].stage
    stages: list[tuple[str | Promise, str]] = []
    passed = True
    for step in STEPS:
        if stages and stages[-1][0] == step.stage:
            continue
        if step.stage == stage:
            passed = False
            stages.append((step.stage, "current"))
        else:
            stages.append((step.stage, "done" if passed else "todo"))
    return {
        "steps": stages,
        "step": key,
        "step_next": next_url(key, public_id),
        "step_last": key == _KEYS[-1],
    }
