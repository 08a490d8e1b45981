"""Every operation of the OpenAPI document, fuzzed against the running application.

Schemathesis reads the schema Integra serves at /api/v1/openapi.json and sends
generated requests (valid and invalid) straight into the WSGI application, so each
one runs inside the test's database transaction. Every answer must be free of
server errors and must match the document: status code, media type and body.

Requests carry a real token of a national administrator who is also the national
data-protection officer, so the audit log answers too. Creating a token needs a
signed-in session, so that one operation is sent with a session cookie and its
CSRF token instead. The first test sends what Schemathesis generates (its coverage
phase, then fuzzing); the second swaps some generated values for objects that
exist, so that lookups, changes and deletions succeed as well as fail.

Runs are reproducible: a fixed seed, derandomised Hypothesis, no example database.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from integra.core import access, services
from integra.core.models import Membership
from integra.core.roles import Role
from integra.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _load(*, examples: bool) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        application,
        config=schemathesis.Config.from_dict(
            {
                "seed": 20261122,
                "generation": {
                    "mode": "all",
                    "max-examples": 50,
                    "deterministic": True,
                    "database": "none",
                    # Credentials come from the personas below, not from the generator.
                    "with-security-parameters": False,
                },
                "phases": {
                    "coverage": {"enabled": True},
                    "stateful": {"enabled": False},
                    # The documented examples run in the first test; the second one
                    # draws its own data, which schemathesis cannot mix with them.
                    "examples": {"enabled": examples},
                },
            }
        ),
    )


schema = _load(examples=True)
schema_with_known_values = _load(examples=False)


@dataclass(frozen=True)
class World:
    token: str
    session_cookie: str
    known: dict[str, list[object]]


@pytest.fixture
def world(people, orgs, client_for) -> World:
    """The personas, plus credentials and the names of objects that exist."""
    admin = people["national_admin"]
    Membership.objects.create(user=admin, organisation=orgs["root"], role=Role.DPO)
    actor = access.actor_for(admin)
    token = services.token_create(actor=actor, name="schemathesis", expires_in_days=30).secret
    spare = services.token_create(actor=actor, name="spare", expires_in_days=30)
    foreign = services.token_create(
        actor=access.actor_for(people["admin_b"]), name="foreign", expires_in_days=30
    )
    services.break_glass_open(
        actor=access.actor_for(people["caseworker"]),
        record_type="organisation",
        record_id="centre-b",
        reason="Checking a referral that came in from centre B this morning.",
    )
    # Not "bma": deactivating it would end the persona's own memberships.
    codes = ["centre-a", "centre-b", "ngo", "inspectorate"]
    return World(
        token=token,
        session_cookie=client_for(admin).cookies[settings.SESSION_COOKIE_NAME].value,
        known={
            # path parameters
            "code": codes,
            # Not the persona's own: removing its DPO seat would close the audit log.
            "membership_id": list(
                Membership.objects.exclude(user=admin).values_list("pk", flat=True)
            ),
            "prefix": [spare.token.prefix, foreign.token.prefix],
            # query parameters and body fields
            "parent": codes,
            "organisation": codes,
            "record_id": codes,
            "record_type": ["organisation"],
            "country": ["MD", "RO", "UA"],
            "kind": ["integration_centre", "ngo", "coordinating_authority"],
            "role": ["partner", "caseworker", "coordinator", "admin"],
            "username": ["teacher", "caseworker", "new.person"],
            "action": ["organisation.", "break_glass.open", "token."],
        },
    )


@pytest.fixture(autouse=True)
def _one_transaction_per_test() -> Iterator[None]:
    """Django closes a connection that is inside a transaction when a request ends
    (close_old_connections); Django's test client unhooks that, and so must a test
    that calls the WSGI application, or on PostgreSQL the test's transaction ends
    after the first request. (SQLite in memory never closes, so it hides this.)"""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Throttle history lives in the cache; keep it from leaking between tests."""
    cache.clear()
    yield
    cache.clear()


def _use_known_values(values: object, world: World, data: st.DataObject) -> None:
    """Swaps some generated values for ones that exist, so lookups also succeed."""
    if not isinstance(values, dict):
        return
    for name in list(values):
        known = world.known.get(name)
        if known:
            values[name] = data.draw(st.sampled_from([*known, values[name]]), label=name)


def _call_and_validate(case: schemathesis.Case, world: World) -> schemathesis.Response:
    if case.method.upper() == "POST" and case.path == "/api/v1/tokens":
        # Tokens are created from a signed-in session, with its CSRF token.
        csrf = secrets.token_hex(16)
        return case.call_and_validate(
            checks=CHECKS,
            headers={"X-CSRFToken": csrf},
            cookies={
                settings.SESSION_COOKIE_NAME: world.session_cookie,
                settings.CSRF_COOKIE_NAME: csrf,
            },
        )
    return case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {world.token}"})


REPRODUCIBLE = hypothesis_settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@REPRODUCIBLE
def test_every_operation_answers_as_documented(case, world):
    # The coverage phase (boundary values, missing and wrong-typed fields, methods the
    # document does not list), then fuzzing, with the generated values as they are.
    _call_and_validate(case, world)


@schema_with_known_values.parametrize()
@schema_with_known_values.given(data=st.data())
@REPRODUCIBLE
def test_every_operation_answers_as_documented_for_objects_that_exist(case, data, world):
    for values in (case.path_parameters, case.query, case.body):
        _use_known_values(values, world, data)

    _call_and_validate(case, world)
