"""Give the demo institutions signing keys and issue a few demo credentials.

Run after ``load_demo``::

    python manage.py load_demo
    python manage.py demo_credentials            # keys for every institution, 1 credential each
    python manage.py demo_credentials --api-token muni   # also print a VC-API token for MUNI

Keys go to the encrypted key store (``MICROCRED_KEY_DIR``, default ``var/keys``), unlocked with
``MICROCRED_KEY_PASSPHRASE``; with DEBUG on and no passphrase the published development
passphrase is used, which is fine for a laptop demo and nothing else. Idempotent: institutions
that have a key keep it, and demo credentials are issued once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.errors import MicrocredError
from microcred.model.award import AssessmentResult, Learner
from microcred.trust.signed import demo_anchor
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials import services
from microcred_web.credentials.identity import absolute_url, institution_did
from microcred_web.credentials.models import InstitutionKey, IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.notifications.services import mail_suppressed

# (account in load_demo, display name, institution slug whose micro-credential they earned)
DEMO_LEARNERS: tuple[tuple[str, str, str, str], ...] = (
    ("learner-tereza", "Tereza Nováková", "tereza.novakova@example.org", "muni"),
    ("learner-linh", "Nguyễn Thùy Linh", "linh.nguyen@example.org", "neu"),
    ("learner-souksavanh", "Souksavanh Phommachanh", "souksavanh@example.org", "nuol"),
)
DEMO_MARK = "@example.org"


class Command(BaseCommand):
    help = "Create signing keys for the institutions and issue demo credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--api-token", metavar="SLUG", help="also create and print a VC-API token")
        parser.add_argument("--no-credentials", action="store_true", help="only make keys")

    def handle(self, *args: Any, **options: Any) -> None:
        institutions = list(Institution.objects.all())
        if not institutions:
            raise CommandError("no institutions: run `manage.py load_demo` first")
        try:
            for institution in institutions:
                if not InstitutionKey.objects.filter(
                    institution=institution, retired_at__isnull=True
                ).exists():
                    services.institution_key_create(institution=institution)
                    self.stdout.write(f"key   {institution_did(institution.slug)}")
            if not options["no_credentials"]:
                # the demo learners hold these in their accounts already: no claim mail (ADR 1110)
                with mail_suppressed():
                    self._credentials()
            if options["api_token"]:
                institution = Institution.objects.filter(slug=options["api_token"]).first()
                if institution is None:
                    raise CommandError(f"no institution {options['api_token']!r}")
                _token, plain = services.api_token_create(institution=institution, name="demo")
                self.stdout.write(f"VC-API token for {institution.slug} (shown once): {plain}")
        except MicrocredError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS("demo credentials ready; check one at " + absolute_url("/verify/"))
        )
        # ADR 0703: the demo's /trust/registry.json is signed with the public DEMO consortium key
        self.stdout.write(
            f"offline: {absolute_url('/trust/registry.json')} is signed by the DEMO consortium key "
            f"{demo_anchor().did} (public seed, proves nothing): "
            f"microcred verify FILE --trust registry.json --trust-anchor {demo_anchor().did}"
        )

    def _credentials(self) -> None:
        users = get_user_model().objects
        for username, name, email, slug in DEMO_LEARNERS:
            # Credentials are linked to an account by e-mail (services.credential_issue): give the
            # demo learners theirs, so one issued in the studio to that address shows in their list.
            users.filter(username=username, email="").update(email=email)
            if IssuedCredential.objects.filter(learner_email=email).exists():
                continue
            version = (
                MicroCredentialVersion.objects.filter(
                    status=Status.PUBLISHED, micro_credential__institution__slug=slug
                )
                .order_by("micro_credential__code")
                .first()
            )
            if version is None:
                self.stdout.write(f"skip  {slug}: no published micro-credential")
                continue
            issued = services.credential_issue(
                version=version,
                learner=Learner(display_name=name, email=email),
                result=AssessmentResult(grade="A", awarded_on=datetime(2026, 6, 30, 10, tzinfo=UTC)),
                by=None,
                account=users.filter(username=username).first(),
            )
            self.stdout.write(f"issued {absolute_url(f'/credentials/{issued.uuid}/')}  ({name})")
