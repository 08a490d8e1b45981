"""The one place that decides who may see or do what.

Pages, the API and background tasks all ask here, through the selectors and
services. Nothing else in Integra compares roles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from integra.core.models import BreakGlassGrant, Membership, Organisation, User
from integra.core.roles import (
    PERSON_LEVEL_ROLES,
    PROTECTION_ROLES,
    STATUS_DECIDING_ROLES,
    OrganisationKind,
    Role,
)


@dataclass(frozen=True)
class Seat:
    """One membership as the policy sees it: a role held at an organisation."""

    membership_id: int
    organisation_id: int
    organisation_code: str
    organisation_name: str
    organisation_kind: str
    role: str


@dataclass(frozen=True)
class Actor:
    """Whoever is acting: a signed-in user, or a user through an API token."""

    user: User
    seats: tuple[Seat, ...]
    organisation_id: int | None = None
    token_id: int | None = None
    via: str = "session"
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_superuser(self) -> bool:
        return bool(self.user.is_superuser)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(seat.role for seat in self.seats)

    def organisations_with(self, *roles: str) -> frozenset[int]:
        return frozenset(seat.organisation_id for seat in self.seats if seat.role in roles)

    def has_role(self, *roles: str) -> bool:
        return any(seat.role in roles for seat in self.seats)

    @property
    def label(self) -> str:
        return self.user.get_username()


def actor_for(
    user: User,
    *,
    membership_id: int | None = None,
    token_id: int | None = None,
    active_membership_id: int | None = None,
) -> Actor:
    """Builds the actor for a user, limited to one membership when a token says so."""
    memberships = Membership.objects.filter(user=user, organisation__is_active=True)
    if membership_id is not None:
        memberships = memberships.filter(pk=membership_id)
    seats = tuple(
        Seat(
            m.pk,
            m.organisation_id,
            m.organisation.code,
            m.organisation.name,
            m.organisation.kind,
            m.role,
        )
        for m in memberships.select_related("organisation").order_by("organisation_id", "pk")
    )
    acting = next((s for s in seats if s.membership_id == active_membership_id), None)
    if acting is None and seats:
        acting = seats[0]
    return Actor(
        user=user,
        seats=seats,
        organisation_id=acting.organisation_id if acting else None,
        token_id=token_id,
        via="token" if token_id else "session",
    )


# --- Sign-in -----------------------------------------------------------------------


def requires_two_factor(user: User) -> bool:
    """Everyone who can see person-level data signs in with a second factor."""
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=PERSON_LEVEL_ROLES).exists()


# --- Organisations -----------------------------------------------------------------


def subtree_ids(roots: Iterable[int]) -> set[int]:
    """The given organisations and every organisation below them."""
    found = set(roots)
    frontier = set(found)
    while frontier:
        children = set(
            Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = children - found
        found |= frontier
    return found


def administered_organisation_ids(actor: Actor) -> set[int] | None:
    """Organisations the actor administers; ``None`` means all of them."""
    if actor.is_superuser:
        return None
    key = "administered"
    if key not in actor._cache:
        actor._cache[key] = subtree_ids(actor.organisations_with(Role.ADMIN))
    cached = actor._cache[key]
    assert isinstance(cached, set)
    return cached


def organisation_scope(actor: Actor) -> Q:
    """Which organisations the actor may list: all staff see the directory."""
    if actor.is_superuser or actor.seats:
        staff_roles = actor.roles - {Role.MIGRANT}
        if actor.is_superuser or staff_roles:
            return Q()
    return Q(pk__in=[])


def can_manage_organisation(actor: Actor, organisation: Organisation) -> bool:
    administered = administered_organisation_ids(actor)
    return administered is None or organisation.pk in administered


def uses_directory(actor: Actor) -> bool:
    """Roles that work with partners look organisations up in the directory."""
    return actor.has_role(
        Role.CASEWORKER, Role.COORDINATOR, Role.PARTNER, Role.TEACHER, Role.INSPECTOR
    )


def sees_aggregates_only(actor: Actor) -> bool:
    """Analysts see statistics, never a person (ARCHITECTURE.md rule 1)."""
    return actor.roles == {Role.ANALYST} and not actor.is_superuser


def can_create_organisation(actor: Actor, parent: Organisation | None) -> bool:
    if parent is None:
        return actor.is_superuser
    return can_manage_organisation(actor, parent)


def can_manage_user(actor: Actor, user: User) -> bool:
    """Resetting someone's password or second factor takes over their account, so an
    administrator may do it only if they administer every organisation the person
    belongs to, and never for a system administrator unless they are one."""
    if user.pk == actor.user.pk:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser or user.is_staff:
        return False
    administered = administered_organisation_ids(actor)
    assert administered is not None
    organisations = set(
        Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    return bool(organisations) and organisations <= administered


def can_administer(actor: Actor) -> bool:
    return actor.is_superuser or actor.has_role(Role.ADMIN)


def can_see_members(actor: Actor, organisation: Organisation, *, now: datetime) -> bool:
    """Member lists hold staff's personal data: admins over the organisation only,
    or anyone with a live break-glass grant for it."""
    if can_manage_organisation(actor, organisation):
        return True
    return has_break_glass(actor, "organisation", organisation.code, now=now)


# --- Cases (a person's record) ----------------------------------------------------------


def case_scope(actor: Actor) -> set[int] | None:
    """Organisations whose cases the actor may see; ``None`` means every case.

    Need to know (ARCHITECTURE.md rule 1): caseworkers see the cases their
    organisation (or a unit below it) is responsible for; coordinators of the
    coordinating authority see the national picture. Administrators, analysts,
    inspectors and everyone else see no person through the registry; partners
    will through referrals the person consented to.
    """
    if actor.has_role(Role.COORDINATOR):
        return None
    caseworker_orgs = actor.organisations_with(Role.CASEWORKER)
    return subtree_ids(caseworker_orgs) if caseworker_orgs else set()


def todo_scope(actor: Actor) -> set[int]:
    """Organisations whose to-dos the actor works on: where they are a caseworker,
    and the units below."""
    return subtree_ids(actor.organisations_with(Role.CASEWORKER))


def uses_registry(actor: Actor) -> bool:
    return case_scope(actor) != set()


def can_see_case(actor: Actor, *, responsible: set[int], record_id: str, now: datetime) -> bool:
    scope = case_scope(actor)
    if scope is None or scope & responsible:
        return True
    return can_break_glass(actor, "person") and has_break_glass(actor, "person", record_id, now=now)


def can_register_person(actor: Actor) -> bool:
    """Caseworkers register people, for the organisation they act for."""
    return any(
        seat.role == Role.CASEWORKER and seat.organisation_id == actor.organisation_id
        for seat in actor.seats
    )


def can_import_persons(actor: Actor) -> bool:
    """Loading a file of people is registering each of them: caseworkers, for the
    organisation they act for."""
    return can_register_person(actor)


def can_see_import(actor: Actor, *, organisation_id: int) -> bool:
    """An import's error report and rejected rows hold personal data: for those who
    see the importing organisation's cases."""
    scope = case_scope(actor)
    return scope is None or organisation_id in scope


