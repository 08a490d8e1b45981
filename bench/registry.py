"""The registry at scale: name search across scripts and the person list API,
each against a baseline measured in the same run (part of issue 3's benchmark).

Fills a throwaway database (SQLite by default; PostgreSQL when DATABASE_URL points
at one, e.g. through scripts/throwaway_postgres.py) with N synthetic people whose
names are drawn in Cyrillic, Arabic and Latin scripts, then measures:

* ``bulk insert``  rows/s of a plain bulk_create of the same people (baseline)
* ``bulk load of whole records``  rows/s of writing what an import writes for
                   each person (person, name keys, citizenship, responsibility,
                   external id, languages, document, status, audit entry)
                   through the database's bulk path, with nothing checked or
                   computed while timed: what the database alone needs, the
                   ceiling for an import on this machine
* ``import``       rows/s of ``integra import persons FILE`` on a CSV of the same
                   people (validation, duplicate checks, name keys, citizenships,
                   languages, documents, statuses, audit: everything), run as a
                   child process so its peak memory (max RSS) is its own; this
                   import is what fills the registry for the measures below
* ``register``     rows/s through people.services.person_register (validation and
                   the duplicate check against the whole registry), on a sample
* ``lookup``       p50/p95 of fetching one person by public id (baseline)
* ``search``       p50/p95 of a name search typed in another script or spelling
* ``list API``     p50/p95 of GET /api/v1/persons?q=… with a token, in process

Usage:
    .venv/bin/python bench/registry.py [--people 100000] [--queries 300]
    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python scripts/throwaway_postgres.py \\
        -- .venv/bin/python bench/registry.py --people 100000

Writes bench/results/registry[-postgresql][-1m].json and prints a table. Targets
(issue 3): import >= 10,000 rows/s on PostgreSQL, peak memory of a 1M-row import
<= 500 MB, name search p95 <= 50 ms at 1M on PostgreSQL, list API p95 <= 50 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and bench/http.py would shadow the
# standard library's http package; drop the folder before Django imports it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from importlib import import_module

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if "DATABASE_URL" not in os.environ:
    _TMP = tempfile.mkdtemp(prefix="integra-bench-registry-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP}/registry.sqlite3"
os.environ.setdefault("INTEGRA_API_RATE", "1000000/m")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the in-process test client

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from integra.core import access, backend_bulk
from integra.core import services as core_services
from integra.core.models import AuditEntry, Membership, Organisation, User
from integra.people import names, selectors, services
from integra.people.models import (
    Citizenship,
    Document,
    ExternalReference,
    Language,
    LegalStatus,
    NameKey,
    Person,
    Responsibility,
    new_public_id,
)

# Load every module now: a long run must not pick up files edited while it runs.
import_module(settings.ROOT_URLCONF)

CYRILLIC = ["ра", "му", "ко", "ва", "ле", "ни", "ша", "ри", "та", "до", "бе", "ки", "са", "ло"]
ARABIC = ["حس", "عل", "كر", "سع", "نا", "مح", "خا", "لي", "جم", "رش", "فر", "زي"]
LATIN = ["ka", "ya", "de", "mir", "tur", "sun", "ol", "ak", "bek", "zo", "ra", "han"]
GIVEN = {
    "cyrillic": ["Олександр", "Олена", "Рустам", "Юлия", "Хуршед", "Ирина", "Сергій", "Мадина"],
    "arabic": ["محمد", "فاطمة", "أحمد", "زينب", "علي", "مريم", "يوسف", "ليلى"],
    "latin": ["Mehmet", "Ayşe", "Jasur", "Malika", "Emre", "Zeynep", "Akmal", "Nodira"],
}
COUNTRY = {"cyrillic": ["UA", "RU", "TJ"], "arabic": ["SY", "IQ", "AF"], "latin": ["TR", "UZ"]}


def family_name(rng: random.Random, script: str) -> str:
    syllables = {"cyrillic": CYRILLIC, "arabic": ARABIC, "latin": LATIN}[script]
    stem = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
    suffix = {
        "cyrillic": rng.choice(["ов", "енко", "ук", "ев"]),
        "arabic": "",
        "latin": rng.choice(["ov", "oğlu", "er", ""]),
    }[script]
    word = stem + suffix
    return word[:1].upper() + word[1:]


def people(n: int, seed: int = 7) -> list[tuple[Person, str]]:
    """N different people (no two with the same name and date of birth, which an
    import would rightly refuse as a likely duplicate)."""
    rng = random.Random(seed)
    rows: list[tuple[Person, str]] = []
    seen: set[tuple[str, date]] = set()
    while len(rows) < n:
        script = rng.choices(["cyrillic", "arabic", "latin"], [55, 30, 15])[0]
        given, family = rng.choice(GIVEN[script]), family_name(rng, script)
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 27000))
        identity = (
            names.identity_key(names.suggest_latin(given), names.suggest_latin(family)),
            born,
        )
        if identity in seen:
            continue
        seen.add(identity)
        person = Person(
            given_name=given,
            family_name=family,
            given_name_latin=names.suggest_latin(given),
            family_name_latin=names.suggest_latin(family),
            sex=rng.choice(["female", "male"]),
            birth_date=born,
        )
        rows.append((person, rng.choice(COUNTRY[script])))
    return rows


LANGUAGES = {"UA": "uk", "RU": "ru", "TJ": "tg", "SY": "ar", "IQ": "ar", "AF": "fa", "TR": "tr"}
LANGUAGES["UZ"] = "uz"


def write_csv(path: Path, rows: list[tuple[Person, str]], seed: int = 11) -> None:
    """The people as an import file: half with a passport, half with a status."""
    rng = random.Random(seed)
    header = [
        "external_id", "given_name", "family_name", "sex", "birth_date", "citizenships",
        "phone", "languages", "document_kind", "document_number", "document_country",
        "status", "status_valid_from",
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for number, (person, country) in enumerate(rows, start=1):
            passport = rng.random() < 0.5
            status = rng.random() < 0.5
            out.writerow(
                [
                    f"REG-{number:07d}",
                    person.given_name,
                    person.family_name,
                    person.sex,
                    person.birth_date.isoformat() if person.birth_date else "",
                    country,
                    f"+3736{number % 10_000_000:07d}" if rng.random() < 0.3 else "",
                    f"{LANGUAGES[country]}:native;ro:A1",
                    "passport" if passport else "",
                    f"P{number:08d}" if passport else "",
                    country if passport else "",
                    "temporary_protection" if status else "",
                    max(person.birth_date or date.min, date(2023, 3, 1)).isoformat()
                    if status
                    else "",
                ]
            )


RECORD_TABLES = [
    NameKey, Citizenship, Responsibility, ExternalReference, Language, Document, LegalStatus,
]  # fmt: skip
PERSON_COLUMNS = [
    "public_id", *services.SIMPLE_FIELDS, "registered_by_id", "identity_key", "created_at",
    "updated_at",
]  # fmt: skip
DOCUMENT_COLUMNS = [
    "person_id", "kind", "number", "number_key", "issuing_country", "valid_until",
    "recorded_by_id", "recorded_at",
]  # fmt: skip
STATUS_COLUMNS = [
    "person_id", "category", "valid_from", "valid_until", "decision_reference", "note",
    "recorded_by_id", "recorded_at",
]  # fmt: skip
AUDIT_COLUMNS = [
    "at", "actor_id", "actor_label", "organisation_id", "action", "object_type", "object_id",
    "purpose", "request_id", "break_glass", "data", "previous_hash", "entry_hash",
]  # fmt: skip


def whole_records_load(rows: list[tuple[Person, str]], centre: Organisation, user: User) -> float:
    """Rows/s of writing each person's whole record as an import does, chunk by
    chunk in one transaction, with every value prepared beforehand: the
    database's own share of an import. Leaves the tables as it found them."""
    now = datetime.now(UTC)
    chunks = []
    for start in range(0, len(rows), 2000):
        chunk = []
        for number, (person, country) in enumerate(rows[start : start + 2000], start=start):
            data = services.PersonData(
                given_name=person.given_name,
                family_name=person.family_name,
                given_name_latin=person.given_name_latin,
                family_name_latin=person.family_name_latin,
                sex=person.sex,
                birth_date=person.birth_date,
            )
            chunk.append(
                (
                    (
                        new_public_id(),
                        *(getattr(data, name) for name in services.SIMPLE_FIELDS),
                        centre.pk,
                        names.identity_key(data.given_name_latin, data.family_name_latin),
                        now,
                        now,
                    ),
                    names.search_keys(
                        data.given_name,
                        data.family_name,
                        data.given_name_latin,
                        data.family_name_latin,
                    ),
                    country,
                    f"REG-{number:07d}",
                    number % 2 == 0,
                )
            )
        chunks.append(chunk)
    started = time.perf_counter()
    with transaction.atomic():
        for chunk in chunks:
            backend_bulk.insert(Person, PERSON_COLUMNS, (record[0] for record in chunk))
            ids = [record[0][0] for record in chunk]
            pks = dict(Person.objects.filter(public_id__in=ids).values_list("public_id", "pk"))
            pairs = [(pks[record[0][0]], record) for record in chunk]
            backend_bulk.insert(
                NameKey,
                ["person_id", "key", "family_name_latin", "given_name_latin", "public_id"],
                ((pk, k, r[0][4], r[0][3], r[0][0]) for pk, r in pairs for k in r[1]),
            )
            backend_bulk.insert(
                Citizenship, ["person_id", "country"], ((pk, r[2]) for pk, r in pairs)
            )
            backend_bulk.insert(
                Responsibility,
                ["person_id", "organisation_id", "since"],
                ((pk, centre.pk, now) for pk, _r in pairs),
            )
            backend_bulk.insert(
                ExternalReference,
                ["organisation_id", "value", "person_id"],
                ((centre.pk, r[3], pk) for pk, r in pairs),
            )
            backend_bulk.insert(
                Language,
                ["person_id", "code", "declared_level", "assessed_level"],
                (
                    (pk, code, level, "")
                    for pk, r in pairs
                    for code, level in ((LANGUAGES[r[2]], "native"), ("ro", "A1"))
                ),
            )
            backend_bulk.insert(
                Document,
                DOCUMENT_COLUMNS,
                (
                    (pk, "passport", r[3], r[3], r[2], None, centre.pk, now)
                    for pk, r in pairs
                    if r[4]
                ),
            )
            backend_bulk.insert(
                LegalStatus,
                STATUS_COLUMNS,
                (
                    (pk, "temporary_protection", date(2023, 3, 1), None, "", "", centre.pk, now)
                    for pk, r in pairs
                    if not r[4]
                ),
            )
        backend_bulk.insert(
            AuditEntry,
            AUDIT_COLUMNS,
            (
                (now, user.pk, "bench", centre.pk, "person.import.create", "person", r[0][0],
                 "registration", "", False, {}, f"{n:064x}", f"{n + 1:064x}")
                for n, r in enumerate(r for chunk in chunks for r in chunk)
            ),
        )  # fmt: skip
    elapsed = time.perf_counter() - started
    AuditEntry.objects.filter(actor_label="bench")._raw_delete(connection.alias)
    for model in [*RECORD_TABLES, Person]:
        model.objects.all()._raw_delete(connection.alias)
    return len(rows) / elapsed


