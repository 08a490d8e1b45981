"""Input and output shapes of the core API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from integra.core import selectors
from integra.core.models import ApiToken, AuditEntry, Notification, Organisation
from integra.core.roles import Level, OrganisationKind, Role

# PostgreSQL cannot store NUL characters: refuse them as bad input (422), not a 500.
NO_NUL = r"^[^\x00]*$"
CODE = r"^[-a-zA-Z0-9_]+$"


class ProblemError(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    request_id: str
    errors: list[ProblemError] | None = None


class OrganisationRef(Schema):
    code: str
    name: str
    kind: OrganisationKind


class MembershipOut(Schema):
    id: int
    organisation: OrganisationRef
    role: Role


class MeOut(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    language: str
    authenticated_via: str
    acting_organisation: str | None
    memberships: list[MembershipOut]


class OrganisationOut(Schema):
    code: str
    name: str
    kind: OrganisationKind
    level: Level
    parent: str | None
    country: str
    region: str
    locality: str
    is_active: bool

    @staticmethod
    def resolve_parent(obj: Organisation) -> str | None:
        return obj.parent.code if obj.parent else None


class OrganisationIn(Schema):
    code: str = Field(min_length=1, max_length=64, pattern=CODE)
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    kind: OrganisationKind
    level: Level
    country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")
    parent: str | None = Field(default=None, max_length=64, pattern=CODE)
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    locality: str = Field(default="", max_length=100, pattern=NO_NUL)


class OrganisationPatch(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=NO_NUL)
    level: Level | None = None
    region: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    locality: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    is_active: bool | None = None


class MemberOut(Schema):
    id: int
    username: str = Field(alias="user.username")
    first_name: str = Field(alias="user.first_name")
    last_name: str = Field(alias="user.last_name")
    email: str = Field(alias="user.email")
    role: Role


class MemberIn(Schema):
    username: str = Field(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    role: Role
    email: str = Field(default="", max_length=254, pattern=NO_NUL)
    first_name: str = Field(default="", max_length=150, pattern=NO_NUL)
    last_name: str = Field(default="", max_length=150, pattern=NO_NUL)


class NewMemberOut(Schema):
    member: MemberOut
    initial_password: str | None = Field(
        description="Shown once when the account is new; hand it over securely."
    )


class TokenOut(Schema):
    prefix: str
    name: str
    organisation: str | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @staticmethod
    def resolve_organisation(obj: ApiToken) -> str | None:
        return obj.membership.organisation.code if obj.membership else None


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    expires_in_days: int = Field(
        default=90,
        ge=1,
        le=3650,
        description="At most INTEGRA_TOKEN_MAX_DAYS (365 unless the operator changed it).",
    )
    membership_id: int | None = None


class NewTokenOut(Schema):
    token: TokenOut
    secret: str = Field(description="Shown once. Send it as 'Authorization: Bearer <secret>'.")


class BreakGlassIn(Schema):
    record_type: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    record_id: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    reason: str = Field(min_length=1, max_length=2000, pattern=NO_NUL)


class BreakGlassOut(Schema):
    record_type: str
    record_id: str
    reason: str
    opened_at: datetime
    expires_at: datetime


class AuditEntryOut(Schema):
    id: int
    at: datetime
    actor: str = Field(alias="actor_label")
    organisation: str | None
    action: str
    object_type: str
    object_id: str
    purpose: str
    request_id: str
    break_glass: bool

    @staticmethod
    def resolve_organisation(obj: AuditEntry) -> str | None:
        return obj.organisation.code if obj.organisation else None


class NotificationOut(Schema):
    """A message in my inbox, in my language, with the page of the record it names."""

    id: int
    text: str
    kind: str
    record_type: str
    record_id: str
    url: str = Field(description="The record's page; empty when it has none.")
    created_at: datetime
    read: bool

    @staticmethod
    def resolve_text(obj: Notification) -> str:
        return selectors.notification_views([obj])[0].text

    @staticmethod
    def resolve_url(obj: Notification) -> str:
        return selectors.notification_views([obj])[0].url

    @staticmethod
    def resolve_read(obj: Notification) -> bool:
        return obj.read_at is not None


class InboxReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = Field(
        default=None, max_length=1000, description="The notifications to mark read; null: all."
    )


class InboxReadOut(Schema):
    marked: int = Field(description="How many were unread and are now read.")
