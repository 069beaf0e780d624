"""Settings shared by every environment. Everything that differs between machines comes from
the environment (see prod.py); nothing secret lives in the repository."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

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
    "microcred_web.recognition",
    "microcred_web.api",
    # After our apps, so templates/ninja/swagger.html of microcred_web.api wins; installed, ninja
    # serves Swagger UI from its own static files instead of a CDN (ADR 0320).
    "ninja",
    "csp",
]

MIDDLEWARE = [
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
# Per-client rate limits (core.rate_limits; README "Security headers and limits on public
# endpoints"): requests per s/m/h/d, or "off".
# MICROCRED_RATE_LIMITS="verify=10/m,register_export=off" changes some.
MICROCRED_RATE_LIMITS = {
    "verify": "30/m",
    "vc_api_verify": "60/m",
    "register_search": "120/m",
    "register_export": "10/m",
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The security log (microcred_web.core.security_log): one JSON line per event, kept at INFO
    # whatever LOG_LEVEL says. MICROCRED_SECURITY_LOG_FILE sends it to a file of its own.
    "loggers": {
        "microcred.security": {
            "handlers": ["console"],
            "level": os.environ.get("MICROCRED_SECURITY_LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}

PLATFORM_NAME = _("microcred")

# The consortium's signed trust registry (ADR 0703): MICROCRED_TRUST_REGISTRY names the file the
# consortium signed; MICROCRED_TRUST_ANCHORS adds did:key anchors to the pinned one. Only a demo
# signs its own registry, with the public DEMO consortium key.
MICROCRED_TRUST_REGISTRY_DEMO_SIGN = False
