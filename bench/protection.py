"""Protection at scale (issue 6's benchmark): the inspectors' risk list over a
national register of workplaces, and complaints lodged with evidence, each against
a baseline measured in the same run.

Fills a throwaway database (SQLite by default; PostgreSQL when DATABASE_URL points
at one, e.g. through scripts/throwaway_postgres.py) in bulk with a labour
inspectorate and its inspector, and a register of N workplaces (default 100,000)
in twelve regions, most in the sectors where migrants work; 600 recruitment
agencies (a quarter without a licence in force, one in ten with violations),
linked to a fifth of the workplaces; 15,000 complaints linked to workplaces over
two years (one in twenty urgent); 25,000 inspections done over four years and
12,000 violations found in them (four in ten not remedied). Then it measures:

* ``rank``     selectors.risk.rank_workplaces(): every workplace scored and ranked,
               the first page of 50 read (median and best of --reps), for the whole
               register and for one region; its peak Python memory (tracemalloc);
               - the baseline: the naive way, the facts read workplace by workplace
                 (six queries each), on a sample of --sample workplaces, its time
                 scaled to the register linearly (it is linear: the same queries for
                 each). The sample's facts are checked equal to the grouped ones.
* ``lodge``    complaints lodged through the public page (POST /complaints/new/
               in Django's test Client, multipart, two files: a twelve-page PDF of
               payslips and a noisy JPEG photo of about 250 KB, each sniffed and checked),
               one client address per complaint so that flood control does not
               refuse them; complaints per second over --complaints of them;
               - the same without files, and complaint_lodge() called directly with
                 the files (no HTTP);
               - the baseline: the floor, a plain Complaint insert and the two
                 files written to storage, unchecked, with no routing nor audit.

Usage:
    .venv/bin/python bench/protection.py                        # SQLite, a few minutes
    .venv/bin/python bench/protection.py --workplaces 20000 --complaints 100
    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python scripts/throwaway_postgres.py \\
        -- .venv/bin/python bench/protection.py                 # make bench-protection

Writes bench/results/protection[-sqlite].json and prints a table. Target (issue 6):
the risk ranking of 100,000 workplaces in at most 2 s on PostgreSQL.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and bench/http.py would shadow the
# standard library's http package; drop the folder before Django imports it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import atexit
import io
import json
import os
import platform
import random
import secrets
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
_TMP = tempfile.mkdtemp(prefix="integra-bench-protection-")
atexit.register(shutil.rmtree, _TMP, True)
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP}/protection.sqlite3"
os.environ.setdefault("INTEGRA_VAR_DIR", _TMP)  # the evidence files land here
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the in-process test client

import django

django.setup()

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.utils import timezone
from fpdf import FPDF
from PIL import Image

from integra.core import access
from integra.core.models import Membership, Organisation, User
from integra.core.roles import Role
from integra.protection import risk
from integra.protection.models import (
    Agency,
    AgencyViolation,
    Attachment,
    Complaint,
    Inspection,
    Licence,
    RoutingRule,
    Violation,
    Workplace,
)
from integra.protection.selectors import risk as ranking
from integra.protection.services import complaints as complaint_services

TARGET_SECONDS = 2.0
BATCH = 5000
REGIONS = [
    "Chișinău",
    "Bălți",
    "Cahul",
    "Comrat",
    "Orhei",
    "Ungheni",
    "Soroca",
    "Edineț",
    "Hîncești",
    "Strășeni",
    "Căușeni",
    "Tiraspol",
]
# Sectors by weight: where migrants work first (A, F, T, I), then the rest.
SECTORS = ["A"] * 25 + ["F"] * 25 + ["T"] * 8 + ["I"] * 15 + ["C"] * 10 + ["G"] * 10 + ["H"] * 7


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    made: list[Any] = []
    for start in range(0, len(rows), BATCH):
        made += model.objects.bulk_create(rows[start : start + BATCH])
    return made


def fill(n: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    inspectorate = Organisation.objects.create(
        code="bench-inspectorate",
        name="State Labour Inspectorate",
        kind="labour_inspectorate",
        level="national",
        country="MD",
    )
    inspector = User.objects.create(username="bench-inspector")
    Membership.objects.create(user=inspector, organisation=inspectorate, role=Role.INSPECTOR)
    RoutingRule.objects.create(organisation=inspectorate, created_at=now)
    with transaction.atomic():
        places = _bulk(
            Workplace,
            [
                Workplace(
                    employer=f"Employer {i}",
                    search_name=f"employer {i}",
                    region=rng.choice(REGIONS),
                    sector=rng.choice(SECTORS),
                    workers=rng.choice([None, 5, 12, 30, 80, 250]),
                    created_by=inspector,
                    created_at=now,
                )
                for i in range(n)
            ],
        )
        agencies = _bulk(
            Agency,
            [
                Agency(
                    name=f"Agency {i}",
                    registration_number=f"{1000000000000 + i}",
                    country="MD",
                    search_name=f"agency {i}",
                    created_by=inspector,
                    created_at=now,
                )
                for i in range(600)
            ],
        )
        _bulk(
            Licence,
            [
                Licence(
                    agency=agency,
                    number=f"AG-{agency.pk}",
                    status="active",
                    applied_on=today - timedelta(days=500),
                    valid_from=today - timedelta(days=400),
                    valid_until=today + timedelta(days=rng.choice([-30, 300, 700])),
                    issued_by=inspectorate,
                    created_at=now,
                )
                for agency in agencies[:450]
            ],
        )
        _bulk(
            AgencyViolation,
            [
                AgencyViolation(
                    agency=agency,
                    kind="fee_charged",
                    found_on=today - timedelta(days=200),
                    description="Charged each worker a placement fee.",
                    amount=Decimal("400"),
                    currency="EUR",
                    recorded_by=inspector,
                    organisation=inspectorate,
                    recorded_at=now,
                )
                for agency in rng.sample(agencies, 60)
            ],
        )
        through = Workplace.agencies.through
        links = {
            (place.pk, agency.pk)
            for place in rng.sample(places, n // 5)
            for agency in rng.sample(agencies, rng.choice([1, 1, 2]))
        }
        _bulk(through, [through(workplace_id=w, agency_id=a) for w, a in sorted(links)])
        _bulk(
            Complaint,
            [
                Complaint(
                    tracking_digest=secrets.token_hex(32),
                    lodged_via="public",
                    language="ro",
                    anonymous=True,
                    description="Wages unpaid for two months.",
                    categories=["wages"],
                    urgent=rng.random() < 0.05,
                    workplace_record=rng.choice(places),
                    lodged_at=now - timedelta(days=rng.randrange(730)),
                )
                for _ in range(15_000)
            ],
        )
        visits = []
        for _ in range(25_000):
            visited = today - timedelta(days=rng.randrange(4 * 365))
            visits.append(
                Inspection(
                    workplace=rng.choice(places),
                    organisation=inspectorate,
                    inspector=inspector,
                    reason="risk",
                    status="done",
                    planned_for=visited,
                    visited_on=visited,
                    findings="Visited.",
                    created_by=inspector,
                    created_at=now,
                )
            )
        visits = _bulk(Inspection, visits)
        violations = []
        for visit in rng.sample(visits, 12_000):
            found = visit.visited_on
            assert found is not None
            violations.append(
                Violation(
                    inspection=visit,
                    workplace_id=visit.workplace_id,
                    kind="wages",
                    description="Wages late.",
                    found_on=found,
                    remedy_by=found + timedelta(days=30),
                    remedied_on=None if rng.random() < 0.4 else found + timedelta(days=20),
                    recorded_by=inspector,
                    recorded_at=now,
                )
            )
        _bulk(Violation, violations)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"inspector": inspector, "inspectorate": inspectorate, "places": [p.pk for p in places]}


# --- rank --------------------------------------------------------------------------------------


def _timed(call: Callable[[], Any], reps: int) -> tuple[list[float], Any]:
    samples, result = [], None
    for _ in range(reps):
        started = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - started)
    return samples, result


def naive_facts(pk: int, *, today: date) -> risk.Facts:
    """One workplace's facts read the obvious way: a query per fact."""
    place = Workplace.objects.get(pk=pk)
    year_ago = timezone.now() - timedelta(days=risk.COMPLAINT_WINDOW_DAYS)
    since = today - timedelta(days=risk.VIOLATION_WINDOW_DAYS)
    complaints = Complaint.objects.filter(workplace_record=place, lodged_at__gte=year_ago)
    return risk.Facts(
        sector=place.sector,
        workers=place.workers,
        complaints=complaints.count(),
        urgent_complaints=complaints.filter(urgent=True).count(),
        violations=Violation.objects.filter(workplace=place, found_on__gte=since).count(),
        open_violations=Violation.objects.filter(
            workplace=place, remedied_on__isnull=True, remedy_by__lt=today
        ).count(),
        flagged_agencies=place.agencies.filter(
            pk__in=ranking.agencies_of_concern(today=today).values("pk")
        ).count(),
        last_visit=Inspection.objects.filter(workplace=place, status="done").aggregate(
            last=Max("visited_on")
        )["last"],
    )


