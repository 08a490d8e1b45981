"""Input and output shapes of the registry API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ninja import Field, Schema

from integra.core.roles import OrganisationKind
from integra.core.schemas import NO_NUL
from integra.people.models import (
    CefrLevel,
    ConsentPurpose,
    DatePrecision,
    DocumentKind,
    ImportMode,
    ImportState,
    OtherNameKind,
    Recognition,
    Relationship,
    RequestKind,
    RequestStatus,
    Sex,
    StatusCategory,
)

if TYPE_CHECKING:
    from integra.people.models import (
        FamilyMemberAbroad,
        HouseholdMember,
        Language,
        LegalStatus,
        OtherName,
        Person,
        PersonImport,
        PersonMerge,
        Qualification,
        Request,
        RequestDocument,
        RequestEvent,
        WorkExperience,
    )


class PersonIn(Schema):
    given_name: str = Field(min_length=1, max_length=150, pattern=NO_NUL)
    family_name: str = Field(default="", max_length=150, pattern=NO_NUL)
    given_name_latin: str = Field(
        default="",
        max_length=150,
        pattern=NO_NUL,
        description="Suggested from given_name when left empty.",
    )
    family_name_latin: str = Field(default="", max_length=150, pattern=NO_NUL)
    sex: Sex = Sex.NOT_STATED
    birth_date: date | None = None
    birth_date_precision: DatePrecision = DatePrecision.EXACT
    birth_place: str = Field(default="", max_length=150, pattern=NO_NUL)
    citizenships: list[str] = Field(
        default_factory=list, max_length=10, description="ISO 3166-1 alpha-2 codes."
    )
    stateless: bool = False
    phone: str = Field(default="", max_length=32, pattern=NO_NUL)
    email: str = Field(default="", max_length=254, pattern=NO_NUL)
    education_level: int | None = Field(default=None, ge=0, le=8, description="ISCED 2011.")
    address: str = Field(default="", max_length=250, pattern=NO_NUL)
    locality: str = Field(default="", max_length=100, pattern=NO_NUL)


class PersonRegisterIn(PersonIn):
    confirm_new: bool = Field(
        default=False,
        description="Register even though likely existing records were found (409).",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "given_name": "Олександр",
                    "family_name": "Шевченко",
                    "sex": "male",
                    "birth_date": "1988-03-14",
                    "citizenships": ["UA"],
                    "phone": "+37369123456",
                }
            ]
        }
    }


class OtherNameIn(Schema):
    kind: OtherNameKind
    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    name_latin: str = Field(default="", max_length=300, pattern=NO_NUL)
    until: date | None = None


class OtherNameOut(Schema):
    kind: OtherNameKind
    name: str
    name_latin: str
    until: date | None


class LanguageIn(Schema):
    code: str = Field(min_length=2, max_length=3, pattern=r"^[A-Za-z]{2,3}$")
    declared_level: CefrLevel


class LanguageOut(Schema):
    code: str
    declared_level: CefrLevel
    assessed_level: str


class QualificationIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")
    isced_level: int = Field(ge=0, le=8)
    occupation: str = Field(default="", max_length=4, pattern=r"^[0-9]{0,4}$")
    recognition: Recognition = Recognition.NOT_REQUESTED


class QualificationOut(Schema):
    title: str
    country: str
    isced_level: int
    occupation: str
    recognition: Recognition


class ExperienceIn(Schema):
    occupation: str = Field(min_length=1, max_length=4, pattern=r"^[0-9]{1,4}$")
    years: Decimal = Field(ge=0, le=70, max_digits=4, decimal_places=1)
    country: str = Field(default="", max_length=2, pattern=r"^([A-Za-z]{2})?$")


class ExperienceOut(Schema):
    occupation: str
    years: Decimal
    country: str


class PersonOut(Schema):
    public_id: str
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    sex: Sex
    birth_date: date | None
    birth_date_precision: DatePrecision
    birth_place: str
    citizenships: list[str]
    other_names: list[OtherNameOut]
    stateless: bool
    phone: str
    email: str
    education_level: int | None
    languages: list[LanguageOut]
    qualifications: list[QualificationOut]
    work_experience: list[ExperienceOut]
    address: str
    locality: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_citizenships(obj: Person) -> list[str]:
        return sorted(c.country for c in obj.citizenships.all())

    @staticmethod
    def resolve_other_names(obj: Person) -> list[OtherName]:
        return list(obj.other_names.order_by("kind", "id"))

    @staticmethod
    def resolve_languages(obj: Person) -> list[Language]:
        return list(obj.languages.order_by("code"))

    @staticmethod
    def resolve_qualifications(obj: Person) -> list[Qualification]:
        return list(obj.qualifications.order_by("-isced_level", "id"))

    @staticmethod
    def resolve_work_experience(obj: Person) -> list[WorkExperience]:
        return list(obj.work_experience.order_by("-years", "id"))


class PersonListOut(Schema):
    public_id: str
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    sex: Sex
    birth_date: date | None
    citizenships: list[str]

    @staticmethod
    def resolve_citizenships(obj: Person) -> list[str]:
        return sorted(c.country for c in obj.citizenships.all())


class CandidateOut(Schema):
    public_id: str | None = Field(description="Empty when the record is outside your access.")
    name: str | None
    birth_date: date | None
    score: float


class StatusIn(Schema):
    category: StatusCategory
    valid_from: date
    valid_until: date | None = None
    decision_reference: str = Field(default="", max_length=100, pattern=NO_NUL)
    note: str = Field(default="", max_length=500, pattern=NO_NUL)


class StatusOut(Schema):
    category: StatusCategory
    valid_from: date
    valid_until: date | None
    decision_reference: str
    note: str
    recorded_by: str
    recorded_at: datetime

    @staticmethod
    def resolve_recorded_by(obj: LegalStatus) -> str:
        return obj.recorded_by.code


class DocumentIn(Schema):
    kind: DocumentKind
    number: str = Field(min_length=1, max_length=50, pattern=NO_NUL)
    issuing_country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")
    issued_on: date | None = None
    valid_until: date | None = None


class DocumentOut(Schema):
    kind: DocumentKind
    number: str = Field(description="Masked (••••123) unless you work on the case.")
    number_masked: bool
    issuing_country: str
    issued_on: date | None
    valid_until: date | None
    recorded_at: datetime


class VulnerabilityIn(Schema):
    unaccompanied_minor: bool | None = None
    single_parent: bool | None = None
    disability: bool | None = None
    elderly: bool | None = None
    victim_of_trafficking: bool | None = Field(
        default=None, description="Sensitive: only caseworkers who deliver services."
    )
    serious_medical_condition: bool | None = Field(
        default=None, description="Sensitive: only caseworkers who deliver services."
    )


class VulnerabilityOut(Schema):
    unaccompanied_minor: bool
    single_parent: bool
    disability: bool
    elderly: bool
    victim_of_trafficking: bool | None = Field(description="null when hidden from you.")
    serious_medical_condition: bool | None = Field(description="null when hidden from you.")


class ConsentIn(Schema):
    purpose: ConsentPurpose
    recipients: list[OrganisationKind] = Field(min_length=1, max_length=12)
    given_on: date
    expires_on: date | None = None


class ConsentOut(Schema):
    id: int
    purpose: ConsentPurpose
    recipients: list[str]
    given_on: date
    expires_on: date | None
    withdrawn_on: date | None


class HouseholdJoinIn(Schema):
    household: str | None = Field(
        default=None,
        pattern=r"^H-[0-9A-Z]{4}-[0-9A-Z]{4}$",
        description="Join this household; null starts a new one with the person as head.",
    )
    relationship: Relationship = Relationship.OTHER


class HouseholdMemberOut(Schema):
    person: str
    name: str
    relationship: Relationship
    joined_on: date
    left_on: date | None

    @staticmethod
    def resolve_person(obj: HouseholdMember) -> str:
        return obj.person.public_id

    @staticmethod
    def resolve_name(obj: HouseholdMember) -> str:
        return obj.person.name_latin


class HouseholdOut(Schema):
    public_id: str
    members: list[HouseholdMemberOut]


class ImportOut(Schema):
    public_id: str = Field(examples=["I-7K2M-Q9XD"])
    file_name: str
    file_size: int
    mode: ImportMode
    state: ImportState
    progress: int = Field(description="0 to 100: checking is the first half, saving the second.")
    rows_checked: int
    rows_rejected: int
    rows_created: int
    rows_updated: int
    message: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    errors_url: str | None = Field(
        description="The error report (CSV: row, column, reason, value), once there is one."
    )
    rejected_url: str | None = Field(
        description="The rejected rows (CSV), when only the valid rows were imported."
    )

    @staticmethod
    def resolve_errors_url(job: PersonImport) -> str | None:
        return f"/api/v1/imports/{job.public_id}/errors.csv" if job.report_path else None

    @staticmethod
    def resolve_rejected_url(job: PersonImport) -> str | None:
        return f"/api/v1/imports/{job.public_id}/rejected.csv" if job.rejected_path else None


class MergeIn(Schema):
    duplicate: str = Field(
        pattern=r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$",
        description="The other record of the same person; it is found no more after the merge.",
        examples=["P-3FQW-8KZP"],
    )
    reason: str = Field(
        min_length=10,
        max_length=500,
        pattern=NO_NUL,
        examples=["Same passport FA123456, confirmed with the person at the desk."],
    )


class MergeUndoIn(Schema):
    reason: str = Field(min_length=10, max_length=500, pattern=NO_NUL)


class MergeOut(Schema):
    public_id: str = Field(examples=["M-7K2M-Q9XD"])
    kept: str = Field(description="Public id of the record kept.")
    duplicate: str = Field(description="Public id of the record merged into it.")
    reason: str
    merged_at: datetime
    merged_by: str
    organisation: str
    moved: dict[str, int] = Field(
        description="How many rows of each kind moved to the record kept."
    )
    undone_at: datetime | None
    undo_reason: str

    @staticmethod
    def resolve_kept(merge: PersonMerge) -> str:
        return merge.kept.public_id

    @staticmethod
    def resolve_duplicate(merge: PersonMerge) -> str:
        return merge.duplicate.public_id

    @staticmethod
    def resolve_merged_by(merge: PersonMerge) -> str:
        return merge.merged_by.get_username()

    @staticmethod
    def resolve_organisation(merge: PersonMerge) -> str:
        return merge.organisation.code

    @staticmethod
    def resolve_moved(merge: PersonMerge) -> dict[str, int]:
        return {
            key: len(value) if isinstance(value, list) else 1
            for key, value in merge.moved.items()
            if value
        }


class RequestFilters(Schema):
    kind: RequestKind | None = None
    status: RequestStatus | None = None


class RequestIn(Schema):
    kind: RequestKind
    submitted_on: date
    note: str = Field(default="", max_length=500, pattern=NO_NUL)


class RequestStatusIn(Schema):
    status: RequestStatus = Field(description="Any status but submitted.")
    on: date
    note: str = Field(default="", max_length=500, pattern=NO_NUL)
    decision_reference: str = Field(
        default="", max_length=100, pattern=NO_NUL, description="Required when granted or refused."
    )


class FamilyMemberIn(Schema):
    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    name_latin: str = Field(default="", max_length=300, pattern=NO_NUL)
    relationship: Relationship
    birth_date: date | None = None
    country: str = Field(min_length=2, max_length=2, description="Where they live, ISO 3166.")


class FamilyMemberOut(Schema):
    name: str
    name_latin: str
    relationship: Relationship
    birth_date: date | None
    country: str


class RequestDocumentIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    received_on: date
    note: str = Field(default="", max_length=500, pattern=NO_NUL)


class RequestDocumentOut(Schema):
    title: str
    received_on: date
    note: str


class RequestEventOut(Schema):
    status: RequestStatus
    on: date
    note: str


class RequestOut(Schema):
    public_id: str = Field(examples=["R-7K2M-Q9XD"])
    person: str = Field(description="Public id of the applicant.")
    kind: RequestKind
    status: RequestStatus
    submitted_on: date
    decided_on: date | None
    decision_reference: str
    note: str
    history: list[RequestEventOut]
    members: list[FamilyMemberOut]
    documents: list[RequestDocumentOut]

    @staticmethod
    def resolve_person(request: Request) -> str:
        return request.person.public_id

    @staticmethod
    def resolve_history(request: Request) -> list[RequestEvent]:
        return list(request.events.all())

    @staticmethod
    def resolve_members(request: Request) -> list[FamilyMemberAbroad]:
        return list(request.members.order_by("pk"))

    @staticmethod
    def resolve_documents(request: Request) -> list[RequestDocument]:
        return list(request.documents.order_by("received_on", "pk"))


class HouseholdSplitIn(Schema):
    members: list[str] = Field(
        min_length=1,
        max_length=30,
        description="Public ids of the current members who move to the new household.",
    )
    head: str = Field(
        pattern=r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$", description="One of them: the new head."
    )
    remaining_head: str | None = Field(
        default=None,
        pattern=r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$",
        description="Required when the current head moves: who heads those who stay.",
    )


class HouseholdMergeIn(Schema):
    other: str = Field(
        pattern=r"^H-[0-9A-Z]{4}-[0-9A-Z]{4}$",
        description="The household whose members all join this one.",
    )