def can_undo_merge(actor: Actor, *, responsible: set[int]) -> bool:
    """Undoing a merge of two records is for administrators of an organisation
    responsible for the record kept (and the national administrators above it)."""
    administered = administered_organisation_ids(actor)
    return administered is None or bool(administered & responsible)


def can_see_legal_status(actor: Actor) -> bool:
    """The firewall (ARCHITECTURE.md rule 2): legal status is for the roles that
    work on the case, never for inspectors or complaint handlers (who must be
    trusted by workers in any status), nor analysts (aggregates only). Checked on
    top of access to the case itself."""
    return actor.has_role(Role.CASEWORKER, Role.COORDINATOR) and not actor.has_role(
        *PROTECTION_ROLES
    )


def can_see_sensitive_flags(actor: Actor) -> bool:
    """Health and trafficking indicators (the firewall): caseworkers who deliver
    services see them; anyone who also decides residence status, inspects or
    analyses does not."""
    return actor.has_role(Role.CASEWORKER) and not actor.has_role(
        *STATUS_DECIDING_ROLES, *PROTECTION_ROLES, Role.ANALYST
    )


def can_see_document_numbers(actor: Actor, *, responsible: set[int]) -> bool:
    """Full document numbers for those working on the case; masked for anyone
    reading through break-glass."""
    return can_change_case(actor, responsible=responsible)


