"""Local development and `make demo`: SQLite under var/, a fixed non-secret key."""

import os

from microcred_web.config.settings.base import *  # noqa: F403
from microcred_web.config.settings.base import VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
MICROCRED_TRUST_REGISTRY_DEMO_SIGN = True  # make demo: /trust/registry.json signed with the DEMO key

# The demo keeps its accounts easy to try: password only, except the one account that load_demo
# enrols with a TOTP second factor (it prints the secret and recovery codes). Set
# MICROCRED_REQUIRE_SECOND_FACTOR=1 to have every staff account sent to set one up.
MICROCRED_REQUIRE_SECOND_FACTOR = os.environ.get("MICROCRED_REQUIRE_SECOND_FACTOR", "0") == "1"
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# make demo prints every e-mail on the server's console and sends it at once, without a worker
# (the claim link of a credential issued from the studio; ADR 1110).
MICROCRED_MAIL_TASKS = os.environ.get("MICROCRED_MAIL_TASKS", "inline")
