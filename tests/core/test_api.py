"""The API's conventions and the core endpoints, through HTTP.

Which role may call which route is settled in test_access_matrix.py; here each
behaviour is checked in depth: the problem+json shape of every error, token
authentication, request ids, rate limits, cursor pagination, and what each core
endpoint changes and writes to the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from integra.api import api
from integra.core import access, selectors, services
from integra.core.models import ApiToken, AuditEntry, Membership, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role

PROBLEM = "application/problem+json"
REASON = "The family was referred to us by centre B and needs urgent help."

# --- Helpers ------------------------------------------------------------------------------


def bearer(secret: str, **kwargs: object) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"}, **kwargs)


def assert_problem(response, status: int) -> dict:
    """An RFC 9457 problem: the full shape, the media type, and the request id."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail", "instance", "request_id"} <= body.keys()
    assert body["type"].startswith("urn:integra:problem:")
    assert body["title"]
    assert body["detail"]
    assert body["status"] == status
    assert body["instance"] == response.request["PATH_INFO"]
    assert body["request_id"] == response["X-Request-ID"]
    for error in body.get("errors") or []:
        assert set(error) == {"field", "message"}
        assert error["message"]
    return body


def error_fields(body: dict) -> set[str]:
    return {error["field"] for error in body.get("errors") or []}


def _session_with_csrf(client: Client) -> Client:
    """A signed-in client that, like a browser, must send the CSRF token."""
    client.handler.enforce_csrf_checks = True
    client.raise_request_exception = False
    client.get("/account/tokens/")  # a page with a form sets the csrftoken cookie
    return client