def can_change_case(actor: Actor, *, responsible: set[int]) -> bool:
    scope = case_scope(actor)
    return scope is None or bool(scope & responsible)


# --- Programmes, plans and assessments -----------------------------------------------------


def can_manage_programmes(actor: Actor) -> bool:
    """Programmes and assessment questionnaires are national policy (R6): set by
    the coordinating authority."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_see_programmes(actor: Actor) -> bool:
    """Staff who work on cases or with partners read the programmes."""
    return actor.is_superuser or (bool(actor.roles - {Role.MIGRANT, Role.ANALYST}))


def can_write_plan(actor: Actor, *, responsible: set[int]) -> bool:
    """Plans and assessments are written by caseworkers of an organisation
    responsible for the case (coordinators read them, and may not change them)."""
    return bool(todo_scope(actor) & responsible)


def can_reassign_plans(actor: Actor, *, organisation_id: int) -> bool:
    """A team's supervisor is a caseworker who also administers the organisation
    (or one above it): they move plans between the team's caseworkers, e.g. when
    someone leaves or is overloaded."""
    if organisation_id not in todo_scope(actor):
        return False
    administered = administered_organisation_ids(actor)
    return administered is None or organisation_id in administered


# --- Partner directory, partnerships and referrals ---------------------------------------

# Roles that work with the directory: the staff who refer, receive and coordinate.
DIRECTORY_ROLES = frozenset({Role.CASEWORKER, Role.PARTNER, Role.COORDINATOR, Role.TEACHER})
# Who, at the receiving organisation, handles the referrals it receives.
RECEIVING_ROLES = frozenset({Role.PARTNER, Role.CASEWORKER})


def can_search_directory(actor: Actor) -> bool:
    """The internal directory (capacity, internal notes): staff who refer to,
    receive from or coordinate partners, and the administrators who may describe
    their organisations' services. Everyone else reads the public one."""
    return actor.is_superuser or actor.has_role(*DIRECTORY_ROLES, Role.ADMIN)


def can_manage_services(actor: Actor, *, organisation_id: int) -> bool:
    """An organisation's services are described by its own partner agents and
    caseworkers (and administrators above it); coordinators keep the whole
    directory."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    own = actor.organisations_with(*RECEIVING_ROLES)
    administered = administered_organisation_ids(actor)
    return organisation_id in own or bool(administered and organisation_id in administered)


def can_manage_partnerships(actor: Actor) -> bool:
    """Memoranda of understanding are concluded under the coordinating authority."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_see_partnership(actor: Actor, *, parties: set[int]) -> bool:
    """A partnership is read by coordinators and by the staff of its parties and
    of the units below them, who work under it."""
    if can_manage_partnerships(actor):
        return True
    return bool(subtree_ids(parties) & actor.organisations_with(*DIRECTORY_ROLES))


def can_refer(actor: Actor, *, responsible: set[int]) -> bool:
    """Referring is part of the plan: caseworkers responsible for the case."""
    return can_write_plan(actor, responsible=responsible)


def can_handle_referral(actor: Actor, *, to_organisation: int) -> bool:
    """The receiving organisation's partner agents and caseworkers accept, decline
    and complete what it receives."""
    return to_organisation in actor.organisations_with(*RECEIVING_ROLES)


