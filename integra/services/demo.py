"""Demo partners: the directory, partnerships and referrals of Moldova's set-up.

Four partner organisations join the demo (a clinic, a school, the employment
agency and a housing association). They, and the legal-aid and tutoring NGOs
already there, get partner agents who sign in like the other demo users. Some
twenty services describe what the organisations
offer, where and when, in which languages and for whom; a few are for staff
only, one is paused. Six memoranda of understanding say which data the
integration centres may share with whom; one has expired and one was
terminated, so that some referrals rest on the person's consent instead.

Then the Chișinău centre refers the people of the plans demo to partners for
the open measures of their plans, over the last six months: referrals waiting
for an answer, accepted, declined with a reason (and sent elsewhere),
completed with an outcome (the plan's measure follows), withdrawn, and some
late against the service's targets. Everything goes through the services,
dated as it would have happened, so the audit trail, the inboxes, the
partners' figures and the plans read as they would in real use.

Each part is skipped once it exists, so loading again adds nothing.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

import pycountry
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from integra.core import audit, demo
from integra.core.access import Actor, actor_for
from integra.core.domains import Domain
from integra.core.models import Notification, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.people.models import Consent, ConsentPurpose, Person, StatusCategory
from integra.plans.models import OPEN_MEASURE, Measure, MeasureKind, PlanStatus
from integra.services import selectors as service_selectors
from integra.services.models import (
    SKILL_FOR_KIND,
    DeclineReason,
    Partnership,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    Service,
    SharedField,
    Volunteer,
    VolunteerMatch,
)
from integra.services.services import directory, referrals, volunteers
from integra.services.services.directory import LocationData, ServiceData

D = Domain
K = OrganisationKind
S = StatusCategory
F = SharedField

COORDINATOR = "coordinator"  # integra.core.demo.USERS: Ion Ceban at the bureau
CASEWORKER = "caseworker"  # Maria Lungu at the Chișinău centre
CENTRE = "ic-chisinau"
UNREAD_DAYS = 3  # the inboxes show the notifications of the last days unread

# ---------------------------------------------------------------------------
# Partner organisations and their partner agents
# ---------------------------------------------------------------------------

# code, name, kind, level, parent, region, locality (as integra.core.demo)
ORGANISATIONS: list[tuple[str, str, str, str, str | None, str, str]] = [
    (
        "clinic-chisinau",
        "Chișinău Municipal Family Doctors Centre",
        K.CLINIC,
        Level.LOCAL,
        None,
        "Chișinău",
        "Chișinău",
    ),
    (
        "school-chisinau",
        "Chișinău Gymnasium No. 12",
        K.SCHOOL,
        Level.LOCAL,
        "mun-chisinau",  # the municipality's schools work under its agreements
        "Chișinău",
        "Chișinău",
    ),
    (
        # The public employment service, under the ministry: the ministry's
        # partnerships cover it. It posts vacancies (integra.placement.demo).
        "anofm",
        "National Employment Agency",
        K.EMPLOYMENT_OFFICE,
        Level.NATIONAL,
        "min-labour",
        "",
        "Chișinău",
    ),
    (
        "ngo-housing",
        "Casa Deschisă Housing Association",
        K.NGO,
        Level.LOCAL,
        None,
        "Chișinău",
        "Chișinău",
    ),
]

# username, first name, last name, organisation: partner agents (the core demo
# already has ``partner`` at the Charity Centre for Refugees).
PARTNER_AGENTS: list[tuple[str, str, str, str]] = [
    ("partner-legal", "Natalia", "Grosu", "legal-aid"),
    ("partner-clinic", "Sergiu", "Botnaru", "clinic-chisinau"),
    ("partner-school", "Liliana", "Moraru", "school-chisinau"),
    ("partner-employment", "Andrei", "Sîrbu", "anofm"),
    ("partner-housing", "Cristina", "Balan", "ngo-housing"),
    ("partner-tutors", "Daniela", "Vrabie", "ngo-tutors"),
]

# Who describes an organisation's services: its partner agent, the centres'
# own caseworkers, and the coordinator for the rest.
AUTHORS: dict[str, str] = {
    "ngo-ccr": "partner",
    "ic-chisinau": CASEWORKER,
    "ic-balti": "caseworker-balti",
    **{code: username for username, _, _, code in PARTNER_AGENTS},
}

# ---------------------------------------------------------------------------
# The directory
# ---------------------------------------------------------------------------

WEEKDAYS = "Mon–Fri 09:00–17:00"
PROTECTED = (S.INTERNATIONAL_PROTECTION, S.TEMPORARY_PROTECTION, S.ASYLUM_SEEKER, S.STATELESS)


@dataclass(frozen=True)
class ServiceSpec:
    organisation: str
    described: int  # days ago
    data: ServiceData


L = LocationData

SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "ngo-ccr",
        420,
        ServiceData(
            code="psychological-counselling",
            name="Psychological counselling",
            category=D.HEALTH,
            description=(
                "Individual sessions with a psychologist for people who lived through war, "
                "flight or violence: up to ten sessions, in the person's language or with an "
                "interpreter."
            ),
            languages=("ro", "ru", "uk", "en", "ar"),
            eligibility=(
                "Refugees, beneficiaries of protection, asylum seekers and stateless persons "
                "aged 14 and over. Free of charge."
            ),
            eligible_statuses=PROTECTED,
            min_age=14,
            capacity_per_month=25,
            contact_email="psihologie@ccr.demo.integra.invalid",
            contact_phone="+373 22 000 301",
            internal_notes=(
                "Arabic-speaking psychologist on Tuesdays and Thursdays only; Dari and Pashto "
                "through our interpreters, book three days ahead. Urgent cases (thoughts of "
                "suicide): call the duty phone, do not wait for the referral."
            ),
            accept_within_days=5,
            complete_within_days=90,
            locations=(L("Chișinău", "str. Mitropolit Dosoftei 118, office 4", WEEKDAYS),),
        ),
    ),
    ServiceSpec(
        "ngo-ccr",
        420,
        ServiceData(
            code="social-counselling",
            name="Social counselling and case support",
            category=D.SOCIAL,
            description=(
                "Help with applications for social assistance, registration with the local "
                "social worker, household budgeting, and emergency material aid (hygiene kits, "
                "clothes)."
            ),
            languages=("ro", "ru", "uk", "en", "ar", "fr"),
            eligibility=(
                "Refugees, beneficiaries of protection, asylum seekers and stateless persons "
                "living in Moldova."
            ),
            eligible_statuses=PROTECTED,
            capacity_per_month=40,
            contact_email="social@ccr.demo.integra.invalid",
            contact_phone="+373 22 000 302",
            accept_within_days=5,
            complete_within_days=60,
            locations=(
                L("Chișinău", "str. Mitropolit Dosoftei 118", WEEKDAYS),
                L(
                    "Bălți",
                    "at the Integration Centre Bălți, str. Independenței 12",
                    "Wed 10:00–14:00",
                ),
            ),
        ),
    ),
    ServiceSpec(
        "ngo-ccr",
        400,
        ServiceData(
            code="cultural-orientation",
            name="Cultural orientation sessions",
            category=D.CULTURE,
            description=(
                "Eight group sessions on how daily life and public services work in Moldova: "
                "health insurance, schools, transport, banks, rights and duties, holidays and "
                "customs. A new group starts every month."
            ),
            languages=("ro", "ru", "ar", "en"),
            eligibility="Newcomers of any status, 16 and over.",
            min_age=16,
            capacity_per_month=20,
            contact_email="orientare@ccr.demo.integra.invalid",
            contact_phone="+373 22 000 303",
            internal_notes="Groups of twenty at most; Arabic interpretation in the Thursday group.",
            accept_within_days=7,
            complete_within_days=60,
            locations=(
                L("Chișinău", "str. Mitropolit Dosoftei 118, hall 2", "Tue and Thu 17:30–19:30"),
            ),
        ),
    ),
    ServiceSpec(
        "ngo-ccr",
        380,
        ServiceData(
            code="community-interpreting",
            name="Community interpreting",
            category=D.COMMUNITY,
            description=(
                "Interpreters go with the person to appointments: doctor, school, bank, "
                "public offices."
            ),
            languages=("ar", "fa", "ps", "ru", "uk", "en", "fr", "tr"),
            eligibility="For partner organisations working with refugees and migrants.",
            capacity_per_month=60,
            contact_email="interpret@ccr.demo.integra.invalid",
            internal_notes=(
                "Not in the public directory: book for the person, by e-mail, at least two "
                "working days ahead. Kurdish (Kurmanji) through a volunteer, ask first."
            ),
            accept_within_days=2,
            complete_within_days=14,
            is_public=False,
            locations=(L("Chișinău", "", "Mon–Sat 08:00–20:00, by appointment"),),
        ),
    ),
    ServiceSpec(
        "ngo-ccr",
        330,
        ServiceData(
            code="winter-support",
            name="Winter clothing and heating support",
            category=D.SOCIAL,
            description="Winter clothes, blankets and a heating grant for families in need.",
            languages=("ro", "ru", "uk"),
            eligibility="Families with children or older members, in need.",
            eligible_statuses=PROTECTED,
            internal_notes="Paused until the funding for this winter is confirmed.",
            is_active=False,
            locations=(L("Chișinău", "str. Mitropolit Dosoftei 118, store", "Fri 10:00–14:00"),),
        ),
    ),
    ServiceSpec(
        "legal-aid",
        520,
        ServiceData(
            code="legal-counselling",
            name="Legal counselling on status and documents",
            category=D.LEGAL,
            description=(
                "Free consultations on residence, identity documents of beneficiaries of "
                "protection, citizenship, work permits and social rights; help with "
                "applications and appeals to the Bureau for Migration and Asylum."
            ),
            languages=("ro", "ru", "en", "fr"),
            eligibility=(
                "Foreigners and stateless persons in Moldova, free of charge; asylum seekers "
                "and beneficiaries of protection first."
            ),
            capacity_per_month=40,
            contact_email="consultatii@cda.demo.integra.invalid",
            contact_phone="+373 22 000 401",
            internal_notes=(
                "Lawyers on duty: see the shared calendar. An appeal has a 15-day deadline: "
                "write URGENT in the message when a decision was received."
            ),
            accept_within_days=3,
            complete_within_days=45,
            locations=(
                L("Chișinău", "str. Sfatul Țării 27, office 11", "Mon–Fri 09:00–18:00"),
                L(
                    "Bălți",
                    "at the Integration Centre Bălți, str. Independenței 12",
                    "1st and 3rd Wednesday of the month, 10:00–15:00",
                ),
                L("Cahul", "at the Integration Centre Cahul", "by appointment"),
            ),
        ),
    ),
    ServiceSpec(
        "legal-aid",
        520,
        ServiceData(
            code="family-reunification",
            name="Family reunification assistance",
            category=D.LEGAL,
            description=(
                "Preparing and following applications to bring a spouse and children to "
                "Moldova: documents, translations, embassy appointments."
            ),
            languages=("ro", "ru", "en", "fr"),
            eligibility="Beneficiaries of international protection and their family members.",
            eligible_statuses=(S.INTERNATIONAL_PROTECTION, S.FAMILY_MEMBER),
            capacity_per_month=10,
            contact_email="consultatii@cda.demo.integra.invalid",
            contact_phone="+373 22 000 401",
            internal_notes="DNA tests and travel costs are not covered: say so at the start.",
            accept_within_days=5,
            complete_within_days=180,
            locations=(L("Chișinău", "str. Sfatul Țării 27, office 11", "Mon–Fri 09:00–18:00"),),
        ),
    ),
    ServiceSpec(
        "legal-aid",
        500,
        ServiceData(
            code="representation",
            name="Representation in asylum and court proceedings",
            category=D.LEGAL,
            description=(
                "A lawyer represents the person before the Bureau for Migration and Asylum "
                "and the courts."
            ),
            languages=("ro", "ru", "en"),
            eligibility="Asylum seekers and persons whose protection is being withdrawn.",
            eligible_statuses=(S.ASYLUM_SEEKER, S.INTERNATIONAL_PROTECTION, S.STATELESS),
            capacity_per_month=8,
            internal_notes=(
                "On referral by an integration centre or the Bureau only; conflict-of-interest "
                "check before accepting."
            ),
            accept_within_days=2,
            complete_within_days=180,
            is_public=False,
            locations=(L("Chișinău", "str. Sfatul Țării 27", "Mon–Fri 09:00–18:00"),),
        ),
    ),
    ServiceSpec(
        "clinic-chisinau",
        300,
        ServiceData(
            code="health-check",
            name="Medical check-up for newcomers",
            category=D.HEALTH,
            description=(
                "A general check-up with a family doctor: blood tests, chest X-ray, "
                "vaccinations, and referral to specialists where needed."
            ),
            languages=("ro", "ru"),
            eligibility=(
                "Beneficiaries of protection, stateless persons and asylum seekers living in "
                "Chișinău, insured by the compulsory health insurance or the state programme "
                "for asylum seekers."
            ),
            eligible_statuses=PROTECTED,
            capacity_per_month=30,
            contact_email="registratura@cmf.demo.integra.invalid",
            contact_phone="+373 22 000 501",
            internal_notes=(
                "Without the health insurance number the laboratory invoices the tests: call "
                "the registry first. An interpreter is needed for anything but Romanian and "
                "Russian."
            ),
            accept_within_days=3,
            complete_within_days=30,
            locations=(
                L("Chișinău", "bd. Dacia 47", "Mon–Fri 08:00–19:00; Sat 08:00–13:00"),
                L("Chișinău", "str. Alba Iulia 75 (branch)", "Mon–Fri 08:00–16:00"),
            ),
        ),
    ),
    ServiceSpec(
        "clinic-chisinau",
        300,
        ServiceData(
            code="family-doctor",
            name="Registration with a family doctor",
            category=D.HEALTH,
            description="Registration on a family doctor's list, for the person and the family.",
            languages=("ro", "ru"),
            eligibility="Everyone insured and living in the centre's area.",
            contact_email="registratura@cmf.demo.integra.invalid",
            contact_phone="+373 22 000 501",
            accept_within_days=3,
            complete_within_days=14,
            locations=(L("Chișinău", "bd. Dacia 47", "Mon–Fri 08:00–19:00"),),
        ),
    ),
    ServiceSpec(
        "school-chisinau",
        260,
        ServiceData(
            code="school-enrolment",
            name="School enrolment with Romanian bridging classes",
            category=D.EDUCATION,
            description=(
                "Enrolment in grades 1 to 9 at any time of the year; children who do not speak "
                "Romanian have bridging classes four hours a week."
            ),
            languages=("ro", "ru", "en"),
            eligibility="Every child living in Chișinău, whatever their or their parents' status.",
            min_age=6,
            max_age=16,
            capacity_per_month=12,
            contact_email="secretariat@gimnaziu12.demo.integra.invalid",
            contact_phone="+373 22 000 601",
            internal_notes="Bring the child's vaccination record; the doctor checks it on day one.",
            accept_within_days=5,
            complete_within_days=30,
            locations=(L("Chișinău", "str. Mihai Viteazul 9", "Mon–Fri 08:00–16:00 (office)"),),
        ),
    ),
    ServiceSpec(
        "anofm",
        400,
        ServiceData(
            code="jobseeker-registration",
            name="Registration as a jobseeker and job mediation",
            category=D.EMPLOYMENT,
            description=(
                "Registration as unemployed, job offers and job fairs, counselling on rights "
                "at work and on unemployment benefit."
            ),
            languages=("ro", "ru"),
            eligibility=(
                "Beneficiaries of protection and stateless persons have the rights of citizens; "
                "other foreigners with a right to work."
            ),
            eligible_statuses=(
                S.INTERNATIONAL_PROTECTION,
                S.TEMPORARY_PROTECTION,
                S.STATELESS,
                S.REGULAR_WORKER,
                S.FAMILY_MEMBER,
            ),
            min_age=16,
            capacity_per_month=60,
            contact_email="chisinau@anofm.demo.integra.invalid",
            contact_phone="+373 22 000 701",
            accept_within_days=5,
            complete_within_days=60,
            locations=(
                L("Chișinău", "str. Vasile Alecsandri 1", "Mon–Fri 08:00–17:00"),
                L("Bălți", "str. Ștefan cel Mare 6", "Mon–Fri 08:00–17:00"),
                L("Cahul", "str. Mihai Eminescu 3", "Mon–Fri 08:00–17:00"),
            ),
        ),
    ),
    ServiceSpec(
        "anofm",
        400,
        ServiceData(
            code="vocational-training",
            name="Vocational training courses",
            category=D.EMPLOYMENT,
            description=(
                "Free courses for registered jobseekers, with a grant: cook, welder, "
                "hairdresser, electrician, IT support."
            ),
            languages=("ro", "ru"),
            eligibility="Registered jobseekers aged 16 and over.",
            min_age=16,
            capacity_per_month=20,
            contact_email="formare@anofm.demo.integra.invalid",
            contact_phone="+373 22 000 702",
            internal_notes=(
                "New groups in February and September; long waiting list for IT support."
            ),
            accept_within_days=10,
            complete_within_days=120,
            locations=(L("Chișinău", "str. Vasile Alecsandri 1", "Mon–Fri 08:00–17:00"),),
        ),
    ),
    ServiceSpec(
        "ngo-housing",
        420,
        ServiceData(
            code="housing-search",
            name="Help to find and rent housing",
            category=D.HOUSING,
            description=(
                "Searching for a flat, going to viewings together, checking the rental "
                "contract, and a grant for the first month's deposit for families in need."
            ),
            languages=("ro", "ru", "uk", "en"),
            eligibility=(
                "Refugees and beneficiaries of protection leaving temporary accommodation, in "
                "Chișinău and the suburbs."
            ),
            eligible_statuses=(S.INTERNATIONAL_PROTECTION, S.TEMPORARY_PROTECTION, S.STATELESS),
            capacity_per_month=12,
            contact_email="locuinte@casadeschisa.demo.integra.invalid",
            contact_phone="+373 22 000 801",
            internal_notes=(
                "Our landlord list is updated monthly: never give landlords' numbers to clients "
                "directly. Deposit grants while funds last (12 left this quarter)."
            ),
            accept_within_days=5,
            complete_within_days=60,
            locations=(L("Chișinău", "str. Columna 96", "Mon, Wed, Fri 10:00–16:00"),),
        ),
    ),
    ServiceSpec(
        "ngo-housing",
        25,
        ServiceData(
            code="emergency-accommodation",
            name="Emergency accommodation",
            category=D.HOUSING,
            description="A bed for up to 30 nights for people who have lost their housing.",
            languages=("ro", "ru", "uk", "en"),
            eligibility="Homeless migrants and refugees, families with children first.",
            capacity_per_month=8,
            contact_phone="+373 69 000 802",
            internal_notes=(
                "The shelter's address is confidential: give it to the person only, by phone, "
                "on the day. Admission around the clock on the duty phone."
            ),
            accept_within_days=1,
            complete_within_days=30,
            is_public=False,
            locations=(L("Chișinău", "", "24/7, admission by phone"),),
        ),
    ),
    ServiceSpec(
        "ngo-tutors",
        370,
        ServiceData(
            code="romanian-tutoring",
            name="Romanian conversation clubs and tutoring",
            category=D.LANGUAGE,
            description=(
                "Volunteer tutors meet groups of up to five twice a week to practise the "
                "Romanian of daily life, next to the state courses."
            ),
            languages=("ro", "ru", "uk", "en", "ar"),
            eligibility="Anyone learning Romanian, 16 and over.",
            min_age=16,
            capacity_per_month=30,
            contact_email="tutori@voluntari.demo.integra.invalid",
            internal_notes="Evening groups only; volunteers are students, fewer in exam sessions.",
            accept_within_days=7,
            complete_within_days=120,
            locations=(
                L("Chișinău", "Municipal Library, bd. Ștefan cel Mare 148", "Mon, Wed 18:00–20:00"),
                L("Ialoveni", "House of Culture, str. Alexandru cel Bun 20", "Sat 10:00–12:00"),
            ),
        ),
    ),
    ServiceSpec(
        "ngo-tutors",
        370,
        ServiceData(
            code="digital-skills",
            name="Basic digital skills workshops",
            category=D.EDUCATION,
            description=(
                "Eight workshops: smartphone and e-mail, e-government services (MPass, "
                "MCabinet), online banking, online job search."
            ),
            languages=("ro", "ru", "en"),
            eligibility="Adults with few or no digital skills.",
            min_age=16,
            capacity_per_month=16,
            contact_email="tutori@voluntari.demo.integra.invalid",
            accept_within_days=7,
            complete_within_days=60,
            locations=(
                L("Chișinău", "Municipal Library, bd. Ștefan cel Mare 148", "Sat 13:00–16:00"),
            ),
        ),
    ),
    ServiceSpec(
        "lang-school",
        450,
        ServiceData(
            code="romanian-courses",
            name="Romanian language courses for foreigners (A1–B2)",
            category=D.LANGUAGE,
            description=(
                "Courses of 120 hours per level in evening and weekend groups, ending with a "
                "state certificate."
            ),
            languages=("ro", "ru", "en"),
            eligibility="Foreigners and stateless persons aged 16 and over living in Moldova.",
            min_age=16,
            capacity_per_month=60,
            contact_email="inscriere@limba.demo.integra.invalid",
            contact_phone="+373 22 000 901",
            internal_notes=(
                "Enrolment goes through the courses module; a referral only books a place."
            ),
            accept_within_days=10,
            complete_within_days=180,
            locations=(
                L("Chișinău", "str. Alexandru cel Bun 62", "Mon–Thu 17:30–20:30; Sat 09:00–13:00"),
                L("Bălți", "str. Pușkin 38", "Tue and Thu 17:30–20:30"),
                L("Cahul", "str. Republicii 11", "Sat 09:00–14:00"),
            ),
        ),
    ),
    ServiceSpec(
        "mun-chisinau",
        350,
        ServiceData(
            code="social-assistance",
            name="Social assistance and material support",
            category=D.SOCIAL,
            description=(
                "Monthly social assistance, the heating allowance in winter and one-off "
                "material aid for low-income families, through the municipal social workers."
            ),
            languages=("ro", "ru"),
            eligibility=(
                "Families living in Chișinău whose income is below the guaranteed minimum; "
                "beneficiaries of protection have the rights of citizens."
            ),
            contact_email="asistenta.sociala@chisinau.demo.integra.invalid",
            contact_phone="+373 22 000 210",
            accept_within_days=10,
            complete_within_days=45,
            locations=(
                L("Chișinău", "str. Vlaicu Pârcălab 43", "Mon–Fri 08:00–17:00"),
                L("Ialoveni", "Town hall", "Tue 09:00–12:00"),
            ),
        ),
    ),
    ServiceSpec(
        "min-education",
        60,
        ServiceData(
            code="diploma-recognition",
            name="Recognition of foreign diplomas",
            category=D.EDUCATION,
            description=(
                "Recognition and equivalence of school and university diplomas for further "
                "study or work; beneficiaries of protection without documents may have their "
                "qualifications assessed."
            ),
            languages=("ro", "ru", "en"),
            eligibility="Holders of diplomas obtained abroad.",
            contact_email="recunoastere@edu.demo.integra.invalid",
            contact_phone="+373 22 000 110",
            accept_within_days=10,
            complete_within_days=90,
            locations=(L("Chișinău", "Piața Marii Adunări Naționale 1", "Mon–Fri 09:00–12:00"),),
        ),
    ),
    ServiceSpec(
        "ic-balti",
        240,
        ServiceData(
            code="integration-counselling",
            name="Integration counselling in the north",
            category=D.SOCIAL,
            description=(
                "The centre's caseworkers assess needs, agree integration plans and refer to "
                "partners in Bălți and the northern districts."
            ),
            languages=("ro", "ru", "uk"),
            eligibility="Foreigners and stateless persons living in the north of Moldova.",
            contact_email="ci.balti@demo.integra.invalid",
            contact_phone="+373 231 00 001",
            accept_within_days=5,
            complete_within_days=90,
            locations=(
                L("Bălți", "str. Independenței 12", WEEKDAYS),
                L("Soroca", "Town hall, room 5", "2nd Tuesday of the month, 10:00–14:00"),
            ),
        ),
    ),
    ServiceSpec(
        "ic-cahul",
        240,
        ServiceData(
            code="integration-counselling",
            name="Integration counselling in the south",
            category=D.SOCIAL,
            description=(
                "The centre's caseworkers assess needs, agree integration plans and refer to "
                "partners in Cahul, Comrat and the southern districts."
            ),
            languages=("ro", "ru", "uk", "tr"),
            eligibility="Foreigners and stateless persons living in the south of Moldova.",
            contact_email="ci.cahul@demo.integra.invalid",
            contact_phone="+373 299 00 001",
            accept_within_days=5,
            complete_within_days=90,
            locations=(
                L("Cahul", "str. Republicii 20", WEEKDAYS),
                L("Comrat", "str. Lenin 150", "Thu 09:00–13:00"),
            ),
        ),
    ),
    ServiceSpec(
        "equality-council",
        300,
        ServiceData(
            code="discrimination-complaints",
            name="Complaints about discrimination",
            category=D.LEGAL,
            description=(
                "The Council examines complaints about discrimination at work, in housing, in "
                "schools and in public services, free of charge."
            ),
            languages=("ro", "ru", "en"),
            eligibility="Anyone who believes they were discriminated against in Moldova.",
            contact_email="petitii@egalitate.demo.integra.invalid",
            contact_phone="+373 22 000 120",
            accept_within_days=10,
            complete_within_days=90,
            locations=(L("Chișinău", "str. Sfatul Țării 15", WEEKDAYS),),
        ),
    ),
)

# ---------------------------------------------------------------------------
# Partnerships (memoranda of understanding)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnershipSpec:
    title: str
    parties: tuple[str, ...]
    scope: tuple[str, ...]
    shareable: tuple[str, ...]
    signed: int  # days ago: valid from then
    runs: int | None  # days it runs for; None: open-ended
    reference: str
    terminated: int | None = None  # days ago


PARTNERSHIPS: tuple[PartnershipSpec, ...] = (
    PartnershipSpec(
        "Psychosocial, social and cultural support for beneficiaries of protection",
        ("bma", "ngo-ccr"),
        (D.HEALTH, D.SOCIAL, D.CULTURE, D.COMMUNITY),
        (F.NAME, F.DATE_OF_BIRTH, F.SEX, F.LANGUAGES, F.CONTACT, F.HOUSEHOLD),
        700,
        1095,
        "MoU BMA–CCR no. 07/2024",
    ),
    PartnershipSpec(
        "Free legal assistance to foreigners and stateless persons",
        ("bma", "legal-aid"),
        (D.LEGAL,),
        (F.NAME, F.DATE_OF_BIRTH, F.CITIZENSHIP, F.LANGUAGES, F.CONTACT, F.LEGAL_STATUS),
        520,
        None,
        "Cooperation agreement no. 12/2025",
    ),
    PartnershipSpec(
        "Health check-ups and family doctors for newcomers in Chișinău",
        ("ic-chisinau", "clinic-chisinau"),
        (D.HEALTH,),
        (F.NAME, F.DATE_OF_BIRTH, F.SEX, F.LANGUAGES, F.CONTACT),
        300,
        730,
        "Agreement IC-CMF no. 3/2026",
    ),
    PartnershipSpec(
        "Employment and vocational training of beneficiaries of protection",
        ("bma", "min-labour"),  # the employment agency works under the ministry's agreement
        (D.EMPLOYMENT, D.EDUCATION),
        (
            F.NAME,
            F.DATE_OF_BIRTH,
            F.SEX,
            F.CITIZENSHIP,
            F.LANGUAGES,
            F.CONTACT,
            F.LEGAL_STATUS,
        ),
        400,
        None,
        "Joint order MMPS–BMA no. 45/2025",
    ),
    PartnershipSpec(
        "Housing pilot for families leaving temporary accommodation",
        ("ic-chisinau", "ngo-housing"),
        (D.HOUSING,),
        (F.NAME, F.LANGUAGES, F.CONTACT, F.HOUSEHOLD),
        420,
        360,  # expired two months ago, not renewed yet
        "Pilot agreement no. 1/2025",
    ),
    PartnershipSpec(
        "Volunteer language tutoring and digital skills for newcomers",
        ("bma", "ngo-tutors"),
        (D.LANGUAGE, D.EDUCATION, D.COMMUNITY),
        (F.NAME, F.LANGUAGES, F.CONTACT),
        380,
        730,
        "MoU BMA–VLTN no. 19/2025",
        terminated=40,  # the network's volunteers had not signed the confidentiality pledge
    ),
)

# ---------------------------------------------------------------------------
# Referrals: one story per measure, dated in days before today
# ---------------------------------------------------------------------------

BASIC = (F.NAME, F.DATE_OF_BIRTH, F.SEX, F.LANGUAGES, F.CONTACT)
LEGAL = (F.NAME, F.DATE_OF_BIRTH, F.CITIZENSHIP, F.LANGUAGES, F.CONTACT, F.LEGAL_STATUS)
WORK = (F.NAME, F.DATE_OF_BIRTH, F.SEX, F.LANGUAGES, F.CONTACT, F.LEGAL_STATUS)
HOUSING = (F.NAME, F.LANGUAGES, F.CONTACT, F.HOUSEHOLD)
TUTORING = (F.NAME, F.LANGUAGES, F.CONTACT)
SCHOOL = (F.NAME, F.LANGUAGES, F.ADDRESS, F.HOUSEHOLD)
R = DeclineReason
OUT = ReferralOutcome


@dataclass(frozen=True)
class Step:
    """One referral: sent ``sent`` days ago to an organisation's service; the
    partner answers ``answered`` days ago (accepts, or declines with a reason and
    a note), may complete it (days ago, outcome, note), or the centre withdraws it."""

    service: tuple[str, str]  # organisation code, service code
    sent: int
    shared: tuple[str, ...]
    message: str
    answered: int | None = None
    declined: tuple[str, str] | None = None
    completed: tuple[int, str, str] | None = None
    withdrawn: tuple[int, str] | None = None


@dataclass(frozen=True)
class ConsentSpec:
    """The person's consent to referrals to these kinds of organisation."""

    given: int  # days ago
    recipients: tuple[str, ...]
    withdrawn: int | None = None