def measure_rank(world: dict[str, Any], reps: int, sample: int, seed: int) -> dict[str, Any]:
    actor = access.actor_for(world["inspector"])
    today = timezone.localdate()
    n = len(world["places"])
    ranking.rank_workplaces(actor=actor)  # warm the caches once
    whole, page = _timed(lambda: ranking.rank_workplaces(actor=actor), reps)
    region, region_page = _timed(lambda: ranking.rank_workplaces(actor=actor, region="Cahul"), reps)
    tracemalloc.start()
    ranking.rank_workplaces(actor=actor)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    picked = random.Random(seed).sample(world["places"], min(sample, n))
    started = time.perf_counter()
    naive = {pk: naive_facts(pk, today=today) for pk in picked}
    scored = sorted(picked, key=lambda pk: -risk.score(naive[pk], today=today).score)
    naive_seconds = time.perf_counter() - started
    grouped = ranking.facts(workplaces=Workplace.objects.filter(pk__in=picked), today=today)
    top = page.rows[0]
    top_naive = risk.score(
        naive_facts(Workplace.objects.get(public_id=top.public_id).pk, today=today), today=today
    )
    checks = {
        "ranked_all": page.total == n,
        "first_page": len(page.rows) == 50,
        "sorted": all(a.score >= b.score for a, b in zip(page.rows, page.rows[1:], strict=False)),
        "region_only": all(row.region == "Cahul" for row in region_page.rows),
        "sample_facts_equal_naive": grouped == naive,
        "top_score_equals_naive": top_naive.score == top.score,
        "naive_sorted_sample": len(scored) == len(picked),
    }
    median = statistics.median(whole)
    scaled = naive_seconds * n / len(picked)
    return {
        "workplaces": n,
        "rank_median_s": round(median, 3),
        "rank_best_s": round(min(whole), 3),
        "one_region_median_s": round(statistics.median(region), 3),
        "one_region_workplaces": region_page.total,
        "peak_python_mb": round(peak / 1024 / 1024, 1),
        "target_s": TARGET_SECONDS,
        "met": median <= TARGET_SECONDS,
        "baseline": f"naive, 6 queries a workplace, measured on {len(picked):,} and scaled",
        "baseline_sample_s": round(naive_seconds, 2),
        "baseline_scaled_s": round(scaled, 1),
        "vs_baseline": round(scaled / median, 1),
        "checks": checks,
    }


