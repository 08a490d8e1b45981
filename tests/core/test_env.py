"""Settings come from the environment and fail loudly, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from integra.env import Env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "value", "reader"),
    [
        ("DEBUG", "maybe", lambda env: env.boolean("DEBUG", False)),
        ("INTEGRA_WEB_WORKERS", "two", lambda env: env.integer("INTEGRA_WEB_WORKERS", 2)),
        ("INTEGRA_WEB_WORKERS", "0", lambda env: env.integer("INTEGRA_WEB_WORKERS", 2, minimum=1)),
        ("DATABASE_URL", "mysql://x/y", lambda env: env.database("DATABASE_URL", "")),
        ("INTEGRA_API_RATE", "lots", lambda env: env.rate("INTEGRA_API_RATE", "1/s")),
        ("TIME_ZONE", "Mars/Olympus", lambda env: env.time_zone("TIME_ZONE", "UTC")),
        ("LOG_LEVEL", "LOUD", lambda env: env.choice("LOG_LEVEL", "INFO", ("INFO", "DEBUG"))),
    ],
)
def test_a_bad_value_names_its_variable(name, value, reader):
    with pytest.raises(ImproperlyConfigured, match=name):
        reader(Env({name: value}))


def test_defaults_apply_when_a_variable_is_absent():
    env = Env({})
    assert env.boolean("DEBUG", False) is False
    assert env.integer("X", 7) == 7
    assert env.strings("ALLOWED_HOSTS", ["a"]) == ["a"]
    assert env.database("DATABASE_URL", "sqlite:///tmp/x.sqlite3")["ENGINE"].endswith("sqlite3")


def test_postgres_urls_are_understood():
    config = Env({}).database("DATABASE_URL", "postgres://u:p@db.internal:5433/integra")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "integra")


def _start(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    # Only what a fresh shell has: none of the test run's own settings leak in.
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "integra.cli", *command],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_start_up_fails_on_an_invalid_variable(tmp_path):
    result = _start({"DEBUG": "yes please", "INTEGRA_VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_start_up_without_a_secret_key_fails_when_debug_is_off(tmp_path):
    result = _start({"DEBUG": "false", "SECRET_KEY": "", "INTEGRA_VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_when_debug_is_off(tmp_path):
    result = _start(
        {
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-production-secret-" + "k9Xq2" * 10,
            "ALLOWED_HOSTS": "integra.example.gov",
            "INTEGRA_VAR_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_database_is_tuned_for_its_engine():
    from django.db import connection

    options = connection.settings_dict.get("OPTIONS", {})
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    if connection.vendor == "sqlite":
        assert options["timeout"] >= 5
        assert "journal_mode=WAL" in options["init_command"]
        assert options["transaction_mode"] == "IMMEDIATE"
    else:
        assert connection.vendor == "postgresql"
        assert connection.settings_dict["CONN_MAX_AGE"] > 0


def test_every_variable_the_settings_read_is_in_the_env_example():
    import re

    settings_source = (ROOT / "integra" / "settings.py").read_text()
    read = set(re.findall(r'env\.[a-z_]+\(\s*"([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.9", "10.0.0.2"),  # no proxy: the header is a client's word
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # a spoofed entry on the left
        (2, "198.51.100.9, 10.0.0.7", "198.51.100.9"),
        (2, "", "10.0.0.2"),
    ],
)
def test_lockout_sees_the_client_behind_the_configured_proxies(
    proxies, forwarded, expected, settings, rf
):
    from integra.core.middleware import client_ip

    settings.INTEGRA_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
