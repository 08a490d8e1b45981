"""Integra's settings: read from environment variables only (see .env.example)."""

from __future__ import annotations

import secrets
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from integra.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

VAR_DIR = Path(env.string("INTEGRA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.boolean("DEBUG", False)


def _secret_key() -> str:
    key = env.string("SECRET_KEY", "")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("The environment variable SECRET_KEY must be 50+ chars.")
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "The environment variable SECRET_KEY must be set when DEBUG is off."
        )
    # Development only: keep one random key under var/ so sessions survive restarts.
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "integra.core",
    "integra.people",
    "integra.plans",
    "integra.services",
    "integra.courses",
    "integra.placement",
    "integra.protection",
    "integra.monitoring",
    "integra.portal",
]

MIDDLEWARE = [
    "integra.core.middleware.RequestIdMiddleware",
    "integra.core.middleware.ApiProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "integra.core.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integra.urls"
WSGI_APPLICATION = "integra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "integra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integra.core.context_processors.integra",
                "integra.portal.context_processors.portal",
            ],
        },
    }
]

# Database: SQLite (WAL, busy timeout, IMMEDIATE transactions) by default.
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'integra.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
# Keep connections between requests (each thread its own): opening one costs more
# than most requests' queries (bench/http.py).
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", "locmemcache://integra")}

# Outgoing e-mail: smtp://user:password@host:25, smtp+tls://… (STARTTLS), smtp+ssl://…,
# consolemail:// to print messages to the log (the default).
_email = env.email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = str(_email["EMAIL_BACKEND"])
EMAIL_HOST = str(_email.get("EMAIL_HOST", "") or "localhost")
EMAIL_PORT = int(str(_email.get("EMAIL_PORT") or 25))
EMAIL_HOST_USER = str(_email.get("EMAIL_HOST_USER", "") or "")
EMAIL_HOST_PASSWORD = str(_email.get("EMAIL_HOST_PASSWORD", "") or "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
# Seconds to wait for the mail server before giving up (the daily job retries).
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Integra <integra@localhost>")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"

# Sessions: idle timeout (sliding) and absolute timeout (checked in middleware).
SESSION_IDLE_MINUTES = env.integer("INTEGRA_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env.integer("INTEGRA_SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Transport security: on unless DEBUG; each can be set for a proxy set-up.
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env.boolean("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env.boolean("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes speak plain HTTP inside the network
if env.boolean("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.strings("SILENCED_SYSTEM_CHECKS", [])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Published statistics suppress every cell of 1 to T-1 (and enough others that none
# can be worked back); never below 5 (docs/operator.md, "Statistics").
STATISTICS_THRESHOLD = env.integer("INTEGRA_STATISTICS_THRESHOLD", 10, minimum=5)

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env.integer("INTEGRA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.integer("INTEGRA_LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "integra.core.views.signin.lockout"
# Behind N reverse proxies, the client address is the Nth from the right in
# X-Forwarded-For (each proxy appends the address it saw).
INTEGRA_PROXY_COUNT = env.integer("INTEGRA_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "integra.core.middleware.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env.string("INTEGRA_TOTP_ISSUER", "Integra")

# Languages: English is the source; the portal and pages ship in five.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "integra" / "locale"]
LANGUAGE_COOKIE_NAME = "integra_language"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "integra" / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # Chart.js draws the dashboards (each chart has its table beside it).
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# The font certificates are printed in: DejaVu covers every Latin diacritic (Ș, ț, ő, ł).
CERTIFICATE_FONT = BASE_DIR / "node_modules" / "dejavu-fonts-ttf" / "ttf" / "DejaVuSans.ttf"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.string(
            "INTEGRA_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 200
# Ties on the ordering field (many municipalities called "Primăria") page by offset.
NINJA_PAGINATION_MAX_OFFSET = 1_000_000

# Integra's own knobs.
# The address people use to reach this server, for links in e-mails.
INTEGRA_BASE_URL = env.string("INTEGRA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
INTEGRA_BREAK_GLASS_HOURS = env.integer("INTEGRA_BREAK_GLASS_HOURS", 3, minimum=1)
# A to-do for the responsible organisation this many days before a document expires.
INTEGRA_DOCUMENT_EXPIRY_DAYS = env.integer("INTEGRA_DOCUMENT_EXPIRY_DAYS", 60, minimum=1)
# Imports of people (CSV/XLSX): the largest upload, and how long the error report
# and the rejected rows (personal data) are kept.
INTEGRA_IMPORT_MAX_MB = env.integer("INTEGRA_IMPORT_MAX_MB", 100, minimum=1)
INTEGRA_IMPORT_KEEP_DAYS = env.integer("INTEGRA_IMPORT_KEEP_DAYS", 7, minimum=1)
INTEGRA_TOKEN_MAX_DAYS = env.integer("INTEGRA_TOKEN_MAX_DAYS", 365, minimum=1)
INTEGRA_API_RATE = env.rate("INTEGRA_API_RATE", "600/m")
INTEGRA_WORKER_STALE_SECONDS = env.integer("INTEGRA_WORKER_STALE_SECONDS", 60, minimum=30)
INTEGRA_DEMO_ALLOWED = DEBUG or env.boolean("INTEGRA_DEMO_FORCE", False)
INTEGRA_BENCH_VIEWS = env.boolean("INTEGRA_BENCH_VIEWS", False)
# The migrants' portal: how long an invitation and a sign-in code last, how many
# wrong tries a code takes, and where SMS go ("console" logs them; an https URL
# receives a JSON POST {"to": "+373…", "text": "…"} from the worker of an SMS gateway).
INTEGRA_PORTAL_INVITATION_DAYS = env.integer("INTEGRA_PORTAL_INVITATION_DAYS", 14, minimum=1)
INTEGRA_PORTAL_CODE_MINUTES = env.integer("INTEGRA_PORTAL_CODE_MINUTES", 10, minimum=1)
INTEGRA_PORTAL_CODE_TRIES = env.integer("INTEGRA_PORTAL_CODE_TRIES", 5, minimum=1)
INTEGRA_PORTAL_COUNTRY = env.string("INTEGRA_PORTAL_COUNTRY", "MD")
INTEGRA_SMS_URL = env.string("INTEGRA_SMS_URL", "console")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    },
    "loggers": {"axes": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "integra.core.views.system.csrf_failure"
INTEGRA_WEB_WORKERS = env.integer("INTEGRA_WEB_WORKERS", 2, minimum=1)
