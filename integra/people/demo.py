"""Demo registry: about 3,000 people in some 1,200 households at the three
integration centres, as Moldova's centres meet them.

Ukrainians are half the registry (mothers with children, grandparents, few men of
working age), then asylum seekers and refugees from Syria, Afghanistan and Iraq,
migrant workers from Central Asia, Türkiye and the Caucasus, students from India,
Nigeria and Egypt, and some Russians and Belarusians. Names are written in their
own scripts with the Latin forms the registry suggests. Each person comes with a
legal-status history that fits their country and household, documents with
plausible numbers (some residence permits expire within weeks, so the expiry
to-dos have work to show), languages, work experience and qualifications.

Everything is drawn from a seeded generator and written with bulk inserts in one
transaction; once the registry holds TARGET people, loading again adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from integra.core.models import Organisation
from integra.people import names
from integra.people.models import (
    CefrLevel,
    Citizenship,
    DatePrecision,
    Document,
    DocumentKind,
    Household,
    HouseholdMember,
    Language,
    LegalStatus,
    NameKey,
    Person,
    Qualification,
    Recognition,
    Relationship,
    Responsibility,
    Sex,
    StatusCategory,
    WorkExperience,
    document_key,
)

TARGET = 3000
STATELESS_SHARE = 0.03  # of households: Palestinians from Syria, undocumented Roma…
NO_STATUS_SHARE = 0.06  # households registered before any status was recorded
YEAR = timedelta(days=365)

# code, weight, localities the centre serves (the first is its seat)
CENTRES: list[tuple[str, int, tuple[str, ...]]] = [
    ("ic-chisinau", 5, ("Chișinău", "Ialoveni", "Orhei", "Ungheni", "Anenii Noi", "Strășeni")),
    ("ic-balti", 3, ("Bălți", "Soroca", "Edineț", "Drochia", "Fălești")),
    ("ic-cahul", 2, ("Cahul", "Comrat", "Cantemir", "Vulcănești", "Taraclia")),
]
STREETS = (
    "str. Ștefan cel Mare",
    "str. Mihai Eminescu",
    "str. Alexandru cel Bun",
    "str. Independenței",
    "bd. Dacia",
    "str. Pușkin",
    "str. Mitropolit Varlaam",
    "str. Păcii",
    "str. Decebal",
    "str. Mihai Viteazul",
)

S = StatusCategory
H, SPOUSE, CHILD, PARENT, SIBLING, OTHER = (
    Relationship.HEAD,
    Relationship.SPOUSE,
    Relationship.CHILD,
    Relationship.PARENT,
    Relationship.SIBLING,
    Relationship.OTHER,
)

# ---------------------------------------------------------------------------
# Countries of origin
# ---------------------------------------------------------------------------

Weighted = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Origin:
    """Where a household comes from and what that makes likely."""

    country: str  # ISO 3166-1 alpha-2
    weight: int  # relative number of households
    male: tuple[str, ...]
    female: tuple[str, ...]
    families: tuple[str, ...]  # masculine forms; _feminine() derives the others
    native: tuple[str, ...]  # first languages (ISO 639), one drawn per household
    spoken: tuple[tuple[str, tuple[str, ...]], ...]  # language, levels drawn ("" none)
    shapes: Weighted  # household shapes (SHAPES)
    paths: Weighted  # legal paths (_Loader._history)
    education: tuple[int, ...]  # weights of ISCED 0…8 among adults
    passport: str  # number pattern: # digit, @ Latin letter, % Cyrillic letter
    birthplaces: tuple[str, ...]
    arrived_from: date
    children: tuple[int, ...] = (35, 40, 18, 6, 1)  # weights of 1…5 children
    passport_share: float = 0.95  # adults who kept their passport
    birth_certificate: str = "##########"
    young_male: tuple[str, ...] = ()  # names given in the last 25 years, if they differ
    young_female: tuple[str, ...] = ()
    year_only: float = 0.04  # births known by the year only
    wife_keeps_name: float = 0.05
    men_alone: float = 0.6  # share of men among adults living alone


CYRILLIC_LEVELS_RU = ("B2", "C1", "C2", "C2")
SOME_ROMANIAN = ("", "", "", "A1", "A1", "A2", "B1")
SOME_ENGLISH = ("", "", "A1", "A2", "B1", "B2")

ORIGINS: tuple[Origin, ...] = (
    Origin(
        country="UA",
        weight=47,
        male=(
            "Олександр",
            "Андрій",
            "Сергій",
            "Дмитро",
            "Іван",
            "Михайло",
            "Юрій",
            "Віктор",
            "Богдан",
            "Тарас",
            "Володимир",
            "Микола",
        ),
        female=(
            "Олена",
            "Оксана",
            "Наталія",
            "Ірина",
            "Тетяна",
            "Юлія",
            "Галина",
            "Людмила",
            "Катерина",
            "Світлана",
            "Валентина",
        ),
        young_male=("Максим", "Артем", "Назар", "Матвій", "Денис", "Данило", "Марк"),
        young_female=("Софія", "Анна", "Марія", "Вікторія", "Дарина", "Анастасія", "Злата"),
        families=(
            "Шевченко",
            "Коваленко",
            "Бондаренко",
            "Ткаченко",
            "Кравченко",
            "Мельник",
            "Олійник",
            "Бойко",
            "Лисенко",
            "Марченко",
            "Савченко",
            "Поліщук",
            "Ковальчук",
            "Мороз",
            "Петров",
            "Вишневський",
            "Ковальський",
            "Гончаренко",
        ),
        native=("uk", "uk", "uk", "ru"),
        spoken=(("ru", CYRILLIC_LEVELS_RU), ("ro", SOME_ROMANIAN), ("en", SOME_ENGLISH)),
        # Men of 18 to 60 may not leave Ukraine under martial law: mothers with
        # children, grandparents and women alone make most households.
        shapes=(
            ("alone", 23),
            ("couple", 5),
            ("family", 12),
            ("mother", 33),
            ("three", 17),
            ("elderly", 14),
            ("siblings", 3),
        ),
        paths=(
            ("temporary_protection", 82),
            ("asylum", 2),
            ("worker", 7),
            ("family", 6),
            ("student", 3),
        ),
        education=(0, 1, 3, 25, 8, 15, 20, 25, 3),
        passport="F@######",
        birthplaces=("Odesa", "Kharkiv", "Mykolaiv", "Kyiv", "Izmail", "Kherson", "Dnipro"),
        arrived_from=date(2022, 2, 24),
        children=(45, 35, 14, 5, 1),
        passport_share=0.9,
        birth_certificate="I-%% ######",
        men_alone=0.3,
    ),
    Origin(
        country="RU",
        weight=7,
        male=("Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Павел", "Владимир"),
        female=("Елена", "Ольга", "Юлия", "Татьяна", "Екатерина", "Наталья", "Ирина"),
        young_male=("Артём", "Никита", "Максим", "Кирилл", "Даниил"),
        young_female=("Анастасия", "Ксения", "Полина", "Алиса", "София"),
        families=(
            "Иванов",
            "Смирнов",
            "Кузнецов",
            "Попов",
            "Соколов",
            "Морозов",
            "Волков",
            "Лебедев",
            "Ковалевский",
        ),
        native=("ru",),
        spoken=(("ro", ("", "", "", "A1", "A2")), ("en", ("", "A2", "B1", "B2", "C1"))),
        shapes=(("alone", 40), ("couple", 25), ("family", 30), ("mother", 5)),
        paths=(("asylum", 35), ("worker", 35), ("family", 20), ("student", 5), ("irregular", 5)),
        education=(0, 0, 2, 20, 8, 12, 25, 28, 5),
        passport="75 #######",
        birthplaces=("Moscow", "Saint Petersburg", "Rostov-on-Don", "Krasnodar", "Novosibirsk"),
        arrived_from=date(2019, 1, 1),
        birth_certificate="IV-%% ######",
        men_alone=0.75,
    ),
    Origin(
        country="BY",
        weight=2,
        male=("Аляксандр", "Сяргей", "Андрэй", "Дзмітрый", "Павел"),
        female=("Вольга", "Наталля", "Святлана", "Алена", "Марына"),
        families=("Лукашэвіч", "Кавалёў", "Новік", "Шаўчук", "Мельнікаў"),
        native=("ru", "ru", "be"),
        spoken=(("ru", ("C2",)), ("en", ("", "A2", "B1", "B2")), ("ro", ("", "", "A1"))),
        shapes=(("alone", 30), ("couple", 30), ("family", 35), ("mother", 5)),
        paths=(("asylum", 20), ("worker", 45), ("family", 30), ("irregular", 5)),
        education=(0, 0, 2, 20, 10, 15, 25, 25, 3),
        passport="MP#######",
        birthplaces=("Minsk", "Gomel", "Brest", "Vitebsk"),
        arrived_from=date(2020, 8, 1),
        birth_certificate="I-%% #######",
    ),
    Origin(
        country="SY",
        weight=6,
        male=("محمد", "أحمد", "علي", "حسن", "عمر", "خالد", "يوسف", "إبراهيم", "محمود", "بلال"),
        female=("فاطمة", "عائشة", "مريم", "زينب", "ليلى", "سارة", "نور", "أمينة", "هدى"),
        families=(
            "الحسن",
            "الحسيني",
            "العلي",
            "الخطيب",
            "الحلبي",
            "الشامي",
            "الأحمد",
            "الكردي",
            "المنصور",
        ),
        native=("ar", "ar", "ar", "ar", "ar", "ku"),
        spoken=(("en", SOME_ENGLISH), ("ro", ("", "", "A1", "A2")), ("ru", ("", "", "", "A1"))),
        shapes=(
            ("alone", 22),
            ("couple", 8),
            ("family", 48),
            ("mother", 8),
            ("three", 8),
            ("siblings", 6),
        ),
        paths=(("asylum", 85), ("worker", 5), ("student", 5), ("irregular", 5)),
        education=(5, 15, 20, 25, 5, 8, 17, 5, 0),
        passport="N#########",
        birthplaces=("Aleppo", "Damascus", "Homs", "Idlib", "Latakia"),
        arrived_from=date(2015, 1, 1),
        children=(15, 25, 25, 20, 15),
        passport_share=0.5,
        year_only=0.12,
        wife_keeps_name=0.8,
        men_alone=0.85,
    ),
    Origin(
        country="IQ",
        weight=3,
        male=("محمد", "علي", "حسين", "عباس", "حيدر", "جعفر", "قاسم", "مصطفى"),
        female=("زينب", "فاطمة", "مريم", "هدى", "خديجة", "نور"),
        families=("الموسوي", "الجبوري", "العبيدي", "التميمي", "الربيعي", "الحسيني"),
        native=("ar", "ar", "ar", "ku"),
        spoken=(("en", SOME_ENGLISH), ("ro", ("", "", "A1", "A2"))),
        shapes=(("alone", 22), ("couple", 10), ("family", 48), ("mother", 5), ("three", 10)),
        paths=(("asylum", 75), ("worker", 10), ("student", 10), ("irregular", 5)),
        education=(5, 15, 20, 25, 5, 8, 17, 5, 0),
        passport="A########",
        birthplaces=("Baghdad", "Mosul", "Basra", "Erbil", "Najaf"),
        arrived_from=date(2015, 1, 1),
        children=(15, 25, 25, 20, 15),
        passport_share=0.6,
        year_only=0.1,
        wife_keeps_name=0.8,
        men_alone=0.85,
    ),
    Origin(
        country="AF",
        weight=5,
        male=("محمد", "احمد", "رحمت", "نجیب", "فرید", "جاوید", "علی", "حسین", "رضا"),
        female=("زهرا", "مریم", "فاطمه", "شکیلا", "پروانه", "زینب"),
        families=("احمدی", "حیدری", "رحیمی", "کریمی", "نوری", "صدیقی"),
        native=("prs", "prs", "prs", "ps"),
        spoken=(("en", ("", "", "A1", "A2", "B1")), ("ro", ("", "A1", "A1", "A2"))),
        shapes=(
            ("alone", 27),
            ("couple", 5),
            ("family", 48),
            ("mother", 8),
            ("three", 7),
            ("siblings", 5),
        ),
        paths=(("asylum", 92), ("irregular", 8)),
        education=(20, 20, 15, 20, 5, 5, 12, 3, 0),
        passport="P########",
        birthplaces=("Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Jalalabad"),
        arrived_from=date(2021, 8, 15),
        children=(15, 25, 25, 20, 15),
        passport_share=0.35,
        year_only=0.35,  # many Afghan documents give only the year of birth
        wife_keeps_name=0.5,
        men_alone=0.85,
    ),
    Origin(
        country="TJ",
        weight=6,
        male=("Рустам", "Фаррух", "Хуршед", "Ҷамшед", "Сорбон", "Далер", "Парвиз", "Шаҳбоз"),
        female=("Нигина", "Мадина", "Зарина", "Шахноза", "Гулноза", "Меҳрона", "Манижа"),
        families=(
            "Раҳимов",
            "Назаров",
            "Каримов",
            "Саидов",
            "Шарипов",
            "Муратов",
            "Сафаров",
            "Қодиров",
            "Шарифзода",
        ),
        native=("tg",),
        spoken=(("ru", ("A2", "B1", "B1", "B2", "C1")), ("ro", ("", "", "A1"))),
        shapes=(("alone", 45), ("couple", 15), ("family", 40)),
        paths=(("worker", 65), ("family", 20), ("irregular", 10), ("asylum", 5)),
        education=(1, 3, 12, 50, 12, 10, 10, 2, 0),
        passport="400######",
        birthplaces=("Dushanbe", "Khujand", "Kulob", "Bokhtar"),
        arrived_from=date(2017, 1, 1),
        children=(20, 35, 25, 15, 5),
        men_alone=0.85,
    ),
    Origin(
        country="UZ",
        weight=5,
        male=("Jasur", "Akmal", "Bekzod", "Sardor", "Otabek", "Ulugbek", "Dilshod", "Sherzod"),
        female=("Dilnoza", "Gulnora", "Malika", "Nodira", "Zuhra", "Sevara", "Feruza"),
        families=(
            "Karimov",
            "Tursunov",
            "Yusupov",
            "Rashidov",
            "Aliyev",
            "Xolmatov",
            "Ergashev",
            "Usmonov",
        ),
        native=("uz",),
        spoken=(("ru", ("A2", "B1", "B2", "C1")), ("ro", ("", "", "A1"))),
        shapes=(("alone", 45), ("couple", 15), ("family", 40)),
        paths=(("worker", 65), ("family", 20), ("irregular", 10), ("student", 5)),
        education=(1, 3, 12, 50, 12, 10, 10, 2, 0),
        passport="F@#######",
        birthplaces=("Tashkent", "Samarkand", "Namangan", "Andijan", "Fergana"),
        arrived_from=date(2017, 1, 1),
        children=(20, 35, 25, 15, 5),
        men_alone=0.85,
    ),
    Origin(
        country="TR",
        weight=6,
        male=("Mehmet", "Mustafa", "Ahmet", "Emre", "Burak", "Hüseyin", "Murat", "Oğuz"),
        female=("Ayşe", "Fatma", "Elif", "Zeynep", "Merve", "Emine", "Büşra"),
        families=("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Doğan"),
        native=("tr",),
        spoken=(
            ("en", ("", "A2", "B1", "B2")),
            ("ro", ("", "A1", "A2", "B1")),
            ("ru", ("", "", "", "A1")),
        ),
        shapes=(("alone", 35), ("couple", 20), ("family", 45)),
        paths=(("worker", 70), ("family", 25), ("student", 5)),
        education=(0, 5, 10, 35, 5, 10, 25, 10, 0),
        passport="U########",
        birthplaces=("Istanbul", "Ankara", "Izmir", "Bursa", "Gaziantep"),
        arrived_from=date(2016, 1, 1),
        men_alone=0.8,
    ),
    Origin(
        country="AZ",
        weight=2,
        male=("Elvin", "Rəşad", "Orxan", "Tural", "Ramil", "Elçin", "Kənan"),
        female=("Günel", "Aynur", "Leyla", "Nərmin", "Sevinc", "Aysel", "Könül"),
        families=("Məmmədov", "Əliyev", "Hüseynov", "Həsənov", "Quliyev", "İsmayılov"),
        native=("az",),
        spoken=(("ru", ("B1", "B2", "C1")), ("tr", ("", "B1", "B2")), ("ro", ("", "A1", "A2"))),
        shapes=(("alone", 30), ("couple", 20), ("family", 50)),
        paths=(("worker", 50), ("family", 40), ("student", 10)),
        education=(0, 1, 5, 40, 10, 12, 22, 10, 0),
        passport="C########",
        birthplaces=("Baku", "Ganja", "Sumgait"),
        arrived_from=date(2016, 1, 1),
        men_alone=0.8,
    ),
    Origin(
        country="GE",
        weight=2,
        male=("გიორგი", "დავით", "ლევან", "ნიკა", "ირაკლი"),
        female=("ნინო", "მარიამ", "ანა", "თამარ", "ეკატერინე"),
        families=("ბერიძე", "კაპანაძე", "გელაშვილი", "მაისურაძე", "ლომიძე"),
        native=("ka",),
        spoken=(("ru", ("B1", "B2", "C1")), ("en", ("", "A2", "B1")), ("ro", ("", "A1"))),
        shapes=(("alone", 40), ("couple", 20), ("family", 40)),
        paths=(("worker", 50), ("family", 45), ("irregular", 5)),
        education=(0, 1, 5, 40, 10, 12, 22, 10, 0),
        passport="##@@#####",
        birthplaces=("Tbilisi", "Batumi", "Kutaisi"),
        arrived_from=date(2016, 1, 1),
    ),
    Origin(
        country="EG",
        weight=2,
        male=("محمد", "أحمد", "محمود", "مصطفى", "عمر", "يوسف", "كريم", "طارق"),
        female=("فاطمة", "مريم", "سارة", "نور", "هدى", "أمينة", "ليلى"),
        families=("عبدالله", "إبراهيم", "حسن", "سليمان", "منصور", "صالح", "سعيد", "ناصر"),
        native=("ar",),
        spoken=(("en", ("A2", "B1", "B2", "C1")), ("ro", ("", "A1", "A2"))),
        shapes=(("alone", 40), ("student", 25), ("couple", 10), ("family", 25)),
        paths=(("student", 50), ("worker", 40), ("irregular", 10)),
        education=(2, 5, 10, 35, 5, 5, 30, 8, 0),
        passport="A########",
        birthplaces=("Cairo", "Alexandria", "Giza"),
        arrived_from=date(2018, 1, 1),
        wife_keeps_name=0.8,
        men_alone=0.85,
    ),
    Origin(
        country="NG",
        weight=3,
        male=("Chinedu", "Emeka", "Oluwaseun", "Ibrahim", "Tunde", "Obinna", "Adebayo", "Musa"),
        female=("Ngozi", "Chioma", "Aisha", "Funmilayo", "Adaeze", "Blessing", "Amaka"),
        families=("Okafor", "Adeyemi", "Okonkwo", "Bello", "Eze", "Nwosu", "Balogun"),
        native=("ig", "yo", "ha"),
        spoken=(("en", ("C1", "C2", "C2")), ("ro", ("", "A1", "A2")), ("ru", ("", "", "A1"))),
        shapes=(("student", 70), ("alone", 20), ("couple", 10)),
        paths=(("student", 85), ("worker", 5), ("irregular", 10)),
        education=(0, 0, 0, 70, 5, 5, 15, 5, 0),
        passport="A########",
        birthplaces=("Lagos", "Abuja", "Enugu", "Ibadan", "Kano"),
        arrived_from=date(2019, 9, 1),
    ),
    Origin(
        country="IN",
        weight=4,
        male=("Rahul", "Amit", "Arjun", "Rohan", "Vikram", "Aditya", "Karan", "Sandeep"),
        female=("Priya", "Ananya", "Pooja", "Neha", "Kavya", "Divya", "Sneha"),
        families=("Sharma", "Patel", "Singh", "Kumar", "Reddy", "Nair", "Gupta", "Iyer"),
        native=("hi", "hi", "hi", "te", "ml", "ta"),
        spoken=(("en", ("B2", "C1", "C1", "C2")), ("ro", ("", "A1", "A2")), ("ru", ("", "", "A1"))),
        shapes=(("student", 85), ("alone", 15)),
        paths=(("student", 95), ("worker", 5)),
        education=(0, 0, 0, 70, 5, 5, 15, 5, 0),
        passport="@#######",
        birthplaces=("New Delhi", "Hyderabad", "Chennai", "Kochi", "Jaipur"),
        arrived_from=date(2020, 9, 1),
        men_alone=0.55,
    ),
)

# ---------------------------------------------------------------------------
# Work and qualifications
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupation:
    isco: str  # ISCO-08 unit group (integra.people.reference)
    isced: tuple[int, int]  # the education levels of people who do this work
    qualification: tuple[str, int] | None = None  # a typical title and its ISCED level


OCCUPATIONS: tuple[Occupation, ...] = (
    Occupation("2211", (7, 8), ("Doctor of Medicine", 7)),
    Occupation("2221", (5, 7), ("Diploma in Nursing", 5)),
    Occupation("2341", (6, 7), ("Bachelor of Education (primary teaching)", 6)),
    Occupation("2512", (5, 8), ("Bachelor of Computer Science", 6)),
    Occupation("2411", (6, 7), ("Bachelor of Accounting and Audit", 6)),
    Occupation("2611", (7, 8), ("Master of Law", 7)),
    Occupation("2142", (6, 7), ("Engineer's degree in civil engineering", 7)),
    Occupation("2166", (5, 7), ("Bachelor of Design", 6)),
    Occupation("1420", (4, 7)),
    Occupation("3313", (4, 6), ("Accounting technician diploma", 4)),
    Occupation("4110", (3, 6)),
    Occupation("5120", (2, 4), ("Vocational certificate: cook", 3)),
    Occupation("5131", (2, 4)),
    Occupation("5141", (2, 4), ("Vocational certificate: hairdresser", 3)),
    Occupation("5223", (2, 6)),
    Occupation("5311", (3, 6)),
    Occupation("5321", (3, 5), ("Certificate of nursing assistant", 4)),
    Occupation("7112", (1, 3)),
    Occupation("7115", (1, 4)),
    Occupation("7126", (2, 4), ("Vocational certificate: plumber", 3)),
    Occupation("7212", (2, 4), ("Vocational certificate: welder", 3)),
    Occupation("7231", (2, 4), ("Vocational certificate: motor mechanic", 3)),
    Occupation("7411", (3, 4), ("Vocational certificate: electrician", 3)),
    Occupation("7512", (2, 3)),
    Occupation("7531", (1, 3)),
    Occupation("8322", (2, 4)),
    Occupation("8332", (2, 4), ("Professional driving certificate, category C", 3)),
    Occupation("9112", (0, 3)),
    Occupation("9313", (0, 3)),
    Occupation("6111", (0, 3)),
    Occupation("9211", (0, 2)),
)
RECOGNITION: Weighted = (
    (Recognition.NOT_REQUESTED, 50),
    (Recognition.PENDING, 20),
    (Recognition.RECOGNISED, 15),
    (Recognition.PARTIALLY, 10),
    (Recognition.REFUSED, 5),
)

# ---------------------------------------------------------------------------
# Documents issued in Moldova (number patterns as in Origin.passport)
# ---------------------------------------------------------------------------

RESIDENCE_PERMIT = "PS#######"
PROTECTION_IDS: dict[str, str] = {
    S.TEMPORARY_PROTECTION: "PT#######",
    S.INTERNATIONAL_PROTECTION: "PI#######",
    S.ASYLUM_SEEKER: "SA#######",
}
STATELESS_TRAVEL_DOCUMENT = "TS#######"
MOLDOVAN_BIRTH_CERTIFICATE = "II-@@ ######"
PERMITS = (S.REGULAR_WORKER, S.FAMILY_MEMBER, S.STUDENT)
REFERENCE_PREFIX: dict[str, str] = {
    S.TEMPORARY_PROTECTION: "PT",
    S.INTERNATIONAL_PROTECTION: "PI",
    S.ASYLUM_SEEKER: "CA",
    S.STATELESS: "AP",
    S.REGULAR_WORKER: "PS",
    S.FAMILY_MEMBER: "PS",
    S.STUDENT: "PS",
}
LATIN = "ABCDEFGHJKLMNPRSTUVWXYZ"
CYRILLIC = "АБВГДЕЖКМНОПРСТ"

# ---------------------------------------------------------------------------
# Small pure helpers
# ---------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: Weighted) -> str:
    return rng.choices([value for value, _ in weighted], [w for _, w in weighted])[0]


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _feminine(family: str) -> str:
    """The feminine form of a family name where the language has one."""
    for masculine, feminine in (
        ("ський", "ська"),
        ("цький", "цька"),
        ("ский", "ская"),
        ("ёў", "ёва"),
        ("аў", "ава"),
        ("ов", "ова"),
        ("ев", "ева"),
        ("ёв", "ёва"),
        ("ov", "ova"),
        ("ev", "eva"),
    ):
        if family.endswith(masculine):
            return family[: -len(masculine)] + feminine
    return family


def _number(rng: random.Random, pattern: str) -> str:
    return "".join(
        str(rng.randint(0, 9))
        if char == "#"
        else rng.choice(LATIN)
        if char == "@"
        else rng.choice(CYRILLIC)
        if char == "%"
        else char
        for char in pattern
    )


def _birth(rng: random.Random, age: int, today: date) -> date:
    """A date of birth that makes the person ``age`` years old today."""
    birthday = today.replace(year=today.year - age, day=min(today.day, 28))
    return birthday - timedelta(days=rng.randint(0, 364))


def _education(rng: random.Random, origin: Origin, age: int) -> int | None:
    """ISCED level: by age for children, by country for adults (capped by age)."""
    if age < 3:
        return None
    if age < 18:
        return 0 if age < 6 else 1 if age < 11 else 2 if age < 16 else 3
    if rng.random() < 0.08:
        return None  # not asked yet
    level = rng.choices(range(9), origin.education)[0]
    cap = 3 if age < 19 else 4 if age < 21 else 6 if age < 23 else 7 if age < 27 else 8
    return min(level, cap)


# ---------------------------------------------------------------------------
# Households: who lives together, and how old they are
# ---------------------------------------------------------------------------


@dataclass
class Member:
    relationship: str
    sex: str
    age: int
    stem: str = ""  # the family name, masculine form

    @property
    def female(self) -> bool:
        return self.sex == Sex.FEMALE


def _adult(rng: random.Random, origin: Origin, low: int, high: int) -> Member:
    roll = rng.random()
    sex = Sex.NOT_STATED if roll < 0.015 else Sex.MALE if roll < origin.men_alone else Sex.FEMALE
    return Member(H, sex, rng.randint(low, high))


def _children(rng: random.Random, origin: Origin, mother_age: int, most: int) -> list[Member]:
    count = min(rng.choices(range(1, 6), origin.children)[0], most)
    oldest = min(17, mother_age - 18)
    return [
        Member(CHILD, Sex.FEMALE if rng.random() < 0.49 else Sex.MALE, rng.randint(0, oldest))
        for _ in range(count)
    ]


def _spouses(rng: random.Random, low: int = 20, high: int = 48) -> list[Member]:
    """Husband and wife, the head first (usually the husband)."""
    wife = rng.randint(low, high)
    husband = min(max(wife + rng.randint(-2, 7), 19), 90)
    man, woman = Member(H, Sex.MALE, husband), Member(SPOUSE, Sex.FEMALE, wife)
    if rng.random() < 0.15:
        man.relationship, woman.relationship = SPOUSE, H
        return [woman, man]
    return [man, woman]


def _shape_alone(rng: random.Random, origin: Origin) -> list[Member]:
    return [_adult(rng, origin, 18, 64)]


def _shape_student(rng: random.Random, origin: Origin) -> list[Member]:
    return [_adult(rng, origin, 18, 27)]


def _shape_couple(rng: random.Random, origin: Origin) -> list[Member]:
    return _spouses(rng, 21, 62)


def _shape_family(rng: random.Random, origin: Origin, most: int = 4) -> list[Member]:
    parents = _spouses(rng)
    mother = next(member for member in parents if member.female)
    return parents + _children(rng, origin, mother.age, most)


def _shape_mother(rng: random.Random, origin: Origin, most: int = 3) -> list[Member]:
    mother = Member(H, Sex.FEMALE, rng.randint(21, 48))
    return [mother, *_children(rng, origin, mother.age, most)]


def _shape_three(rng: random.Random, origin: Origin) -> list[Member]:
    """Parents or a mother with children, and the head's parent or parents (six
    people at most)."""
    if rng.random() < 0.4:
        household = _shape_family(rng, origin, most=2)
    else:
        household = _shape_mother(rng, origin, most=3)
    head = household[0]
    grandmother = Member(PARENT, Sex.FEMALE, min(head.age + rng.randint(20, 30), 92))
    household.append(grandmother)
    if rng.random() < 0.25:
        household.append(Member(PARENT, Sex.MALE, min(grandmother.age + rng.randint(0, 5), 94)))
    return household


def _shape_elderly(rng: random.Random, origin: Origin) -> list[Member]:
    if rng.random() < 0.35:
        return _spouses(rng, 60, 82)
    return [Member(H, Sex.FEMALE if rng.random() < 0.72 else Sex.MALE, rng.randint(60, 88))]


def _shape_siblings(rng: random.Random, origin: Origin) -> list[Member]:
    head = _adult(rng, origin, 18, 40)
    other = Member(
        SIBLING if rng.random() < 0.7 else OTHER,
        Sex.FEMALE if rng.random() < 0.5 else Sex.MALE,
        max(18, head.age + rng.randint(-6, 6)),
    )
    return [head, other]


SHAPES: dict[str, Callable[[random.Random, Origin], list[Member]]] = {
    "alone": _shape_alone,
    "student": _shape_student,
    "couple": _shape_couple,
    "family": _shape_family,
    "mother": _shape_mother,
    "three": _shape_three,
    "elderly": _shape_elderly,
    "siblings": _shape_siblings,
}


def _plan(rng: random.Random, origin: Origin) -> list[Member]:
    """The members of a new household, with their family names."""
    members = SHAPES[_pick(rng, origin.shapes)](rng, origin)
    family = rng.choice(origin.families)
    for member in members:
        shared = _shares_family_name(rng, origin, member)
        member.stem = family if shared else rng.choice(origin.families)
    return members


def _shares_family_name(rng: random.Random, origin: Origin, member: Member) -> bool:
    """Wives often keep their own name where custom has it (Arab countries), the
    head's parent has it half the time (a father's mother, not a mother's)."""
    if member.relationship == SPOUSE and member.female:
        return rng.random() >= origin.wife_keeps_name
    if member.relationship == PARENT:
        return rng.random() < 0.5
    return member.relationship != OTHER


