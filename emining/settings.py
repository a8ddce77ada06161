"""Settings for the Pak-China E-Mining Platform: one module, configured from the environment.

Every variable is documented in `.env.example` and the README. With nothing set, the portal
runs on a SQLite file in the project with Celery tasks executed eagerly (the zero-setup
default of `make run`); production sets DATABASE_URL, CELERY_BROKER_URL and the rest.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` is a convenience for development; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key only when DEBUG is on: a production process must never start with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "emining",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "minerals",
    "firms",
    "projects",
    "matchmaking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "emining.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (a 50 KiB list is about 8 KiB gzipped); WhiteNoise above serves static
    # files itself. BREACH: the only secret in our pages is the CSRF token, which Django masks
    # afresh in every response, and since Django 4.2 this middleware also pads each response
    # with random bytes ("Heal The Breach"), so compression leaks nothing an attacker can use.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # sees every sign-in door's answer: the lock-out page
    # Last, so that it sees what views raise: a database that is down is a 503, not a 500.
    "emining.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "emining.urls"
FORM_RENDERER = "emining.forms.PortalFormRenderer"
WSGI_APPLICATION = "emining.wsgi.application"
ASGI_APPLICATION = "emining.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "emining.context_processors.portal",
                "firms.context_processors.firm_navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# Unset DATABASE_URL: a SQLite file in the project, so `make run` needs no server.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
POSTGRES_OPTIONS = {
    # A database that does not answer fails a request in seconds (503, see
    # emining/middleware.py) rather than holding a web worker for minutes.
    "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=3),
    # No parallel query: worker processes pay off on scans of millions of rows, and the
    # portal's queries take milliseconds; starting a worker cost more than it saved (the
    # GeoJSON of 1,900 points took 5-9 ms with one, 4 ms without; see bench/README.md).
    "options": "-c max_parallel_workers_per_gather="
    + str(env.int("DATABASE_PARALLEL_WORKERS_PER_QUERY", default=0)),
}
if USING_POSTGRES:
    DATABASES["default"]["OPTIONS"] = {
        **POSTGRES_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }
if not USING_POSTGRES:
    # Tests on SQLite use a file, not :memory:, so that a connection can be closed and reopened
    # (the readiness probe's failure test relies on it).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and authentication -------------------------------------------------------------
AUTH_USER_MODEL = "emining.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before any password is checked (every sign-in door
    # calls authenticate(): the web sign-in, the admin's and the API token endpoint).
    "axes.backends.AxesStandaloneBackend",
    "emining.auth_backends.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Links sent by email: a confirmation of the address (sign-up) works for this many seconds,
# a password reset link for PASSWORD_RESET_TIMEOUT; an invitation to join a firm for
# FIRM_INVITATION_TTL. Each works once (see emining/accounts/tokens.py, firms/services/team.py).
EMAIL_CONFIRMATION_TIMEOUT = env.int("EMAIL_CONFIRMATION_TIMEOUT", default=3 * 24 * 60 * 60)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 60 * 60)
FIRM_INVITATION_TTL = timedelta(days=env.int("FIRM_INVITATION_TTL_DAYS", default=7))
# Forms that anyone may post and that send email or create rows, per client address
# ("<count>/<second|minute|hour|day>"; counters in the cache, see emining/accounts/throttle.py).
SIGN_UP_RATE = env.str("SIGN_UP_RATE", default="20/hour")
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="10/hour")
# Per signed-in user, and per address asked for: nobody fills someone's inbox with our mail.
EMAIL_RESEND_RATE = env.str("EMAIL_RESEND_RATE", default="5/hour")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in lock-out (django-axes; see emining/sign_in_lockout.py) ---------------------------
# Proxies in front of the web process that append to X-Forwarded-For. 0: the header is ignored
# (anyone can send it); the client is then REMOTE_ADDR. Used by the lock-out, the API throttles
# and the audit trail alike (emining/request_utils.py).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
AXES_ENABLED = env.bool("SIGN_IN_LOCKOUT_ENABLED", default=True)
# Counted in the database, so the lock-out holds when the cache is lost or frozen.
AXES_HANDLER = "emining.sign_in_lockout.PortalLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
# Failures of one account from one address; the handler adds the account's and the address's.
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
SIGN_IN_ACCOUNT_FAILURE_LIMIT = env.int("SIGN_IN_ACCOUNT_FAILURE_LIMIT", default=10)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_COOLOFF_MINUTES", default=15))
# Refused attempts during a lock-out are not counted: a stranger at one address can add only
# AXES_FAILURE_LIMIT failures to an account, and the lock ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "emining.sign_in_lockout.account_identifier"
AXES_CLIENT_IP_CALLABLE = "emining.request_utils.client_ip"
AXES_LOCKOUT_CALLABLE = "emining.sign_in_lockout.lockout_response"
AXES_VERBOSE = False
# Our own audit trail records sign-ins; axes' access log would be a second copy.
AXES_DISABLE_ACCESS_LOG = True

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ur", _("Urdu")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "emining_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Karachi")
USE_I18N = True
# One date, time and number format per language (emining/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["emining.formats"]
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
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
# Tests and `runserver` serve straight from the finders; no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: documents up to 20 MB; larger request bodies are refused before they are read.
PROJECT_DOCUMENT_MAX_BYTES = env.int("PROJECT_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file form fields

# --- Sealed bids ------------------------------------------------------------------------------
# Bids are encrypted at rest until their opening (projects/sealing.py, Fernet) under keys kept
# out of the database: one or more Fernet keys, comma-separated. The first seals; every one
# unseals, so a new key is put first, `manage.py reseal_bids` re-encrypts with it, and the
# old key is dropped afterwards (README, "Sealed bids"). A development key only with DEBUG on.
DEVELOPMENT_BID_SEALING_KEY = "wVDb9zcS2aKHj4oi26iVWwlRyI4OViYvS_eOEXidpBI="
BID_SEALING_KEYS = env.list(
    "BID_SEALING_KEY", default=[DEVELOPMENT_BID_SEALING_KEY] if DEBUG else []
)
if not BID_SEALING_KEYS:
    raise ImproperlyConfigured(
        "BID_SEALING_KEY must be set when DEBUG is off (generate one with "
        "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`)."
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files stream to a temporary file

# --- Maps -----------------------------------------------------------------------------------
# Tile server for the project map ({s}, {z}, {x}, {y} placeholders); markers show without it.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap contributors")
_tiles = urlsplit(MAP_TILE_URL)
# The CSP lets the map load tiles from that host only ({s} subdomains become a wildcard).
MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}" if _tiles.netloc else ""

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="E-Mining Platform <noreply@emining.gov.pk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, for links in emails (sent by Celery workers, with no request
# to read a host from; a Host header is never trusted to build a link).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# A working day: officials on shared machines should not stay signed in for weeks.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "emining.views.csrf_failure"
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # Bootstrap draws its select arrows and toggler icon as data: SVGs.
    "img-src": ["'self'", "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "emining.rest.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "emining.rest.pagination.PortalPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: one request format per operation, and nesting bounded (emining/rest/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["emining.rest.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "EXCEPTION_HANDLER": "emining.rest.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "emining.rest.throttling.AnonymousRateThrottle",
        "emining.rest.throttling.SignedInRateThrottle",
        "emining.rest.throttling.PortalScopedRateThrottle",
    ],
    "NUM_PROXIES": NUM_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
        "token": env.str("API_THROTTLE_TOKEN", default="10/minute"),
    },
}
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Bearer",
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pak-China E-Mining Platform API",
    "DESCRIPTION": (
        "The mineral catalogue, Pakistan's regions and the mineral projects that government "
        "agencies offer to investors.\n\n"
        "- **Reading** (`/minerals/`, `/regions/`, `/projects/`, `/projects/geojson/`) needs no "
        "account: anyone sees the catalogue and published projects; officials also see their "
        "agency's drafts.\n"
        "- **Writing** (officials only): create and edit draft projects, then run the "
        "workflow: submit, publish (by a second official of the agency: four eyes), close, "
        "evaluate, award, cancel or return to draft.\n"
        "- **Authentication**: `POST /api/v1/auth/token/` with a username (or email) and "
        "password gives a bearer token (`Authorization: Bearer <token>`), which expires and is "
        "revoked by `POST /api/v1/auth/logout/`. Repeated failed sign-ins pause sign-in for the "
        "account or address (429), as on the web.\n"
        "- **Requests and answers** are JSON. Lists are paginated (`page`, `page_size` up to "
        "100). Every error is an RFC 9457 problem document (`application/problem+json`) with "
        "`type`, `title`, `status`, `detail` and, for invalid input, `errors` by field.\n"
        "- **Languages**: messages follow `Accept-Language` (English, Simplified Chinese, "
        "Urdu); records carry their own `_zh` and `_ur` texts.\n"
        "- **Limits**: requests are rate-limited per client (429 with `Retry-After`)."
    ),
    "VERSION": "1.0.0",
    # Operation ids and tags without the version (`projects_list`, not `v1_projects_list`).
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Separate request and response components: read-only fields are not asked of clients.
    "COMPONENT_SPLIT_REQUEST": True,
    # Named once each: several models have a `status` (the project's keeps its name), and the
    # value chain is one choice set (a project's stage, a firm's capability, a bid's value
    # addition).
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "projects.models.Project.Status",
        "ClarificationStatusEnum": "projects.models.Clarification.Status",
        "StageEnum": "minerals.models.ValueChainStage",
        "MoUStatusEnum": "matchmaking.models.MoU.Status",
        "FirmCountryEnum": "firms.models.Firm.Country",
        "FirmKindEnum": "firms.models.Firm.Kind",
        "LeadStageEnum": "matchmaking.models.Lead.Stage",
        "LeadActivityKindEnum": "matchmaking.models.LeadActivity.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "emining.rest.schema.document_errors_and_access",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Cache ----------------------------------------------------------------------------------
# Throttle counters live here: with several web processes, point CACHE_URL at Redis.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Short socket timeouts, and a failing Redis is a miss (see emining/cache.py): the
    # cache may fail without taking pages, the API or sign-in with it.
    CACHES["default"]["BACKEND"] = "emining.cache.FaultTolerantRedisCache"

# --- Celery ---------------------------------------------------------------------------------
# Unset CELERY_BROKER_URL: tasks run eagerly in the calling process (no broker, no worker).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task may run longer than this (tasks that do much work, such as the notification sweep,
# stop early and leave the rest to their next run). The Redis visibility timeout follows it:
# a task whose worker was killed (-9) is delivered again after it, so it must outlast the
# longest task (or a running task would be delivered twice) and stay short (Redis's default
# of an hour would strand the task that long). 90 + 20 s: redelivered within 2 minutes.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=75)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 20,
    # A frozen or unreachable Redis must cost a request a second, not minutes: the defaults
    # have no socket timeout, and publishing retries for ~ 3 × 0.2-1 s on top.
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5),
    "socket_connect_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5),
    "retry_on_timeout": False,
    "max_retries": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=0.5)
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
# Results travel through Redis too: storing one must not hang a worker on a frozen server.
CELERY_REDIS_SOCKET_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5)
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Projects close for bids at their closing time; the task is idempotent.
    "close-due-projects": {"task": "projects.close_due_projects", "schedule": 60.0},
    # The outbox's net: notifications still pending (the broker was down at commit, a worker
    # died, a send failed and its wait is over) go out within a minute or so.
    "sweep-notifications": {"task": "notifications.sweep", "schedule": 60.0},
    "daily-digests": {
        "task": "notifications.daily_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    "weekly-digests": {
        "task": "notifications.weekly_digest",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # Every firm against every open project, from scratch (publishing a project or editing a
    # firm rescores just that one as it happens).
    "recompute-matches": {
        "task": "matchmaking.recompute_all_matches",
        "schedule": crontab(hour=2, minute=15),
    },
    # Bidding closes in 7 days / in a day: the interested, invited and bidding firms' members.
    # Hourly against one-day-wide windows, so a missed run or two loses nothing; the outbox
    # key writes each reminder once however many runs see the project in its window.
    "remind-bid-deadlines": {
        "task": "matchmaking.remind_bid_deadlines",
        "schedule": crontab(minute=5),
    },
    # Lead follow-ups past due, to each lead's owner (once per lead and due date), and MoU
    # milestones due within a week or overdue, to the agency's officials (once per state):
    # early in the morning, before the daily digest at 07:00 picks them up.
    "remind-overdue-leads": {
        "task": "matchmaking.remind_overdue_leads",
        "schedule": crontab(hour=6, minute=30),
    },
    "remind-due-milestones": {
        "task": "matchmaking.remind_due_milestones",
        "schedule": crontab(hour=6, minute=40),
    },
}

# --- Matchmaking ----------------------------------------------------------------------------
# How much each factor counts in a firm-project match score (matchmaking/scoring.py says what
# each factor measures). Relative weights: the score divides by their sum, so they need not add
# up to 100. Changing them takes effect at the next rescoring (nightly, or `manage.py
# rescore_matches`).
MATCH_WEIGHTS = {
    "mineral": 30,  # the project's minerals among the firm's interests
    "capability": 20,  # the firm works in the project's value-chain stage
    "capital": 15,  # the investment sought inside the firm's capital range
    "region": 10,  # the project's province among the firm's preferred ones
    "track_record": 10,  # years of experience and past projects in these minerals
    "verification": 5,  # the portal has verified the firm
    "feedback": 10,  # projects the firm marked interesting or dismissed
}
# China-Pakistan partner suggestions.
PARTNER_WEIGHTS = {
    "complementarity": 40,  # one brings the stages the other lacks
    "minerals": 30,  # minerals both are interested in
    "regions": 15,  # provinces both prefer
    "size": 15,  # capital ranges of a like order
}
# Matches kept per firm and per project (the best ones), and partner suggestions per firm.
MATCHES_KEPT = 50
PARTNERS_KEPT = 20
# A newly published project is notified to the members of firms it scores at least this for.
MATCH_NOTIFY_THRESHOLD = env.int("MATCH_NOTIFY_THRESHOLD", default=70)

# --- Demo data ------------------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="emining-demo")

# --- Open data ------------------------------------------------------------------------------
# OCDS ocids are this prefix + "-" + the project's reference. Registered prefixes are "ocds-"
# and 6 characters, given by the Open Contracting Partnership; the default is a placeholder.
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-xxxxxx")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Lock-outs stay visible; axes' per-attempt chatter does not.
        "axes": {"level": "WARNING"},
    },
}
