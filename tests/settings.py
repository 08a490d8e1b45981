"""Test settings: the real settings, fed the environment a test run needs."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 60)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault(
    "INTEGRA_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault(
    "INTEGRA_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test")
)

from integra.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; Argon2 is tested
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
