"""Demo registry: several hundred people in their own scripts, with Latin forms,
realistic citizenships, ages and sexes, at the three integration centres."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from integra.core.models import Organisation
from integra.people import names
from integra.people.models import Citizenship, DatePrecision, NameKey, Person, Responsibility

TARGET = 600

# country: (weight, male given names, female given names, family names, gendered -ov/-ova)
POOLS: dict[str, tuple[int, list[str], list[str], list[str], bool]] = {
    "UA": (
        35,
        ["Олександр", "Андрій", "Сергій", "Дмитро", "Іван", "Михайло", "Юрій", "Віктор"],
        ["Олена", "Оксана", "Наталія", "Ірина", "Тетяна", "Юлія", "Марія", "Анна"],
        [
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
        ],
        False,
    ),
    "SY": (
        12,
        ["محمد", "أحمد", "علي", "حسن", "عمر", "خالد", "يوسف", "إبراهيم"],
        ["فاطمة", "عائشة", "مريم", "زينب", "ليلى", "سارة", "نور", "أمينة"],
        ["الحسن", "الحسيني", "العلي", "الخطيب", "الحلبي", "الشامي", "الأحمد"],
        False,
    ),
    "IQ": (
        7,
        ["محمد", "علي", "حسين", "عباس", "حيدر", "جعفر", "قاسم"],
        ["زينب", "فاطمة", "مريم", "هدى", "خديجة"],
        ["الموسوي", "الجبوري", "العبيدي", "التميمي", "الربيعي"],
        False,
    ),
    "AF": (
        10,
        ["محمد", "احمد", "رحمت", "نجیب", "فرید", "جاوید"],
        ["زهرا", "مریم", "فاطمه", "شکیلا", "پروانه"],
        ["احمدی", "حیدری", "رحیمی", "کریمی", "نوری", "صدیقی"],
        False,
    ),
    "TJ": (
        8,
        ["Рустам", "Фаррух", "Хуршед", "Ҷамшед", "Сорбон", "Далер"],
        ["Нигина", "Мадина", "Зарина", "Шахноза", "Гулноза"],
        ["Рахимов", "Назаров", "Каримов", "Саидов", "Шарипов", "Муратов"],
        True,
    ),
    "UZ": (
        8,
        ["Jasur", "Akmal", "Bekzod", "Sardor", "Otabek", "Ulugbek"],
        ["Dilnoza", "Gulnora", "Malika", "Nodira", "Zuhra"],
        ["Karimov", "Tursunov", "Yusupov", "Rashidov", "Aliyev", "Xolmatov"],
        True,
    ),
    "RU": (
        8,
        ["Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил"],
        ["Елена", "Ольга", "Анастасия", "Юлия", "Татьяна"],
        ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Морозов"],
        True,
    ),
    "TR": (
        5,
        ["Mehmet", "Mustafa", "Ahmet", "Emre", "Burak"],
        ["Ayşe", "Fatma", "Elif", "Zeynep", "Merve"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"],
        False,
    ),
    "NG": (
        4,
        ["Chinedu", "Emeka", "Oluwaseun", "Ibrahim", "Tunde"],
        ["Ngozi", "Chioma", "Aisha", "Funmilayo", "Adaeze"],
        ["Okafor", "Adeyemi", "Okonkwo", "Bello", "Eze", "Nwosu"],
        False,
    ),
}
STATELESS_SHARE = 0.03
CENTRES = [("ic-chisinau", 5), ("ic-balti", 3), ("ic-cahul", 2)]


def _family(name: str, female: bool, gendered: bool) -> str:
    if female and gendered and name.endswith(("ов", "ев", "ин", "ov", "ev", "yev")):
        return name + ("а" if not name.isascii() else "a")
    return name


def _birth(rng: random.Random, today: date) -> tuple[date, str]:
    roll = rng.random()
    age = (
        rng.randint(0, 17)
        if roll < 0.25
        else rng.randint(65, 85)
        if roll > 0.95
        else rng.randint(18, 64)
    )
    born = today - timedelta(days=age * 365 + rng.randint(0, 364))
    if rng.random() < 0.08:
        return date(born.year, 1, 1), DatePrecision.YEAR
    return born, DatePrecision.EXACT


@transaction.atomic
def load(*, seed: int = 2026) -> str:
    if Person.objects.count() >= TARGET:
        return f"Registry: {Person.objects.count()} people already loaded."
    centres = {code: Organisation.objects.get(code=code) for code, _ in CENTRES}
    rng = random.Random(seed)
    countries = list(POOLS)
    weights = [POOLS[c][0] for c in countries]
    now = timezone.now()
    created = []
    for _ in range(TARGET - Person.objects.count()):
        country = rng.choices(countries, weights)[0]
        _, male, female, families, gendered = POOLS[country]
        is_female = rng.random() < 0.5
        given = rng.choice(female if is_female else male)
        family = _family(rng.choice(families), is_female, gendered)
        birth_date, precision = _birth(rng, now.date())
        stateless = rng.random() < STATELESS_SHARE
        person = Person(
            given_name=given,
            family_name=family,
            given_name_latin=names.suggest_latin(given),
            family_name_latin=names.suggest_latin(family),
            sex=("female" if is_female else "male") if rng.random() > 0.02 else "not_stated",
            birth_date=birth_date,
            birth_date_precision=precision,
            stateless=stateless,
            phone=f"+3736{rng.randint(0, 9)}{rng.randint(100000, 999999)}"
            if rng.random() < 0.6
            else "",
            locality=rng.choice(["Chișinău", "Bălți", "Cahul", "Ungheni", "Orhei"]),
            registered_by=centres[rng.choices([c for c, _ in CENTRES], [w for _, w in CENTRES])[0]],
        )
        created.append((person, country, stateless))
    Person.objects.bulk_create([p for p, _, _ in created], batch_size=500)
    NameKey.objects.bulk_create(
        [
            NameKey(person=p, key=key)
            for p, _, _ in created
            for key in names.search_keys(
                p.given_name, p.family_name, p.given_name_latin, p.family_name_latin
            )
        ],
        batch_size=2000,
    )
    Citizenship.objects.bulk_create(
        [
            Citizenship(person=p, country=country)
            for p, country, stateless in created
            if not stateless
        ],
        batch_size=2000,
    )
    Responsibility.objects.bulk_create(
        [Responsibility(person=p, organisation=p.registered_by, since=now) for p, _, _ in created],
        batch_size=2000,
    )
    return f"Registry: {len(created)} people registered at three integration centres."