# --- lodge -------------------------------------------------------------------------------------


def evidence() -> tuple[bytes, bytes]:
    pdf = FPDF()
    for page in range(12):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for line in range(50):
            pdf.cell(0, 5, f"Payslip {page}-{line}: hours 62, paid 0 of 9,500 MDL " + "x" * 40)
            pdf.ln()
    photo = Image.effect_noise((700, 500), 60).convert("RGB")
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=90)
    return bytes(pdf.output()), out.getvalue()


def _form(i: int, files: bool, pdf: bytes, jpeg: bytes) -> dict[str, Any]:
    data: dict[str, Any] = {
        "categories": ["wages", "documents"],
        "description": f"Complaint {i}: the foreman keeps our passports and pays nothing.",
        "employer": "Edil-Construct SA",
        "region": "Chișinău",
        "anonymous": "anonymous",
    }
    if files:
        data["attachments"] = [
            ContentFile(pdf, name="payslip.pdf"),
            ContentFile(jpeg, name="photo.jpg"),
        ]
    return data


def measure_lodge(count: int, pdf: bytes, jpeg: bytes) -> dict[str, Any]:
    client = Client()
    results: dict[str, Any] = {}

    def through_page(files: bool) -> Callable[[int], bool]:
        def one(i: int) -> bool:
            response = client.post(
                "/complaints/new/",
                _form(i, files, pdf, jpeg),
                REMOTE_ADDR=f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
            )
            return response.status_code == 302

        return one

    def through_service(i: int) -> bool:
        complaint_services.complaint_lodge(
            actor=None,
            data=complaint_services.ComplaintData(
                categories=("wages",), description=f"Complaint {i}.", region="Chișinău"
            ),
            files=[
                complaint_services.Upload("payslip.pdf", io.BytesIO(pdf), "application/pdf"),
                complaint_services.Upload("photo.jpg", io.BytesIO(jpeg), "image/jpeg"),
            ],
        )
        return True

    def floor(i: int) -> bool:
        now = timezone.now()
        with transaction.atomic():
            complaint = Complaint.objects.create(
                tracking_digest=secrets.token_hex(32),
                lodged_via="public",
                language="ro",
                anonymous=True,
                description=f"Complaint {i}.",
                categories=["wages"],
                lodged_at=now,
            )
            for name, content, kind in (
                ("payslip.pdf", pdf, "application/pdf"),
                ("photo.jpg", jpeg, "image/jpeg"),
            ):
                path = default_storage.save(
                    f"bench/{secrets.token_hex(8)}-{name}", ContentFile(content)
                )
                Attachment.objects.create(
                    complaint=complaint,
                    file_path=path,
                    file_name=name,
                    content_type=kind,
                    size=len(content),
                    sha256="0" * 64,
                    uploaded_at=now,
                )
        return True

    ways: dict[str, Callable[[int], bool]] = {
        "public page, 2 files": through_page(True),
        "public page, no files": through_page(False),
        "complaint_lodge(), 2 files": through_service,
        "floor: insert + write files (baseline)": floor,
    }
    offset = 0
    for name, one in ways.items():
        one(offset)  # warm up
        offset += 1
        before = Attachment.objects.count()
        started = time.perf_counter()
        ok = sum(one(offset + i) for i in range(count))
        seconds = time.perf_counter() - started
        offset += count
        results[name] = {
            "complaints": count,
            "accepted": ok,
            "seconds": round(seconds, 2),
            "per_second": round(count / seconds, 1),
            "files_stored": Attachment.objects.count() - before,
        }
    base = results["floor: insert + write files (baseline)"]["per_second"]
    for figures in results.values():
        figures["vs_baseline"] = round(base / figures["per_second"], 1)
    return results