def can_see_referral(
    actor: Actor, *, from_organisation: int, to_organisation: int, responsible: set[int]
) -> bool:
    """The receiving side sees what the referral shares; the sending side (those
    who see the case) sees the referral and how it goes."""
    if can_handle_referral(actor, to_organisation=to_organisation):
        return True
    scope = case_scope(actor)
    return scope is None or bool(scope & (responsible | {from_organisation}))


def can_manage_volunteers(actor: Actor, *, organisation_id: int) -> bool:
    """An organisation's volunteers (with their contact details and vetting) are
    kept by its own staff, as its services are."""
    return can_manage_services(actor, organisation_id=organisation_id)


def can_see_volunteers(actor: Actor) -> bool:
    """Those who match volunteers to people, and those who keep them (the
    organisation's staff and administrators)."""
    return actor.is_superuser or actor.has_role(
        Role.CASEWORKER, Role.PARTNER, Role.COORDINATOR, Role.ADMIN
    )


# --- Courses and exams ------------------------------------------------------------------


def can_manage_curricula(actor: Actor) -> bool:
    """Curricula, tests and the programmes' quality criteria are national policy
    (R13, R14): set by the coordinating authority."""
    return can_manage_programmes(actor)


def can_see_courses(actor: Actor) -> bool:
    """The catalogue (courses, places, dates; no learner) is for the staff who
    plan, teach, enrol or coordinate."""
    return actor.is_superuser or actor.has_role(Role.CASEWORKER, Role.TEACHER, Role.COORDINATOR)


def course_provider_ids(actor: Actor) -> set[int] | None:
    """Providers whose courses the actor plans; ``None`` means every provider.
    Teachers plan their own organisation's courses; coordinators any."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return None
    return set(actor.organisations_with(Role.TEACHER))


def can_plan_courses(actor: Actor, *, provider_id: int) -> bool:
    providers = course_provider_ids(actor)
    return providers is None or provider_id in providers


def can_manage_teachers(actor: Actor, *, provider_id: int) -> bool:
    """Teachers' records (and so their qualifications, which the quality criteria
    rely on) are kept by the provider's administrators and by coordinators, never
    by the teachers themselves."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    administered = administered_organisation_ids(actor)
    return administered is None or provider_id in administered


def can_teach(actor: Actor, *, teacher_user_id: int | None, provider_id: int) -> bool:
    """A class's list, register and results are for its own teacher: a teacher
    sees only their classes."""
    return (
        teacher_user_id is not None
        and teacher_user_id == actor.user.pk
        and provider_id in actor.organisations_with(Role.TEACHER)
    )


