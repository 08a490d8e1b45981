"""Requests per second and latency of Integra's HTTP stack, against a bare Django view.

Starts gunicorn through ``integra serve`` (gthread, 2 workers, 4 threads each) on
127.0.0.1 over a throwaway SQLite database, then measures in the same run:

* ``bare``   GET /bench/bare   a Django view returning a constant: the baseline
* ``token``  GET /api/v1/me    API token auth, access policy, django-ninja
* ``home``   GET /             the home page for a signed-in analyst (session cookie)

The targets run one after the other in several rounds, in a rotated order, over the
same keep-alive connections, so that drift and the spread of connections over the
workers affect each target alike. Each figure is the median over rounds; a ratio is
the median of (target / bare) within a round. Besides requests per second and
latency, it reads the server processes' CPU time from /proc around each batch: CPU
per request does not depend on how much CPU the client, on the same machine, took.

Usage: ``.venv/bin/python bench/http.py [--requests N] [--concurrency C]``; see
bench/README.md. Standard library only on the client side.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and this file
# (bench/http.py) would shadow the standard library's ``http`` package. Drop the
# folder before anything imports http.client.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

ROOT = _HERE.parent
DEFAULT_OUTPUT = _HERE / "results" / "http.json"
HOST = "127.0.0.1"
BASELINE = "bare"
BARE_BODY = b'{"ok":true}'
ERROR_SAMPLES = 5
ABORT_AFTER_FAILURES = 50  # connection errors or timeouts in one batch: the server is gone
DEFAULT_API_RATE = "1000000/m"  # so that throttling never answers 429

# Settings that Integra reads from the environment and that the benchmark controls:
# anything of these in the caller's environment is dropped before the server starts.
_CONTROLLED_PREFIXES = ("INTEGRA_", "SECURE_", "SESSION_", "CSRF_", "DJANGO_", "DATABASE_")
_CONTROLLED_NAMES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CACHE_URL",
    "LOG_LEVEL",
    "TIME_ZONE",
    "SILENCED_SYSTEM_CHECKS",
}


# --- Targets and measurements ---------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    description: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Batch:
    """One target measured once: ``requests`` GETs over all connections."""

    target: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    error_samples: list[str]
    server_cpu_s: float | None = None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_ms(self) -> float | None:
        """The server's CPU time per request, in milliseconds."""
        if self.server_cpu_s is None:
            return None
        return self.server_cpu_s * 1000 / self.requests

    def percentile_ms(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]


def _median(values: Sequence[float | None]) -> float | None:
    if not values or any(value is None for value in values):
        return None
    return statistics.median(value for value in values if value is not None)


@dataclass
class Row:
    """A target over all rounds, with the baseline's batches of the same rounds."""

    target: Target
    batches: list[Batch]
    baseline: list[Batch]

    @property
    def requests(self) -> int:
        return sum(batch.requests for batch in self.batches)

    @property
    def rps(self) -> float:
        return statistics.median(batch.rps for batch in self.batches)

    @property
    def p50_ms(self) -> float:
        return statistics.median(batch.percentile_ms(50) for batch in self.batches)

    @property
    def p95_ms(self) -> float:
        return statistics.median(batch.percentile_ms(95) for batch in self.batches)

    @property
    def cpu_ms(self) -> float | None:
        return _median([batch.cpu_ms for batch in self.batches])

    def rps_ratios(self) -> list[float]:
        """Per round: this target's rps over the baseline's rps in the same round."""
        return [
            mine.rps / base.rps if base.rps else float("nan")
            for mine, base in zip(self.batches, self.baseline, strict=True)
        ]

    def cpu_ratios(self) -> list[float | None]:
        """Per round: this target's server CPU per request over the baseline's."""
        return [
            None if mine.cpu_ms is None or not base.cpu_ms else mine.cpu_ms / base.cpu_ms
            for mine, base in zip(self.batches, self.baseline, strict=True)
        ]

    @property
    def rps_ratio(self) -> float:
        return statistics.median(self.rps_ratios())

    @property
    def cpu_ratio(self) -> float | None:
        return _median(self.cpu_ratios())


