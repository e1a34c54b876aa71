"""Quartier's one settings module, configured from the environment only.

Every value a town's IT department may need to change is read from an environment
variable here; nothing secret lives in the code.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd credentials)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG")
DATA_DIR = Path(os.environ.get("QUARTIER_DATA_DIR", Path.cwd() / "var")).resolve()

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "quartier.core.apps.QuartierAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # Quartier's apps come before allauth so that their templates override allauth's.
    "quartier.core",
    "quartier.places",
    "quartier.accounts",
    "quartier.inquiries",
    "quartier.projects",
    "quartier.events",
    "quartier.participation",
    "quartier.surveys",
    "quartier.volunteering",
    "quartier.resources",
    "quartier.network",
    "quartier.news",
    "quartier.reports",
    "quartier.funding",
    "quartier.api",
    "quartier.demo",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "anymail",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id (see LOGGING).
    "quartier.core.observability.request_id_middleware",
    "quartier.core.unavailable.database_unavailable",  # the 503 page while the database is away
    "django.middleware.security.SecurityMiddleware",
    "quartier.core.middleware.security_headers",
    "quartier.core.middleware.strip_control_characters",
    "quartier.api.middleware.api_headers",  # CORS, ETag/Last-Modified and the rate limit of /api/ and /opendata/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "quartier.core.middleware.second_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Prometheus metrics (django-prometheus) at /metrics, only with QUARTIER_METRICS=1 and only for
# client addresses in QUARTIER_METRICS_ALLOWED (addresses or networks; everyone else gets 404).
# Only its two middlewares count requests and latencies; its database and cache wrappers are not
# used, so queries stay exactly as they are.
METRICS = envbool("QUARTIER_METRICS")
METRICS_ALLOWED_NETWORKS = [
    ipaddress.ip_network(item, strict=False) for item in envlist("QUARTIER_METRICS_ALLOWED", "127.0.0.1,::1")
]
if METRICS:
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

ROOT_URLCONF = "quartier.urls"
WSGI_APPLICATION = "quartier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quartier.core.context_processors.site",
                "quartier.places.context_processors.town",
                # Last: forms on pages rendered for the page cache get a placeholder token.
                "quartier.core.pagecache.csrf",
            ],
            "builtins": ["quartier.core.templatetags.quartier"],
        },
    }
]
FORM_RENDERER = "quartier.core.forms.KernFormRenderer"

# Database: SQLite under the data directory unless DATABASE_URL says otherwise.
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'quartier.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades inside transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails the request (the 503 page) after this many seconds, not after
    # the operating system's TCP timeout; gunicorn's --timeout is longer (GUNICORN_TIMEOUT).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", "5")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Several towns' installations on one Redis: each its own prefix (or its own database number in
# REDIS_URL), so their pages and rate limits never meet.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("QUARTIER_CACHE_PREFIX", "")

# Whole public pages (and staff lists, per person) from the cache while the data version is
# unchanged (quartier/core/pagecache.py). On by default; QUARTIER_PAGE_CACHE=0 renders every request.
PAGE_CACHE = envbool("QUARTIER_PAGE_CACHE", "True")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend (sign-in with a password, the admin's permissions), reading the
    # permission tables only for accounts with admin access.
    "quartier.accounts.backends.PermissionTablesBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
STAFF_LOGIN_REDIRECT_URL = "places:cockpit"  # district staff and coordinators land in the cockpit

# django-allauth: e-mail is the login, verified before first use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "quartier.accounts.forms.SignupForm"  # asks for the public name
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "quartier.accounts.adapter.AccountAdapter"  # the town's name in mails, staff to the cockpit
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (0: the header is ignored).
# core.client.client_address reads it; allauth's login throttling asks it through the account
# adapter, and allauth's own setting follows for any other place allauth looks.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_RATE_LIMITS = {
    # Wrong passwords lock the account they were tried on (per e-mail address, "key"); the
    # per-address budget is larger, so one account's lock-out does not reach other people.
    "login_failed": "20/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Quartier"

# Background work: Django's Tasks API, run by `quartier worker`. QUARTIER_TASK_BACKEND=database
# (the default) keeps the queue in the database; rq puts it on Redis (REDIS_URL) through
# django-tasks-rq, for several machines running workers. Scheduled jobs claim their periods in the
# database either way (see core.jobs).
TASK_BACKEND = os.environ.get("QUARTIER_TASK_BACKEND", "database").strip().lower()
TASKS: dict[str, dict[str, Any]]
if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASK_BACKEND == "rq":
    if not os.environ.get("REDIS_URL"):
        raise ImproperlyConfigured("QUARTIER_TASK_BACKEND=rq needs REDIS_URL, e.g. redis://127.0.0.1:6379/0.")
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # RQ stops a task after DEFAULT_TIMEOUT seconds; the nightly backup may take a while.
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": envint("QUARTIER_RQ_TIMEOUT", "3600")}}
    RQ_SHOW_ADMIN_LINK = False
else:
    raise ImproperlyConfigured("QUARTIER_TASK_BACKEND must be 'database' or 'rq'.")

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["quartier.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected static files; the container image collects them at build time into a directory of its
# own (QUARTIER_STATIC_ROOT), as its root file system is read-only and /data a volume.
STATIC_ROOT = Path(os.environ.get("QUARTIER_STATIC_ROOT", DATA_DIR / "static")).resolve()
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Private files (see PRIVATE_MEDIA_ROOT below and quartier.core.storage).
    "private": {"BACKEND": "quartier.core.storage.PrivateStorage"},
    "staticfiles": {
        # Hashed, compressed file names in production (`quartier serve` collects them first).
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", str(not DEBUG))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads in S3-compatible object storage (django-storages) when QUARTIER_S3_BUCKET is set:
# public media under media/ with plain, unsigned URLs; private files under private/ (or in
# QUARTIER_S3_PRIVATE_BUCKET) reachable only through signed URLs that expire after
# PRIVATE_URL_SECONDS, made by the permission-checked views. The keys come from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or *_FILE), else from boto3's usual places.
# QUARTIER_S3_ACLS=0 for buckets that refuse ACLs (AWS's default since 2023): then the bucket
# must keep objects private and a bucket policy makes media/ readable.
PRIVATE_URL_SECONDS = envint("QUARTIER_PRIVATE_URL_SECONDS", "300")


def s3_storages() -> dict[str, dict[str, Any]]:
    """STORAGES' "default" (public media) and "private" on S3, from the environment."""
    options = {
        "bucket_name": os.environ["QUARTIER_S3_BUCKET"],
        "endpoint_url": os.environ.get("QUARTIER_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("QUARTIER_S3_REGION") or None,
        "addressing_style": os.environ.get("QUARTIER_S3_ADDRESSING_STYLE") or None,
        "access_key": envsecret("AWS_ACCESS_KEY_ID") or None,
        "secret_key": envsecret("AWS_SECRET_ACCESS_KEY") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    acls = envbool("QUARTIER_S3_ACLS", "True")
    media = {"location": "media", "default_acl": "public-read" if acls else None, "querystring_auth": False}
    private = {
        "bucket_name": os.environ.get("QUARTIER_S3_PRIVATE_BUCKET") or options["bucket_name"],
        "location": "private",
        "default_acl": "private" if acls else None,
        "querystring_auth": True,
        "querystring_expire": PRIVATE_URL_SECONDS,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": {**options, **media}},
        "private": {"BACKEND": backend, "OPTIONS": {**options, **private}},
    }


if os.environ.get("QUARTIER_S3_BUCKET"):
    STORAGES.update(s3_storages())
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# E-mail: a real server in production, the console while developing.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes every mail into this directory.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Quartier <quartier@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Behind HTTPS (DEBUG off) cookies are Secure and HSTS is sent.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "True") else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_COOKIES = envbool("SECURE_COOKIES", str(not DEBUG))
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# OpenStreetMap tiles load only after the visitor asks for the map.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Events: registrations per client address and hour by visitors who are not signed in.
EVENT_REGISTRATION_RATE_LIMIT = envint("EVENT_REGISTRATION_RATE_LIMIT", "10")
# Sign-ups for helper shifts by visitors (not signed in), per client address and hour.
VOLUNTEERING_SIGN_UP_RATE_LIMIT = envint("VOLUNTEERING_SIGN_UP_RATE_LIMIT", "10")
# Newsletter subscription requests per address and hour (each sends a confirmation mail).
NEWS_SUBSCRIBE_RATE_LIMIT = envint("NEWS_SUBSCRIBE_RATE_LIMIT", "3")
# Unconfirmed newsletter subscriptions are deleted after this many days.
NEWS_UNCONFIRMED_DAYS = envint("NEWS_UNCONFIRMED_DAYS", "7")
# Campaigns: how many mails one task of the worker sends before queueing the next batch, how
# many mails per minute at most (0: as fast as the mail server takes them), and after how many
# minutes without a batch a campaign counts as stalled (a killed worker) and is taken up again.
NEWS_CAMPAIGN_BATCH_SIZE = envint("NEWS_CAMPAIGN_BATCH_SIZE", "100")
NEWS_CAMPAIGN_MAILS_PER_MINUTE = envint("NEWS_CAMPAIGN_MAILS_PER_MINUTE", "600")
NEWS_CAMPAIGN_STALLED_MINUTES = envint("NEWS_CAMPAIGN_STALLED_MINUTES", "5")
# Days after a campaign finished until its recipients' addresses are blanked (the counts stay).
NEWS_CAMPAIGN_KEEP_ADDRESSES_DAYS = envint("NEWS_CAMPAIGN_KEEP_ADDRESSES_DAYS", "30")
# Sending through a mail provider: EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend, and
# the provider's settings as ANYMAIL_<NAME> (or ANYMAIL_<NAME>_FILE), e.g.
# ANYMAIL_POSTMARK_SERVER_TOKEN, which reach django-anymail as ANYMAIL["<NAME>"]. Bounces and
# complaints reach its tracking webhook (/anymail/<provider>/tracking/), protected by HTTP basic
# auth with ANYMAIL_WEBHOOK_SECRET ("user:password"); without it the webhook answers to no one
# (a random secret nobody knows).
ANYMAIL = {
    name.removesuffix("_FILE").removeprefix("ANYMAIL_"): envsecret(name.removesuffix("_FILE"))
    for name in os.environ
    if name.startswith("ANYMAIL_")
}
ANYMAIL["WEBHOOK_SECRET"] = ANYMAIL.get("WEBHOOK_SECRET") or f"{secrets.token_urlsafe(16)}:{secrets.token_urlsafe(32)}"
# Extended certificates of conduct (§ 72a SGB VIII): an inspection counts for this many years
# after the certificate's date (re-inspection every five years is common practice, not law) and
# is deleted this many months after the person's last shift needing it (§ 72a (5): at the latest
# three months after the activity ends), or at once when they hold no such shift.
VOLUNTEERING_CONDUCT_VALID_YEARS = envint("VOLUNTEERING_CONDUCT_VALID_YEARS", "5")
VOLUNTEERING_CONDUCT_KEEP_MONTHS = envint("VOLUNTEERING_CONDUCT_KEEP_MONTHS", "3")
# Ehrenamtskarte NRW: a year counts when its confirmed hours reach HOURS_PER_YEAR or on average
# HOURS_PER_WEEK (over 52 weeks); the card needs YEARS such years in a row (YOUNG_YEARS for people
# under YOUNG_UNDER); allowances up to ALLOWANCE_LIMIT euros a year do not exclude anyone (0: only
# the reimbursement of costs). Defaults: the state's figures of 2026 (200 h, 4 h, 960 €); the older
# figures were 250 hours a year or 5 hours a week and no allowance (see the README for the sources).
VOLUNTEERING_CARD_HOURS_PER_YEAR = envint("VOLUNTEERING_CARD_HOURS_PER_YEAR", "200")
VOLUNTEERING_CARD_HOURS_PER_WEEK = envint("VOLUNTEERING_CARD_HOURS_PER_WEEK", "4")
VOLUNTEERING_CARD_YEARS = envint("VOLUNTEERING_CARD_YEARS", "2")
VOLUNTEERING_CARD_YOUNG_YEARS = envint("VOLUNTEERING_CARD_YOUNG_YEARS", "1")
VOLUNTEERING_CARD_YOUNG_UNDER = envint("VOLUNTEERING_CARD_YOUNG_UNDER", "20")
VOLUNTEERING_CARD_ALLOWANCE_LIMIT = envint("VOLUNTEERING_CARD_ALLOWANCE_LIMIT", "960")
# Funding: staff get a reminder this many days before a submission deadline or a proof of use.
FUNDING_REMINDER_DAYS = [int(day) for day in os.environ.get("FUNDING_REMINDER_DAYS", "14,3").split(",") if day.strip()]
# Funding documents (PDF or image, in PRIVATE_MEDIA_ROOT): the largest file accepted, in megabytes.
FUNDING_DOCUMENT_MAX_MB = envint("FUNDING_DOCUMENT_MAX_MB", "20")
# Funding: a cost line of the finance plan spent beyond its planned amount by more than this share
# (per cent) is flagged. Default 20: the general conditions for project grants (ANBest-P, the
# federal and the Länder's versions) allow single lines to be exceeded by up to 20 % when savings
# elsewhere compensate; a programme's own conditions may differ.
FUNDING_LINE_OVERRUN_PERCENT = envint("FUNDING_LINE_OVERRUN_PERCENT", "20")

# The read API (/api/v1/) and the open-data downloads: requests per client address and minute.
API_RATE_LIMIT = envint("API_RATE_LIMIT", "120")
# The licence of the open data (/offene-daten/, /opendata/catalog.jsonld): "dl-de/by-2-0"
# (Datenlizenz Deutschland – Namensnennung 2.0) or "cc-by-4.0" (Creative Commons BY 4.0).
OPEN_DATA_LICENCE = os.environ.get("QUARTIER_OPEN_DATA_LICENCE", "dl-de/by-2-0")
if OPEN_DATA_LICENCE not in ("dl-de/by-2-0", "cc-by-4.0"):
    raise ImproperlyConfigured("QUARTIER_OPEN_DATA_LICENCE must be dl-de/by-2-0 or cc-by-4.0")

# The address of this site, for links in e-mails sent by the background worker (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Private files (inquiry photos, idea images, damage photos, funding documents): outside
# MEDIA_ROOT, never served by the media route, only through views that check permissions.
PRIVATE_MEDIA_ROOT = DATA_DIR / "private"
INQUIRY_RESPONSE_DAYS = envint("INQUIRY_RESPONSE_DAYS", "5")  # working days until the first answer is due
INQUIRY_RETENTION_DAYS = envint("INQUIRY_RETENTION_DAYS", "365")  # after closing, then personal data goes
INQUIRY_RATE_LIMIT = envint("INQUIRY_RATE_LIMIT", "5")  # inquiries per address and hour on the public form
INQUIRY_PHOTO_MAX_BYTES = 10 * 1024 * 1024
INQUIRY_OPEN311_REQUIRE_KEY = envbool("INQUIRY_OPEN311_REQUIRE_KEY")
# days after an inquiry is closed until the private links of its forwards to departments stop working
INQUIRY_FORWARD_LINK_DAYS = envint("INQUIRY_FORWARD_LINK_DAYS", "30")
# Backups: `quartier backup` and the daily job write here; the job keeps the newest BACKUPS_KEPT (0: no daily backup).
BACKUP_DIR = Path(os.environ.get("QUARTIER_BACKUP_DIR", DATA_DIR / "backups")).resolve()
BACKUPS_KEPT = envint("QUARTIER_BACKUPS_KEPT", "7")

# Logs on standard error: plain lines, or with QUARTIER_LOG_FORMAT=json one JSON object per line
# (time, level, logger, message, request_id). Every line written while a request is answered
# carries its id (X-Request-ID from the proxy when it is safe, else a new one; sent back too).
LOG_FORMAT = os.environ.get("QUARTIER_LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("QUARTIER_LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "quartier.core.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"()": "quartier.core.observability.TextFormatter"},
        "json": {"()": "quartier.core.observability.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
