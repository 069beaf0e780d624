"""Settings shared by every environment. Everything that differs between machines comes from
the environment (see prod.py); nothing secret lives in the repository."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from microcred_web.config.oidc import oidc_institutions, socialaccount_providers
from microcred_web.core.rate_limit_defaults import DEFAULT_RATE_LIMITS

BASE_DIR = Path(__file__).resolve().parents[4]  # the repository root (above src/)
WEB_DIR = Path(__file__).resolve().parents[2]  # src/microcred_web
VAR_DIR = Path(os.environ.get("MICROCRED_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

# The public base URL decides did:web identifiers, credential and status list URLs, so one
# consortium instance and several institution-hosted instances can each have their own.
PUBLIC_BASE_URL = os.environ.get("MICROCRED_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "microcred_web.core.admin_apps.MicrocredAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "microcred_web.core",
    "microcred_web.institutions",
    "microcred_web.accounts",
    "microcred_web.catalogue",
    "microcred_web.register",
    "microcred_web.credentials",
    "microcred_web.agreements",
    "microcred_web.recognition",
    "microcred_web.pilot",
    "microcred_web.qa",
    "microcred_web.api",
    "microcred_web.bulk",
    "microcred_web.notifications",
    "microcred_web.skills",
    "microcred_web.privacy",
    "microcred_web.wallet",
    # Django's task framework (the django-tasks backport) and its database queue (ADR 1101).
    "django_tasks",
    "django_tasks_db",
    # After our apps, so templates/ninja/swagger.html of microcred_web.api wins; installed, ninja
    # serves Swagger UI from its own static files instead of a CDN (ADR 0320).
    "ninja",
    "csp",
    # Accounts and sign-in (ADR 0310). After our apps, so our templates override allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    # First: one JSON line per request with its id (README "Deployment", ADR 1201).
    "microcred_web.core.request_log.RequestLogMiddleware",
    # Before the https redirect, the Host check and the rate limits: probes of the process itself.
    "microcred_web.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise and the error handling, so static files and error pages get them too.
    "microcred_web.core.headers.ContentSecurityPolicyMiddleware",
    "microcred_web.core.headers.PermissionsPolicyMiddleware",
    "microcred_web.core.client_address.ClientAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CSRF: a refused request is counted and answered before any other view work.
    "microcred_web.core.rate_limits.RateLimitMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After messages: staff without a second factor are sent to set one up (ADR 0310).
    "microcred_web.accounts.middleware.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "microcred_web.config.urls"
WSGI_APPLICATION = "microcred_web.config.wsgi.application"

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
                "microcred_web.core.context_processors.platform",
                "microcred_web.skills.context_processors.employer_navigation",
            ],
        },
    }
]

#: SQLite for several users at once (ADR 0609; Django 5.2 "SQLite notes"): WAL lets readers go on
#: beside the one writer, ``timeout`` makes a writer wait up to 20 s for the lock instead of failing
#: with "database is locked", and IMMEDIATE takes the write lock at BEGIN, so that no transaction
#: that read first fails when it comes to write (SQLite answers SQLITE_BUSY at once, without
#: waiting, to a read transaction that wants to become a writer while another writes).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def with_sqlite_options(database: dict[str, Any]) -> dict[str, Any]:
    """``database`` with :data:`SQLITE_OPTIONS` when it is a SQLite file (not in memory)."""
    name = str(database.get("NAME") or "")
    if database.get("ENGINE") == "django.db.backends.sqlite3" and name and ":memory:" not in name:
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


DATABASES = {
    "default": with_sqlite_options(
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'microcred.sqlite3'}"),
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "register:index"

# --- Accounts and sign-in: django-allauth (ADR 0310, README "Accounts and sign-in") ---------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "microcred_web.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "microcred_web.accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# "optional": a new or added address is sent a verification link; sign-in is not blocked for
# accounts made before e-mail addresses were recorded (createsuperuser, the demo). Sign-in through
# an institution's IdP trusts only addresses the IdP says are verified, in that institution's
# domains (ADR 0310).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_SESSION_REMEMBER = False  # a session ends with the browser
ACCOUNT_LOGOUT_REDIRECT_URL = "register:index"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PUBLIC_BASE_URL.startswith("https://") else "http"
# New accounts come from invitations (accounts/invitations); open sign-up is off unless set.
MICROCRED_OPEN_SIGNUP = os.environ.get("MICROCRED_OPEN_SIGNUP", "0") == "1"

# Lock-out of failed sign-ins (issue 9): after MICROCRED_SIGN_IN_MAX_FAILURES wrong passwords
# for one account within MICROCRED_SIGN_IN_LOCKOUT_SECONDS, that account's sign-in is refused,
# right password included, until the oldest failure leaves the window; the page says when. One
# address may fail at most MICROCRED_SIGN_IN_MAX_FAILURES_PER_IP times a minute, whatever the
# account, and send at most MICROCRED_SIGN_IN_MAX_ATTEMPTS_PER_IP sign-in forms a minute (then a
# 429 page). A password reset clears an account's count. The counts live in Django's cache: give
# every process the same cache (CACHES) when running several.
MICROCRED_SIGN_IN_MAX_FAILURES = int(os.environ.get("MICROCRED_SIGN_IN_MAX_FAILURES", "5"))
MICROCRED_SIGN_IN_LOCKOUT_SECONDS = int(os.environ.get("MICROCRED_SIGN_IN_LOCKOUT_SECONDS", "900"))
MICROCRED_SIGN_IN_MAX_FAILURES_PER_IP = int(os.environ.get("MICROCRED_SIGN_IN_MAX_FAILURES_PER_IP", "20"))
MICROCRED_SIGN_IN_MAX_ATTEMPTS_PER_IP = int(os.environ.get("MICROCRED_SIGN_IN_MAX_ATTEMPTS_PER_IP", "60"))
ACCOUNT_RATE_LIMITS = {
    "login": f"{MICROCRED_SIGN_IN_MAX_ATTEMPTS_PER_IP}/m/ip",
    "login_failed": (
        f"{MICROCRED_SIGN_IN_MAX_FAILURES_PER_IP}/m/ip,"
        f"{MICROCRED_SIGN_IN_MAX_FAILURES}/{MICROCRED_SIGN_IN_LOCKOUT_SECONDS}s/key"
    ),
}

# The second factor (TOTP with recovery codes; allauth.mfa). Required for the roles that sign,
# revoke, decide, approve QA or administer (accounts.second_factor.SECOND_FACTOR_ROLES) when
# MICROCRED_REQUIRE_SECOND_FACTOR is on; optional for everyone else. VC-API tokens are machine
# credentials and never asked for one.
MICROCRED_REQUIRE_SECOND_FACTOR = os.environ.get("MICROCRED_REQUIRE_SECOND_FACTOR", "1") == "1"

# Retention of personal data (docs/privacy.md; `manage.py privacy_retention` applies it, e.g. daily):
# a pilot enrolment that never led to a credential keeps the learner's names and e-mail this many
# days after enrolment; an erasure receipt (no personal data) is kept this many days.
MICROCRED_RETENTION_ENROLMENT_DAYS = int(os.environ.get("MICROCRED_RETENTION_ENROLMENT_DAYS", "730"))
MICROCRED_RETENTION_ERASURE_RECORD_DAYS = int(
    os.environ.get("MICROCRED_RETENTION_ERASURE_RECORD_DAYS", "3650")
)
MFA_ADAPTER = "microcred_web.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "microcred"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side, for clocks that drift
MFA_RECOVERY_CODE_COUNT = 10
# Staff sent to set up a second factor may have an address not yet verified (createsuperuser);
# allauth's default would refuse them the set-up and leave them stuck. Sign-up is closed
# (invitations only), which is what allauth's default guards against (ADR 0310).
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Sign-in with an institution's own accounts (OpenID Connect; accounts.institution_sign_in).
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching is ours: verified, in the institution's domains
SOCIALACCOUNT_STORE_TOKENS = False
MICROCRED_OIDC_INSTITUTIONS = oidc_institutions(os.environ.get("MICROCRED_OIDC_CONFIG", ""))
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(MICROCRED_OIDC_INSTITUTIONS)

# Mail: invitations, password resets and e-mail verification. SMTP settings from the environment.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "microcred <noreply@localhost>")
MICROCRED_INVITATION_DAYS = int(os.environ.get("MICROCRED_INVITATION_DAYS", "7"))
# Notifications (microcred_web.notifications, ADR 1110, README "E-mail and to-do lists"): each
# e-mail is a row of the outbox, sent by a task. MICROCRED_MAIL_TASKS says where that task runs:
#   queue   (default) on the task queue of bulk issuing (MICROCRED_TASKS_BACKEND), by its workers;
#   inline  at once, in the process that committed the change (make demo: no worker needed).
MICROCRED_MAIL_TASKS = os.environ.get("MICROCRED_MAIL_TASKS", "queue")
if MICROCRED_MAIL_TASKS not in ("queue", "inline"):
    raise ValueError("MICROCRED_MAIL_TASKS must be queue or inline")
# How long a claim link works, in days, from the moment it is sent.
MICROCRED_CLAIM_DAYS = int(os.environ.get("MICROCRED_CLAIM_DAYS", "60"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("vi", "Tiếng Việt"), ("lo", "ພາສາລາວ")]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp; ADR 0320): no inline script or style without the
# request's nonce ({{ request.csp_nonce }}), nothing from another origin, no framing, no plugins.
# MICROCRED_CSP_FORM_ACTION adds origins a form may lead to (e.g. a university's OpenID Connect
# sign-in page, which a POST to this site redirects to), comma separated.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [
            SELF,
            *[o.strip() for o in os.environ.get("MICROCRED_CSP_FORM_ACTION", "").split(",") if o.strip()],
        ],
    }
}
# Browser features a page may use; everything in core.headers.DEFAULT_PERMISSIONS_POLICY is denied.
# A feature set here overrides the default, e.g. {"camera": ["self"]}.
MICROCRED_PERMISSIONS_POLICY: dict[str, list[str]] = {}

# Who the client is (core.client_address): X-Forwarded-For is believed only from these proxy
# addresses or CIDR blocks (MICROCRED_TRUSTED_PROXIES, comma separated; none by default).
MICROCRED_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("MICROCRED_TRUSTED_PROXIES", "").split(",") if p.strip()
]
# The QA plan's daily count of verifications (qa.counting, ADR 1240) is kept per process and
# written at most every this many seconds, before the QA pages read it and when a worker exits;
# 0 writes on every verification.
MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS = float(
    os.environ.get("MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS", "10")
)
# Per-client rate limits (core.rate_limits; README "Security headers and limits on public
# endpoints"): requests per s/m/h/d, or "off".
# MICROCRED_RATE_LIMITS="verify=10/m,register_export=off" changes some.
MICROCRED_RATE_LIMITS = {
    **DEFAULT_RATE_LIMITS,
    **dict(
        item.split("=", 1)
        for item in os.environ.get("MICROCRED_RATE_LIMITS", "").replace(" ", "").split(",")
        if "=" in item
    ),
}
# The counts live in Django's cache: memory of one process by default (tests, the demo, a single
# worker); MICROCRED_CACHE_URL=redis://host:6379/0 shares them between workers and servers
# (needs the redis package: pip install 'microcred[redis]').
if os.environ.get("MICROCRED_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["MICROCRED_CACHE_URL"],
        }
    }

NINJA_PAGINATION_PER_PAGE = 20

# --- Background tasks: bulk issuing (ADR 1101, README "Bulk issuing") ----------------------------
# MICROCRED_TASKS_BACKEND chooses the queue of Django's task framework (the django-tasks backport):
#   database  (default) django-tasks-db: the queue is a table of the project's own database; one
#             machine needs no other server. Workers: `manage.py db_worker`.
#   rq        RQ on Redis (django-tasks-rq; pip install 'microcred[rq]'), for many workers on many
#             machines: MICROCRED_REDIS_URL names the Redis. Workers: `manage.py rqworker default
#             --job-class django_tasks_rq.Job`.
#   immediate runs the task at once in the process that enqueued it (tests, a quick look).
# Whatever the queue, `manage.py bulk_resume` after a crash re-enqueues the unfinished batches.
MICROCRED_TASKS_BACKEND = os.environ.get("MICROCRED_TASKS_BACKEND", "database")
MICROCRED_REDIS_URL = os.environ.get("MICROCRED_REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if MICROCRED_TASKS_BACKEND not in TASK_BACKENDS:
    raise ValueError(f"MICROCRED_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[MICROCRED_TASKS_BACKEND]},
    # Always there: e-mail tasks may run in the process that commits (MICROCRED_MAIL_TASKS).
    "inline": {"BACKEND": TASK_BACKENDS["immediate"]},
}
if MICROCRED_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": MICROCRED_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# Learners in one batch at most (a pilot cohort is hundreds; a larger file is split).
MICROCRED_BULK_MAX_ITEMS = int(os.environ.get("MICROCRED_BULK_MAX_ITEMS", "5000"))
# Tasks enqueued per batch: each works the batch until nothing is pending, so this many workers
# can share one batch (README "Several workers on PostgreSQL and Redis"); a task that finds
# nothing left ends at once. Set it to the number of workers.
MICROCRED_BULK_TASKS_PER_BATCH = int(os.environ.get("MICROCRED_BULK_TASKS_PER_BATCH", "2"))
# Items a bulk worker claims, signs and stores at once (ADR 1234): one transaction per chunk;
# fewer near a batch's end (ADR 1235).
MICROCRED_BULK_CHUNK = max(1, int(os.environ.get("MICROCRED_BULK_CHUNK", "200")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The security log (microcred_web.core.security_log): one JSON line per event, kept at INFO
    # whatever LOG_LEVEL says. MICROCRED_SECURITY_LOG_FILE sends it to a file of its own.
    "loggers": {
        # One JSON line per request (core.request_log); MICROCRED_REQUEST_LOG_LEVEL=WARNING hides them.
        "microcred.request": {
            "handlers": ["console"],
            "level": os.environ.get("MICROCRED_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "microcred.security": {
            "handlers": ["console"],
            "level": os.environ.get("MICROCRED_SECURITY_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}

PLATFORM_NAME = _("microcred")

# The consortium's signed trust registry (ADR 0703): MICROCRED_TRUST_REGISTRY names the file the
# consortium signed; MICROCRED_TRUST_ANCHORS adds did:key anchors to the pinned one. Only a demo
# signs its own registry, with the public DEMO consortium key.
MICROCRED_TRUST_REGISTRY_DEMO_SIGN = False

# The pilot's target (issue 11; the consortium's stated pilot of at least 500 learners): the
# dashboard and GET /api/pilot/summary count against it.
MICROCRED_PILOT_TARGET = int(os.environ.get("MICROCRED_PILOT_TARGET", "500"))

# The consortium's coordinating institution (its slug; issue 15, ADR 1502): its QA reviewers are
# the consortium's QA role and set the QA plan's targets. Empty: only superusers set them.
MICROCRED_QA_COORDINATOR = os.environ.get("MICROCRED_QA_COORDINATOR", "")