def can_see_class(actor: Actor, *, teacher_user_id: int | None, provider_id: int) -> bool:
    """The whole class: its teacher, and coordinators (who see the national picture).
    Caseworkers see their own cases' enrolments only."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    return can_teach(actor, teacher_user_id=teacher_user_id, provider_id=provider_id)


def can_enrol(actor: Actor, *, responsible: set[int]) -> bool:
    """Enrolment is part of the plan: caseworkers responsible for the case."""
    return can_write_plan(actor, responsible=responsible)


def can_import_results(actor: Actor, *, provider_id: int, is_examiner: bool) -> bool:
    """A file of results (an exam sitting's) is loaded by a licensed examiner of
    the provider, for the provider's courses."""
    return is_examiner and provider_id in actor.organisations_with(Role.TEACHER)


def can_revoke_certificates(actor: Actor) -> bool:
    """A certificate that should not have been issued (a result recorded for the
    wrong person, fraud at an exam) is revoked by the coordinating authority,
    whose exam others rely on (R14)."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_see_course_statistics(actor: Actor) -> bool:
    """Enrolment, completion and pass rates (aggregates): coordinators, analysts,
    and the providers' staff."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR, Role.ANALYST, Role.TEACHER)


# --- The migrants' portal -------------------------------------------------------------------


def is_migrant(actor: Actor) -> bool:
    """A migrant's own account: it signs in to the portal and nowhere else."""
    return bool(actor.user.portal_only) and not actor.seats and not actor.is_superuser


def can_see_own(actor: Actor, *, account_user_id: int | None) -> bool:
    """A migrant sees the records of the person their account belongs to."""
    return is_migrant(actor) and account_user_id is not None and account_user_id == actor.user.pk


def can_see_household_member(
    *,
    viewer_relationship: str,
    member_relationship: str,
    member_is_minor: bool,
    member_shares: bool,
) -> bool:
    """Where a migrant may see a member of their current household: the children
    of the household, for its head and the head's spouse or partner; any adult
    member who chose to share with their household. Never an adult who did not."""
    if member_is_minor:
        return member_relationship == "child" and viewer_relationship in {"head", "spouse"}
    return member_shares


def can_invite_to_portal(actor: Actor, *, responsible: set[int]) -> bool:
    """Caseworkers responsible for the case invite the person to the portal, or
    send a new invitation or disable the account."""
    return can_write_plan(actor, responsible=responsible)


def can_message(actor: Actor, *, responsible: set[int]) -> bool:
    """Messages with the person are part of the case: its caseworkers."""
    return bool(subtree_ids(actor.organisations_with(Role.CASEWORKER)) & responsible)


def can_set_appointments(actor: Actor, *, responsible: set[int]) -> bool:
    return can_message(actor, responsible=responsible)


EDITOR_KINDS = frozenset(
    {OrganisationKind.NGO, OrganisationKind.LEGAL_AID, OrganisationKind.INTEGRATION_CENTRE}
)


def can_edit_articles(actor: Actor) -> bool:
    """Rights information is written by the coordinating authority and by the
    integration centres, NGOs and legal-aid providers that counsel migrants."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    return any(
        seat.organisation_kind in EDITOR_KINDS
        and seat.role in {Role.CASEWORKER, Role.PARTNER, Role.INSPECTOR, Role.ADMIN}
        for seat in actor.seats
    )


def can_publish_articles(actor: Actor, *, last_editor_id: int) -> bool:
    """Four eyes: the coordinating authority publishes, never its own last edit."""
    if last_editor_id == actor.user.pk:
        return False
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_post_vacancies(actor: Actor, *, organisation_kind: str) -> bool:
    """Employers and employment offices publish vacancies open to foreign workers;
    the coordinating authority may for any of them."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    return organisation_kind in {
        OrganisationKind.EMPLOYER,
        OrganisationKind.EMPLOYMENT_OFFICE,
    } and any(seat.organisation_kind == organisation_kind for seat in actor.seats)


def can_see_article_drafts(actor: Actor) -> bool:
    """Drafts, reviews and the translation status are for the editors."""
    return can_edit_articles(actor)


