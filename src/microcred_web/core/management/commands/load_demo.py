"""Load the demo consortium: ten institutions, an account for every role, and every example
specification taken through the real workflow (ADR 0301).

Idempotent: institutions are updated, existing accounts and micro-credentials are left as
they are, so running it twice changes nothing. Demo passwords are for a local demo only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from microcred.errors import MicrocredError
from microcred.model import load_spec
from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue import services
from microcred_web.catalogue.models import MicroCredential, Status
from microcred_web.institutions.models import Institution

DEMO_PASSWORD = "micro4asia-demo"  # noqa: S105 - a published demo password, local demo only
# The one demo account that shows the second factor (ADR 0310): enrolled with this published
# TOTP secret, so a tester adds it to an authenticator app. Local demo only, like the password.
DEMO_TOTP_USERNAME = "muni-admin"
DEMO_TOTP_SECRET = "MICRO4ASIADEMOMUNIADMINTOTPSEC23"  # noqa: S105 - published, demo only
EXAMPLES = Path(settings.BASE_DIR) / "examples"

# The order a specification walks to reach each status.
PATH_TO: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (),
    Status.SUBMITTED: ("submit",),
    Status.IN_REVIEW: ("submit", "start_review"),
    Status.APPROVED: ("submit", "start_review", "approve"),
    Status.PUBLISHED: ("submit", "start_review", "approve", "publish"),
    Status.RETIRED: ("submit", "start_review", "approve", "publish", "retire"),
}
STAFF_ROLES: tuple[tuple[str, Role], ...] = (
    ("admin", Role.INSTITUTION_ADMIN),
    ("designer", Role.COURSE_DESIGNER),
    ("qa", Role.QA_REVIEWER),
    ("registrar", Role.REGISTRAR),
    ("recognition", Role.RECOGNITION_OFFICER),
)
LEARNERS: tuple[tuple[str, str, str], ...] = (
    ("learner-linh", "Linh Nguyen", "neu"),
    ("learner-souksavanh", "Souksavanh Phommachanh", "nuol"),
    ("learner-tereza", "Tereza Novakova", "muni"),
)
# Fictional companies: the demo must not suggest that a real employer endorses anything.
EMPLOYERS: tuple[tuple[str, str, str], ...] = (
    ("employer-mekong-fintech", "Mekong Fintech (fictional)", "Mekong Fintech JSC"),
    ("employer-danube-analytics", "Danube Analytics (fictional)", "Danube Analytics s.r.o."),
)


@dataclass
class Account:
    username: str
    role: str
    where: str


class Command(BaseCommand):
    help = "Load the demo consortium, accounts for every role and the example specifications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--consortium", type=Path, default=EXAMPLES / "consortium.json")
        parser.add_argument("--specs", type=Path, default=EXAMPLES / "specs")
        parser.add_argument("--states", type=Path, default=EXAMPLES / "demo-states.json")
        parser.add_argument(
            "--alignments",
            type=Path,
            default=EXAMPLES / "esco" / "demo-alignments.json",
            help="the ESCO skills the designers confirm (ADR 1460); the ESCO subset is imported first",
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of new demo accounts")

    def handle(self, *args: Any, **options: Any) -> None:
        password: str = options["password"]
        institutions = self._institutions(options["consortium"])
        accounts, people = self._accounts(institutions, password)
        states = self._states(options["states"])
        self._alignments = self._confirmed_skills(options["alignments"])
        counts = self._specifications(options["specs"], institutions, people, states)
        recovery_codes = self._second_factor()
        self._pilot(people)
        self._report(accounts, counts, password, recovery_codes)

    # --- institutions --------------------------------------------------------------------
    def _institutions(self, path: Path) -> dict[str, Institution]:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the consortium file: {exc}") from None
        result: dict[str, Institution] = {}
        with transaction.atomic():
            for entry in data["institutions"]:
                fields = {
                    "name": entry["name"],
                    "short_name": entry["short_name"],
                    "country": entry["country"],
                    "city": entry.get("city", ""),
                    "credit_system": entry["credit_system"],
                    "national_framework": entry["national_framework"],
                    "homepage": entry.get("homepage", ""),
                    "erasmus_code": entry.get("erasmus_code", ""),
                    "legal_identifier": entry.get("legal_identifier", ""),
                    "legal_identifier_scheme": entry.get("legal_identifier_scheme", ""),
                    "qa_registry": entry.get("qa_registry", ""),
                    "qa_body": entry.get("qa_body", ""),
                    "qa_reference": entry.get("qa_reference", ""),
                    "is_partner": True,
                }
                inst, _ = Institution.objects.update_or_create(slug=entry["slug"], defaults=fields)
                result[inst.slug] = inst
        return result

    # --- accounts ------------------------------------------------------------------------
    def _user(self, username: str, password_hash: str, full_name: str, **flags: bool) -> Any:
        user_model = get_user_model()
        first, _, last = full_name.partition(" ")
        user, _created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "password": password_hash, **flags},
        )
        return user

    def _accounts(
        self, institutions: dict[str, Institution], password: str
    ) -> tuple[list[Account], dict[tuple[str, Role], Any]]:
        accounts: list[Account] = []
        people: dict[tuple[str, Role], Any] = {}
        # Hashed once: every demo account shares the demo password, and hashing it fifty times
        # would make the demo wait half a minute for nothing.
        password = make_password(password)
        with transaction.atomic():
            self._user(
                "consortium-admin", password, "Consortium Administrator", is_superuser=True, is_staff=True
            )
            accounts.append(Account("consortium-admin", "consortium administrator (superuser)", "all"))
            for slug, inst in institutions.items():
                for suffix, role in STAFF_ROLES:
                    username = f"{slug}-{suffix}"
                    user = self._user(username, password, f"{inst.short_name} {role.label}")
                    Membership.objects.get_or_create(user=user, institution=inst, role=role)
                    people[(slug, role)] = user
                    accounts.append(Account(username, str(role.label), inst.short_name))
            for username, name, slug in LEARNERS:
                user = self._user(username, password, name)
                home = institutions.get(slug)
                Membership.objects.get_or_create(user=user, institution=home, role=Role.LEARNER)
                accounts.append(Account(username, str(Role.LEARNER.label), home.short_name if home else "-"))
            for username, name, organisation in EMPLOYERS:
                user = self._user(username, password, name)
                Membership.objects.get_or_create(
                    user=user, institution=None, role=Role.EMPLOYER, defaults={"organisation": organisation}
                )
                accounts.append(Account(username, str(Role.EMPLOYER.label), organisation))
        return accounts, people

    def _second_factor(self) -> list[str]:
        """Enrol DEMO_TOTP_USERNAME with the published TOTP secret and recovery codes (once);
        return its unused recovery codes."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.totp.internal.auth import TOTP

        user = get_user_model().objects.filter(username=DEMO_TOTP_USERNAME).first()
        if user is None:
            return []
        with transaction.atomic():
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
            codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
            recovery = RecoveryCodes(codes) if codes is not None else RecoveryCodes.activate(user)
        return list(recovery.get_unused_codes())

    # --- specifications ------------------------------------------------------------------
    def _states(self, path: Path) -> dict[str, str]:
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the demo states: {exc}") from None
        if isinstance(data, dict) and isinstance(data.get("states"), dict):
            data = data["states"]
        if not isinstance(data, dict):
            raise CommandError(f"{path}: expected an object mapping codes to statuses")
        states: dict[str, str] = {}
        for code, status in data.items():
            if isinstance(status, str) and status in Status.values:
                states[code] = status
            elif not code.startswith(("_", "$")) and code not in ("comment", "description", "source"):
                raise CommandError(f"{path}: {code}: {status!r} is not a status ({', '.join(Status.values)})")
        return states

    def _confirmed_skills(self, path: Path) -> dict[str, dict[str, list[str]]]:
        """The demo designers' confirmed ESCO skills (ADR 1460), by specification code and outcome
        id, after importing the ESCO subset they name (a no-op when it is unchanged)."""
        if not path.exists():
            return {}
        from microcred_web.skills import services as skills

        try:
            data = json.loads(path.read_text("utf-8"))
            rows = data["alignments"] if data.get("format") == "microcred-demo-esco-alignments" else None
            if not isinstance(rows, list):
                raise CommandError(f"{path}: not a microcred-demo-esco-alignments document")
            confirmed: dict[str, dict[str, list[str]]] = {}
            for row in rows:
                uris = [str(s["uri"]) for s in row["skills"]]
                confirmed.setdefault(str(row["specification"]), {})[str(row["outcome"])] = uris
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CommandError(f"{path}: cannot read the demo alignments: {exc!r}") from None
        skills.esco_import(path=path.parent / str(data.get("esco_version", "")))
        return confirmed

    def _specifications(
        self,
        directory: Path,
        institutions: dict[str, Institution],
        people: dict[tuple[str, Role], Any],
        states: dict[str, str],
    ) -> dict[str, int]:
        counts = {"loaded": 0, "existing": 0, "skipped": 0}
        for path in sorted(directory.glob("*.json")):
            try:
                spec = load_spec(path)
            except MicrocredError as exc:
                self.stderr.write(f"skipped {path.name}: {exc}")
                counts["skipped"] += 1
                continue
            slug = spec.awarding_bodies[0].slug if spec.awarding_bodies else None
            inst = institutions.get(slug or "")
            if inst is None or not spec.code:
                self.stderr.write(f"skipped {path.name}: no code or no known awarding body slug")
                counts["skipped"] += 1
                continue
            if MicroCredential.objects.filter(institution=inst, code=spec.code).exists():
                counts["existing"] += 1
                continue
            target = states.get(spec.code, Status.PUBLISHED)
            try:
                self._walk(spec, inst, people, target)
            except MicrocredError as exc:
                self.stderr.write(f"{path.name}: stopped before {target}: {exc}")
            counts["loaded"] += 1
        return counts

    def _walk(self, spec: Any, inst: Institution, people: dict[tuple[str, Role], Any], target: str) -> None:
        """Create the draft as the course designer and take it, with the right person for each
        step, to ``target``. Each step is its own transaction, as in real use."""
        designer = people[(inst.slug, Role.COURSE_DESIGNER)]
        reviewer = people[(inst.slug, Role.QA_REVIEWER)]
        admin = people[(inst.slug, Role.INSTITUTION_ADMIN)]
        version = services.micro_credential_create(institution=inst, code=spec.code, spec=spec, by=designer)
        confirmed = getattr(self, "_alignments", {}).get(spec.code)
        if confirmed:
            from microcred_web.skills import services as skills

            existing = {lo.id: list(lo.esco_skills) for lo in spec.learning_outcomes}
            version = skills.skills_confirm(
                version=version,
                by=designer,
                confirmed={
                    lo_id: existing[lo_id] + uris for lo_id, uris in confirmed.items() if lo_id in existing
                },
            )
        for step in PATH_TO[Status(target)]:
            if step == "submit":
                version = services.version_submit(version=version, by=designer)
            elif step == "start_review":
                version = services.version_start_review(version=version, by=reviewer)
                services.version_comment(
                    version=version, by=reviewer, body="Learning outcomes, workload and level checked."
                )
            elif step == "approve":
                self._checklist(version, reviewer)
                version = services.version_approve(
                    version=version, by=reviewer, note="Meets the institution's quality assurance criteria."
                )
            elif step == "publish":
                version = services.version_publish(version=version, by=admin)
            elif step == "retire":
                version = services.version_retire(version=version, by=admin, note="Demo: no longer offered.")

    def _checklist(self, version: Any, reviewer: Any) -> None:
        """The demo reviewer answers the QA checklist (ADR 1501): met where the pre-check allows,
        with demo evidence; an optional item whose pre-check fails is answered as not met."""
        from microcred.qa.checklist import CHECKLIST
        from microcred_web.qa import selectors as qa_selectors
        from microcred_web.qa import services as qa_services

        checks = qa_selectors.prechecks(version)
        for item in CHECKLIST:
            qa_services.checklist_answer_record(
                version=version,
                by=reviewer,
                item=item.key,
                met=checks.get(item.key) is not False,
                evidence="Demo: checked against the specification and the institution's QA manual.",
            )

    def _pilot(self, people: dict[tuple[str, Role], Any]) -> None:
        """One pilot offering (issue 11): NEU's IFRS micro-credential, autumn 2026, with the small
        cohort of ``examples/pilot/results-neu.csv`` imported by the NEU registrar. Once only."""
        from datetime import date

        from microcred_web.catalogue.models import MicroCredentialVersion
        from microcred_web.pilot import services as pilot
        from microcred_web.pilot.models import Offering

        version = MicroCredentialVersion.objects.filter(
            micro_credential__institution__slug="neu",
            micro_credential__code="NEU-ACC-IFRS",
            status=Status.PUBLISHED,
        ).first()
        registrar = people.get(("neu", Role.REGISTRAR))
        if version is None or registrar is None or Offering.objects.filter(version=version).exists():
            return
        offering = pilot.offering_create(
            version=version,
            by=registrar,
            term="2026 autumn",
            starts_on=date(2026, 10, 5),
            ends_on=date(2026, 11, 30),
            mode="blended",
            language="vi",
            capacity=40,
            place="Hà Nội",
        )
        data = (EXAMPLES / "pilot" / "results-neu.csv").read_bytes()
        preview = pilot.results_preview(
            offering=offering, by=registrar, data=data, filename="results-neu.csv"
        )
        if preview.ok:
            pilot.results_commit(result_import=preview.result_import, by=registrar)
        self.stdout.write(
            f"Pilot: offering {offering.pk} ({offering}) with {offering.enrolments.count()} learners, at /pilot/."
        )

    def _report_second_factor(self, recovery_codes: list[str]) -> None:
        if not recovery_codes:
            return
        out = self.stdout
        out.write("")
        out.write(f"Second factor: {DEMO_TOTP_USERNAME} signs in with a code from an authenticator app.")
        out.write(f"  TOTP secret (type it into the app): {DEMO_TOTP_SECRET}")
        out.write(
            f"  or its otpauth URL: otpauth://totp/microcred:{DEMO_TOTP_USERNAME}"
            f"?secret={DEMO_TOTP_SECRET}&issuer=microcred&digits=6&period=30"
        )
        out.write(f"  recovery codes (each works once): {' '.join(recovery_codes)}")
        out.write(
            "  The other demo accounts sign in with the password alone "
            "(MICROCRED_REQUIRE_SECOND_FACTOR=1 sends staff to set one up)."
        )

    def _report(
        self, accounts: list[Account], counts: dict[str, int], password: str, recovery_codes: list[str]
    ) -> None:
        out = self.stdout
        out.write(
            f"Specifications: {counts['loaded']} loaded, {counts['existing']} already present, "
            f"{counts['skipped']} skipped."
        )
        out.write(f"Micro-credentials in the database: {MicroCredential.objects.count()}.")
        out.write("")
        out.write("Demo accounts (sign in at /accounts/login/):")
        width = max(len(a.username) for a in accounts)
        for a in accounts:
            out.write(f"  {a.username.ljust(width)}  {a.role} · {a.where}")
        self._report_second_factor(recovery_codes)
        out.write("")
        out.write(f"Password of every new demo account: {password}")
        out.write(
            self.style.WARNING(
                "These accounts and this password are for a local demo only. "
                "Never load the demo on a server that others can reach."
            )
        )
