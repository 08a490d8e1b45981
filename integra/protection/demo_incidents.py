"""Demo discrimination and xenophobic incidents for Moldova (R21), reported and
followed up through the services over the last three months.

Fifteen reports in five languages: by the people they happened to, by witnesses,
and by the refugee NGO or a caseworker for someone; insults on a bus, a flat
refused, a job advertisement "for locals only", online hate, an attack. The Law
Center of Advocates (legal aid; its lawyer Natalia Grosu, ``partner-legal``) and
the Equality Council (``equality``, Elena Ceban, a handler there) follow them up:
some are new, some followed up, some referred by the lawyers to the Equality
Council, some closed with their outcome. Loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from integra.core import demo
from integra.core.access import Actor, actor_for
from integra.core.models import User
from integra.core.roles import Role
from integra.protection.demo_complaints import LAWYER
from integra.protection.models import Incident
from integra.protection.services import incidents as services

LEGAL_AID = "legal-aid"
EQUALITY_COUNCIL = "equality-council"
EQUALITY = ("equality", "Elena", "Ceban", EQUALITY_COUNCIL)


@dataclass(frozen=True)
class Story:
    days_ago: int
    kinds: tuple[str, ...]
    grounds: tuple[str, ...]
    place_kind: str
    place: str
    region: str
    description: str
    language: str
    reported_by: str = "victim"  # victim, witness, or a username reporting for someone
    name: str = ""
    contact: str = ""
    handler: str = ""  # partner-legal or equality: who takes it
    reached: str = "received"  # received, following_up, referred, closed
    update: str = ""  # a public update
    outcome: str = ""


STORIES = [
    Story(80, ("verbal",), ("nationality", "language"), "transport", "Trolleybus 22",
          "Chișinău", "Controlorul ne-a strigat să ne întoarcem în țara noastră.", "ro",
          handler="partner-legal", reached="closed",
          update="We wrote to the transport company.",
          outcome="The company apologised in writing and trained its controllers."),
    Story(75, ("housing",), ("nationality",), "home", "Str. Ismail",
          "Chișinău", "Хозяйка отказалась сдавать квартиру, когда услышала, что мы из Сирии.",
          "ru", name="Omar Haddad", contact="+373 600 12345", handler="partner-legal",
          reached="referred", update="We referred your case to the Equality Council."),
    Story(70, ("employment",), ("origin", "colour"), "online", "Job board 999.md",
          "Chișinău", "A job advertisement says 'for locals only, no foreigners'.", "en",
          reported_by="witness", handler="equality", reached="closed",
          outcome="The Equality Council found discrimination; the employer removed the ad "
          "and was fined."),
    Story(66, ("physical", "verbal"), ("colour",), "street", "Near the central market",
          "Chișinău", "Three young men shouted insults and pushed my friend to the ground.",
          "en", reported_by="partner", handler="partner-legal", reached="following_up",
          update="We are helping you to file a police report."),
    Story(60, ("service",), ("religion",), "shop", "A café on Bd. Ștefan cel Mare",
          "Chișinău", "Мені відмовили в обслуговуванні через хустку.", "uk",
          handler="equality", reached="following_up"),
    Story(55, ("education",), ("language",), "school", "Liceul nr. 3",
          "Bălți", "Profesorul a spus că copiii care nu vorbesc română nu au loc în clasă.",
          "ro", reported_by="caseworker", handler="partner-legal", reached="referred"),
    Story(48, ("online",), ("nationality", "religion"), "online", "A Facebook group",
          "", "Comments call refugees 'invaders' and share our address.", "en",
          reported_by="witness"),
    Story(42, ("authorities",), ("origin",), "office", "A municipal office",
          "Ungheni", "Служащий отказался принять документы и сказал прийти с «нормальным» "
          "переводчиком.", "ru", handler="partner-legal", reached="closed",
          outcome="The office apologised and accepted the documents."),
    Story(36, ("verbal",), ("language",), "health", "Polyclinic no. 5",
          "Chișinău", "الممرضة رفضت التحدث معي وقالت إنني يجب أن أتعلم الرومانية أولاً.", "ar",
          handler="equality", reached="following_up",
          update="We asked the polyclinic for its explanation."),
    Story(30, ("property",), ("nationality",), "home", "Our building's yard",
          "Cahul", "Someone wrote 'foreigners out' on our car and broke a window.", "en",
          name="Aziz Karimov", contact="aziz@example.org"),
    Story(24, ("employment", "verbal"), ("nationality", "sex"), "workplace", "A warehouse",
          "Chișinău", "Начальник называет нас «рабами» и платит женщинам меньше.", "ru",
          reported_by="partner", handler="partner-legal", reached="following_up"),
    Story(18, ("housing",), ("colour",), "home", "An agency in Botanica",
          "Chișinău", "The agent said the owner 'does not rent to Africans'.", "en",
          handler="equality", reached="closed",
          outcome="Mediation: the owner agreed to rent, and the agency changed its rules."),
    Story(12, ("verbal",), ("religion",), "transport", "Minibus 185",
          "Chișinău", "Водій не пустив нас у маршрутку і образив.", "uk", reported_by="witness"),
    Story(6, ("service",), ("nationality",), "shop", "A pharmacy",
          "Orhei", "Farmacista a refuzat să-mi vândă medicamentele fără buletin moldovenesc.",
          "ro"),
    Story(2, ("other",), ("other",), "other", "", "Comrat",
          "They laughed at my accent and followed me home.", "en"),
]  # fmt: skip


def _actor(username: str) -> Actor | None:
    user = User.objects.filter(username=username).first()
    return actor_for(user) if user else None


def _follow_up(story: Story, incident: Incident, handlers: dict[str, Actor], at_days: int) -> None:
    if not story.handler or story.handler not in handlers:
        return
    handler = handlers[story.handler]
    now = timezone.now() - timedelta(days=at_days)
    services.incident_take(actor=handler, incident=incident, now=now + timedelta(days=1))
    if story.update:
        services.incident_update(
            actor=handler,
            incident=incident,
            note=story.update,
            public=True,
            now=now + timedelta(days=2),
        )
    services.incident_update(
        actor=handler,
        incident=incident,
        note="Spoke with the reporter; facts confirmed.",
        now=now + timedelta(days=2),
    )
    if story.reached == "referred":
        services.incident_refer(
            actor=handler,
            incident=incident,
            organisation=EQUALITY_COUNCIL,
            note="A pattern: see the other reports about the same place.",
            now=now + timedelta(days=3),
        )
    if story.reached == "closed":
        services.incident_close(
            actor=handler, incident=incident, outcome=story.outcome, now=now + timedelta(days=5)
        )


@transaction.atomic
def load() -> str:
    if Incident.objects.exists():
        return "Incidents: already loaded."
    demo.staff_accounts([LAWYER, EQUALITY], Role.INSPECTOR)
    handlers = {
        username: found
        for username in ("partner-legal", "equality")
        if (found := _actor(username)) is not None
    }
    first_code = ""
    reported: list[Incident] = []
    for story in STORIES:
        at = timezone.now() - timedelta(days=story.days_ago)
        on_behalf = story.reported_by not in ("victim", "witness")
        result = services.incident_report(
            actor=_actor(story.reported_by) if on_behalf else None,
            data=services.IncidentData(
                reported_by="victim" if on_behalf else story.reported_by,
                kinds=story.kinds,
                grounds=story.grounds,
                happened_on=date.fromordinal(timezone.localdate(at).toordinal() - 1),
                place_kind=story.place_kind,
                place=story.place,
                region=story.region,
                description=story.description,
                anonymous=not story.name,
                name=story.name,
                contact=story.contact,
                language=story.language,
            ),
            now=at,
        )
        first_code = first_code or result.code
        _follow_up(story, result.incident, handlers, story.days_ago)
        reported.append(result.incident)
    return (
        f"Incidents: {len(reported)} reported, followed up by 'partner-legal' (legal aid) and "
        f"'equality' (Equality Council); follow {reported[0].public_id} at /incidents/track/ "
        f"with the code {first_code}."
    )
