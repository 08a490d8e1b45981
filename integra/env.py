"""Typed readers for environment variables that fail loudly on a bad value.

Settings are read from the environment only. Every reader names the variable in
its error so that a wrong deployment fails at start-up with a clear message
instead of running with a surprising default.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Mapping

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self.source: Mapping[str, str] = os.environ if source is None else source

    def _raw(self, name: str) -> str | None:
        value = self.source.get(name)
        return None if value is None else value.strip()

    def string(self, name: str, default: str) -> str:
        value = self._raw(name)
        return default if value is None or value == "" else value

    def required_str(self, name: str) -> str:
        value = self._raw(name)
        if not value:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"The environment variable {name} must be true or false, not {value!r}."
        )

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None or value == "":
            number = default
        else:
            try:
                number = int(value)
            except ValueError:
                raise ImproperlyConfigured(
                    f"The environment variable {name} must be a whole number, not {value!r}."
                ) from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(
                f"The environment variable {name} must be at least {minimum}, not {number}."
            )
        return number

    def strings(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if value is None:
            return default
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.string(name, default)
        if value not in choices:
            raise ImproperlyConfigured(
                f"The environment variable {name} must be one of {', '.join(choices)}, "
                f"not {value!r}."
            )
        return value

    def rate(self, name: str, default: str) -> str:
        """A request rate such as 600/m (per s, m, h or d)."""
        value = self.string(name, default)
        if not re.fullmatch(r"[1-9][0-9]*/[smhd]", value):
            raise ImproperlyConfigured(
                f"The environment variable {name} must be a rate such as 600/m, not {value!r}."
            )
        return value

    def time_zone(self, name: str, default: str) -> str:
        value = self.string(name, default)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(
                f"The environment variable {name} must be a time zone such as Europe/Chisinau, "
                f"not {value!r}."
            ) from None
        return value

    def database(self, name: str, default: str) -> dict[str, object]:
        url = self.string(name, default)
        try:
            config: dict[str, object] = dict(environ.Env.db_url_config(url))
        except Exception as error:  # django-environ raises several types for a bad URL
            raise ImproperlyConfigured(
                f"The environment variable {name} is not a valid database URL: {error}"
            ) from None
        engine = str(config.get("ENGINE", ""))
        if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
            raise ImproperlyConfigured(
                f"The environment variable {name} must point to SQLite or PostgreSQL, "
                f"not {url.split(':', 1)[0]!r}."
            )
        return config

    def cache(self, name: str, default: str) -> dict[str, object]:
        url = self.string(name, default)
        try:
            return dict(environ.Env.cache_url_config(url))
        except Exception as error:  # django-environ raises several types for a bad URL
            raise ImproperlyConfigured(
                f"The environment variable {name} is not a valid cache URL: {error}"
            ) from None

    def email(self, name: str, default: str) -> dict[str, object]:
        url = self.string(name, default)
        try:
            return dict(environ.Env.email_url_config(url))
        except Exception as error:  # django-environ raises several types for a bad URL
            raise ImproperlyConfigured(
                f"The environment variable {name} is not a valid e-mail URL: {error}"
            ) from None
