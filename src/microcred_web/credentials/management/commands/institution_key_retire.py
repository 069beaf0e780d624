"""Retire an institution's signing key as compromised (ADR 0204; docs/security.md "A stolen key").

    python manage.py institution_key_retire --institution muni --key z6Mk… \\
        --compromised-since 2026-12-01T00:00:00Z

The key stays in the institution's DID document, marked ``revoked`` at that moment (Controlled
Identifiers 1.0 §2.2): credentials it signed before keep verifying, proofs made with it from
then on fail with ``key.revoked``. If it was the active key a new one takes over first. Give the
moment the key was last known safe. Plain rotation (no compromise) is the "Rotate" button of
/studio/keys/.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.errors import MicrocredError
from microcred_web.credentials import services
from microcred_web.credentials.models import InstitutionKey


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--compromised-since: {value!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise CommandError("--compromised-since needs a time zone, e.g. 2026-12-01T00:00:00Z")
    return moment


class Command(BaseCommand):
    help = "Retire an institution's signing key as compromised from a moment (ADR 0204)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", required=True, help="the institution's slug")
        parser.add_argument("--key", required=True, help="the key's publicKeyMultibase (z6Mk…), or its start")
        parser.add_argument(
            "--compromised-since", required=True, type=_moment, help="ISO 8601 with time zone"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = list(
            InstitutionKey.objects.select_related("institution").filter(
                institution__slug=options["institution"], public_key_multibase__startswith=options["key"]
            )
        )
        if len(keys) != 1:
            raise CommandError(
                f"{len(keys)} keys of {options['institution']!r} start with {options['key']!r}"
            )
        try:
            key = services.institution_key_retire_compromised(
                institution=keys[0].institution, key=keys[0], compromised_since=options["compromised_since"]
            )
        except MicrocredError as exc:
            raise CommandError(str(exc)) from None
        assert key.compromised_since is not None
        self.stdout.write(
            f"retired {key.public_key_multibase} of {key.institution.slug} as compromised from "
            f"{key.compromised_since.isoformat()}; its proofs from then on fail (key.revoked)\n"
        )
