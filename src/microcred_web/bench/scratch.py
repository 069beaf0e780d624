"""A scratch installation for the benchmarks and the tests that run real processes (the
kill-the-worker test, the two-worker test on PostgreSQL and Redis, the concurrent issuers test):
a throw-away database (a SQLite file, or a PostgreSQL database created beside the one named and
dropped afterwards), its tables, and one institution with a key, a published micro-credential and
a member who may issue.

``scratch_database`` and ``drop_scratch_database`` need no Django; ``scratch_issuer`` runs inside a
process whose settings point at the scratch database (``django.setup()`` done).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: The checkout's examples (the benchmark and the tests issue the same published specification).
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SPEC = EXAMPLES / "specs" / "muni-econometrics-in-r.json"


def _maintenance(url: str) -> str:
    """The server's ``postgres`` database, where databases are created and dropped."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def scratch_database(url: str, suffix: str) -> tuple[str, str]:
    """For a PostgreSQL ``url``: a fresh database named after the one ``url`` names plus
    ``suffix`` (never that one itself), as ``(its url, its name)``. Any other url is returned as
    it is, with an empty name (a SQLite file is the caller's own)."""
    if not url.startswith("postgres"):
        return url, ""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    with psycopg.connect(_maintenance(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name)), name


def drop_scratch_database(url: str, name: str) -> None:
    """Drop the database ``scratch_database`` made (nothing for a SQLite file)."""
    if not name:
        return
    import psycopg

    with psycopg.connect(_maintenance(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_answers(url: str) -> bool:
    """Whether the PostgreSQL server of ``url`` answers (within 3 s)."""
    try:
        import psycopg

        psycopg.connect(_maintenance(url), connect_timeout=3).close()
    except Exception:
        return False
    return True


def redis_answers(url: str) -> bool:
    """Whether the Redis of ``url`` answers (within 1 s)."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


def create_tables(*, migrations: bool = False) -> None:
    """The tables of every app. By default straight from the models, as pytest-django's
    ``--nomigrations`` makes them: replaying every migration costs seconds and tests nothing
    here; ``migrations=True`` runs them (what an installation does)."""
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    if not migrations:
        settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=not migrations, verbosity=0)


@dataclass(frozen=True)
class ScratchIssuer:
    """What ``scratch_issuer`` made."""

    institution: Any
    version: Any
    member: Any


def scratch_issuer(*, role: str = "registrar", slug: str = "muni") -> ScratchIssuer:
    """Masaryk University (``slug``) with a new key in the configured key provider, the published
    specification ``SPEC`` as version 1, and a member of ``role`` (an ``accounts.Role`` value)."""
    from django.contrib.auth import get_user_model

    from microcred_web.accounts.models import Membership
    from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
    from microcred_web.credentials import services
    from microcred_web.institutions.models import Institution

    institution = Institution.objects.create(
        slug=slug,
        name={"en": "Masaryk University"},
        short_name="MUNI",
        country="CZ",
        credit_system="ECTS",
        national_framework="CZ-NSK",
        homepage="https://muni.example.edu/",
    )
    services.institution_key_create(institution=institution)
    spec = json.loads(SPEC.read_text("utf-8"))
    version = MicroCredentialVersion.objects.create(
        micro_credential=MicroCredential.objects.create(institution=institution, code=spec["code"]),
        version=1,
        status=Status.PUBLISHED,
        spec=spec,
        title_en=spec["title"]["en"],
    )
    member = get_user_model().objects.create_user(username=f"{slug}-{role}")  # no password: no sign-in
    Membership.objects.create(user=member, institution=institution, role=role)
    return ScratchIssuer(institution=institution, version=version, member=member)


def bulk_learners(count: int, *, start: int = 0) -> list[Any]:
    """``count`` learners who passed, as a results import hands them to ``start_batch``."""
    from microcred_web.bulk.services import BulkLearner

    return [
        BulkLearner(
            external_id=f"S{n:06d}",
            name=f"Nguyễn Văn {n}",
            email=f"learner-{n}@example.edu.vn",
            grade="B",
            grading_scheme="ECTS A-F",
            supervision_applied="supervised_with_id",
        )
        for n in range(start, start + count)
    ]


def process_env(
    *,
    database_url: str,
    work_dir: Path,
    queue: str,
    settings: str = "microcred_web.config.settings.test",
    redis_url: str | None = None,
) -> dict[str, str]:
    """The environment of every process of a scratch installation (this one, its workers, its
    server): the database, the queue, a real encrypted key store under ``work_dir`` with a test
    passphrase, the public base URL, and the security log at warnings only."""
    import os
    import secrets

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(60),
        "MICROCRED_TASKS_BACKEND": queue,
        "MICROCRED_KEY_DIR": str(work_dir / "keys"),
        "MICROCRED_KEY_PASSPHRASE": "test-only-passphrase-of-a-scratch-installation",
        "MICROCRED_PUBLIC_BASE_URL": "https://micro4asia.example.org",
        "MICROCRED_SECURITY_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(
            [str(EXAMPLES.parent / "src"), str(EXAMPLES.parent), os.environ.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep),
    }
    if redis_url:
        env["MICROCRED_REDIS_URL"] = redis_url
    return env
