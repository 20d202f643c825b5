"""Settings for the CoP app, read once from the environment.

With no environment variables set this is the *embedded default*: a SQLite
file, Celery tasks run eagerly in-process, email printed to the console and
Stripe disabled. Setting DATABASE_URL, REDIS_URL, STRIPE_*, EMAIL_URL,
SECRET_KEY, ALLOWED_HOSTS and SITE_URL turns it into the production shape.
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = env(name).strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from None


def env_text(name: str, default: str = "") -> str:
    """Multi-line text from one variable: a literal \\n starts a new line."""
    return env(name, default).replace("\\n", "\n")


DEBUG = env_bool("DEBUG", default=not env("SECRET_KEY"))
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = "insecure-embedded-default-key-for-local-demo-only"

# `make run PORT=8131` serves there; links in emails and certificates follow.
PORT = env("PORT", "8000")
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

# --- Organisation running the site (invoices, emails, admin branding) ---------
PROVIDER_NAME = env("PROVIDER_NAME", "Practice Network")
PROVIDER_ADDRESS = env_text("PROVIDER_ADDRESS", "1 Example Street, Manchester, M1 1AA")
# How people reach the provider: every page's footer, invoices, enquiries.
PROVIDER_CONTACT_EMAIL = env("PROVIDER_CONTACT_EMAIL", "hello@cop.example")
PROVIDER_CONTACT_PHONE = env("PROVIDER_CONTACT_PHONE")
# Legal identifiers printed on invoices, credit notes and receipts when set.
PROVIDER_COMPANY_NUMBER = env("PROVIDER_COMPANY_NUMBER")
PROVIDER_CHARITY_NUMBER = env("PROVIDER_CHARITY_NUMBER")
PROVIDER_VAT_NUMBER = env("PROVIDER_VAT_NUMBER")
# Where cheques and remittance advice go (defaults to PROVIDER_ADDRESS).
PROVIDER_REMITTANCE_ADDRESS = env_text("PROVIDER_REMITTANCE_ADDRESS")
# UK VAT: "registered" (charge VAT_RATE per line; needs PROVIDER_VAT_NUMBER),
# "not_registered" or "exempt" (education). Checked by bookings' system checks.
VAT_STATUS = env("VAT_STATUS", "not_registered")
VAT_RATE = env("VAT_RATE", "20")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the widget templates, found through TEMPLATES (FORM_RENDERER)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "cop",
    "cohorts",
    "bookings",
    "applications",
    "expenses",
    "cpd",
    "notifications",
    "community",
    "practice",
    "evaluation",
    "portal",
    "staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request: a NUL byte in the URL is a 400.
    "cop.middleware.RefuseNulBytesMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: staff must have passed a second factor for the admin.
    "cop.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "cop.urls"
WSGI_APPLICATION = "cop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cop.context_processors.site",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/ may override a widget's
# template (templates/admin/widgets/split_datetime.html labels the admin's
# date and time boxes).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if env("TEST_DATABASE_NAME"):
    # Lets parallel test runs share one PostgreSQL server without clashing.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Adopt Django 6's default now: a joining link typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Users and accounts ----------------------------------------------------
AUTH_USER_MODEL = "cop.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + name}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the email in the browser that signed up signs the person in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "cop.forms.SignupDetailsForm"
# Account emails carry PROVIDER_NAME (subject prefix, greeting, sign-off).
ACCOUNT_ADAPTER = "cop.account_adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/account/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PROVIDER_NAME
MFA_RECOVERY_CODE_COUNT = 10
# allauth's default rate limits (login, failed logins, sign-up, password reset)
# count in the default cache: Redis when REDIS_URL is set, so every web process
# shares one count (LocMemCache is per process, fine only for the demo). The
# admin's own login form is never shown: it redirects here (cop.middleware).
# Staff must set up and use a second factor before reaching these paths.
STAFF_MFA_REQUIRED_PREFIXES = ["/admin/", "/practice/staff/"]

# --- Personal data (UK GDPR) ----------------------------------------------------
# People with no activity (login, booking, application) for this long may be
# anonymised by the admin action or `manage.py anonymise_inactive`.
DATA_RETENTION_DAYS = env_int("DATA_RETENTION_DAYS", 6 * 365)

# --- Internationalisation and time -------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# 24-hour times everywhere (the admin included): see cop/formats/en_GB.
FORMAT_MODULE_PATH = "cop.formats"
# British, sentence-case wording for allauth's pages (locale/en_GB, compiled .mo
# committed so no gettext is needed to run the site).
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Upload limits: an attendance report (CSV/XLSX) and an expense receipt.
CPD_IMPORT_MAX_BYTES = env_int("CPD_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
EXPENSE_RECEIPT_MAX_BYTES = env_int("EXPENSE_RECEIPT_MAX_BYTES", 5 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Email --------------------------------------------------------------------
# The display name follows the site's branding unless set in full.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{PROVIDER_NAME} <hello@cop.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _email_settings(url: str) -> dict[str, object]:
    """Turn EMAIL_URL (smtp://user:pass@host:587?tls=1) into Django settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("memory:"):  # kept in memory, sent nowhere (loading the demo)
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtps://, console: or memory:"
        )
    query = dict(item.split("=", 1) for item in parts.query.split("&") if "=" in item)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls") in {"1", "true"},
        "EMAIL_TIMEOUT": 20,
    }


