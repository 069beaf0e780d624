"""Tests: in-memory SQLite unless DATABASE_URL points at PostgreSQL; fast password hashing."""

import os

import dj_database_url

from microcred_web.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True  # no collected static files in tests; serve from the apps
MICROCRED_TRUST_REGISTRY_DEMO_SIGN = True  # as in the demo (ADR 0703); prod never signs its own
# The second factor is enforced by tests/web/accounts (which switch it on); the other tests sign
# staff in with force_login and test what they test, not the second factor (ADR 0310).
MICROCRED_REQUIRE_SECOND_FACTOR = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