def can_manage_vacancy(actor: Actor, *, organisation_id: int, organisation_kind: str) -> bool:
    """A vacancy is kept by the employer or employment office that posted it, and
    by the coordinating authority."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    return organisation_kind in {
        OrganisationKind.EMPLOYER,
        OrganisationKind.EMPLOYMENT_OFFICE,
    } and any(seat.organisation_id == organisation_id for seat in actor.seats)


# --- Protection: complaints and recruitment agencies (behind the firewall) ------------------

# Complaints are handled by inspectors: at the labour inspectorate, and at the
# legal-aid NGOs that take complaints (ARCHITECTURE.md: "who uses it").
COMPLAINT_KINDS = frozenset({OrganisationKind.LABOUR_INSPECTORATE, OrganisationKind.LEGAL_AID})
# Agencies are licensed by the labour authorities: the inspectorate and the
# employment offices (Moldova's ANOFM keeps the register of private agencies).
LICENSING_KINDS = frozenset(
    {OrganisationKind.LABOUR_INSPECTORATE, OrganisationKind.EMPLOYMENT_OFFICE}
)


def complaint_scope(actor: Actor) -> set[int]:
    """The organisations whose complaints the actor handles: where they are an
    inspector at a complaint-handling organisation, and the units below it.
    The firewall: a role that can see legal status sees no complaint, even one it
    lodged for a worker, whatever else it holds."""
    if actor.has_role(*STATUS_DECIDING_ROLES, Role.CASEWORKER, Role.ANALYST):
        return set()
    roots = {
        seat.organisation_id
        for seat in actor.seats
        if seat.role == Role.INSPECTOR and seat.organisation_kind in COMPLAINT_KINDS
    }
    return subtree_ids(roots) if roots else set()


def handles_complaints(actor: Actor) -> bool:
    return bool(complaint_scope(actor))


def can_see_complaint(actor: Actor, *, routed_to: int | None) -> bool:
    """A complaint is seen by the inspectors of the organisation it was routed to
    (one not yet routed: by every complaint handler, for triage)."""
    scope = complaint_scope(actor)
    return bool(scope) and (routed_to is None or routed_to in scope)


def can_lodge_for_worker(actor: Actor) -> bool:
    """A complaint may be lodged on a worker's behalf by an NGO, an inspector or a
    caseworker: they write it and hand the worker its code; they never read it
    back (unless they handle complaints)."""
    return actor.has_role(Role.INSPECTOR, Role.PARTNER, Role.CASEWORKER) and (
        actor.organisation_id is not None
    )


def can_manage_complaint_routing(actor: Actor) -> bool:
    """Where complaints go is set by the labour inspectorate's inspectors."""
    return handles_complaints(actor) and any(
        seat.role == Role.INSPECTOR
        and seat.organisation_kind == OrganisationKind.LABOUR_INSPECTORATE
        for seat in actor.seats
    )


def can_license_agencies(actor: Actor) -> bool:
    """The licensing authority's staff register agencies, decide licences and
    record violations; coordinators may too (the national picture)."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    return any(
        seat.organisation_kind in LICENSING_KINDS
        and seat.role in {Role.INSPECTOR, Role.PARTNER, Role.ADMIN}
        for seat in actor.seats
    )


def can_see_agency_complaint_counts(actor: Actor) -> bool:
    """How many complaints name an agency (counts per status, never a complaint):
    the licensing staff, but not a role that decides residence status (the
    firewall keeps even the numbers from it)."""
    return can_license_agencies(actor) and not actor.has_role(*STATUS_DECIDING_ROLES)


def can_see_agencies(actor: Actor) -> bool:
    """The register with its violations and contracts: the licensing staff and
    every complaint handler (an agency named in a complaint is looked up)."""
    return can_license_agencies(actor) or handles_complaints(actor)


# --- Protection: labour inspection, incidents, legal counselling (behind the firewall) ----

# The roles that never see what the firewall guards, whatever else they hold:
# those that decide or record residence status, and the analysts (who see
# statistics only, through disclosure control).
FIREWALLED_ROLES = frozenset({*STATUS_DECIDING_ROLES, Role.CASEWORKER, Role.ANALYST})


def _protection_scope(actor: Actor, roles: set[str], kinds: Iterable[str]) -> set[int]:
    """The organisations (with the units below them) where the actor holds one of
    ``roles`` at an organisation of one of ``kinds``; nothing for a firewalled role."""
    if actor.has_role(*FIREWALLED_ROLES):
        return set()
    kinds = frozenset(kinds)
    roots = {
        seat.organisation_id
        for seat in actor.seats
        if seat.role in roles and seat.organisation_kind in kinds
    }
    return subtree_ids(roots) if roots else set()


def inspection_scope(actor: Actor) -> set[int]:
    """The inspectorates whose inspections the actor runs: the labour
    inspectorate's inspectors (legal-aid lawyers take complaints, not visits)."""
    return _protection_scope(actor, {Role.INSPECTOR}, {OrganisationKind.LABOUR_INSPECTORATE})