# --- Load generation --------------------------------------------------------------------


class Client:
    """One keep-alive connection to the server, reopened when the server closed it."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        reused = self.connection is not None
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            # The server dropped an idle keep-alive connection: a GET is safe to resend.
            self.reconnects += 1
            return self.get(path, headers)
        except Exception:
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, body

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def run_batch(clients: Sequence[Client], target: Target, requests: int, master_pid: int) -> Batch:
    """Sends ``requests`` GETs to the target, one thread per client, and times them."""
    lock = threading.Lock()
    remaining = requests
    latencies: list[float] = []
    errors = 0
    broken = 0
    samples: list[str] = []

    def take() -> bool:
        nonlocal remaining
        with lock:
            if remaining <= 0 or broken >= ABORT_AFTER_FAILURES:
                return False
            remaining -= 1
            return True

    def fail() -> None:
        nonlocal broken
        with lock:
            broken += 1

    def work(client: Client) -> None:
        nonlocal errors
        mine: list[float] = []
        failures: list[str] = []
        while take():
            started = time.perf_counter()
            try:
                status, body = client.get(target.path, target.headers)
            except Exception as error:
                failures.append(f"{target.name}: {type(error).__name__}: {error}")
                fail()
                continue
            elapsed_ms = (time.perf_counter() - started) * 1000
            if status != 200:
                failures.append(f"{target.name}: HTTP {status}: {body[:120]!r}")
                continue
            mine.append(elapsed_ms)
        with lock:
            latencies.extend(mine)
            errors += len(failures)
            samples.extend(failures[: max(0, ERROR_SAMPLES - len(samples))])

    threads = [threading.Thread(target=work, args=(client,), daemon=True) for client in clients]
    cpu_before = server_cpu_seconds(master_pid)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    cpu_after = server_cpu_seconds(master_pid)
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    if broken >= ABORT_AFTER_FAILURES:
        samples.insert(0, f"{target.name}: gave up after {broken} connection failures")
    sent = requests - remaining
    return Batch(target.name, sent, seconds, latencies, errors, samples, cpu)


def measure(
    port: int,
    master_pid: int,
    targets: Sequence[Target],
    *,
    requests: int,
    warmup: int,
    concurrency: int,
    rounds: int,
    timeout: float,
) -> tuple[list[Row], list[Batch], int]:
    """Warms every target up, then runs ``rounds`` rounds of every target."""
    clients = [Client(port, timeout) for _ in range(concurrency)]
    warmups = [run_batch(clients, target, warmup, master_pid) for target in targets if warmup > 0]
    for client in clients:
        client.close()

    per_target: dict[str, list[Batch]] = {target.name: [] for target in targets}
    reconnects = 0
    for number in range(rounds):
        # Same connections for every target in a round: however gunicorn spread them
        # over its workers, every target sees the same spread. Rotate the order.
        clients = [Client(port, timeout) for _ in range(concurrency)]
        shift = number % len(targets)
        order = [*targets[shift:], *targets[:shift]]
        batches = {
            target.name: run_batch(clients, target, requests, master_pid) for target in order
        }
        for client in clients:
            reconnects += client.reconnects
            client.close()
        for name, batch in batches.items():
            per_target[name].append(batch)
        print(
            f"  round {number + 1}/{rounds}: "
            + ", ".join(f"{name} {batch.rps:,.0f} rps" for name, batch in batches.items()),
            flush=True,
        )
    rows = [Row(target, per_target[target.name], per_target[BASELINE]) for target in targets]
    return rows, warmups, reconnects


# --- The server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_env(var_dir: Path, api_rate: str) -> tuple[dict[str, str], dict[str, str]]:
    """The server's environment, and the settings part of it (secret redacted) to record."""
    chosen = {
        "DJANGO_SETTINGS_MODULE": "integra.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "INTEGRA_BENCH_VIEWS": "true",
        "INTEGRA_API_RATE": api_rate,
        "INTEGRA_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "INTEGRA_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
    }
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in _CONTROLLED_NAMES and not name.startswith(_CONTROLLED_PREFIXES)
    }
    recorded = {name: ("<random>" if name == "SECRET_KEY" else v) for name, v in chosen.items()}
    return {**inherited, **chosen}, recorded