def _high_water_kb(pid: int) -> int:
    """Peak resident memory of a running process (Linux /proc), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--register-sample", type=int, default=300)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    centre = Organisation.objects.create(
        code="centre", name="Centre", kind="integration_centre", level="regional", country="MD"
    )
    user = User.objects.create_user("bench-caseworker")
    Membership.objects.create(user=user, organisation=centre, role="caseworker")
    actor = access.actor_for(user)
    token = core_services.token_create(actor=actor, name="bench", expires_in_days=1).secret
    results: dict[str, dict[str, float]] = {}

    # Baseline: a plain bulk insert of the same rows.
    baseline_rows = [p for p, _ in people(min(args.people, 100_000))]
    started = time.perf_counter()
    Person.objects.bulk_create(baseline_rows, batch_size=2000)
    results["bulk insert (baseline)"] = {
        "rows_per_s": len(baseline_rows) / (time.perf_counter() - started)
    }
    del baseline_rows
    Person.objects.all()._raw_delete(connection.alias)

    rows = people(args.people)
    results["whole records, bulk path (floor)"] = {
        "rows_per_s": whole_records_load(rows[:100_000], centre, user)
    }
    source = Path(tempfile.mkdtemp(prefix="integra-bench-import-")) / "people.csv"
    write_csv(source, rows)
    del rows
    connection.close()  # the child process imports on its own connection
    started = time.perf_counter()
    command = [sys.executable, "-m", "integra.cli", "import", "persons", str(source)]
    with (
        tempfile.TemporaryFile("w+") as log,
        subprocess.Popen(
            [*command, "--as", user.username],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        ) as child,
    ):
        # The import's own high-water mark (VmHWM starts afresh at exec), polled
        # while it runs: getrusage(RUSAGE_CHILDREN) would report this process's
        # size at fork time, a million generated people included.
        peak_kb = 0
        while child.poll() is None:
            peak_kb = max(peak_kb, _high_water_kb(child.pid))
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        if child.returncode != 0:
            log.seek(0)
            print(log.read()[-3000:])
            raise SystemExit("The import failed.")
    peak_mb = peak_kb / 1024
    results["import (integra import persons)"] = {
        "rows_per_s": args.people / elapsed,
        "seconds": round(elapsed, 1),
        "peak_rss_mb": round(peak_mb, 1),
    }
    source.unlink()
    if connection.vendor == "postgresql":
        # What autovacuum does within minutes of a large load (visibility map,
        # hint bits); measured before it, every search pays for it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    sample = people(args.register_sample, seed=1234)
    started = time.perf_counter()
    for person, country in sample:
        services.person_register(
            actor=actor,
            data=services.PersonData(
                given_name=person.given_name,
                family_name=person.family_name,
                sex=person.sex,
                birth_date=person.birth_date,
                citizenships=(country,),
            ),
            confirm_new=True,
        )
    results["register (service, sample)"] = {
        "rows_per_s": len(sample) / (time.perf_counter() - started)
    }
    started = time.perf_counter()
    for person, country in sample[:100]:
        selectors.duplicate_candidates(
            actor=actor,
            given_name=person.given_name,
            family_name=person.family_name,
            birth_date=person.birth_date,
            citizenships=[country],
        )
    results["duplicate check"] = {"per_s": 100 / (time.perf_counter() - started)}

    rng = random.Random(3)
    stored = list(
        Person.objects.order_by("?").values_list("public_id", "family_name", "family_name_latin")[
            : args.queries
        ]
    )
    timings: dict[str, list[float]] = {
        "lookup by public id (baseline)": [],
        "name search, other script": [],
        "list API": [],
    }
    client = Client(headers={"Authorization": f"Bearer {token}"})
    for public_id, family, latin in stored:
        started = time.perf_counter()
        Person.objects.filter(public_id=public_id).first()
        timings["lookup by public id (baseline)"].append(time.perf_counter() - started)
        typed = latin if not family.isascii() else names.suggest_latin(family)
        started = time.perf_counter()
        list(selectors.person_search(actor=actor, query=typed)[:50])
        timings["name search, other script"].append(time.perf_counter() - started)
        started = time.perf_counter()
        response = client.get("/api/v1/persons", {"q": rng.choice([family, latin])})
        timings["list API"].append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:200]
    for name, samples in timings.items():
        p50, p95 = percentiles(samples)
        results[name] = {"p50_ms": round(p50, 2), "p95_ms": round(p95, 2)}

    print(f"\nRegistry benchmark: {args.people:,} people on {connection.vendor}\n")
    print(f"{'measure':<38}{'rows/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'peak MB':>10}")
    print("-" * 80)
    for name, figures in results.items():
        rate = figures.get("rows_per_s") or figures.get("per_s")
        shown = f"{rate:,.0f}" if rate else ""
        cells = [str(figures.get(key, "")) for key in ("p50_ms", "p95_ms", "peak_rss_mb")]
        print(f"{name:<38}{shown:>12}" + "".join(f"{cell:>10}" for cell in cells))
    suffix = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    if args.people >= 1_000_000:
        suffix += f"-{args.people // 1_000_000}m"
    out = ROOT / "bench" / "results" / f"registry{suffix}.json"
    out.write_text(
        json.dumps(
            {
                "benchmark": "registry",
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "people": args.people,
                "queries": args.queries,
                "database": connection.vendor,
                "python": platform.python_version(),
                "cpu_count": os.cpu_count(),
                "results": results,
            },
            indent=1,
        )
    )
    print(f"\nWrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
