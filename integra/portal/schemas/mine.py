"""Schemas of the portal's staff API: invitations, messages, appointments."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from integra.core.schemas import NO_NUL

PERSON_ID = r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$"
APPOINTMENT_ID = r"^T-[0-9A-Z]{4}-[0-9A-Z]{4}$"


class InvitationIn(Schema):
    channel: Literal["email", "sms"] = Field(
        description="`email`: a link and a code go to the person's e-mail address; `sms`: "
        "the answer carries the text to send (or the code to read out)."
    )


class InvitationOut(Schema):
    channel: str
    address: str
    code: str = Field(description="Shown once: only its digest is kept.")
    link: str = Field(description="Shown once: only its digest is kept.")
    expires_at: datetime
    sms_text: str


class AccountOut(Schema):
    person: str
    invited_at: datetime
    activated_at: datetime | None
    disabled_at: datetime | None


class MessageIn(Schema):
    body: str = Field(min_length=1, max_length=4000, pattern=NO_NUL)


class MessageOut(Schema):
    id: int
    sent_at: datetime
    from_person: bool
    organisation: str = Field(validation_alias="organisation.code")
    body: str
    read_at: datetime | None


class AppointmentIn(Schema):
    starts_at: datetime
    minutes: int = Field(30, ge=5, le=480)
    place: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    purpose: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    language: str = Field("", max_length=8, pattern=r"^[a-z-]*$")
    interpreter: bool = False


class AppointmentOut(Schema):
    id: str = Field(validation_alias="public_id")
    starts_at: datetime
    minutes: int
    place: str
    purpose: str
    language: str
    interpreter: bool
    organisation: str = Field(validation_alias="organisation.code")
    cancelled_at: datetime | None