# ---------------------------------------------------------------------------
# The loader
# ---------------------------------------------------------------------------


@dataclass
class Home:
    """A household being created and what its members have in common."""

    household: Household
    origin: Origin
    centre: Organisation
    locality: str
    address: str
    arrived: date
    registered: datetime
    path: str
    stateless: bool
    native: str
    decision: date  # asylum or statelessness decision (if the path has one)
    granted: bool
    given_names: set[str] = field(default_factory=set)  # no two children named alike


@dataclass
class Span:
    category: str
    valid_from: date
    valid_until: date | None


@dataclass
class Rows:
    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    members: list[HouseholdMember] = field(default_factory=list)
    name_keys: list[NameKey] = field(default_factory=list)
    citizenships: list[Citizenship] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    statuses: list[LegalStatus] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    work: list[WorkExperience] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)

    def save(self) -> None:
        """Parents first: bulk_create sets the keys the later rows refer to."""
        size = 1000
        Household.objects.bulk_create(self.households, batch_size=size)
        for person in self.people:
            person.refresh_identity_key()  # bulk_create bypasses Person.save()
        Person.objects.bulk_create(self.people, batch_size=size)
        HouseholdMember.objects.bulk_create(self.members, batch_size=size)
        NameKey.objects.bulk_create(self.name_keys, batch_size=size)
        Citizenship.objects.bulk_create(self.citizenships, batch_size=size)
        Responsibility.objects.bulk_create(self.responsibilities, batch_size=size)
        # created_at is set to "now" on insert; a demo household was registered
        # when its responsibility began (the plan alerts count from that day).
        registered: dict[datetime, list[int]] = {}
        for responsibility in self.responsibilities:
            registered.setdefault(responsibility.since, []).append(responsibility.person.pk)
        for since, ids in registered.items():
            Person.objects.filter(pk__in=ids).update(created_at=since)
        LegalStatus.objects.bulk_create(self.statuses, batch_size=size)
        Document.objects.bulk_create(self.documents, batch_size=size)
        Language.objects.bulk_create(self.languages, batch_size=size)
        WorkExperience.objects.bulk_create(self.work, batch_size=size)
        Qualification.objects.bulk_create(self.qualifications, batch_size=size)

    def summary(self) -> str:
        return (
            f"Registry: {len(self.people):,} people in {len(self.households):,} households "
            f"at three integration centres, with {len(self.statuses):,} legal statuses, "
            f"{len(self.documents):,} documents, {len(self.languages):,} languages, "
            f"{len(self.work):,} jobs and {len(self.qualifications):,} qualifications."
        )