@dataclass(frozen=True)
class Story:
    """Referrals for one measure (of this kind) of one person's plan, one after
    another; ``draft``: a measure of a plan still being drafted."""

    kind: str
    steps: tuple[Step, ...]
    consent: ConsentSpec | None = None
    draft: bool = False


M = MeasureKind
CLINIC = ("clinic-chisinau", "health-check")
PSYCHOLOGIST = ("ngo-ccr", "psychological-counselling")
SOCIAL = ("ngo-ccr", "social-counselling")
ORIENTATION = ("ngo-ccr", "cultural-orientation")
LAWYER = ("legal-aid", "legal-counselling")
REUNIFICATION = ("legal-aid", "family-reunification")
HOUSING_SEARCH = ("ngo-housing", "housing-search")
JOBS = ("anofm", "jobseeker-registration")
TRAINING = ("anofm", "vocational-training")
TUTORS = ("ngo-tutors", "romanian-tutoring")
DIGITAL = ("ngo-tutors", "digital-skills")
ENROLMENT = ("school-chisinau", "school-enrolment")

STORIES: tuple[Story, ...] = (
    # Health check-ups at the family doctors' centre.
    Story(
        M.HEALTH_SCREENING,
        (
            Step(
                CLINIC,
                100,
                BASIC,
                "General check-up, overdue. Speaks {languages}. Mornings suit best.",
                answered=98,
                declined=(
                    R.UNREACHABLE,
                    "Called three times on the number given: not in use. Please send a "
                    "current number.",
                ),
            ),
            Step(
                CLINIC,
                60,
                BASIC,
                "Sent again with the new phone number (the old one was lost). Speaks {languages}.",
                answered=58,
                completed=(
                    41,
                    OUT.ACHIEVED,
                    "Check-up done, results normal; registered with Dr Ciobanu's list.",
                ),
            ),
        ),
        consent=ConsentSpec(130, (K.NGO, K.CLINIC), withdrawn=90),
    ),
    Story(
        M.HEALTH_SCREENING,
        (
            Step(
                CLINIC,
                60,
                BASIC,
                "Check-up for a newcomer; complains of toothache. Speaks {languages}.",
                answered=52,  # late: three days to accept
                completed=(
                    35,
                    OUT.PARTLY,
                    "Check-up done. Dental treatment continues: on the dentist's waiting list "
                    "until January.",
                ),
            ),
        ),
    ),
    Story(
        M.HEALTH_SCREENING,
        (
            Step(
                CLINIC,
                15,
                BASIC,
                "Check-up before starting work. Speaks {languages}.",
                answered=14,
            ),
        ),
    ),
    # Psychological counselling.
    Story(
        M.PSYCHOSOCIAL,
        (
            Step(
                PSYCHOLOGIST,
                110,
                BASIC,
                "Sleeps badly since the journey; agreed to see a psychologist. Speaks "
                "{languages}; prefers a woman psychologist.",
                answered=107,
                completed=(
                    25,
                    OUT.ACHIEVED,
                    "Eight sessions held; sleeps better, coping well. May come back if needed.",
                ),
            ),
        ),
    ),
    # Legal counselling and family reunification.
    Story(
        M.LEGAL_AID,
        (
            Step(
                LAWYER,
                65,
                LEGAL,
                "Needs the identity document of a beneficiary of protection; the first "
                "application was returned incomplete.",
                answered=63,
                completed=(
                    30,
                    OUT.ACHIEVED,
                    "New application filed with the missing translations; identity document "
                    "issued.",
                ),
            ),
        ),
    ),
    Story(
        M.LEGAL_AID,
        (
            Step(
                REUNIFICATION,
                30,
                (*LEGAL, F.ADDRESS),  # beyond the legal-aid agreement: on consent
                "Wants to bring the spouse and a child from abroad; the address is needed for the "
                "housing certificate of the application.",
                answered=26,
            ),
        ),
        consent=ConsentSpec(32, (K.LEGAL_AID, K.NGO)),
    ),
    Story(
        M.LEGAL_AID,
        (
            Step(
                LAWYER,
                8,
                LEGAL,
                "Plan still being drafted: questions about a work permit for a family member.",
                answered=7,
            ),
        ),
        draft=True,
    ),
    # Housing: the pilot agreement expired, so later referrals need consent.
    Story(
        M.HOUSING_SEARCH,
        (
            Step(
                HOUSING_SEARCH,
                66,  # under the pilot agreement, in its last week
                HOUSING,
                "Family in temporary accommodation until the end of the month; looking for "
                "a flat in Chișinău or Ialoveni.",
                answered=63,
                declined=(
                    R.NO_CAPACITY,
                    "All places of the autumn round are taken; please refer again in a month.",
                ),
            ),
            Step(
                HOUSING_SEARCH,
                30,
                HOUSING,
                "Referred again as agreed; still in temporary accommodation.",
                answered=27,
            ),
        ),
        consent=ConsentSpec(67, (K.NGO, K.LEGAL_AID, K.CLINIC)),
    ),
    Story(
        M.HOUSING_SEARCH,
        (
            Step(
                HOUSING_SEARCH,
                12,
                HOUSING,
                "Rent doubled from next month; needs a cheaper flat soon.",
            ),
        ),
        consent=ConsentSpec(13, (K.NGO,)),
    ),
    # Employment.
    Story(
        M.JOB_SEARCH,
        (
            Step(
                JOBS,
                50,
                WORK,
                "Worked as a warehouse operator for six years; wants work in logistics.",
                answered=47,
                completed=(
                    12,
                    OUT.ACHIEVED,
                    "Registered as a jobseeker; employed as a warehouse operator since the 1st, "
                    "full-time, open-ended contract.",
                ),
            ),
        ),
    ),
    Story(
        M.JOB_SEARCH,
        (
            Step(
                JOBS,
                28,
                WORK,
                "Looking for work in accounting; has a bachelor's degree.",
                answered=26,
                declined=(
                    R.PERSON_DECLINED,
                    "Prefers to finish the Romanian course first and look for work alone; "
                    "may come back in spring.",
                ),
            ),
        ),
    ),
    Story(
        M.JOB_SEARCH,
        (
            Step(
                TRAINING,
                3,
                WORK,
                "Interested in the electrician course starting in February.",
            ),
        ),
    ),
    # Romanian tutoring: the tutoring agreement was terminated 40 days ago.
    Story(
        M.LANGUAGE_COURSE,
        (
            Step(
                TUTORS,
                150,
                TUTORING,
                "Extra conversation practice next to the state course, evenings only.",
                answered=139,  # late: seven days to accept
                withdrawn=(
                    100,
                    "Got a place in the intensive group of the State Language Courses Centre; "
                    "tutoring no longer needed.",
                ),
            ),
        ),
    ),
    Story(
        M.LANGUAGE_COURSE,
        (
            Step(
                TUTORS,
                45,
                TUTORING,
                "Struggles with speaking in the course; a small group would help.",
                answered=41,
            ),
        ),
    ),
    Story(
        M.LANGUAGE_COURSE,
        (
            Step(
                TUTORS,
                20,
                TUTORING,
                "Would like conversation practice on Saturdays in Ialoveni.",
                answered=17,
                declined=(
                    R.OTHER,
                    "The Saturday group in Ialoveni is closed for the winter; the evening "
                    "groups clash with the person's shifts.",
                ),
            ),
        ),
        consent=ConsentSpec(21, (K.NGO,)),
    ),
    Story(
        M.EDUCATION,
        (
            Step(
                DIGITAL,
                120,
                TUTORING,
                "Needs to use e-government services and search for jobs online.",
                answered=116,
                completed=(
                    70,
                    OUT.ACHIEVED,
                    "Attended all eight workshops; uses MPass, e-mail and job sites alone.",
                ),
            ),
        ),
    ),
    # Social counselling.
    Story(
        M.GENERAL,
        (
            Step(
                SOCIAL,
                170,
                BASIC,
                "Help to apply for social assistance and the heating allowance.",
                answered=167,
                completed=(
                    130,
                    OUT.NOT_ACHIEVED,
                    "Came to two sessions, then moved to relatives in Orhei for the summer; "
                    "the application was not filed.",
                ),
            ),
        ),
    ),
    Story(
        M.GENERAL,
        (
            Step(
                SOCIAL,
                40,
                BASIC,
                "Help with the social assistance application.",
                withdrawn=(
                    38,
                    "Sent by mistake: the centre's own social worker already helps with this.",
                ),
            ),
        ),
    ),
    Story(
        M.GENERAL,
        (
            Step(
                SOCIAL,
                10,
                (*BASIC, F.HOUSEHOLD),
                "Large family, one income; needs help with the budget and winter support.",
                answered=8,
            ),
        ),
    ),
    # Cultural orientation.
    Story(
        M.CIVIC_ORIENTATION,
        (
            Step(
                ORIENTATION,
                100,
                BASIC,
                "Wants to join the next group. Speaks {languages}; an interpreter may be needed.",
                answered=97,
                completed=(
                    5,  # late: sixty days to complete
                    OUT.ACHIEVED,
                    "Missed three sessions in September when ill and made them up with the "
                    "October group; all eight attended.",
                ),
            ),
        ),
    ),
    Story(
        M.CIVIC_ORIENTATION,
        (
            Step(
                ORIENTATION,
                80,
                BASIC,
                "For the Thursday group, please.",
                answered=78,  # still attending past the target: late
            ),
        ),
    ),
    Story(
        M.CIVIC_ORIENTATION,
        (
            Step(
                ORIENTATION,
                25,
                BASIC,
                "Any group; evenings preferred.",
                answered=22,
                declined=(
                    R.NO_CAPACITY,
                    "The December group is full; the next one starts in February.",
                ),
            ),
        ),
    ),
    Story(
        M.CIVIC_ORIENTATION,
        (Step(ORIENTATION, 1, BASIC, "For the February group. Speaks {languages}."),),
    ),
    # School places for the children of a family whose plan is being drafted.
    Story(
        M.SCHOOL_ENROLMENT,
        (
            Step(
                ENROLMENT,
                2,
                SCHOOL,
                "{beneficiary} needs a school place now; the family speaks {languages}.",
                answered=1,
            ),
        ),
        consent=ConsentSpec(4, (K.SCHOOL,)),
        draft=True,
    ),
    Story(
        M.SCHOOL_ENROLMENT,
        (
            Step(
                ENROLMENT,
                2,
                SCHOOL,
                "{beneficiary}, the family's other child: a school place as well, in the same "
                "school if possible.",
            ),
        ),
        draft=True,
    ),
)


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _at(day: date, step: int, now: datetime) -> datetime:
    """A moment in office hours on ``day`` (later for later steps), never after now."""
    moment = timezone.make_aware(datetime.combine(day, time(9, 40)))
    return min(moment + timedelta(minutes=35 * step), now)


