"""Demo good practices (R28), through the services: nine practices of other
authorities, published by the demo coordinator of the Bureau for Migration and
Asylum (Gdańsk's integration model, Portugal's one-stop shops, Germany's
integration courses, Sweden's introduction programme, Moldova's integration
centres, …), one of them written in Russian; and one draft of the Chișinău
integration centre, waiting for the coordinator.

Idempotent: a practice whose title is there already is not written again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from integra.core.access import Actor, actor_for
from integra.core.models import User
from integra.monitoring.models import Practice
from integra.monitoring.services import practices as services
from integra.monitoring.services.practices import PracticeData

CONTACT = "demo.integra.invalid"


@dataclass(frozen=True)
class Demo:
    data: PracticeData
    publish: bool = True


PRACTICES: list[Demo] = [
    Demo(
        PracticeData(
            title="Gdańsk Immigrant Integration Model",
            country="PL",
            area="community",
            summary=(
                "A city-wide integration policy written together with migrants, NGOs and "
                "public institutions: eight areas, each with its own team and actions, "
                "adopted by the city council and reviewed every year."
            ),
            description=(
                "In 2015–2016 the City of Gdańsk invited some 150 people — migrants, "
                "officials, teachers, doctors, police officers and NGO workers — to "
                "write the city's integration policy together. They worked in eight "
                "thematic teams: education, culture, social assistance, health, "
                "employment, housing, local community, and violence and discrimination.\n\n"
                "Each team described the situation, the barriers migrants meet and the "
                "actions that would remove them, with the institution responsible for "
                "each. The city council adopted the model in 2016. An Immigrant Council "
                "advises the mayor, and a support centre for immigrants gives legal and "
                "practical advice in several languages.\n\n"
                "The model became the template for other Polish cities and, through the "
                "Union of Polish Metropolises, for their common response to the arrivals "
                "from Ukraine in 2022."
            ),
            evidence=(
                "Annual monitoring of the actions by the city's social development "
                "department; the model was taken up by other Polish cities and is cited "
                "by the Council of Europe's Intercultural Cities programme."
            ),
            contact_name="Social Development Department, City of Gdańsk",
            contact_email=f"gdansk@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="One-stop shops for migrants (CNAIM)",
            country="PT",
            area="social",
            summary=(
                "National Support Centres for Migrant Integration in Lisbon, Porto and "
                "Faro bring the immigration service, social security, tax, employment, "
                "health and education offices under one roof, with intercultural "
                "mediators who speak the migrants' languages."
            ),
            description=(
                "Since 2004 Portugal has brought the public services a newcomer needs "
                "into single centres, so that a person does not have to cross a city "
                "from office to office. Each centre hosts desks of the immigration "
                "authority, social security, the tax authority, the employment and "
                "vocational training institute, the health and education services, and "
                "specialised offices for family reunification, legal support, housing "
                "and recognition of qualifications.\n\n"
                "Intercultural mediators, many of them migrants themselves and drawn "
                "from community associations, receive people in their own language and "
                "accompany them between desks. A telephone line and local support "
                "centres in the municipalities extend the network."
            ),
            evidence=(
                "Recognised by the European Commission and the OECD as a reference "
                "model of one-stop shops; the centres receive thousands of visitors "
                "every month and waiting times are published."
            ),
            contact_name="Agency for Integration, Migration and Asylum (AIMA)",
            contact_email=f"cnaim@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="Integration courses: language and orientation",
            country="DE",
            area="language",
            summary=(
                "A national course of up to 600 hours of German, to level B1, and 100 "
                "hours of orientation on the law, history and culture of the country, "
                "ending in state tests; free or subsidised, with childcare and "
                "travel costs covered."
            ),
            description=(
                "Since 2005 the Federal Office for Migration and Refugees has run the "
                "integration course through licensed providers across the country. The "
                "language part has six modules of 100 hours, to the common European "
                "level B1; special courses serve young adults, parents, people who must "
                "first learn to read and write, and fast learners.\n\n"
                'The orientation course ("Living in Germany") covers democracy, the '
                "rule of law, rights and duties, history and everyday life. Both end in "
                "standard tests whose certificates count towards permanent residence "
                "and naturalisation. Participation is a right for many newcomers and "
                "can be made a duty when someone receives benefits."
            ),
            evidence=(
                "The Federal Office's research centre follows participants in a panel "
                "study; it publishes pass rates by course type every year."
            ),
            contact_name="Federal Office for Migration and Refugees (BAMF)",
            contact_email=f"integrationskurs@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="Introduction programme for newly arrived refugees",
            country="SE",
            area="employment",
            summary=(
                "Up to two years of full-time activity under an individual plan — "
                "Swedish for immigrants, civic orientation and steps into work — agreed "
                "with the Public Employment Service, with an introduction benefit paid "
                "for taking part."
            ),
            description=(
                "Newly arrived refugees and their family members aged 20–64 agree an "
                "individual introduction plan with the Public Employment Service. The "
                "plan combines Swedish for immigrants (SFI), at least 60 hours of civic "
                "orientation in a language the person understands, validation of "
                "earlier education and work, job-seeking activities, internships and "
                "subsidised employment.\n\n"
                "The municipality provides housing, the language courses and schooling "
                "for the children. The programme lasts at most 24 months; an "
                "individual benefit, equal for men and women, replaces social "
                "assistance during it, so that both partners of a couple take part."
            ),
            evidence=(
                "Evaluations by the Institute for Evaluation of Labour Market and "
                "Education Policy (IFAU) found faster entry into work after the 2010 "
                "reform, especially for women."
            ),
            contact_name="Public Employment Service (Arbetsförmedlingen)",
            contact_email=f"etablering@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="Integration centres for foreigners",
            country="MD",
            area="legal",
            summary=(
                "Regional centres where beneficiaries of international protection and "
                "other foreigners receive information, legal counselling, Romanian "
                "lessons and help with documents, housing and work, under an "
                "individual integration programme."
            ),
            description=(
                "The Bureau for Migration and Asylum runs an accommodation centre for "
                "asylum seekers and integration services for people granted protection "
                "or long-term residence. Each person agrees an individual integration "
                "plan covering language, accommodation, employment, health care and "
                "social assistance.\n\n"
                "Partner NGOs provide legal aid and psychological support; the "
                "employment agency registers newcomers and offers vocational training. "
                "Since 2022 the centres and the regional offices have also served the "
                "people who fled the war in Ukraine under temporary protection."
            ),
            evidence=(
                "Progress reports of the national integration programme; monitored "
                "with UNHCR Moldova and IOM."
            ),
            contact_name="Bureau for Migration and Asylum",
            contact_email=f"integrare@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="Предвыездная ориентация трудовых мигрантов",
            country="KG",
            area="employment",
            summary=(
                "Бесплатные курсы для тех, кто собирается работать за рубежом: права "
                "работника, трудовой договор, легализация, как распознать "
                "недобросовестного вербовщика и куда обращаться за помощью."
            ),
            description=(
                "Информационно-консультационные центры при министерстве труда проводят "
                "предвыездную ориентацию для будущих трудовых мигрантов. Курс длится "
                "от одного до трёх дней и охватывает законодательство страны "
                "назначения, порядок оформления патента и регистрации, права по "
                "трудовому договору, безопасные денежные переводы и признаки "
                "принудительного труда.\n\n"
                "Участники получают памятку с телефонами горячих линий, консульств и "
                "правозащитных организаций в стране назначения. Центры работают "
                "вместе с частными агентствами занятости, имеющими лицензию."
            ),
            evidence=(
                "Опросы участников после возвращения; программа поддержана МОТ и МОМ "
                "в рамках проектов по справедливой вербовке."
            ),
            contact_name="Министерство труда, социального обеспечения и миграции",
            contact_email=f"orientation@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="Community sponsorship of refugees",
            country="CA",
            area="housing",
            summary=(
                "Groups of citizens, faith communities and associations sponsor a "
                "refugee family: they find a home, give money and practical help for "
                "the first year, and open their own networks for work and school."
            ),
            description=(
                "Since 1979 groups of five or more citizens, community organisations "
                "and sponsorship agreement holders can sponsor refugees, in addition to "
                "those the state resettles. The sponsors commit to financial and "
                "settlement support for twelve months: housing, furniture, enrolment "
                "in language classes and schools, a family doctor, and help in finding "
                "work.\n\n"
                "The model has been adapted by other countries (among them the United "
                "Kingdom, Ireland, Spain and Germany) with support of the Global "
                "Refugee Sponsorship Initiative."
            ),
            evidence=(
                "Government evaluations found that privately sponsored refugees find "
                "work sooner in their first years than those resettled by the state."
            ),
            contact_name="Refugee Sponsorship Training Program",
            contact_email=f"sponsorship@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="Anti-rumours strategy",
            country="ES",
            area="culture",
            summary=(
                'A city trains volunteer "anti-rumour agents" to answer prejudice '
                "about migrants in everyday conversations, with facts and empathy, and "
                "runs campaigns with local associations."
            ),
            description=(
                "Started by Barcelona in 2010, the strategy identifies the most common "
                "rumours about migrants in the city and collects reliable information "
                "to counter them. A network of associations, shops, schools and "
                "libraries takes part; volunteers are trained to respond in "
                "conversations without confrontation.\n\n"
                "Materials include comic books, short films and workshops. The Council "
                "of Europe's Intercultural Cities programme spread the method to cities "
                "in many countries."
            ),
            evidence=(
                "Evaluations of the Council of Europe's anti-rumours projects report "
                "changes in participants' attitudes and a method that other cities "
                "reproduce."
            ),
            contact_name="Barcelona Interculturality Programme",
            contact_email=f"antirumors@{CONTACT}",
        )
    ),
    Demo(
        PracticeData(
            title="Intercultural health mediators in hospitals",
            country="BE",
            area="health",
            summary=(
                "Trained mediators who speak the patients' languages are employed by "
                "hospitals to interpret, explain and bridge cultural differences "
                "between patients and staff, in person or by video."
            ),
            description=(
                "Since the 1990s the federal health service has funded intercultural "
                "mediators in hospitals. They interpret during consultations, explain "
                "the health system, help patients to express their needs and help "
                "staff to understand the patient's situation.\n\n"
                "A video-interpreting service connects mediators to general "
                "practitioners and hospitals across the country, so that smaller "
                "places are served as well."
            ),
            evidence=(
                "Federal evaluations found better communication and fewer "
                "misunderstandings reported by both patients and staff."
            ),
            contact_name="Federal Public Service Health",
            contact_email=f"mediation@{CONTACT}",
        )
    ),
]

DRAFT = Demo(
    PracticeData(
        title="Weekend Romanian conversation clubs",
        country="MD",
        area="language",
        summary=(
            "Volunteers of the Chișinău integration centre meet learners on Saturdays "
            "to practise everyday Romanian: shopping, the doctor, the bus, the school."
        ),
        description=(
            "Groups of six to eight learners meet a volunteer for two hours at the "
            "centre or at the public library. Each meeting has a theme taken from "
            "daily life and ends with a short visit (a market, a pharmacy, a bus "
            "station) where the learners use what they practised.\n\n"
            "Children are looked after in the next room, so that mothers can take "
            "part."
        ),
        contact_name="Maria Lungu",
        contact_email=f"ic-chisinau@{CONTACT}",
    ),
    publish=False,
)


def _actor(username: str) -> Actor | None:
    user = User.objects.filter(username=username).first()
    return actor_for(user) if user is not None else None


def load() -> str:
    coordinator = _actor("coordinator")
    if coordinator is None:
        return "Good practices: skipped (no demo user 'coordinator')."
    writer = _actor("caseworker") or coordinator
    written = 0
    with transaction.atomic():
        for demo in [*PRACTICES, DRAFT]:
            if Practice.objects.filter(title=demo.data.title).exists():
                continue
            actor = coordinator if demo.publish else writer
            practice = services.practice_create(actor=actor, data=demo.data)
            if demo.publish:
                services.practice_publish(actor=coordinator, practice=practice)
            written += 1
    if not written:
        return f"Good practices: already loaded ({Practice.objects.count()} practices)."
    return f"Good practices: {written} written ({len(PRACTICES)} published, 1 draft)."