def can_inspect(actor: Actor) -> bool:
    """The workplaces, their risk list and the inspections: the inspectors."""
    return bool(inspection_scope(actor))


def can_see_inspection(actor: Actor, *, organisation_id: int) -> bool:
    return organisation_id in inspection_scope(actor)


# Discrimination incidents are followed up by the equality body and legal-aid
# organisations (their staff hold the inspector's role there).
INCIDENT_KINDS = frozenset({OrganisationKind.EQUALITY_BODY, OrganisationKind.LEGAL_AID})


def incident_scope(actor: Actor) -> set[int]:
    return _protection_scope(actor, {Role.INSPECTOR}, INCIDENT_KINDS)


def handles_incidents(actor: Actor) -> bool:
    return bool(incident_scope(actor))


def can_see_incident(
    actor: Actor, *, handled_by: int | None, referred_to: int | None = None
) -> bool:
    """An incident is seen by the organisation following it up (one not yet taken:
    by every incident handler, for triage), and by the equality body it was
    referred to."""
    scope = incident_scope(actor)
    return bool(scope) and (handled_by is None or handled_by in scope or referred_to in scope)


def can_report_incident_for_someone(actor: Actor) -> bool:
    """An NGO, a caseworker or an inspector may report an incident for the person
    it happened to; like a complaint lodged for a worker, they never read it back
    (unless they follow incidents up)."""
    return can_lodge_for_worker(actor)


def counselling_scope(actor: Actor) -> set[int]:
    """The legal-aid providers whose counselling the actor gives or organises."""
    return _protection_scope(
        actor, {Role.INSPECTOR, Role.PARTNER, Role.ADMIN}, {OrganisationKind.LEGAL_AID}
    )


def gives_counselling(actor: Actor) -> bool:
    return bool(counselling_scope(actor))


def can_manage_counselling(actor: Actor, *, organisation_id: int) -> bool:
    """Slots, bookings and the counsellor's notes: the provider's own staff."""
    return organisation_id in counselling_scope(actor)


def can_book_counselling(actor: Actor, *, responsible: set[int] | None = None) -> bool:
    """A legal-counselling appointment is booked for someone by their caseworker
    (``responsible``: the organisations responsible for the person; None for a
    booking not tied to a registry record, or to ask whether the actor books at
    all), by an NGO, or by the provider itself.
    The booker sees the time and place, never what is said."""
    if responsible is not None:
        # Not the coordinator, who decides residence status: that someone seeks
        # legal advice is for the caseworker and the provider alone.
        return actor.has_role(Role.CASEWORKER) and can_change_case(actor, responsible=responsible)
    return (
        actor.has_role(Role.CASEWORKER, Role.PARTNER) and actor.organisation_id is not None
    ) or gives_counselling(actor)


# --- Break-glass ---------------------------------------------------------------------

BREAK_GLASS_RECORD_TYPES = ("organisation", "person")


def can_break_glass(actor: Actor, record_type: str = "organisation") -> bool:
    """Who may open a record outside their scope, with a reason.

    An organisation's member list: staff who see person-level data. A person's
    case: caseworkers only, never inspectors (the firewall), analysts or migrants.
    """
    if record_type == "person":
        return actor.has_role(Role.CASEWORKER)
    return bool(actor.roles & (PERSON_LEVEL_ROLES - {Role.DPO}))


def has_break_glass(actor: Actor, record_type: str, record_id: str, *, now: datetime) -> bool:
    return BreakGlassGrant.objects.filter(
        user=actor.user,
        record_type=record_type,
        record_id=record_id,
        opened_at__lte=now,
        expires_at__gt=now,
    ).exists()


# --- Audit ---------------------------------------------------------------------------


