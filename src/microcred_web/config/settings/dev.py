"""Local development and `make demo`: SQLite under var/, a fixed non-secret key."""

from microcred_web.config.settings.base import *  # noqa: F403
from microcred_web.config.settings.base import VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
MICROCRED_TRUST_REGISTRY_DEMO_SIGN = True  # make demo: /trust/registry.json signed with the DEMO key
