"""Tests: in-memory SQLite unless DATABASE_URL points at PostgreSQL; fast password hashing."""

import os

import dj_database_url

from microcred_web.config.settings.base import *  # noqa: F403
from microcred_web.config.settings.base import with_sqlite_options

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A SQLite *file* (the concurrency test) gets the options of every other setting (ADR 0609).
DATABASES = {
    "default": with_sqlite_options(dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:")))
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True  # no collected static files in tests; serve from the apps
WHITENOISE_USE_FINDERS = True
MICROCRED_TRUST_REGISTRY_DEMO_SIGN = True  # as in the demo (ADR 0703); prod never signs its own
# High enough that no test meets a rate limit by accident; the rate limit tests set their own.
MICROCRED_RATE_LIMITS = dict.fromkeys(MICROCRED_RATE_LIMITS, "100000/m")  # noqa: F405
# The second factor is enforced by tests/web/accounts (which switch it on); the other tests sign
# staff in with force_login and test what they test, not the second factor (ADR 0310).
MICROCRED_REQUIRE_SECOND_FACTOR = False
# Tests read VerificationDay rows straight after a request: written at once (the batched writes
# of production are tested by tests/web/qa/test_verification_counts_in_batches.py, ADR 1240).
MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS = 0.0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once in the test process unless a test's worker process chooses a real queue (ADR 1101).
MICROCRED_TASKS_BACKEND = os.environ.get("MICROCRED_TASKS_BACKEND", "immediate")
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[MICROCRED_TASKS_BACKEND]},  # noqa: F405
    "inline": {"BACKEND": TASK_BACKENDS["immediate"]},  # noqa: F405
}
if MICROCRED_TASKS_BACKEND == "rq" and "django_rq" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("django_rq")  # noqa: F405
    RQ_QUEUES = {"default": {"URL": MICROCRED_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}  # noqa: F405