@dataclass(order=True)
class Event:
    """Something done on ``day``; ``rank`` orders a day's work, then the order
    in which it was planned."""

    day: date
    rank: int
    seq: int
    act: Callable[..., object] = field(compare=False)


def _organisations() -> int:
    created = 0
    by_code = {o.code: o for o in Organisation.objects.all()}
    for code, name, kind, level, parent, region, locality in ORGANISATIONS:
        organisation, new = Organisation.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": level,
                "parent": by_code.get(parent) if parent else None,
                "country": "MD",
                "region": region,
                "locality": locality,
            },
        )
        by_code[code] = organisation
        created += new
    return created


def _partner_agents() -> int:
    """Partner agents as the core demo makes its users."""
    return demo.staff_accounts(PARTNER_AGENTS, Role.PARTNER)


class _Loader:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        self.planned = 0
        self.actors: dict[str, Actor] = {}
        self.events: list[Event] = []  # a heap: what is done later may plan more

    def plan(self, days_ago: int | date, rank: int, act: Callable[..., object]) -> None:
        day = days_ago if isinstance(days_ago, date) else self.ago(days_ago)
        self.planned += 1
        heapq.heappush(self.events, Event(day, rank, self.planned, act))

    def actor(self, username: str) -> Actor:
        if username not in self.actors:
            self.actors[username] = actor_for(User.objects.get(username=username))
        return self.actors[username]

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def play(self) -> None:
        """Does everything in time order, each at its moment of the day."""
        steps: dict[date, int] = {}
        while self.events:
            event = heapq.heappop(self.events)
            steps[event.day] = steps.get(event.day, 0) + 1
            event.act(now=_at(event.day, steps[event.day], self.now))

    # -- the directory and the partnerships ------------------------------------

    def services(self) -> int:
        existing = set(Service.objects.values_list("organisation__code", "code"))
        missing = [s for s in SERVICES if (s.organisation, s.data.code) not in existing]
        for spec in missing:
            self.plan(spec.described, 0, self._describe(spec))
        return len(missing)

    def _describe(self, spec: ServiceSpec) -> Callable[..., object]:
        def describe(now: datetime) -> None:
            directory.service_save(
                actor=self.actor(AUTHORS.get(spec.organisation, COORDINATOR)),
                organisation=Organisation.objects.get(code=spec.organisation),
                data=spec.data,
                now=now,
            )

        return describe

    def partnerships(self) -> int:
        existing = set(Partnership.objects.values_list("document_reference", flat=True))
        missing = [p for p in PARTNERSHIPS if p.reference not in existing]
        for spec in missing:
            self.plan(spec.signed, 0, self._conclude(spec))
        return len(missing)

    def _conclude(self, spec: PartnershipSpec) -> Callable[..., object]:
        coordinator = self.actor(COORDINATOR)
        signed = self.ago(spec.signed)

        def conclude(now: datetime) -> None:
            partnership = directory.partnership_save(
                actor=coordinator,
                data=directory.PartnershipData(
                    title=spec.title,
                    parties=spec.parties,
                    scope=spec.scope,
                    shareable=spec.shareable,
                    valid_from=signed,
                    valid_until=signed + timedelta(days=spec.runs - 1) if spec.runs else None,
                    document_reference=spec.reference,
                ),
                now=now,
            )
            if spec.terminated is not None:
                ends = self.ago(spec.terminated)
                self.plan(
                    ends - timedelta(days=1),
                    0,
                    partial(
                        directory.partnership_terminate,
                        actor=coordinator,
                        partnership=partnership,
                        on=ends,
                    ),
                )

        return conclude

    # -- the referrals -----------------------------------------------------------

    def stories(self) -> int:
        """One story per open measure of the centre's plans, the person's plan
        begun (agreed, or drafted for a draft) before the first referral."""
        chosen = self._measures()
        for story, measure in chosen:
            self._story(story, measure)
        return len(chosen)

    def _measures(self) -> list[tuple[Story, Measure]]:
        measures = list(
            Measure.objects.filter(
                status__in=OPEN_MEASURE,
                plan__status__in=(PlanStatus.DRAFT, PlanStatus.AGREED),
                plan__organisation__code=CENTRE,
            )
            .select_related("plan__person", "beneficiary")
            .order_by("plan__starts_on", "plan_id", "due_on", "pk")
        )
        used: set[int] = set()
        chosen: list[tuple[Story, Measure]] = []
        for story in sorted(STORIES, key=lambda s: -s.steps[0].sent):
            first = self.ago(story.steps[0].sent)
            for measure in measures:
                plan = measure.plan
                begun = (
                    timezone.localdate(plan.created_at) + timedelta(days=1)
                    if story.draft
                    else (plan.agreed_on or plan.starts_on) + timedelta(days=3)
                )
                if (
                    measure.pk not in used
                    and measure.kind == story.kind
                    and (plan.status == PlanStatus.DRAFT) == story.draft
                    and begun <= first
                ):
                    used.add(measure.pk)
                    chosen.append((story, measure))
                    break
        return chosen

    def _story(self, story: Story, measure: Measure) -> None:
        person = measure.plan.person
        if story.consent is not None:
            self.plan(story.consent.given, 0, self._consent(person, story.consent))
        for step in story.steps:  # each sent once the one before was closed
            self._referral(step, person, measure)

    def _consent(self, person: Person, spec: ConsentSpec) -> Callable[..., object]:
        """What the people service records when a caseworker notes a consent (demo
        modules reach other apps' tables, not their services)."""
        caseworker = self.actor(CASEWORKER)
        given = self.ago(spec.given)

        def give(now: datetime) -> None:
            consent = Consent.objects.create(
                person=person,
                purpose=ConsentPurpose.REFERRAL,
                recipients=sorted(spec.recipients),
                given_on=given,
                expires_on=given + timedelta(days=365),
                recorded_by=Organisation.objects.get(code=CENTRE),
                recorded_at=now,
            )
            self._audit_case(caseworker, person, "person.consent.give", consent, now)
            if spec.withdrawn is not None:
                day = self.ago(spec.withdrawn)
                self.plan(day, 0, withdraw(consent, day))

        def withdraw(consent: Consent, day: date) -> Callable[..., object]:
            def act(now: datetime) -> None:
                consent.withdrawn_on = day
                consent.save(update_fields=["withdrawn_on"])
                self._audit_case(caseworker, person, "person.consent.withdraw", consent, now)

            return act

        return give

    @staticmethod
    def _audit_case(
        actor: Actor, person: Person, action: str, consent: Consent, moment: datetime
    ) -> None:
        data: dict[str, object] = {"consent": consent.pk}
        if action.endswith(".give"):
            data["purpose"] = consent.purpose
        audit.record(
            actor=actor,
            action=action,
            object_type="person",
            object_id=person.public_id,
            purpose="case management",
            data=data,
            now=moment,
        )

    def _referral(self, step: Step, person: Person, measure: Measure) -> None:
        caseworker = self.actor(CASEWORKER)
        organisation, code = step.service
        agent = self._agent(organisation)
        message = step.message.format(languages=_spoken(person), beneficiary=_beneficiary(measure))

        def send(now: datetime) -> None:
            service = Service.objects.get(organisation__code=organisation, code=code)
            data = referrals.ReferralData(
                measure_id=measure.pk,
                service_id=service.pk,
                shared_fields=step.shared,
                message=message,
            )
            referral = referrals.referral_send(actor=caseworker, person=person, data=data, now=now)
            if step.answered is not None and step.declined is not None:
                reason, note = step.declined
                self.plan(
                    step.answered,
                    2,
                    partial(
                        referrals.referral_decline,
                        actor=agent,
                        referral=referral,
                        reason=reason,
                        note=note,
                    ),
                )
            elif step.answered is not None:
                self.plan(
                    step.answered,
                    2,
                    partial(referrals.referral_accept, actor=agent, referral=referral),
                )
            if step.completed is not None:
                days, outcome, note = step.completed
                self.plan(
                    days,
                    3,
                    partial(
                        referrals.referral_complete,
                        actor=agent,
                        referral=referral,
                        outcome=outcome,
                        note=note,
                    ),
                )
            if step.withdrawn is not None:
                days, note = step.withdrawn
                self.plan(
                    days,
                    3,
                    partial(
                        referrals.referral_withdraw, actor=caseworker, referral=referral, note=note
                    ),
                )

        self.plan(step.sent, 1, send)

    def _agent(self, organisation: str) -> Actor:
        user = (
            User.objects.filter(
                memberships__organisation__code=organisation, memberships__role=Role.PARTNER
            )
            .order_by("pk")
            .first()
        )
        assert user is not None, "every receiving partner of the demo has a partner agent"
        return self.actor(user.username)

    def quiet_inboxes(self) -> None:
        """The demo's notifications are history: their e-mails count as sent at the
        time (the worker sends none of them now), and the staff have read all but
        those of the last three days."""
        notifications = list(Notification.objects.filter(record_type="referral", emailed_at=None))
        for notification in notifications:
            notification.emailed_at = notification.created_at
            if timezone.localdate(notification.created_at) < self.ago(UNREAD_DAYS):
                notification.read_at = notification.created_at + timedelta(hours=2)
        Notification.objects.bulk_update(notifications, ["emailed_at", "read_at"])


