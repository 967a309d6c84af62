"""Qarargah settings: one module, driven by environment variables.

Two environments exist: ``development`` (the default: what ``make run`` and the tests use) and
``production`` (``QARARGAH_ENV=production``), which turns on every deploy-time safety setting so
that ``qarargah check --deploy`` is silent. Helpers below fail loudly on malformed values rather
than guessing, because a typo in a production environment file must stop the start-up.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("QARARGAH_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}")
    return value == "true"


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


ENVIRONMENT = os.environ.get("QARARGAH_ENV", "development")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured("QARARGAH_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = envbool("DEBUG", "false")


def _development_secret_key() -> str:
    # A per-checkout key kept under var/, so sessions survive restarts of `make run`
    # without anyone having to invent a key; production must provide its own.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = envsecret("SECRET_KEY") or ""
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required in production")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "qarargah.accounts",
    "qarargah.ui",
    "qarargah.web",
    "qarargah.history",
    "qarargah.organisations",
    "qarargah.meetings",
    "qarargah.resolutions",
    "qarargah.notifications",
    "qarargah.neighbourhoods",
    "qarargah.registries",
    "qarargah.api",
    "qarargah.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "qarargah.web.apps.TasksConfig",
    "qarargah.web.apps.AuditlogConfig",
    # Last: its ready() puts the libraries' admins into Persian once all of them are registered.
    "qarargah.web.apps.AxesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "qarargah.web.operations.ControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "qarargah.web.operations.PrivateCacheMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qarargah.config.urls"
WSGI_APPLICATION = "qarargah.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "qarargah.web.context_processors.navigation",
                "qarargah.notifications.context_processors.unread_notifications",
            ],
            "builtins": ["qarargah.ui.templatetags.persian_tags"],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------
# SQLite under var/ is the embedded default; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qarargah.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let several gunicorn workers share the file without
    # "database is locked" errors under ordinary load.
    # A connection kept for a while (one per gunicorn thread) keeps SQLite's parsed schema and
    # page cache warm between requests; memory-mapped reads spare a copy per page read.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-32000; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The web pages are many short queries from several workers on few cores: a parallel plan
    # starts two more processes for one request and, under load, slows every other request.
    # Random reads cost about what sequential ones do on SSDs and a cached database; with the
    # default (4x) the planner scans whole tables rather than look up a few thousand rows.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "DATABASE_PG_OPTIONS", "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication, sessions, lockout ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60  # hours
# Lock the account name, not the address: a whole agency sits behind one NAT address, and one
# mistyping colleague must not lock out the office.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Security headers ---------------------------------------------------------------------------
# Only the app's own assets: no CDN, no inline script. Styles may be set by the date picker's
# script through the DOM, which CSP does not restrict; inline style attributes are not used.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# --- Static files: our own and the front-end packages npm installed at set-up ------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = Path(os.environ.get("QARARGAH_NODE_MODULES", BASE_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/vazirmatn", NODE_MODULES / "vazirmatn" / "fonts" / "webfonts"),
    ("vendor/jalalidatepicker", NODE_MODULES / "@majidh1" / "jalalidatepicker" / "dist"),
    # The agency picker (ui/static/qarargah/agency-picker.js): its built CSS and JS only.
    ("vendor/tom-select/css", NODE_MODULES / "tom-select" / "dist" / "css"),
    ("vendor/tom-select/js", NODE_MODULES / "tom-select" / "dist" / "js"),
]
# Single files of a package whose folder is mostly what the pages never load (ui.staticfiles):
# the neighbourhood page's indicator charts.
VENDOR_FILES = {
    "vendor/chartjs": (NODE_MODULES / "chart.js" / "dist", ("chart.umd.min.js", "chart.umd.min.js.map")),
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "qarargah.ui.staticfiles.VendorFilesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False
# Uploaded files (report attachments) live outside the web root and are served by a view
# that checks access; nothing under MEDIA_ROOT is ever exposed directly.
MEDIA_ROOT = Path(os.environ.get("QARARGAH_MEDIA_ROOT", VAR_DIR / "uploads"))
MEDIA_URL = "/uploads-not-public/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email (Django 6.1 mailers) -------------------------------------------------------------------
# Development writes each message to a file under var/mail, so reminders can be read without a
# mail server; production sends through SMTP configured by the environment.
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": envint("EMAIL_PORT", "25"),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": envsecret("EMAIL_HOST_PASSWORD", "") or "",
                "use_tls": envbool("EMAIL_USE_TLS", "false"),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qarargah@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API -------------------------------------------------------------------------------------
# Days an API token lives after it is issued (see qarargah.api.tokens).
QARARGAH_API_TOKEN_DAYS = envint("QARARGAH_API_TOKEN_DAYS", "30")
# Token first, so a request without credentials gets 401 with "WWW-Authenticate: Token".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "qarargah.api.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "qarargah.api.pagination.Pagination",
    # JSON only: DRF's browsable pages need inline script, which the CSP forbids; /api/docs/ is
    # the human-facing page.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "qarargah.api.errors.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Qarargah API",
    "DESCRIPTION": "API of Qarargah (قرارگاه): meetings, resolutions, assignments and reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ResolutionStatusEnum": "qarargah.resolutions.models.ResolutionStatus",
        "AssignmentStatusEnum": "qarargah.resolutions.models.AssignmentStatus",
        "ReviewStatusEnum": "qarargah.resolutions.models.ReviewStatus",
        "ExtensionStatusEnum": "qarargah.resolutions.models.ExtensionStatus",
        "ResolutionFilterStatusEnum": "qarargah.api.serializers.RESOLUTION_FILTER_STATUSES",
        "MeetingStatusEnum": "qarargah.meetings.models.MeetingStatus",
    },
}

# --- Background tasks (Django's tasks framework) --------------------------------------------------
# Development and tests run tasks at once, in the process that enqueued them; production sets
# QARARGAH_TASKS_BACKEND=database and runs `qarargah db_worker` (django-tasks-db) beside gunicorn.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("QARARGAH_TASKS_BACKEND", "immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured("QARARGAH_TASKS_BACKEND must be 'immediate' or 'database'")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}

# --- Reminders and notifications -------------------------------------------------------------------
# Links in emails and SMS need the site's public address (no request is at hand in a cron job).
QARARGAH_SITE_URL = os.environ.get("QARARGAH_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Hourly runs before this local hour do nothing, so nobody gets an SMS at midnight.
QARARGAH_REMINDER_EARLIEST_HOUR = envint("QARARGAH_REMINDER_EARLIEST_HOUR", "7")
# SMS is off unless a backend class is named (dotted path); no provider ships with the product.
QARARGAH_SMS_BACKEND = os.environ.get("QARARGAH_SMS_BACKEND", "")
QARARGAH_SMS_OPTIONS = {
    "api_key": envsecret("QARARGAH_SMS_API_KEY", "") or "",
    "sender": os.environ.get("QARARGAH_SMS_SENDER", ""),
}

# --- The target-group registry (issue 15) ---------------------------------------------------------
# Aggregates hide counts below this (and enough others that no hidden count follows from totals).
QARARGAH_REGISTRY_MIN_CELL = envint("QARARGAH_REGISTRY_MIN_CELL", "10")
# A row whose national code fails the checksum: "quarantine" (the rule: the whole row waits
# for correction) or "blank" (the row loads without the code and links on the other fields; the
# code as written is kept on the record). Decision 0026.
QARARGAH_REGISTRY_INVALID_CODES = os.environ.get("QARARGAH_REGISTRY_INVALID_CODES", "quarantine")
if QARARGAH_REGISTRY_INVALID_CODES not in ("quarantine", "blank"):
    raise ImproperlyConfigured("QARARGAH_REGISTRY_INVALID_CODES must be 'quarantine' or 'blank'")

# --- Auditlog: who changed what, on every registered model ---------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "qarargah.core.logging.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each of its seven steps per PDF at INFO: noise in every minutes download.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# --- Test overrides (one marked block) -----------------------------------------------------------
if os.environ.get("QARARGAH_TESTING") == "true":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    # Tasks run where they are enqueued, whatever the shell exports: tests read their results
    # (notifications, mail.outbox) straight after the write's on-commit callbacks.
    TASKS = {"default": {"BACKEND": _TASK_BACKENDS["immediate"], "QUEUES": ["default"]}}
    test_db = os.environ.get("QARARGAH_TEST_DATABASE_URL")
    if test_db:
        DATABASES["default"] = dj_database_url.parse(test_db)