def walk(client: Client, url: str) -> Iterator[dict]:
    """Every page of a cursor-paginated list, following ``next``."""
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        page = response.json()
        yield page
        url = page["next"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Throttle history lives in the cache; keep it from leaking between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as(token_for: Callable[[User], str]) -> Callable[..., Client]:
    """A client that sends a fresh API token of the given user."""

    def build(user: User, **kwargs: object) -> Client:
        return bearer(token_for(user), **kwargs)

    return build


# --- Problem details ----------------------------------------------------------------------


def test_a_validation_error_names_each_field_in_problem_json(people, api_as):
    client = api_as(people["national_admin"])

    response = client.post(
        "/api/v1/organisations", {"code": "bad code!", "kind": "castle"}, "application/json"
    )

    body = assert_problem(response, 422)
    assert body["type"] == "urn:integra:problem:validation-failed"
    assert {"code", "name", "kind", "level", "country"} <= error_fields(body)


def _bad_json(client: Client):
    return client.post("/api/v1/organisations", "{not json", "application/json")


def _no_credentials(client: Client):
    return Client().get("/api/v1/me")


def _forbidden(client: Client):
    return client.get("/api/v1/audit")


def _unknown_organisation(client: Client):
    return client.get("/api/v1/organisations/no-such-place")


def _unknown_path(client: Client):
    return client.get("/api/v1/no/such/route")


def _wrong_method(client: Client):
    return client.put("/api/v1/me")


def _conflict(client: Client):
    body = {"code": "centre-b", "name": "Again", "kind": "ngo", "level": "local", "country": "MD"}
    return client.post("/api/v1/organisations", {**body, "parent": "bma"}, "application/json")


def _invalid(client: Client):
    return client.post("/api/v1/tokens", {"name": ""}, "application/json")


@pytest.mark.parametrize(
    ("provoke", "status"),
    [
        (_bad_json, 400),
        (_no_credentials, 401),
        (_forbidden, 403),
        (_unknown_organisation, 404),
        (_unknown_path, 404),
        (_wrong_method, 405),
        (_conflict, 409),
        (_invalid, 422),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else str(v),
)
def test_every_error_answers_problem_json(provoke, status, people, api_as):
    client = api_as(people["national_admin"])

    response = provoke(client)

    assert_problem(response, status)


def test_a_wrong_method_keeps_the_allow_header(people, api_as):
    response = api_as(people["admin"]).delete("/api/v1/organisations")

    assert_problem(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_a_server_error_is_problem_json_without_internals(people, token_for, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("connection to db-primary:5432 failed, password hunter2")

    monkeypatch.setattr(selectors, "organisation_list", explode)
    client = bearer(token_for(people["caseworker"]), raise_request_exception=False)

    response = client.get("/api/v1/organisations")

    body = assert_problem(response, 500)
    assert body["title"] == "Server error"
    text = response.content.decode()
    for leak in ("Traceback", "RuntimeError", "hunter2", "db-primary", "selectors.py"):
        assert leak not in text


def test_problems_speak_the_requests_language_but_keep_their_type(people, api_as):
    response = api_as(people["admin"]).get(
        "/api/v1/organisations/nowhere", headers={"Accept-Language": "ro"}
    )

    body = assert_problem(response, 404)
    assert body["type"] == "urn:integra:problem:not-found"
    assert body["title"] == "Nu a fost găsit"


# --- Input the API cannot use -------------------------------------------------------------


def _multipart_without_boundary(people, client_for, token_for):
    client = _session_with_csrf(client_for(people["admin"]))
    return client.post(
        "/api/v1/tokens",
        '{"name": "x"}',
        "multipart/form-data",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )


def _too_many_form_fields(people, client_for, token_for):
    client = _session_with_csrf(client_for(people["admin"]))
    return client.post(
        "/api/v1/tokens",
        "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)),
        "application/x-www-form-urlencoded",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )


def _oversized_body(people, client_for, token_for):
    client = bearer(token_for(people["national_admin"]), raise_request_exception=False)
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    return client.post(
        "/api/v1/organisations",
        {"code": "big", "name": padding, "kind": "ngo", "level": "local", "country": "MD"},
        "application/json",
    )


@pytest.mark.parametrize(
    "send",
    [_multipart_without_boundary, _too_many_form_fields, _oversized_body],
    ids=lambda f: f.__name__.strip("_"),
)
def test_an_unreadable_body_is_a_client_error_not_a_crash(send, people, client_for, token_for):
    response = send(people, client_for, token_for)

    assert 400 <= response.status_code < 500, response.content[:300]
    assert_problem(response, response.status_code)


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/api/v1/organisations?q=a%00b", None),
        ("GET", "/api/v1/organisations/centre%00a", None),
        ("PATCH", "/api/v1/organisations/centre-a", {"locality": "a\x00b"}),
        (
            "POST",
            "/api/v1/organisations/centre-a/members",
            {"username": "nul", "role": "partner", "first_name": "a\x00b"},
        ),
    ],
    ids=["query", "path", "patch-body", "post-body"],
)
def test_a_nul_character_in_input_is_not_a_server_error(method, url, body, people, token_for):
    # SQLite stores NUL; PostgreSQL refuses it, which must not surface as a 500.
    client = bearer(token_for(people["admin"]), raise_request_exception=False)

    response = client.generic(
        method, url, data=b"" if body is None else json.dumps(body), content_type="application/json"
    )

    assert response.status_code < 500, response.content[:300]


# --- Authentication -----------------------------------------------------------------------


def _stored_token(user: User, **kwargs: object) -> services.NewToken:
    return services.token_create(
        actor=access.actor_for(user), name="script", expires_in_days=30, **kwargs
    )


def _none(user: User) -> str | None:
    return None


def _malformed(user: User) -> str | None:
    return "Bearer not-a-token"


def _not_bearer(user: User) -> str | None:
    return f"Basic {_stored_token(user).secret}"


def _unknown_prefix(user: User) -> str | None:
    return f"Bearer itg_000000000000_{'x' * 43}"


def _wrong_secret(user: User) -> str | None:
    prefix = _stored_token(user).token.prefix
    return f"Bearer itg_{prefix}_{'x' * 43}"


def _expired(user: User) -> str | None:
    created = _stored_token(user, now=timezone.now() - timedelta(days=31))
    return f"Bearer {created.secret}"


def _revoked(user: User) -> str | None:
    created = _stored_token(user)
    services.token_revoke(actor=access.actor_for(user), prefix=created.token.prefix)
    return f"Bearer {created.secret}"


def _deactivated_user(user: User) -> str | None:
    secret = _stored_token(user).secret
    User.objects.filter(pk=user.pk).update(is_active=False)
    return f"Bearer {secret}"


@pytest.mark.parametrize(
    "authorization",
    [
        _none,
        _malformed,
        _not_bearer,
        _unknown_prefix,
        _wrong_secret,
        _expired,
        _revoked,
        _deactivated_user,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_it_refuses_a_request_without_a_live_token(authorization, people):
    header = authorization(people["admin"])
    client = Client(headers={"Authorization": header} if header else {})

    response = client.get("/api/v1/me")

    body = assert_problem(response, 401)
    assert body["type"] == "urn:integra:problem:not-authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_just_before_expiry_still_works(people):
    created = _stored_token(
        people["admin"], now=timezone.now() - timedelta(days=30) + timedelta(minutes=1)
    )

    response = bearer(created.secret).get("/api/v1/me")

    assert response.status_code == 200


def test_using_a_token_records_when_it_was_last_used(people):
    created = _stored_token(people["admin"])

    bearer(created.secret).get("/api/v1/me")

    created.token.refresh_from_db()
    assert created.token.last_used_at is not None
    assert timezone.now() - created.token.last_used_at < timedelta(minutes=1)


def test_a_token_decides_over_a_session_cookie(people, client_for, token_for):
    client = client_for(people["admin"])

    response = client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token_for(people['admin_b'])}"}
    )

    assert response.json()["username"] == "admin_b"
    assert response.json()["authenticated_via"] == "token"


def test_a_session_write_without_the_csrf_token_is_refused(people, client_for):
    client = client_for(people["admin"])
    client.handler.enforce_csrf_checks = True

    response = client.post("/api/v1/tokens", {"name": "forged"}, "application/json")

    body = assert_problem(response, 403)
    assert body["detail"] == "The request was refused."
    assert not ApiToken.objects.exists()


def test_a_session_write_with_the_csrf_token_is_accepted(people, client_for):
    client = _session_with_csrf(client_for(people["admin"]))

    response = client.post(
        "/api/v1/tokens",
        {"name": "from the page"},
        "application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )

    assert response.status_code == 201


def test_a_token_write_needs_no_csrf_token(people, token_for):
    client = bearer(token_for(people["caseworker"]), enforce_csrf_checks=True)

    response = _break_glass(client)

    assert response.status_code == 201


# --- Request ids --------------------------------------------------------------------------


def test_every_answer_carries_a_fresh_request_id(people, api_as):
    client = api_as(people["admin"])

    answers = [client.get("/api/v1/me"), client.get("/api/v1/nowhere"), Client().get("/api/v1/me")]

    ids = [answer["X-Request-ID"] for answer in answers]
    assert all(len(request_id) >= 8 for request_id in ids)
    assert len(set(ids)) == len(ids)


def test_a_well_formed_request_id_is_echoed_and_audited(people, api_as):
    client = api_as(people["admin"])
    request_id = "proxy-4f2a9c.77_trace"

    response = client.patch(
        "/api/v1/organisations/centre-a",
        {"locality": "Chișinău, Botanica"},
        "application/json",
        headers={"X-Request-ID": request_id},
    )

    assert response.status_code == 200
    assert response["X-Request-ID"] == request_id
    entry = AuditEntry.objects.get(action="organisation.update", object_id="centre-a")
    assert entry.request_id == request_id


@pytest.mark.parametrize(
    "incoming",
    ["has spaces in it", "x" * 200, "short", "semi;colon-0001", "<script>alert(1)</script>"],
)
def test_a_malformed_request_id_is_replaced(incoming, people, api_as):
    client = api_as(people["admin"])

    response = client.patch(
        "/api/v1/organisations/centre-a",
        {"region": "Centre"},
        "application/json",
        headers={"X-Request-ID": incoming},
    )

    assert response.status_code == 200
    replaced = response["X-Request-ID"]
    assert replaced != incoming
    assert 8 <= len(replaced) <= 64
    entry = AuditEntry.objects.get(action="organisation.update", object_id="centre-a")
    assert entry.request_id == replaced


# --- Rate limits --------------------------------------------------------------------------


@pytest.fixture
def two_requests_a_minute(monkeypatch) -> None:
    """The API's throttles are built at import from INTEGRA_API_RATE; tighten the
    very instances every operation holds."""
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 2)
        monkeypatch.setattr(throttle, "duration", 60)


@pytest.mark.usefixtures("two_requests_a_minute")
def test_too_many_requests_answer_429_with_retry_after(people, api_as):
    client = api_as(people["admin"])
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/tokens").status_code == 200

    response = client.get("/api/v1/me")

    body = assert_problem(response, 429)
    retry_after = response["Retry-After"]
    assert retry_after.isdigit()
    assert 1 <= int(retry_after) <= 60
    assert f"{retry_after} second" in body["detail"]


@pytest.mark.usefixtures("two_requests_a_minute")
def test_one_clients_limit_does_not_hold_back_another(people, api_as):
    hasty = api_as(people["admin"])
    for _ in range(3):
        hasty.get("/api/v1/me")

    response = api_as(people["admin_b"]).get("/api/v1/me")

    assert response.status_code == 200


# --- Cursor pagination --------------------------------------------------------------------


@pytest.fixture
def seven_organisations(orgs) -> list[str]:
    # Created out of order, three sharing a name, so the walk must sort by name then id.
    names = ["Kappa", "Alpha", "Shared", "Delta", "Shared", "Beta", "Shared"]
    created = [
        Organisation.objects.create(
            code=f"paging-{i}", name=f"Paging {name}", kind="ngo", level="local", country="MD"
        )
        for i, name in enumerate(names)
    ]
    return [o.code for o in sorted(created, key=lambda o: (o.name, o.pk))]


def test_cursor_pages_walk_every_organisation_once_in_name_order(
    people, api_as, seven_organisations
):
    client = api_as(people["caseworker"])

    pages = list(walk(client, "/api/v1/organisations?q=Paging&page_size=3"))

    codes = [item["code"] for page in pages for item in page["results"]]
    assert codes == seven_organisations
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    assert pages[-1]["next"] is None


def test_previous_cursors_walk_back_over_the_same_pages(people, api_as, seven_organisations):
    client = api_as(people["caseworker"])
    forward = list(walk(client, "/api/v1/organisations?q=Paging&page_size=3"))

    backward = []
    url = forward[-1]["previous"]
    while url:
        page = client.get(url).json()
        backward.insert(0, [item["code"] for item in page["results"]])
        url = page["previous"]

    assert backward == [[item["code"] for item in page["results"]] for page in forward[:-1]]


def test_cursor_pages_keep_the_filters(people, api_as, seven_organisations):
    client = api_as(people["caseworker"])

    first = client.get("/api/v1/organisations", {"q": "Paging Shared", "page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert [item["name"] for item in first["results"] + second["results"]] == ["Paging Shared"] * 3
    assert second["next"] is None


def test_cursor_pages_walk_past_many_organisations_with_the_same_name(people, token_for):
    # Municipalities are often all called "Primăria"; the cursor's tie offset must cope.
    Organisation.objects.bulk_create(
        Organisation(
            code=f"town-hall-{i:03}",
            name="Primăria",
            kind="municipality",
            level="local",
            country="MD",
        )
        for i in range(130)
    )
    client = bearer(token_for(people["caseworker"]), raise_request_exception=False)

    pages = list(walk(client, "/api/v1/organisations?q=Prim&page_size=50"))

    codes = [item["code"] for page in pages for item in page["results"]]
    assert codes == [f"town-hall-{i:03}" for i in range(130)]


@pytest.mark.parametrize("cursor", ["!!!", "not base64", "%%%"])
def test_a_garbage_cursor_is_a_validation_problem(cursor, people, api_as):
    response = api_as(people["caseworker"]).get("/api/v1/organisations", {"cursor": cursor})

    body = assert_problem(response, 422)
    assert "cursor" in error_fields(body)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("url", "cursor"),
    [
        ("/api/v1/organisations", _b64("o=abc")),
        ("/api/v1/organisations", _b64("o=-1")),
        ("/api/v1/tokens", _b64("p=yesterday")),
        ("/api/v1/organisations/centre-a/members", _b64("p=abc")),
    ],
    ids=["offset-not-a-number", "offset-negative", "position-not-a-time", "position-not-an-id"],
)
def test_a_forged_cursor_is_a_validation_problem_not_a_crash(url, cursor, people, token_for):
    # A cursor is opaque to clients, but it arrives from them: well-formed base64
    # around a bad payload must be refused like any other bad input.
    client = bearer(token_for(people["national_admin"]), raise_request_exception=False)

    response = client.get(url, {"cursor": cursor})

    body = assert_problem(response, 422)
    assert "cursor" in error_fields(body)


def test_a_page_size_above_the_maximum_is_capped(people, api_as):
    maximum = settings.NINJA_MAX_PER_PAGE_SIZE
    Organisation.objects.bulk_create(
        Organisation(
            code=f"bulk-{i:03}", name=f"Bulk {i:03}", kind="ngo", level="local", country="MD"
        )
        for i in range(maximum + 1)
    )

    page = api_as(people["caseworker"]).get("/api/v1/organisations", {"page_size": 10_000}).json()

    assert len(page["results"]) == maximum
    assert page["next"] is not None


def test_a_list_without_page_size_uses_the_default(people, api_as):
    Organisation.objects.bulk_create(
        Organisation(
            code=f"bulk-{i:03}", name=f"Bulk {i:03}", kind="ngo", level="local", country="MD"
        )
        for i in range(settings.NINJA_PAGINATION_PER_PAGE + 5)
    )

    page = api_as(people["caseworker"]).get("/api/v1/organisations").json()

    assert len(page["results"]) == settings.NINJA_PAGINATION_PER_PAGE


# --- /me ----------------------------------------------------------------------------------


def test_me_through_a_token_shows_who_and_where(people, api_as):
    response = api_as(people["admin"]).get("/api/v1/me")

    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "admin"
    assert me["authenticated_via"] == "token"
    assert me["acting_organisation"] == "centre-a"
    assert [(m["organisation"]["code"], m["role"]) for m in me["memberships"]] == [
        ("centre-a", "admin")
    ]


def test_me_through_the_session_says_session(people, client_for):
    response = client_for(people["admin"]).get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["authenticated_via"] == "session"


@pytest.fixture
def admin_of_both(orgs) -> tuple[User, Membership, Membership]:
    user = User.objects.create_user("twice", password="x" * 20)
    at_a = Membership.objects.create(user=user, organisation=orgs["a"], role=Role.ADMIN)
    at_b = Membership.objects.create(user=user, organisation=orgs["b"], role=Role.ADMIN)
    return user, at_a, at_b


def test_a_token_limited_to_one_membership_shows_only_that_one(admin_of_both):
    user, at_a, _ = admin_of_both
    secret = _stored_token(user, membership_id=at_a.pk).secret

    me = bearer(secret).get("/api/v1/me").json()

    assert me["acting_organisation"] == "centre-a"
    assert [m["id"] for m in me["memberships"]] == [at_a.pk]


def test_a_token_limited_to_one_membership_acts_only_there(admin_of_both):
    user, at_a, _ = admin_of_both
    client = bearer(_stored_token(user, membership_id=at_a.pk).secret)

    own = client.patch("/api/v1/organisations/centre-a", {"region": "North"}, "application/json")
    other = client.patch("/api/v1/organisations/centre-b", {"region": "North"}, "application/json")

    assert own.status_code == 200
    assert_problem(other, 403)
    assert Organisation.objects.get(code="centre-b").region == ""


def test_an_unlimited_token_acts_in_every_membership(admin_of_both):
    user, _, _ = admin_of_both
    client = bearer(_stored_token(user).secret)

    response = client.patch(
        "/api/v1/organisations/centre-b", {"region": "North"}, "application/json"
    )

    assert response.status_code == 200
    assert len(client.get("/api/v1/me").json()["memberships"]) == 2


# --- Organisations ------------------------------------------------------------------------

NEW_UNIT = {
    "code": "centre-a-east",
    "name": "  Centre A, eastern office ",
    "kind": "integration_centre",
    "level": "local",
    "country": "md",
    "parent": "centre-a",
    "locality": "Ciocana",
}


def test_an_admin_creates_an_organisation_under_their_own(people, api_as):
    response = api_as(people["admin"]).post("/api/v1/organisations", NEW_UNIT, "application/json")

    assert response.status_code == 201
    assert response.json() == {
        "code": "centre-a-east",
        "name": "Centre A, eastern office",
        "kind": "integration_centre",
        "level": "local",
        "parent": "centre-a",
        "country": "MD",
        "region": "",
        "locality": "Ciocana",
        "is_active": True,
    }
    created = Organisation.objects.get(code="centre-a-east")
    assert created.parent.code == "centre-a"
    entry = AuditEntry.objects.get(action="organisation.create")
    assert (entry.object_type, entry.object_id) == ("organisation", "centre-a-east")
    assert entry.actor == people["admin"]


def test_it_refuses_to_create_under_another_organisation(people, api_as):
    response = api_as(people["admin_b"]).post("/api/v1/organisations", NEW_UNIT, "application/json")

    assert_problem(response, 403)
    assert not Organisation.objects.filter(code="centre-a-east").exists()
    assert not AuditEntry.objects.filter(action="organisation.create").exists()


def test_it_refuses_a_parent_it_cannot_find(people, api_as):
    response = api_as(people["admin"]).post(
        "/api/v1/organisations", {**NEW_UNIT, "parent": "atlantis"}, "application/json"
    )

    assert_problem(response, 404)


def test_a_taken_code_is_a_conflict_on_code(people, api_as):
    response = api_as(people["admin"]).post(
        "/api/v1/organisations", {**NEW_UNIT, "code": "centre-b"}, "application/json"
    )

    body = assert_problem(response, 409)
    assert error_fields(body) == {"code"}
    assert Organisation.objects.get(code="centre-b").name == "Integration Centre B"


@pytest.mark.parametrize("country", ["XX", "ZZ", "1A"])
def test_an_unknown_country_is_refused_naming_country(country, people, api_as):
    response = api_as(people["admin"]).post(
        "/api/v1/organisations", {**NEW_UNIT, "country": country}, "application/json"
    )

    body = assert_problem(response, 422)
    assert error_fields(body) == {"country"}
    assert not Organisation.objects.filter(code="centre-a-east").exists()


def test_a_country_has_only_one_coordinating_authority(people, api_as):
    response = api_as(people["national_admin"]).post(
        "/api/v1/organisations",
        {
            "code": "bma-2",
            "name": "Second bureau",
            "kind": "coordinating_authority",
            "level": "national",
            "country": "MD",
            "parent": "bma",
        },
        "application/json",
    )

    body = assert_problem(response, 409)
    assert "kind" in error_fields(body)
    assert Organisation.objects.filter(kind=OrganisationKind.COORDINATING_AUTHORITY).count() == 1


def test_a_patch_changes_only_what_it_names_and_is_audited(people, api_as):
    response = api_as(people["admin"]).patch(
        "/api/v1/organisations/centre-a",
        {"name": "Integration Centre Chișinău", "is_active": False},
        "application/json",
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Integration Centre Chișinău"
    centre = Organisation.objects.get(code="centre-a")
    assert (centre.name, centre.is_active, centre.level, centre.locality) == (
        "Integration Centre Chișinău",
        False,
        Level.REGIONAL,
        "Chișinău",
    )
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.object_id == "centre-a"
    assert entry.data["before"] == {
        "name": "Integration Centre A",
        "level": "regional",
        "active": True,
    }
    assert entry.data["after"] == {
        "name": "Integration Centre Chișinău",
        "level": "regional",
        "active": False,
    }


def test_a_null_in_a_patch_leaves_the_field_alone(people, api_as):
    response = api_as(people["admin"]).patch(
        "/api/v1/organisations/centre-a",
        {"name": None, "level": None, "locality": "Buiucani"},
        "application/json",
    )

    assert response.status_code == 200
    centre = Organisation.objects.get(code="centre-a")
    assert (centre.name, centre.level, centre.locality) == (
        "Integration Centre A",
        Level.REGIONAL,
        "Buiucani",
    )


def test_a_blank_name_is_refused_naming_name(people, api_as):
    response = api_as(people["admin"]).patch(
        "/api/v1/organisations/centre-a", {"name": "   "}, "application/json"
    )

    body = assert_problem(response, 422)
    assert error_fields(body) == {"name"}
    assert Organisation.objects.get(code="centre-a").name == "Integration Centre A"


def test_another_organisations_admin_cannot_patch_it(people, api_as):
    response = api_as(people["admin_b"]).patch(
        "/api/v1/organisations/centre-a", {"name": "Taken over"}, "application/json"
    )

    assert_problem(response, 403)
    assert Organisation.objects.get(code="centre-a").name == "Integration Centre A"
    assert not AuditEntry.objects.filter(action="organisation.update").exists()


def test_the_list_filters_by_kind_and_parent(people, api_as):
    client = api_as(people["caseworker"])

    by_kind = client.get("/api/v1/organisations", {"kind": "integration_centre"}).json()
    by_parent = client.get("/api/v1/organisations", {"parent": "bma"}).json()

    assert [o["code"] for o in by_kind["results"]] == ["centre-a", "centre-b"]
    assert [o["code"] for o in by_parent["results"]] == ["centre-a", "centre-b"]


# --- Members ------------------------------------------------------------------------------


def _add_member(client: Client, organisation: str, **body: object):
    return client.post(f"/api/v1/organisations/{organisation}/members", body, "application/json")


def test_adding_a_new_person_returns_a_working_initial_password_once(people, api_as):
    client = api_as(people["admin"])

    response = _add_member(
        client,
        "centre-a",
        username="ion.popescu",
        role="partner",
        email="ion@example.org",
        first_name="Ion",
        last_name="Popescu",
    )

    assert response.status_code == 201
    added = response.json()
    assert added["member"] == {
        "id": added["member"]["id"],
        "username": "ion.popescu",
        "first_name": "Ion",
        "last_name": "Popescu",
        "email": "ion@example.org",
        "role": "partner",
    }
    password = added["initial_password"]
    assert isinstance(password, str)
    assert len(password) >= 15
    request = RequestFactory().post("/login/")
    assert authenticate(request, username="ion.popescu", password=password) is not None
    listing = client.get("/api/v1/organisations/centre-a/members").content.decode()
    assert password not in listing
    assert not AuditEntry.objects.filter(data__icontains=password).exists()


def test_adding_an_existing_person_returns_no_password(people, api_as):
    response = _add_member(api_as(people["admin"]), "centre-a", username="teacher", role="partner")

    assert response.status_code == 201
    assert response.json()["initial_password"] is None
    assert Membership.objects.filter(
        user=people["teacher"], organisation__code="centre-a", role="partner"
    ).exists()


def test_adding_a_role_twice_is_a_conflict_on_role(people, api_as):
    response = _add_member(
        api_as(people["admin"]), "centre-a", username="caseworker", role="caseworker"
    )

    body = assert_problem(response, 409)
    assert error_fields(body) == {"role"}
    assert Membership.objects.filter(user=people["caseworker"]).count() == 1


def test_a_role_the_organisation_kind_cannot_hold_is_refused_naming_role(people, api_as):
    response = _add_member(
        api_as(people["admin"]), "centre-a", username="new.coordinator", role="coordinator"
    )

    body = assert_problem(response, 422)
    assert error_fields(body) == {"role"}
    assert not User.objects.filter(username="new.coordinator").exists()


def test_a_bad_email_is_refused_naming_email(people, api_as):
    response = _add_member(
        api_as(people["admin"]), "centre-a", username="ana", role="partner", email="not-an-email"
    )

    body = assert_problem(response, 422)
    assert error_fields(body) == {"email"}
    assert not User.objects.filter(username="ana").exists()


def test_another_organisations_admin_cannot_add_members(people, api_as):
    response = _add_member(api_as(people["admin_b"]), "centre-a", username="mole", role="admin")

    assert_problem(response, 403)
    assert not User.objects.filter(username="mole").exists()


def test_removing_a_member_deletes_the_role_and_is_audited(people, api_as):
    victim = Membership.objects.get(user=people["caseworker"])

    response = api_as(people["admin"]).delete(f"/api/v1/members/{victim.pk}")

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=victim.pk).exists()
    entry = AuditEntry.objects.get(action="membership.delete")
    assert entry.data == {
        "user": people["caseworker"].pk,
        "organisation": "centre-a",
        "role": "caseworker",
    }


def test_an_admin_cannot_remove_their_own_admin_role(people, api_as):
    own = Membership.objects.get(user=people["admin"], role=Role.ADMIN)

    response = api_as(people["admin"]).delete(f"/api/v1/members/{own.pk}")

    assert_problem(response, 409)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_another_organisations_membership_does_not_exist_for_an_admin(people, api_as):
    theirs = Membership.objects.get(user=people["admin_b"])

    response = api_as(people["admin"]).delete(f"/api/v1/members/{theirs.pk}")

    assert_problem(response, 404)
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_reading_the_members_is_audited(people, api_as):
    response = api_as(people["admin"]).get("/api/v1/organisations/centre-a/members")

    assert response.status_code == 200
    usernames = [m["username"] for m in response.json()["results"]]
    assert sorted(usernames) == ["admin", "caseworker", "dpo", "migrant"]
    entry = AuditEntry.objects.get(action="organisation.members.read")
    assert (entry.object_type, entry.object_id, entry.actor) == (
        "organisation",
        "centre-a",
        people["admin"],
    )
    assert entry.break_glass is False


# --- Tokens -------------------------------------------------------------------------------


def test_a_new_token_shows_its_secret_once_and_stores_only_a_digest(people, client_for):
    client = client_for(people["admin"])

    response = client.post("/api/v1/tokens", {"name": "nightly export"}, "application/json")

    assert response.status_code == 201
    created = response.json()
    secret = created["secret"]
    assert secret.startswith(f"itg_{created['token']['prefix']}_")
    stored = ApiToken.objects.get(prefix=created["token"]["prefix"])
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    # The random part may itself contain "_": cut the known prefix off instead.
    random_part = secret.removeprefix(f"itg_{created['token']['prefix']}_")
    assert len(random_part) >= 20
    for field in ApiToken._meta.concrete_fields:
        value = str(field.value_from_object(stored))
        assert secret not in value
        assert random_part not in value
    assert not AuditEntry.objects.filter(data__icontains=random_part).exists()
    listing = client.get("/api/v1/tokens")
    assert random_part not in listing.content.decode()
    assert all("secret" not in token for token in listing.json()["results"])


def test_a_new_token_works_at_once_and_expires_as_asked(people, client_for):
    response = client_for(people["admin"]).post(
        "/api/v1/tokens", {"name": "short", "expires_in_days": 7}, "application/json"
    )

    token = response.json()["token"]
    expires = parse_datetime(token["expires_at"]) - parse_datetime(token["created_at"])
    assert expires == timedelta(days=7)
    assert bearer(response.json()["secret"]).get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("days", [0, -1, settings.INTEGRA_TOKEN_MAX_DAYS + 1, 100_000])
def test_a_lifetime_out_of_range_is_refused_naming_expires_in_days(days, people, client_for):
    response = client_for(people["admin"]).post(
        "/api/v1/tokens", {"name": "x", "expires_in_days": days}, "application/json"
    )

    body = assert_problem(response, 422)
    assert error_fields(body) == {"expires_in_days"}
    assert not ApiToken.objects.exists()


def test_a_token_cannot_be_limited_to_someone_elses_membership(people, client_for):
    theirs = Membership.objects.get(user=people["admin_b"])

    response = client_for(people["admin"]).post(
        "/api/v1/tokens", {"name": "x", "membership_id": theirs.pk}, "application/json"
    )

    body = assert_problem(response, 422)
    assert error_fields(body) == {"membership_id"}


def test_a_token_cannot_mint_another_token(people, api_as):
    response = api_as(people["admin"]).post("/api/v1/tokens", {"name": "child"}, "application/json")

    assert_problem(response, 403)
    assert ApiToken.objects.filter(user=people["admin"]).count() == 1


def test_a_revoked_token_stops_working(people):
    created = _stored_token(people["admin"])
    client = bearer(created.secret)

    response = client.delete(f"/api/v1/tokens/{created.token.prefix}")

    assert response.status_code == 204
    assert response.content == b""
    assert_problem(client.get("/api/v1/me"), 401)
    assert AuditEntry.objects.filter(action="token.revoke", object_id=created.token.prefix).exists()


def test_revoking_someone_elses_token_is_not_found_and_leaves_it_alive(people, api_as):
    theirs = _stored_token(people["admin_b"])

    response = api_as(people["admin"]).delete(f"/api/v1/tokens/{theirs.token.prefix}")

    assert_problem(response, 404)
    assert bearer(theirs.secret).get("/api/v1/me").status_code == 200


def test_the_token_list_shows_only_my_tokens_newest_first(people, client_for):
    actor = access.actor_for(people["admin"])
    start = timezone.now() - timedelta(days=3)
    for day, name in enumerate(["first", "second", "third"]):
        services.token_create(
            actor=actor, name=name, expires_in_days=30, now=start + timedelta(days=day)
        )
    _stored_token(people["admin_b"])

    response = client_for(people["admin"]).get("/api/v1/tokens", {"page_size": 2})

    page = response.json()
    rest = client_for(people["admin"]).get(page["next"]).json()
    assert [t["name"] for t in page["results"] + rest["results"]] == ["third", "second", "first"]


# --- Break-glass --------------------------------------------------------------------------


def _break_glass(client: Client, **overrides: object):
    body = {"record_type": "organisation", "record_id": "centre-b", "reason": REASON}
    return client.post("/api/v1/break-glass", {**body, **overrides}, "application/json")


def test_a_short_reason_is_refused_naming_reason(people, api_as):
    response = _break_glass(api_as(people["caseworker"]), reason="because")

    body = assert_problem(response, 422)
    assert error_fields(body) == {"reason"}
    assert not AuditEntry.objects.filter(action="break_glass.open").exists()


@pytest.mark.parametrize(
    ("reason", "status"),
    [("x" * 14, 422), ("x" * 15, 201), ("   " + "x" * 14 + "   ", 422)],
    ids=["fourteen", "fifteen", "fourteen-padded"],
)
def test_a_reason_needs_fifteen_characters(reason, status, people, api_as):
    response = _break_glass(api_as(people["caseworker"]), reason=reason)

    assert response.status_code == status


def test_an_unknown_record_type_is_refused_naming_record_type(people, api_as):
    response = _break_glass(api_as(people["caseworker"]), record_type="passport")

    body = assert_problem(response, 422)
    assert error_fields(body) == {"record_type"}


def test_break_glass_on_a_record_that_does_not_exist_is_not_found(people, api_as):
    response = _break_glass(api_as(people["caseworker"]), record_id="atlantis")

    assert_problem(response, 404)


def test_break_glass_opens_another_organisations_members_for_the_configured_hours(people, api_as):
    client = api_as(people["caseworker"])
    assert_problem(client.get("/api/v1/organisations/centre-b/members"), 403)

    opened = _break_glass(client)
    members = client.get("/api/v1/organisations/centre-b/members")

    assert opened.status_code == 201
    grant = opened.json()
    lasts = parse_datetime(grant["expires_at"]) - parse_datetime(grant["opened_at"])
    assert lasts == timedelta(hours=settings.INTEGRA_BREAK_GLASS_HOURS)
    assert members.status_code == 200
    assert [m["username"] for m in members.json()["results"]] == ["admin_b"]
    flagged = AuditEntry.objects.filter(object_id="centre-b").order_by("id")
    assert [(e.action, e.break_glass) for e in flagged] == [
        ("break_glass.open", True),
        ("organisation.members.read", True),
    ]
    assert flagged[0].purpose == REASON


@pytest.mark.parametrize(
    ("past_the_end", "status"),
    [(timedelta(minutes=-10), 200), (timedelta(minutes=10), 403)],
    ids=["ten-minutes-left", "ten-minutes-over"],
)
def test_break_glass_ends_after_the_configured_hours(past_the_end, status, people, api_as):
    hours = timedelta(hours=settings.INTEGRA_BREAK_GLASS_HOURS)
    services.break_glass_open(
        actor=access.actor_for(people["caseworker"]),
        record_type="organisation",
        record_id="centre-b",
        reason=REASON,
        now=timezone.now() - hours - past_the_end,
    )

    response = api_as(people["caseworker"]).get("/api/v1/organisations/centre-b/members")

    assert response.status_code == status


def test_break_glass_for_one_organisation_does_not_open_another(people, api_as):
    client = api_as(people["caseworker"])
    _break_glass(client, record_id="ngo")

    response = client.get("/api/v1/organisations/centre-b/members")

    assert_problem(response, 403)


# --- Audit search -------------------------------------------------------------------------


@pytest.fixture
def history(people, client_for) -> None:
    """Entries at centre-a (admin, caseworker) and centre-b (admin_b). Sessions, not
    tokens, so that no token.create entries of today get in the way."""
    admin_a = access.actor_for(people["admin"])
    for month in (1, 2, 3):
        services.token_create(
            actor=admin_a,
            name=f"month {month}",
            expires_in_days=30,
            now=datetime(2024, month, 10, 12, tzinfo=UTC),
        )
    services.token_create(
        actor=access.actor_for(people["admin_b"]),
        name="b's",
        expires_in_days=30,
        now=datetime(2024, 2, 10, 12, tzinfo=UTC),
    )
    client_for(people["admin"]).patch(
        "/api/v1/organisations/centre-a", {"region": "Centre"}, "application/json"
    )
    client_for(people["admin_b"]).patch(
        "/api/v1/organisations/centre-b", {"region": "North"}, "application/json"
    )
    _break_glass(client_for(people["caseworker"]))


def _search(client: Client, **filters: object) -> list[dict]:
    url = "/api/v1/audit?" + "&".join(f"{k}={v}" for k, v in filters.items())
    return [entry for page in walk(client, url) for entry in page["results"]]


@pytest.mark.usefixtures("history")
def test_a_dpo_sees_their_organisations_entries_and_no_others(people, client_for):
    entries = _search(client_for(people["dpo"]))

    assert entries
    assert {e["organisation"] for e in entries} == {"centre-a"}
    assert "admin_b" not in {e["actor"] for e in entries}
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)


@pytest.mark.usefixtures("history")
def test_a_dpo_cannot_filter_their_way_into_another_organisation(people, client_for):
    entries = _search(client_for(people["dpo"]), organisation="centre-b")

    assert entries == []


@pytest.mark.usefixtures("history")
def test_the_audit_search_filters_by_action_prefix(people, client_for):
    entries = _search(client_for(people["dpo"]), action="organisation.")

    assert {e["action"] for e in entries} == {"organisation.update"}
    assert {e["object_id"] for e in entries} == {"centre-a"}


@pytest.mark.usefixtures("history")
def test_the_audit_search_filters_by_object_type(people, client_for):
    entries = _search(client_for(people["dpo"]), object_type="token")

    assert [(e["action"], e["object_type"]) for e in entries] == [("token.create", "token")] * 3
    assert [e["at"][:7] for e in entries] == ["2024-03", "2024-02", "2024-01"]


@pytest.mark.usefixtures("history")
def test_the_audit_search_filters_by_dates_including_the_last_day(people, client_for):
    entries = _search(client_for(people["dpo"]), since="2024-02-01", until="2024-02-10")

    assert [(e["action"], e["at"][:10]) for e in entries] == [("token.create", "2024-02-10")]


@pytest.mark.usefixtures("history")
def test_the_audit_search_filters_break_glass_only(people, client_for):
    entries = _search(client_for(people["dpo"]), break_glass_only="true")

    assert [(e["action"], e["actor"], e["break_glass"]) for e in entries] == [
        ("break_glass.open", "caseworker", True)
    ]
    assert entries[0]["purpose"] == REASON


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("query", ["until=9999-12-31", "since=0001-01-01&until=9999-12-31"])
def test_the_audit_search_accepts_the_widest_dates(query, people, client_for):
    client = client_for(people["dpo"])
    client.raise_request_exception = False

    response = client.get(f"/api/v1/audit?{query}")

    assert response.status_code == 200, response.content[:300]
    assert {e["organisation"] for e in response.json()["results"]} == {"centre-a"}


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("persona", ["analyst", "caseworker", "admin"])
def test_only_data_protection_officers_search_the_audit_log(persona, people, api_as):
    response = api_as(people[persona]).get("/api/v1/audit", {"organisation": "centre-a"})

    body = assert_problem(response, 403)
    assert "results" not in body