def _spoken(person: Person) -> str:
    """The person's languages by name, their first language first."""
    rows = sorted(
        person.languages.values_list("code", "declared_level"),
        key=lambda row: (row[1] != "native", row[0]),
    )
    names = []
    for code, _level in rows[:3]:
        found = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
        names.append(str(found.name) if found is not None else code)
    return " and ".join(", ".join(names).rsplit(", ", 1)) if names else "Romanian"


def _beneficiary(measure: Measure) -> str:
    child = measure.beneficiary
    if child is None:
        return "The child"
    year = f" (born {child.birth_date.year})" if child.birth_date else ""
    return f"{child.given_name_latin}{year}"


@transaction.atomic
def load() -> str:
    """Adds what is missing: the partner organisations and agents, the directory,
    the partnerships and (once, if the plans demo is there) the referrals."""
    now = timezone.now()
    organisations = _organisations()
    agents = _partner_agents()
    loader = _Loader(now)
    services = loader.services()
    partnerships = loader.partnerships()
    stories = 0
    if not Referral.objects.exists():
        stories = loader.stories()
    loader.play()
    helpers = _volunteers(loader) if not Volunteer.objects.exists() else 0
    if stories:
        loader.quiet_inboxes()
    if organisations or agents:
        audit.record(
            actor=None,
            actor_label="integra demo",
            action="demo.partners",
            purpose="demonstration",
            data={"organisations": organisations, "partner_agents": agents},
        )
    if not (organisations or agents or services or partnerships or stories or helpers):
        return f"Partners: already loaded ({Referral.objects.count()} referrals)."
    return _summary(loader.today)