globals().update(_email_settings(env("EMAIL_URL")))
# The outbox: tries per email, first retry delay (doubling, capped at 30 min),
# emails per delivery batch, and how old an unsent email must be for the sweep.
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6)
NOTIFICATION_RETRY_BASE_SECONDS = env_int("NOTIFICATION_RETRY_BASE_SECONDS", 60)
NOTIFICATION_BATCH = env_int("NOTIFICATION_BATCH", 50)
NOTIFICATION_GRACE = env_int("NOTIFICATION_GRACE", 60)

# --- Celery -------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
# With a host named, kombu does not warn "No hostname was supplied" (no Redis needed).
CELERY_BROKER_URL = REDIS_URL or "memory://localhost//"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers unacknowledged tasks after this; nothing here is delayed for
# longer (reminders are found by a periodic scan instead of countdowns).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}


def _beat_schedule() -> dict[str, dict[str, object]]:
    """Each app keeps its periodic jobs in <app>/schedule.py (plain data)."""
    from importlib import import_module

    schedule: dict[str, dict[str, object]] = {}
    for app in [
        "bookings",
        "applications",
        "cpd",
        "notifications",
        "community",
        "practice",
        "evaluation",
    ]:
        schedule.update(import_module(f"{app}.schedule").BEAT_SCHEDULE)
    return schedule


CELERY_BEAT_SCHEDULE = _beat_schedule()

# --- Cache --------------------------------------------------------------------
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Payments -----------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_ENABLED = bool(STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 2)
# Seconds a webhook signature stays valid (Stripe's own default).
STRIPE_WEBHOOK_TOLERANCE = env_int("STRIPE_WEBHOOK_TOLERANCE", 300)
BOOKING_HOLD_MINUTES = env_int("BOOKING_HOLD_MINUTES", 30)
INVOICE_PAYMENT_TERMS_DAYS = env_int("INVOICE_PAYMENT_TERMS_DAYS", 30)
# Bank details printed on unpaid invoices; empty prints clearly marked demo ones.
INVOICE_PAYMENT_INSTRUCTIONS = env_text("INVOICE_PAYMENT_INSTRUCTIONS")
WAITING_LIST_OFFER_HOURS = env_int("WAITING_LIST_OFFER_HOURS", 48)

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sessions are read on every request: with Redis, serve them from the shared
# cache (written through to the database). Without it the cache is per process,
# where a sign-out in one worker would not reach the others: use the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Content-Security-Policy (django-csp 4) -------------------------------------
# No inline scripts or styles anywhere (the admin is clean too); the TOTP QR code
# is a data: image. Card payment leaves for Stripe's hosted page by redirect.
_STRIPE_FORMS = ["https://checkout.stripe.com"] if STRIPE_ENABLED else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *_STRIPE_FORMS],
    }
}

# --- Logging: everything to stdout, where the process manager collects it -----
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports each render's progress at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:  # tasks run in the web process: no line per task there
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