def audit_scope(actor: Actor) -> Q | None:
    """Which audit entries a data-protection officer may search; ``None`` = none."""
    if actor.is_superuser:
        return Q()
    dpo_orgs = actor.organisations_with(Role.DPO)
    if not dpo_orgs:
        return None
    organisations = subtree_ids(dpo_orgs)
    codes = Organisation.objects.filter(pk__in=organisations).values_list("code", flat=True)
    # What people of these organisations did, and what anyone did to them
    # (a break-glass look at their members from elsewhere, say).
    scope = Q(organisation_id__in=organisations) | Q(
        object_type="organisation", object_id__in=list(codes)
    )
    if Organisation.objects.filter(pk__in=dpo_orgs, parent__isnull=True).exists():
        # A national DPO also reviews system actions (administrators without a
        # membership, the demo loader, createadmin), which have no organisation.
        scope |= Q(organisation__isnull=True)
    return scope


def can_view_audit(actor: Actor) -> bool:
    return audit_scope(actor) is not None


# --- Tokens ---------------------------------------------------------------------------


def can_use_api(actor: Actor) -> bool:
    return actor.is_superuser or bool(actor.seats)


# --- Monitoring and evaluation (aggregates only) ---------------------------------------------


def can_see_statistics(actor: Actor) -> bool:
    """The indicators and their disaggregated, disclosure-controlled tables:
    analysts, coordinators and administrators. Nobody reaches a person from them."""
    return actor.is_superuser or actor.has_role(Role.ANALYST, Role.COORDINATOR, Role.ADMIN)


def can_refresh_statistics(actor: Actor) -> bool:
    """Asks for the summary tables to be rebuilt now rather than overnight."""
    return actor.is_superuser or actor.has_role(Role.ANALYST, Role.COORDINATOR)


def can_manage_indicators(actor: Actor) -> bool:
    """Targets and the indicator catalogue belong to the coordinating authority."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_see_funding(actor: Actor) -> bool:
    """Funding sources, budget lines and spending (no personal data): the
    coordinating authority and the analysts."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR, Role.ANALYST)


def can_manage_funding(actor: Actor) -> bool:
    """Sources, budget lines, commitments and spending: the coordinating authority."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


# Good practices (R28) are written by the authorities' staff and shared among them.
PRACTICE_WRITERS = frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.ANALYST, Role.ADMIN})


def can_see_practices(actor: Actor) -> bool:
    """The published library: everyone who works in Integra (not the migrants' accounts)."""
    return actor.is_superuser or bool(actor.roles - {Role.MIGRANT})


def can_write_practices(actor: Actor) -> bool:
    return actor.is_superuser or actor.has_role(*PRACTICE_WRITERS)


def can_edit_practice(actor: Actor, *, organisation_id: int) -> bool:
    """A draft (or a published practice) is kept by its organisation's writers and
    by the coordinating authority."""
    if actor.is_superuser or actor.has_role(Role.COORDINATOR):
        return True
    return organisation_id in actor.organisations_with(*PRACTICE_WRITERS)


def can_publish_practices(actor: Actor) -> bool:
    """The coordinating authority curates what the library publishes."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_see_reports(actor: Actor) -> bool:
    """Implementation reports (aggregates, disclosure-controlled) and the policy
    section: those who see the statistics."""
    return can_see_statistics(actor)


def can_write_reports(actor: Actor) -> bool:
    """Asks for a report, and keeps the ratifications and the self-assessment: the
    coordinating authority (analysts may ask for a report too)."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR, Role.ANALYST)


def can_edit_policy(actor: Actor) -> bool:
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_manage_surveys(actor: Actor) -> bool:
    """Writes, opens and closes the portal's surveys (R25): the coordinating authority.
    Nobody reads an answer one by one: results are indicators."""
    return actor.is_superuser or actor.has_role(Role.COORDINATOR)


def can_answer_surveys(actor: Actor) -> bool:
    """A migrant answers, once, for themselves, in the portal."""
    return is_migrant(actor)
