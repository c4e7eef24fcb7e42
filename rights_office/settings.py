"""Settings for Rights Office, read from the environment (see .env.example)."""

from datetime import time, timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# With nothing configured the app runs in development mode; production must
# switch DEBUG off and then name its secret and hosts explicitly.
DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY or not ALLOWED_HOSTS:
        raise ImproperlyConfigured("With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set.")

# The key of the access log's tamper-evident chain (directory.audit), kept apart
# from SECRET_KEY so that rotating that one leaves the chain verifiable. Unset,
# SECRET_KEY is used (`check --deploy` warns). Audit rows are kept at least
# AUDIT_RETENTION_DAYS days (never fewer than 183: six months, GB/T 22239-2019).
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default="")
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=183)

# -- Field encryption at rest (directory.encryption, docs/ENCRYPTION.md) --------
# ID numbers, phone numbers and addresses of the people served are stored
# encrypted. FIELD_ENCRYPTION_KEYS: Fernet keys, comma-separated, newest first
# (the first encrypts, all decrypt; `manage.py rotate_field_keys` moves every
# row to the first). BLIND_INDEX_KEY keys the hashes that search by ID number
# and phone. Unset, both are derived from SECRET_KEY (`check --deploy` warns).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "directory",
    "petitions",
    "legal_aid",
    "hardship",
    "outreach",
    "reporting",
    # Official documents (告知书, 意见书, 转送单 …) issued on petitions, legal-aid cases and events.
    "documents",
    "jobs",
    # Ledger import (台账导入): sits above the domain apps, like reporting.
    "ledger",
]

MIDDLEWARE = [
    # First: it times the whole request and logs the answer whatever gave it (see "Operations").
    "directory.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "rights_office.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "directory.signin.IdleTimeoutMiddleware",
    "directory.twofactor.SecondFactorMiddleware",
    "directory.signin.PasswordExpiryMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A lost database connection answers 503 "try again later", not a 500 (see "Operations").
    "directory.unavailable.DatabaseUnavailableMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rights_office.urls"
WSGI_APPLICATION = "rights_office.wsgi.application"

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
                "directory.context_processors.staff",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a writer instead of failing at once when two requests write, and
    # take the write lock when a transaction starts: a read-then-write
    # transaction cannot upgrade its lock while another writes ("database is
    # locked" with no wait), which concurrent users of the embedded default hit.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # psycopg 3 sends the values apart from the SQL, and a connection prepares a
    # statement it has run PG_PREPARE_THRESHOLD times: PostgreSQL then plans it once,
    # not on every call. Planning was most of the server's time for a workflow move
    # (the petition has 23 indexes); with CONN_MAX_AGE a connection, and what it
    # prepared, outlives the request (README "Measured at one million petitions").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env.int("PG_PREPARE_THRESHOLD", default=5)
    )

# A PostgreSQL streaming replica of the primary for the heavy reads of reports: the
# work summary and dashboard figures and whole-register exports (directory/replicas.py,
# docs/DEPLOYMENT.md "A reporting replica"). Everything else reads the primary.
if REPORTING_DATABASE_URL := env("REPORTING_DATABASE_URL", default=""):
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("REPORTING_DATABASE_URL needs a PostgreSQL primary in DATABASE_URL")
    DATABASES["replica"] = {
        **env.db_url_config(REPORTING_DATABASE_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        # The tests read the replica of their own test database.
        "TEST": {"MIRROR": "default"},
    }
    DATABASES["replica"].setdefault("OPTIONS", {}).update(DATABASES["default"]["OPTIONS"])
    # A replica host that does not answer costs a report this long, not the system's TCP timeout.
    DATABASES["replica"]["OPTIONS"].setdefault("connect_timeout", env.int("REPLICA_CONNECT_TIMEOUT", default=3))
DATABASE_ROUTERS = ["directory.replicas.ReportingReplicaRouter"]
# How long a report waits for the replica to replay the primary's latest changes
# before it reads the primary instead.
REPLICA_WAIT_SECONDS = env.float("REPLICA_WAIT_SECONDS", default=2.0)
# After the replica failed a report (down or too far behind), reports read the primary this long.
REPLICA_RETRY_SECONDS = env.float("REPLICA_RETRY_SECONDS", default=30.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in security (等保 2.0 level 3, GB/T 22239-2019): see README "Security".
# Password policy, applied wherever a new password is chosen (not at sign-in).
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=10)
PASSWORD_HISTORY = env.int("PASSWORD_HISTORY", default=5)  # last N passwords refused; 0 = off
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)  # 0 = never expires
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "directory.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "directory.passwords.ComplexityValidator", "OPTIONS": {"min_classes": 3}},
    # Also records every new password's hash and date (expiry reads it): keep it listed.
    {"NAME": "directory.passwords.HistoryValidator", "OPTIONS": {"count": PASSWORD_HISTORY}},
]