class _Loader:
    def __init__(
        self,
        rng: random.Random,
        now: datetime,
        centres: dict[str, Organisation],
        taken: set[tuple[str, str, str]],
    ) -> None:
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(now)
        self.centres = centres
        self.taken = taken  # (kind, issuing country, number key) of every document
        self.rows = Rows()
        self.serial = 0
        # Temporary protection in Moldova began on 1 March 2023 and is extended a
        # year at a time, to 1 March.
        self.tp_start = date(2023, 3, 1)
        self.tp_end = date(self.today.year + (self.today >= date(self.today.year, 3, 1)), 3, 1)

    # -- households ---------------------------------------------------------

    def add_household(self) -> None:
        origin = ORIGINS[self.rng.choices(range(len(ORIGINS)), [o.weight for o in ORIGINS])[0]]
        home = self._home(origin)
        self.rows.households.append(home.household)
        for member in _plan(self.rng, origin):
            self._add_person(home, member)

    def _arrival(self, origin: Origin) -> date:
        if origin.country == "UA" and self.rng.random() < 0.6:  # spring 2022
            return _between(self.rng, origin.arrived_from, date(2022, 6, 30))
        return _between(self.rng, origin.arrived_from, self.today - timedelta(days=7))

    def _home(self, origin: Origin) -> Home:
        rng = self.rng
        code, _, localities = rng.choices(CENTRES, [weight for _, weight, _ in CENTRES])[0]
        arrived = self._arrival(origin)
        registered = self._moment(min(arrived + timedelta(days=rng.randint(0, 45)), self.today))
        path = _pick(rng, origin.paths) if rng.random() > NO_STATUS_SHARE else "none"
        stateless = rng.random() < STATELESS_SHARE
        return Home(
            household=Household(created_at=registered),
            origin=origin,
            centre=self.centres[code],
            locality=localities[0] if rng.random() < 0.6 else rng.choice(localities),
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, ap. {rng.randint(1, 90)}"
            if rng.random() < 0.7
            else "",
            arrived=arrived,
            registered=registered,
            path="stateless" if stateless and path != "none" else path,
            stateless=stateless,
            native=rng.choice(origin.native),
            decision=arrived + timedelta(days=rng.randint(150, 600)),
            granted=rng.random() < 0.8,
        )

    def _moment(self, day: date) -> datetime:
        """A time in office hours on ``day``, never later than now."""
        clock = time(self.rng.randint(9, 16), self.rng.randint(0, 59))
        return min(timezone.make_aware(datetime.combine(day, clock)), self.now)

    # -- people -------------------------------------------------------------

    def _add_person(self, home: Home, member: Member) -> None:
        born = _birth(self.rng, member.age, self.today)
        person = self._person(home, member, born)
        rows = self.rows
        rows.people.append(person)
        rows.members.append(
            HouseholdMember(
                household=home.household,
                person=person,
                relationship=member.relationship,
                joined_on=max(home.registered.date(), born),
            )
        )
        rows.name_keys += [
            NameKey(
                person=person,
                key=key,
                family_name_latin=person.family_name_latin,
                given_name_latin=person.given_name_latin,
                public_id=person.public_id,
            )
            for key in names.search_keys(
                person.given_name,
                person.family_name,
                person.given_name_latin,
                person.family_name_latin,
            )
        ]
        if not home.stateless:
            rows.citizenships.append(Citizenship(person=person, country=home.origin.country))
        rows.responsibilities.append(
            Responsibility(person=person, organisation=home.centre, since=home.registered)
        )
        statuses = self._statuses(home, member, person, born)
        self._documents(home, member, person, born, statuses)
        self._languages(home, member, person)
        if member.age >= 20:
            self._skills(home, member, person)

    def _person(self, home: Home, member: Member, born: date) -> Person:
        rng, origin = self.rng, home.origin
        female = member.female or (member.sex == Sex.NOT_STATED and rng.random() < 0.5)
        given = self._given_name(home, self._name_pool(origin, female, member.age))
        family = _feminine(member.stem) if female else member.stem
        year_only = rng.random() < origin.year_only
        adult = member.age >= 18
        return Person(
            given_name=given,
            family_name=family,
            given_name_latin=names.suggest_latin(given),
            family_name_latin=names.suggest_latin(family),
            sex=member.sex,
            birth_date=date(born.year, 1, 1) if year_only else born,
            birth_date_precision=DatePrecision.YEAR if year_only else DatePrecision.EXACT,
            birth_place=(home.locality if born >= home.arrived else rng.choice(origin.birthplaces))
            if rng.random() < 0.7
            else "",
            stateless=home.stateless,
            phone=f"+3736{rng.randint(0, 9)}{rng.randint(100000, 999999)}"
            if adult and rng.random() < 0.75
            else "",
            email=self._email(given) if adult and rng.random() < 0.2 else "",
            education_level=_education(rng, origin, member.age),
            address=home.address,
            locality=home.locality,
            registered_by=home.centre,
        )

    def _name_pool(self, origin: Origin, female: bool, age: int) -> Sequence[str]:
        young = origin.young_female if female else origin.young_male
        if young and age < 25 and self.rng.random() < 0.8:
            return young
        return origin.female if female else origin.male

    def _given_name(self, home: Home, pool: Sequence[str]) -> str:
        name = self.rng.choice(pool)
        for _ in range(5):
            if name not in home.given_names:
                break
            name = self.rng.choice(pool)
        home.given_names.add(name)
        return name

    def _email(self, given: str) -> str:
        local = names.normalised(names.suggest_latin(given)).replace(" ", ".")
        return f"{local}.{self.rng.randint(10, 9999)}@example.org"

    # -- legal status -------------------------------------------------------

    def _statuses(self, home: Home, member: Member, person: Person, born: date) -> list[Span]:
        start = max(home.arrived, born)
        spans = self._history(home, member, start)
        for span in spans:
            recorded = max(span.valid_from, home.registered.date())
            self.rows.statuses.append(
                LegalStatus(
                    person=person,
                    category=span.category,
                    valid_from=span.valid_from,
                    valid_until=span.valid_until,
                    decision_reference=self._reference(span),
                    recorded_by=home.centre,
                    recorded_at=max(self._moment(recorded), home.registered),
                )
            )
        return spans

    def _history(self, home: Home, member: Member, start: date) -> list[Span]:
        """The person's statuses, oldest first, by the household's legal path."""
        head_like = member.relationship in (H, SIBLING, OTHER) or (
            member.relationship == SPOUSE and self.rng.random() < 0.3
        )
        own = {"worker": S.REGULAR_WORKER, "student": S.STUDENT}.get(home.path)
        category = own if own and head_like else S.FAMILY_MEMBER
        if home.path == "temporary_protection":
            return [Span(S.TEMPORARY_PROTECTION, max(start, self.tp_start), self.tp_end)]
        if home.path in ("asylum", "stateless"):
            return self._decided(home, start)
        if home.path in ("worker", "student", "family"):
            return self._yearly(category, start, None)
        if home.path == "irregular":
            lapse = _years_later(start, self.rng.randint(1, 3)) - timedelta(days=1)
            spans = self._yearly(category, start, lapse)
            if lapse < self.today:
                spans.append(Span(S.IRREGULAR, lapse + timedelta(days=1), None))
            return spans
        return []

    def _decided(self, home: Home, start: date) -> list[Span]:
        """Asylum or statelessness: an application, then the decision."""
        asylum = home.path == "asylum"
        outcome = (
            (S.INTERNATIONAL_PROTECTION if home.granted else S.IRREGULAR) if asylum else S.STATELESS
        )
        if home.decision > self.today:
            return [Span(S.ASYLUM_SEEKER, start, None)] if asylum else []
        if start >= home.decision:  # born after the decision
            return [Span(outcome, start, None)]
        spans = [Span(S.ASYLUM_SEEKER, start, home.decision - timedelta(days=1))] if asylum else []
        return [*spans, Span(outcome, home.decision, None)]

    def _yearly(self, category: str, start: date, lapse: date | None) -> list[Span]:
        """Permits renewed a year at a time from ``start`` until today (or ``lapse``):
        the last three of them."""
        end = min(self.today, lapse) if lapse else self.today
        spans: list[Span] = []
        begin = start
        while begin <= end:
            until = _years_later(begin, 1) - timedelta(days=1)
            spans.append(Span(category, begin, min(until, lapse) if lapse else until))
            begin = until + timedelta(days=1)
        return spans[-3:]

    def _reference(self, span: Span) -> str:
        prefix = REFERENCE_PREFIX.get(span.category)
        if prefix is None:
            return ""
        self.serial += 1
        return f"{prefix}-{span.valid_from.year}-{self.serial:05d}"

    # -- documents ----------------------------------------------------------

    def _documents(
        self, home: Home, member: Member, person: Person, born: date, statuses: Sequence[Span]
    ) -> None:
        if home.stateless:
            self._stateless_document(home, person, statuses)
        else:
            self._national_documents(home, member, person, born)
        current = statuses[-1] if statuses else None
        if current is None or (current.valid_until and current.valid_until < self.today):
            return
        if current.category in PERMITS:
            self._add_document(
                home,
                person,
                DocumentKind.RESIDENCE_PERMIT,
                RESIDENCE_PERMIT,
                "MD",
                current.valid_from,
                current.valid_until,
            )
        elif current.category in PROTECTION_IDS:
            issued, until = self._protection_validity(current)
            pattern = PROTECTION_IDS[current.category]
            self._add_document(
                home, person, DocumentKind.PROTECTION_ID, pattern, "MD", issued, until
            )

    def _protection_validity(self, status: Span) -> tuple[date, date]:
        if status.category == S.TEMPORARY_PROTECTION:
            return status.valid_from, self.tp_end
        if status.category == S.ASYLUM_SEEKER:  # a certificate renewed every six months
            issued = max(status.valid_from, self.today - timedelta(days=self.rng.randint(0, 179)))
            return issued, issued + timedelta(days=182)
        issued = max(status.valid_from, self.today - timedelta(days=self.rng.randint(0, 4 * 365)))
        return issued, _years_later(issued, 5)

    def _national_documents(self, home: Home, member: Member, person: Person, born: date) -> None:
        rng, origin = self.rng, home.origin
        adult = member.age >= 18
        share = origin.passport_share if adult else origin.passport_share / 2
        country = origin.country
        if rng.random() < share and (self.today - born).days > 60:
            issued = max(self.today - timedelta(days=rng.randint(30, 9 * 365)), born + YEAR / 12)
            years = 10 if (issued - born).days >= 18 * 365 else 5
            self._add_document(
                home,
                person,
                DocumentKind.PASSPORT,
                origin.passport,
                country,
                issued,
                _years_later(issued, years),
            )
        elif not adult and rng.random() < 0.7:
            in_moldova = born >= home.arrived
            issued = min(born + timedelta(days=rng.randint(3, 40)), self.today)
            pattern = MOLDOVAN_BIRTH_CERTIFICATE if in_moldova else origin.birth_certificate
            kind = DocumentKind.BIRTH_CERTIFICATE
            where = "MD" if in_moldova else country
            self._add_document(home, person, kind, pattern, where, issued, None)
        if country == "UA" and adult and rng.random() < 0.4:  # the ID card
            issued = _between(rng, max(_years_later(born, 14), date(2016, 1, 1)), self.today)
            until = _years_later(issued, 10)
            self._add_document(
                home, person, DocumentKind.NATIONAL_ID, "#########", country, issued, until
            )

    def _stateless_document(self, home: Home, person: Person, statuses: Sequence[Span]) -> None:
        recognised = [s for s in statuses if s.category == S.STATELESS]
        if recognised:
            issued = recognised[-1].valid_from + timedelta(days=self.rng.randint(10, 60))
            issued = min(issued, self.today)
            kind = DocumentKind.TRAVEL_DOCUMENT
            until = _years_later(issued, 5)
            self._add_document(home, person, kind, STATELESS_TRAVEL_DOCUMENT, "MD", issued, until)

    def _add_document(
        self,
        home: Home,
        person: Person,
        kind: str,
        pattern: str,
        country: str,
        issued: date,
        until: date | None,
    ) -> None:
        number = _number(self.rng, pattern)
        while (kind, country, document_key(number)) in self.taken:
            number = _number(self.rng, pattern)
        self.taken.add((kind, country, document_key(number)))
        self.rows.documents.append(
            Document(
                person=person,
                kind=kind,
                number=number,
                number_key=document_key(number),
                issuing_country=country,
                issued_on=issued,
                valid_until=until,
                recorded_by=home.centre,
                recorded_at=max(self._moment(issued), home.registered),
            )
        )

    # -- languages and skills -----------------------------------------------

    def _languages(self, home: Home, member: Member, person: Person) -> None:
        rng = self.rng
        levels = {home.native: str(CefrLevel.NATIVE)}
        if member.age >= 18:
            for code, choices in home.origin.spoken:
                level = rng.choice(choices)
                if level:
                    levels.setdefault(code, level)
        elif member.age >= 6 and rng.random() < 0.5:  # at school in Moldova
            levels.setdefault("ro", rng.choice(("A1", "A2", "B1")))
        self.rows.languages += [
            Language(person=person, code=code, declared_level=level)
            for code, level in levels.items()
        ]

    def _skills(self, home: Home, member: Member, person: Person) -> None:
        rng = self.rng
        if rng.random() > 0.75:
            return
        level = person.education_level if person.education_level is not None else 3
        fitting = [o for o in OCCUPATIONS if o.isced[0] <= level <= o.isced[1]]
        jobs = rng.sample(fitting, k=2 if rng.random() < 0.3 else 1)
        working_years = max(member.age - 18, 1)
        for index, job in enumerate(jobs):
            years = Decimal(f"{rng.uniform(0.5, min(working_years, 30)):.1f}")
            here = index == 1 and (self.today - home.arrived).days > 365
            country = "MD" if here else home.origin.country
            self.rows.work.append(
                WorkExperience(person=person, occupation=job.isco, years=years, country=country)
            )
        first = jobs[0].qualification
        if first and first[1] <= level and rng.random() < 0.55:
            self.rows.qualifications.append(
                Qualification(
                    person=person,
                    title=first[0],
                    country=home.origin.country,
                    isced_level=first[1],
                    occupation=jobs[0].isco,
                    recognition=_pick(rng, RECOGNITION),
                )
            )


def _taken_numbers() -> set[tuple[str, str, str]]:
    return set(Document.objects.values_list("kind", "issuing_country", "number_key"))


@transaction.atomic
def load(*, seed: int = 2026) -> str:
    """Adds households until the registry holds TARGET people (idempotent)."""
    existing = Person.objects.count()
    if existing >= TARGET:
        return f"Registry: {existing:,} people already loaded."
    centres = {code: Organisation.objects.get(code=code) for code, _, _ in CENTRES}
    loader = _Loader(random.Random(seed), timezone.now(), centres, _taken_numbers())
    while len(loader.rows.people) < TARGET - existing:
        loader.add_household()
    loader.rows.save()
    return loader.rows.summary()