# Volunteers of the tutoring NGO (R12): (given, family, languages, kinds of help,
# locality, vetting: "cleared", "pending" or "expired").
HOME = "Chișinău"
VOLUNTEERS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str], ...] = (
    (
        "Elena",
        "Popa",
        ("ro", "ru", "en"),
        ("language_tutoring", "mentoring"),
        HOME,
        "cleared",
    ),
    ("Andrei", "Rusu", ("ro", "uk"), ("language_tutoring", "homework"), HOME, "cleared"),
    ("Mariam", "Saleh", ("ar", "ro", "en"), ("interpreting", "mentoring"), HOME, "cleared"),
    ("Victoria", "Lungu", ("ro", "ru"), ("job_search", "mentoring"), HOME, "cleared"),
    ("Igor", "Ceban", ("ro", "ru", "uk"), ("community_activity",), "Bălți", "cleared"),
    ("Natalia", "Moraru", ("ro", "fr"), ("language_tutoring",), HOME, "pending"),
    ("Sergiu", "Botnaru", ("ro", "en"), ("housing_search",), HOME, "expired"),
    (
        "Oksana",
        "Kovalenko",
        ("uk", "ru", "ro"),
        ("homework", "language_tutoring"),
        HOME,
        "cleared",
    ),
)
KEEPER = "partner-tutors"