# Lockout after repeated failed sign-ins (django-axes): the login page, the
# admin's login and API tokens. Failures are counted per user name + address
# and per address; attempts older than the cool-off are forgotten and a
# locked client is let in again after it (0 = locked until an administrator
# unlocks: admin → Axes → access attempts, or `manage.py axes_reset_username`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "directory.roles.PermissionBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "directory.signin.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "directory.signin.lockout_response"
_lockout_minutes = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes else None
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind a load balancer every request comes from its address: with
# TRUSTED_PROXY_COUNT proxies in front of the app, each appending to
# X-Forwarded-For, the client is the entry that many places from its end
# (django-ipware). Never set it where clients can reach the app directly:
# they could then choose their own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    # ipware counts the proxies listed in the header, not the last one (REMOTE_ADDR).
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Two-factor sign-in (django-otp, see directory.twofactor and README
# "Security"): after the password, a code from an authenticator app (TOTP) or
# a single-use recovery code. Required for these roles (and superusers), who
# are sent to enrol right after the password until they have a device;
# optional for everyone else. API tokens are not affected.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["admin", "security", "auditor", "manager"])


# The name an authenticator app shows beside the code: OTP_TOTP_ISSUER if set,
# else the product's name in the enrolling user's language (妇联维权工作平台).
def _otp_issuer(device):
    from django.utils.translation import gettext

    return gettext("Rights Office")


OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="") or _otp_issuer
OTP_RECOVERY_CODES = 10
# Wrong codes: each one also counts as a failed sign-in for axes (the same
# lockout as wrong passwords), and each device waits 1, 2, 4, 8… seconds after
# successive wrong codes (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# One date style (2026-12-04) and thousands grouping per language; see the modules.
FORMAT_MODULE_PATH = ["rights_office.formats"]
# Grouping only where a template asks (floatformat:"2g", intcomma): switched on
# globally it would print a year as 2,025 and break ids and form values.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live here and are only ever served through views that check
# the user's scope; no URL maps onto this folder.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"  # no URL pattern serves it; attachment views do
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=20)

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

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="rights-office@localhost")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Signed out after this long without a request (directory.signin.IdleTimeoutMiddleware);
# SESSION_COOKIE_AGE stays the longest a session can last however active.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4) and Permissions-Policy on every response
# (等保 2.0 level 3). Pages load scripts, styles, fonts and images from this
# site only: no inline <script>, <style>, style="" or on…= handlers anywhere
# (tests/security/test_content_security_policy.py reads every page for them).
# img-src allows data: for the icons the API documentation's CSS embeds.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the app never uses, switched off for every page (and for
# anything a page could embed): rights_office.headers.PermissionsPolicyMiddleware.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer autoplay camera display-capture geolocation gyroscope hid "
        "idle-detection magnetometer microphone midi payment publickey-credentials-get screen-wake-lock serial usb "
        "xr-spatial-tracking"
    ).split()
}

if not DEBUG:
    # Intranet deployments terminate TLS at the load balancer; these can be
    # relaxed per environment, but the safe value is the default.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

PAGE_SIZE = 25

REST_FRAMEWORK = {
    # Token first, so that an anonymous call gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "directory.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "directory.rest.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "rights_office.schema.AutoSchema",
    "EXCEPTION_HANDLER": "directory.rest.exception_handler",
    # JSON only: DRF's browsable pages carry inline styles the Content-Security-Policy
    # blocks; people read and try the API in the Swagger UI at /api/v1/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    "DATE_INPUT_FORMATS": ["iso-8601"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Rights Office API",
    "DESCRIPTION": "Petitions, legal aid, hardship support, outreach and work reports of a Women's Federation "
    "rights-protection office. Same scoping, roles, masking and services as the web pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have a "status" or an "outcome": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "PetitionStatusEnum": "petitions.models.Petition.Status",
        "PetitionOutcomeEnum": "petitions.models.Petition.Outcome",
        "LegalAidCaseStatusEnum": "legal_aid.models.LegalAidCase.Status",
        "LegalAidCaseOutcomeEnum": "legal_aid.models.LegalAidCase.Outcome",
        "HousingUnitStatusEnum": "hardship.models.HousingUnit.Status",
        "EnrolmentStatusEnum": "hardship.models.Enrolment.Status",
    },
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": [
        "directory.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # One JSON line per request (directory.requestlog); REQUEST_LOG_LEVEL=WARNING silences it.
        "rights_office.requests": {"level": env("REQUEST_LOG_LEVEL", default="INFO")},
    },
}