# --- Report ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "database": connection.vendor,
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workplaces", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=5, help="rankings timed")
    parser.add_argument("--sample", type=int, default=2000, help="workplaces read the naive way")
    parser.add_argument("--complaints", type=int, default=200, help="complaints lodged per way")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    run_started = time.perf_counter()
    info = machine()
    call_command("migrate", verbosity=0)
    print(f"Filling {args.workplaces:,} workplaces on {connection.vendor}", flush=True)
    started = time.perf_counter()
    world = fill(args.workplaces, args.seed)
    fill_seconds = time.perf_counter() - started
    print(f"  filled in {fill_seconds:,.0f} s", flush=True)

    print(f"Risk list: {args.reps} rankings, the naive way on {args.sample:,}", flush=True)
    rank = measure_rank(world, args.reps, args.sample, args.seed)
    print(f"Lodging: {args.complaints} complaints per way", flush=True)
    pdf, jpeg = evidence()
    lodge = measure_lodge(args.complaints, pdf, jpeg)
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    info["evidence_kb"] = {"pdf": len(pdf) // 1024, "jpeg": len(jpeg) // 1024}

    print(f"\nRisk ranking of {rank['workplaces']:,} workplaces on {connection.vendor}")
    for key in (
        "rank_median_s",
        "rank_best_s",
        "one_region_median_s",
        "one_region_workplaces",
        "peak_python_mb",
        "target_s",
        "met",
        "baseline",
        "baseline_sample_s",
        "baseline_scaled_s",
        "vs_baseline",
    ):
        print(f"  {key:<22} {rank[key]}")
    print("  checks:", rank["checks"])
    print(
        f"\nComplaints lodged, {args.complaints} per way "
        f"(PDF {info['evidence_kb']['pdf']} KB + JPEG {info['evidence_kb']['jpeg']} KB)"
    )
    print(f"  {'way':<42} {'per s':>8} {'seconds':>8} {'ok':>5} {'files':>6} {'×base':>6}")
    for name, figures in lodge.items():
        print(
            f"  {name:<42} {figures['per_second']:>8} {figures['seconds']:>8} "
            f"{figures['accepted']:>5} {figures['files_stored']:>6} {figures['vs_baseline']:>6}"
        )
    total = time.perf_counter() - run_started
    print(f"\nRun took {total / 60:.1f} min (fill {fill_seconds:.0f} s).")

    suffix = "" if connection.vendor == "postgresql" else f"-{connection.vendor}"
    output = args.output or ROOT / "bench" / "results" / f"protection{suffix}.json"
    output.write_text(
        json.dumps(
            {
                "machine": info,
                "args": vars(args) | {"output": str(output)},
                "rank": rank,
                "lodge": lodge,
                "fill_seconds": round(fill_seconds, 1),
            },
            indent=2,
            ensure_ascii=False,
            default=str,
        )
        + "\n"
    )
    print(f"Wrote {output}")
    checks_ok = all(rank["checks"].values()) and all(
        f["accepted"] == f["complaints"] for f in lodge.values()
    )
    return 0 if checks_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