def run_checked(command: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start_server(
    python: str, port: int, env: dict[str, str], log_path: Path, workers: int, threads: int
) -> tuple[subprocess.Popen[bytes], list[str]]:
    command = [
        python,
        "-m",
        "integra.cli",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--no-worker",
    ]
    with log_path.open("wb") as log:
        # Its own session, so that a server that ignores SIGTERM can be killed with its
        # workers (and only them) by process group.
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, command


def wait_until_ready(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server exited ({process.returncode}):\n{tail(log_path)}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/bench/bare")
            if connection.getresponse().status == 200:
                connection.close()
                return
            connection.close()
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"The server did not answer within 30 s:\n{tail(log_path)}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # gunicorn's graceful shutdown: the master stops its workers
    try:
        process.wait(timeout=25)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group we started: master and workers
        process.wait()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def server_cpu_seconds(master_pid: int) -> float | None:
    """CPU time (user + system) used so far by the gunicorn master and its workers.

    Linux only (reads /proc); ``None`` elsewhere. Taken around each batch, it gives the
    server's CPU per request, which the client's own CPU use on the same machine does
    not blur the way it blurs requests per second.
    """
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # The command name is in parentheses and may hold spaces: split after it.
        fields = stat[stat.rfind(")") + 2 :].split()
        pid, ppid = int(entry), int(fields[1])
        if pid == master_pid or ppid == master_pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


# --- Personas (run inside a child process with the server's environment) ----------------


def make_personas() -> dict[str, str]:
    """An organisation, an analyst member with an API token, and a signed-in session.

    Analysts see aggregate figures only, so they sign in without a second factor;
    the session still needs the sign-in time that SessionTimeoutMiddleware checks.
    """
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client as DjangoClient
    from django.utils import timezone

    from integra.core import access, services
    from integra.core.middleware import LOGIN_AT
    from integra.core.models import User
    from integra.core.roles import Level, OrganisationKind, Role

    # The first administrator has no service (``integra createadmin`` prompts for a
    # password); every other write goes through Integra's services, as in production.
    root = User.objects.create_superuser(username="bench-root", password=secrets.token_urlsafe(24))
    root_actor = access.actor_for(root)
    organisation = services.organisation_create(
        actor=root_actor,
        code="bench-authority",
        name="Bench Coordinating Authority",
        kind=OrganisationKind.COORDINATING_AUTHORITY,
        level=Level.NATIONAL,
        country="MD",
    )
    member = services.member_add(
        actor=root_actor,
        organisation=organisation,
        username="bench-analyst",
        role=Role.ANALYST,
        first_name="Bench",
        last_name="Analyst",
    )
    analyst = member.membership.user
    if access.requires_two_factor(analyst):
        raise SystemExit("The benchmark expects analysts to sign in without a second factor.")
    token = services.token_create(
        actor=access.actor_for(analyst), name="bench", expires_in_days=1
    ).secret

    browser = DjangoClient()
    browser.force_login(analyst)
    session = browser.session
    session[LOGIN_AT] = timezone.now().isoformat()
    session.save()
    return {
        "username": analyst.username,
        "full_name": analyst.get_full_name(),
        "token": token,
        "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "django": django.get_version(),
        "python": platform.python_version(),
    }


# --- Checks, report -------------------------------------------------------------------


def preflight(port: int, targets: Sequence[Target], personas: dict[str, str]) -> list[str]:
    """One request per target: the right page, not merely a 200."""
    problems: list[str] = []
    client = Client(port, timeout=30)
    try:
        for target in targets:
            status, body = client.get(target.path, target.headers)
            if status != 200:
                problems.append(f"{target.name}: HTTP {status}: {body[:200]!r}")
            elif target.name == "bare" and body != BARE_BODY:
                problems.append(f"bare: unexpected body {body[:200]!r}")
            elif target.name == "token":
                me = json.loads(body)
                if (
                    me.get("username") != personas["username"]
                    or me.get("authenticated_via") != "token"
                ):
                    problems.append(f"token: unexpected answer {me!r}")
            elif target.name == "home" and personas["full_name"].encode() not in body:
                problems.append("home: the page does not welcome the signed-in user")
    finally:
        client.close()
    return problems


def _optional(value: float | None, width: int, digits: int) -> str:
    return f"{'n/a':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def print_table(rows: Sequence[Row]) -> None:
    header = (
        f"{'target':<6} {'path':<12} {'requests':>8} {'rps':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'rps/bare':>8} {'cpu ms/req':>10} {'cpu/bare':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.target.name:<6} {row.target.path:<12} {row.requests:>8,} {row.rps:>7,.0f} "
            f"{row.p50_ms:>7.2f} {row.p95_ms:>7.2f} {row.rps_ratio:>8.2f} "
            f"{_optional(row.cpu_ms, 10, 2)} {_optional(row.cpu_ratio, 8, 2)}"
        )


def git_revision() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit or None, "dirty": bool(changed) if commit else None}


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def report(
    rows: Sequence[Row],
    *,
    args: argparse.Namespace,
    python: str,
    command: list[str],
    env: dict[str, str],
    personas: dict[str, str],
    errors: int,
    samples: list[str],
    reconnects: int,
    started: datetime,
    seconds: float,
    load: dict[str, list[float] | None],
) -> dict[str, Any]:
    return {
        "benchmark": "http",
        "date": started.isoformat(timespec="seconds"),
        "duration_s": round(seconds, 1),
        "python": personas["python"],
        "client_python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average": load,
        "django": personas["django"],
        "git": git_revision(),
        "settings": {
            "requests_per_round": args.requests,
            "warmup": args.warmup,
            "concurrency": args.concurrency,
            "rounds": args.rounds,
            "client": "http.client keep-alive connections, one thread per connection",
            "server": {
                "command": [Path(python).name, *command[1:]],
                "worker_class": "gthread",
                "workers": args.workers,
                "threads": args.threads,
                "database": "sqlite (temporary file)",
            },
            "env": env,
        },
        "baseline": BASELINE,
        "aggregation": (
            "rps, p50, p95 and server CPU per request: median over rounds; rps_ratio and "
            "cpu_ratio: median over rounds of (target / bare in the same round)"
        ),
        "results": [
            {
                "target": row.target.name,
                "path": row.target.path,
                "description": row.target.description,
                "requests": row.requests,
                "rps": round(row.rps, 1),
                "p50_ms": round(row.p50_ms, 3),
                "p95_ms": round(row.p95_ms, 3),
                "rps_ratio": round(row.rps_ratio, 4),
                "server_cpu_ms_per_request": _rounded(row.cpu_ms, 3),
                "cpu_ratio": _rounded(row.cpu_ratio, 4),
                "errors": sum(batch.errors for batch in row.batches),
                "rounds": [
                    {
                        "rps": round(batch.rps, 1),
                        "p50_ms": round(batch.percentile_ms(50), 3),
                        "p95_ms": round(batch.percentile_ms(95), 3),
                        "rps_ratio": round(rps_ratio, 4),
                        "server_cpu_ms_per_request": _rounded(batch.cpu_ms, 3),
                        "cpu_ratio": _rounded(cpu_ratio, 4),
                    }
                    for batch, rps_ratio, cpu_ratio in zip(
                        row.batches, row.rps_ratios(), row.cpu_ratios(), strict=True
                    )
                ],
            }
            for row in rows
        ],
        "errors": errors,
        "error_samples": samples,
        "reconnects": reconnects,
    }


# --- Main -------------------------------------------------------------------------------


def load_average() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def default_python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/http.py",
        description=(
            "Requests per second and p50/p95 latency of GET /api/v1/me (token), GET / "
            "(signed-in session) and a bare Django view (the baseline), all served by "
            "gunicorn on 127.0.0.1 in the same run. Prints a table and writes JSON."
        ),
        epilog="Exits 1 if any response was not 200. See bench/README.md.",
    )
    parser.add_argument("--requests", type=positive, default=2000, help="per target and round")
    parser.add_argument("--warmup", type=int, default=200, help="per target, before round 1")
    parser.add_argument("--concurrency", type=positive, default=8, help="client connections")
    parser.add_argument("--rounds", type=positive, default=3, help="the median round counts")
    parser.add_argument("--workers", type=positive, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=positive, default=4, help="threads per worker")
    parser.add_argument(
        "--api-rate",
        default=DEFAULT_API_RATE,
        help="INTEGRA_API_RATE for the server (default %(default)s; see bench/README.md)",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument(
        "--python", default=default_python(), help="interpreter with Integra installed"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON results")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (database, server log)"
    )
    parser.add_argument("--make-personas", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.make_personas:
        print(json.dumps(make_personas()))
        return 0

    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    load_before = load_average()
    cpus = os.cpu_count() or 1
    if load_before is not None and load_before[0] > cpus / 2:
        print(
            f"Note: the machine is busy (load average {load_before[0]:.1f} on {cpus} CPUs). "
            "Requests per second\nwill be noisy; server CPU per request much less so."
        )
    var_dir = Path(tempfile.mkdtemp(prefix="integra-bench-"))
    (var_dir / "static").mkdir()  # STATIC_ROOT, so that WhiteNoise finds no missing folder
    env, recorded_env = server_env(var_dir, args.api_rate)
    log_path = var_dir / "server.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        print(f"Preparing a database in {var_dir} ...", flush=True)
        run_checked([args.python, "-m", "integra.cli", "migrate", "--noinput"], env, "migrate")
        output = run_checked(
            [args.python, str(Path(__file__).resolve()), "--make-personas"], env, "personas"
        )
        personas: dict[str, str] = json.loads(output.strip().splitlines()[-1])

        targets = [
            Target("bare", "/bench/bare", "bare Django view returning a constant (baseline)"),
            Target(
                "token",
                "/api/v1/me",
                "API: Bearer token, access policy, django-ninja",
                {"Authorization": f"Bearer {personas['token']}"},
            ),
            Target(
                "home",
                "/",
                "page: signed-in analyst's home (session cookie)",
                {"Cookie": personas["session_cookie"]},
            ),
        ]

        port = free_port()
        process, command = start_server(
            args.python, port, env, log_path, args.workers, args.threads
        )
        wait_until_ready(process, port, log_path)
        problems = preflight(port, targets, personas)
        if problems:
            print("The targets do not answer as expected:", *problems, sep="\n  ")
            return 1

        print(
            f"gunicorn gthread {args.workers}x{args.threads} on {HOST}:{port}; "
            f"{args.warmup} warm-up + {args.rounds} x {args.requests:,} requests per target, "
            f"concurrency {args.concurrency}",
            flush=True,
        )
        rows, warmups, reconnects = measure(
            port,
            process.pid,
            targets,
            requests=args.requests,
            warmup=args.warmup,
            concurrency=args.concurrency,
            rounds=args.rounds,
            timeout=args.timeout,
        )
    finally:
        if process is not None:
            stop_server(process)
        if args.keep:
            print(f"Kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)

    batches = [*warmups, *(batch for row in rows for batch in row.batches)]
    errors = sum(batch.errors for batch in batches)
    samples = [sample for batch in batches for sample in batch.error_samples][:ERROR_SAMPLES]
    print()
    print_table(rows)
    print(
        f"\nMedians of {args.rounds} rounds. rps/bare and cpu/bare: medians of per-round "
        "ratios to the bare\nview. cpu ms/req: CPU time (user + system) of the gunicorn "
        "processes per request."
    )
    results = report(
        rows,
        args=args,
        python=args.python,
        command=command,
        env=recorded_env,
        personas=personas,
        errors=errors,
        samples=samples,
        reconnects=reconnects,
        started=started_at,
        seconds=time.perf_counter() - clock,
        load={"before": load_before, "after": load_average()},
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {args.output}")
    if errors:
        print(f"\n{errors} requests failed, for example:", *samples, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