# ---------------------------------------------------------------------------
# Operations (issue #15): /healthz, the 503 page, request logs, backups.
# /healthz reports "fail" (503) when MEDIA_ROOT's disk has less free space than this.
HEALTH_MIN_FREE_MB = env.int("HEALTH_MIN_FREE_MB", default=1024)
# Load balancers probe /healthz over plain HTTP on the app server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# `manage.py backup` writes here unless given --output, and keeps the newest BACKUP_KEEP archives.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# ---------------------------------------------------------------------------
# Background jobs and the daily schedule (jobs app, Celery; README "Background jobs").
# Production: a Redis broker, `celery -A rights_office worker` and `... beat`.
# Unset (the embedded default, `make run`): jobs run in a thread pool of the web
# process (JOBS_EMBEDDED="thread"; "inline" runs them inside the request, for tests)
# and `runserver` runs the daily tasks itself (jobs/scheduler.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True  # a job's state and file live in the Job table
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a long export does not hold other jobs back
# Redis redelivers a message not acknowledged within this time: longer than the longest job.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
JOBS_EMBEDDED = env("JOBS_EMBEDDED", default="thread")
JOBS_THREADS = env.int("JOBS_THREADS", default=2)
# An export of more rows than this becomes a job (a page to wait on); fewer stream at once.
JOBS_EXPORT_DIRECT_MAX_ROWS = env.int("JOBS_EXPORT_DIRECT_MAX_ROWS", default=5000)
# A ledger of more rows than this is checked, and imported, by a background job (ledger.background).
LEDGER_DIRECT_MAX_ROWS = env.int("LEDGER_DIRECT_MAX_ROWS", default=2000)
# A report draft whose tables hold more rows than this is typeset as a job (reporting/files.py).
REPORT_JOB_MIN_ROWS = env.int("REPORT_JOB_MIN_ROWS", default=300)
# The in-process scheduler of the embedded default (off with a broker: beat does it).
JOBS_SCHEDULER = env.bool("JOBS_SCHEDULER", default=not CELERY_BROKER_URL)

# Daily tasks: name -> (Celery task, local time). Beat and the embedded scheduler both read it.
_reminders_at = time.fromisoformat(env("REMINDERS_AT", default="07:00"))
DAILY_TASKS = {
    "petition-reminders": ("petitions.send_reminders", _reminders_at),
    "legal-aid-reminders": ("legal_aid.send_reminders", _reminders_at),
    "job-files-cleanup": ("jobs.remove_old_files", time(3, 0)),
    # The city's and districts' dashboards computed before the office opens (figures are kept per day).
    "dashboard-warmup": ("reporting.warm_dashboards", time.fromisoformat(env("DASHBOARD_WARM_AT", default="06:30"))),
}
# A finished job's file (identifiable rows) is removed this many days after it was made.
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=7)
# Nightly backup (`manage.py backup` as the task ops.backup in jobs/tasks.py) at BACKUP_AT, e.g. "02:30".
BACKUP_AT = env("BACKUP_AT", default="")
if BACKUP_AT:
    DAILY_TASKS["nightly-backup"] = ("ops.backup", time.fromisoformat(BACKUP_AT))
CELERY_BEAT_SCHEDULE = {
    name: {"task": task, "schedule": crontab(hour=at.hour, minute=at.minute)}
    for name, (task, at) in DAILY_TASKS.items()
}

# ---------------------------------------------------------------------------
# Cache (README "Measured at one million petitions"). With REDIS_URL set, a Redis
# cache every app server shares; unset, each process's own memory. The work
# summary and the dashboard keep their figures in it (reporting/figure_cache.py),
# and the deadlines their holiday calendar, only when it is shared (Redis, files:
# directory/versioned_cache.py): a per-process cache under several server
# processes would miss another process's writes.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="rights_office"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SUMMARY_CACHE_SECONDS = env.int("SUMMARY_CACHE_SECONDS", default=3600)  # 0: figures are never kept
# After a write, the dashboard waits for figures that took less than this to compute last
# time; slower ones (a city's year at scale) it shows as they were, marked, while a
# background task computes them (at most one per figure set, for up to the timeout).
SUMMARY_REFRESH_IN_BACKGROUND_AFTER = env.float("SUMMARY_REFRESH_IN_BACKGROUND_AFTER", default=0.3)
SUMMARY_REFRESH_TIMEOUT = env.int("SUMMARY_REFRESH_TIMEOUT", default=120)
# Figures older than this are never shown as stale: the page then computes them itself.
SUMMARY_STALE_AT_MOST = env.int("SUMMARY_STALE_AT_MOST", default=300)