def _volunteers(loader: _Loader) -> int:
    """The tutoring NGO's volunteers, vetted months ago; the Chișinău centre matches
    the cleared ones to open tutoring, mentoring and homework measures of its
    plans, and the NGO logs their hours week by week."""
    keeper = loader.actor(KEEPER)
    organisation = Organisation.objects.get(code="ngo-tutors")
    start = timezone.make_aware(datetime.combine(loader.ago(150), time(10)))
    made: list[Volunteer] = []
    for given, family, languages, skills, locality, vetting in VOLUNTEERS:
        volunteer = volunteers.volunteer_save(
            actor=keeper,
            organisation=organisation,
            data=volunteers.VolunteerData(
                given_name=given,
                family_name=family,
                email=f"{given.lower()}.{family.lower()}@volunteers.demo.invalid",
                languages=languages,
                skills=skills,
                locality=locality,
                availability="Weekday evenings and Saturday mornings",
                hours_per_month=12,
                max_matches=2,
            ),
            now=start,
        )
        if vetting != "pending":
            volunteers.volunteer_vet(
                actor=keeper,
                volunteer=volunteer,
                outcome="cleared",
                on=loader.ago(140),
                expires_on=loader.ago(10) if vetting == "expired" else loader.ago(140 - 730),
                now=start + timedelta(days=10),
            )
        made.append(volunteer)
    caseworker = loader.actor(CASEWORKER)
    wanted = sorted(SKILL_FOR_KIND)
    measures = (
        Measure.objects.filter(
            kind__in=wanted,
            status__in=OPEN_MEASURE,
            plan__organisation__code=CENTRE,
        )
        .exclude(plan__status=PlanStatus.CLOSED)
        .select_related("plan__person")
        .order_by("due_on", "pk")[:6]
    )
    matched = 0
    for number, measure in enumerate(measures):
        moment = timezone.make_aware(datetime.combine(loader.ago(60 - 7 * number), time(11)))
        person = measure.plan.person
        found = service_selectors.match_suggestions(
            actor=caseworker, person=person, measure_id=measure.pk, today=moment.date()
        )
        if not found:
            continue
        match = volunteers.match_create(
            actor=caseworker,
            person=person,
            measure_id=measure.pk,
            volunteer_id=found[0].volunteer.public_id,
            note="Met at the centre; they agreed to meet weekly.",
            now=moment,
        )
        for week in range(1, 7):
            day = moment.date() + timedelta(days=7 * week)
            if day >= loader.today:
                break
            volunteers.hours_log(
                actor=keeper,
                match=match,
                day=day,
                hours="1.5",
                note="Weekly session",
                now=timezone.make_aware(datetime.combine(day, time(18))),
            )
        matched += 1
    Notification.objects.filter(kind="volunteer.matched").update(
        emailed_at=loader.now, read_at=loader.now
    )
    return len(made) + matched


def _summary(today: date) -> str:
    services = Service.objects.aggregate(
        total=Count("pk"), internal=Count("pk", filter=Q(is_public=False))
    )
    current = Partnership.objects.filter(
        Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        Q(terminated_on__isnull=True) | Q(terminated_on__gt=today),
    ).count()
    by_status = dict(Referral.objects.order_by().values_list("status").annotate(n=Count("pk")))
    late = Referral.objects.filter(
        Q(status=ReferralStatus.SENT, accept_by__lt=today)
        | Q(status=ReferralStatus.ACCEPTED, complete_by__lt=today)
    ).count()
    states = ", ".join(f"{by_status.get(status, 0)} {status}" for status in ReferralStatus.values)
    agents = ", ".join(["partner", *(username for username, *_ in PARTNER_AGENTS)])
    helpers = Volunteer.objects.count()
    matches = VolunteerMatch.objects.count()
    return (
        f"Partners: {services['total']} services ({services['internal']} for staff only), "
        f"{Partnership.objects.count()} partnerships ({current} in force), "
        f"{sum(by_status.values())} referrals ({states}; {late} open past their target); "
        f"{helpers} volunteers ({matches} matched); partner agents {agents}."
    )
