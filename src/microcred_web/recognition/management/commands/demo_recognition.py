"""Load demo recognition cases between the partners: the worked examples E1-E6 in every state
(one waiting to be proposed, one proposed, decided ones with one and with two signatures, one
appealed), X05 where the learner answered the request for information (back under review), and
one learner's request from the register. Decisions of hosts that have a signing
key (``demo_credentials``) are also issued as signed credentials.

Agreements first: the consortium profile ``M4A-DEFAULT`` v1 (``recognition_agreements_sync``),
``UEH-UNISI`` v1 and v2 (the illustrative VN B -> 26/30 grade table; v2 adds a pre-approved
equivalence) and a reciprocal ``NEU-UEH`` with pre-approved equivalences, each proposed by an
institution administrator of one party and approved by one of the other (four eyes); and
``NUOL-ELECTIVES``, NUOL's institutional policy for any sending institution (free electives),
proposed by ``nuol-admin`` and approved by a second NUOL administrator, ``nuol-admin-2``.

Run after ``load_demo`` (institutions, officers and learners):

    python manage.py load_demo && python manage.py demo_recognition

Idempotent: cases are keyed by their reference (``DEMO-E1`` ...); existing ones are left as they
are, so a second run changes nothing. A second recognition officer per host (``<slug>-recognition-2``)
is created where four eyes need one; demo passwords are for a local demo only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from microcred.errors import MicrocredError
from microcred.recognition.case import load_case_doc
from microcred_web.accounts.models import Membership, Role
from microcred_web.agreements import services as agreement_services
from microcred_web.agreements.models import Agreement
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.models import InstitutionKey
from microcred_web.institutions.models import Institution
from microcred_web.recognition.appeal import recognition_appeal_lodge
from microcred_web.recognition.decision import recognition_case_approve, recognition_case_decide
from microcred_web.recognition.decision_credential import recognition_decision_issue
from microcred_web.recognition.information_answers import recognition_information_answer
from microcred_web.recognition.intake import recognition_case_import, recognition_request_create
from microcred_web.recognition.models import RecognitionCase
from microcred_web.recognition.proposal import recognition_case_propose

DEMO_PASSWORD = "micro4asia-demo"  # noqa: S105 - the published local demo password of load_demo
CASES = Path(settings.BASE_DIR) / "examples" / "recognition"

# (example, host, applicant, the state to reach)
PLAN: tuple[tuple[str, str, str, str], ...] = (
    ("E1", "neu", "learner-tereza", "decided"),
    ("E2", "unisi", "learner-linh", "appealed"),
    ("E3", "buh", "learner-linh", "decided"),
    ("E4", "muni", "learner-linh", "proposed"),
    ("E5", "unidu", "learner-souksavanh", "decided"),
    ("E6", "unisi", "learner-linh", "under_review"),
    ("X05-missing-information", "neu", "learner-tereza", "answered"),
)
# learner-tereza's answer to NEU's request for information on X05 (items 1 and 2: workload, level)
ANSWER = {
    0: "The course was 5 ECTS, about 125 hours of study, as the MU course catalogue states.",
    1: "MU lists the course at EQF level 6 (bachelor); the catalogue page says so.",
}
AGREEMENTS = CASES / "agreements"
# (file or document, proposing party, approving party)
NEU_UEH: dict[str, Any] = {
    "agreement_id": "NEU-UEH",
    "version": 1,
    "title": "NEU - UEH reciprocal recognition of finance micro-credentials (illustrative demo)",
    "type": "bilateral",
    "parent": {"agreement_id": "M4A-DEFAULT", "version": 1},
    "status": "draft",
    "date_signed": "2026-08-15",
    "date_effective": "2026-09-01",
    "expiration_date": "2029-08-31",
    "parties": {
        "sending": [{"id": "neu"}],
        "receiving": [{"id": "ueh"}],
        "direction": "reciprocal",
    },
    "governance": {
        "editors": ["neu-academic-affairs", "ueh-academic-affairs"],
        "change_log": [
            {
                "version": 1,
                "date": "2026-08-15",
                "summary": "pre-approved equivalences of the two finance programmes",
            }
        ],
    },
    "parameters": {
        "pre_approved": [
            {
                "id": "TV-NEU-FIN-PY-UEH-FIN-2105",
                "source_spec_ids": ["NEU-FIN-PY"],
                "target_component_id": "UEH-FIN-2105",
                "credits": "2",
                "credit_system": "VN-TC",
                "start_date": "2026-09-01",
                "end_date": "2028-08-31",
                "evidence": "LO matrix LM-2026-021, approved by NEU and UEH reviewers (illustrative)",
            },
            {
                "id": "TV-UEH-FIN-VIZ-NEU-FIN-3102",
                "source_spec_ids": ["UEH-FIN-VIZ"],
                "target_component_id": "NEU-FIN-3102",
                "credits": "2",
                "credit_system": "VN-TC",
                "start_date": "2026-09-01",
                "end_date": "2028-08-31",
                "evidence": "LO matrix LM-2026-022, approved by NEU and UEH reviewers (illustrative)",
            },
        ]
    },
}
# NUOL's institutional policy for any sending institution (ADR 0504, 0802): credentials from any
# partner (or any other sender) count as free electives at NUOL one level below the course, and
# the currency is seven years; below a bilateral agreement, above the consortium profile.
NUOL_ELECTIVES: dict[str, Any] = {
    "agreement_id": "NUOL-ELECTIVES",
    "version": 1,
    "title": "NUOL policy: micro-credentials from any sending institution as free electives (illustrative demo)",
    "type": "institutional_policy",
    "parent": {"agreement_id": "M4A-DEFAULT", "version": 1},
    "status": "draft",
    "date_signed": "2026-09-10",
    "date_effective": "2026-10-01",
    "expiration_date": "2029-09-30",
    "parties": {"sending": [], "receiving": [{"id": "nuol"}], "any_sender": True, "direction": "one_way"},
    "purposes_allowed": ["ELECTIVE_CREDIT"],
    "legal_basis": ["NUOL academic regulations on credit transfer (illustrative)"],
    "governance": {
        "editors": ["nuol-academic-affairs"],
        "change_log": [
            {
                "version": 1,
                "date": "2026-09-10",
                "summary": "electives from any sender, one level of tolerance",
            }
        ],
    },
    "procedure": {"decision_sla_days": 21, "notice_languages": ["lo", "en"]},
    "parameters": {"level_tolerance": {"ELECTIVE_CREDIT": 1}, "max_age_years": 7},
}
APPEAL = (
    "My UEH project covered LO5 and LO6 (risk reporting); I ask the committee to look at the project report."
)


def _member(institution: Institution, username: str, last_name: str, role: Role, password: str) -> Any:
    """A demo account with ``role`` at ``institution`` (made once; demo password)."""
    user, _ = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": institution.short_name, "last_name": last_name, "password": password},
    )
    Membership.objects.get_or_create(user=user, institution=institution, role=role)
    return user


class Command(BaseCommand):
    help = "Load demo recognition cases (E1-E6 in every state, an appeal, a learner's request)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of new second officers")

    def handle(self, *args: Any, **options: Any) -> None:
        institutions = {i.slug: i for i in Institution.objects.all()}
        missing = {host for _n, host, _a, _s in PLAN} - set(institutions)
        if missing:
            raise CommandError(f"institutions {', '.join(sorted(missing))} are missing: run load_demo first")
        users = get_user_model().objects
        password = make_password(options["password"])
        self._agreements(institutions, password)
        made = 0
        for name, host, applicant_name, state in PLAN:
            reference = f"DEMO-{name.split('-')[0]}"
            if RecognitionCase.objects.filter(reference=reference).exists():
                self.stdout.write(f"{reference}: exists, left as it is")
                continue
            officer = self._officer(institutions[host], password, second=False)
            applicant = users.filter(username=applicant_name).first()
            try:
                with transaction.atomic():
                    self._case(name, reference, institutions[host], officer, applicant, state, password)
            except MicrocredError as exc:
                raise CommandError(f"{reference}: {exc}") from None
            made += 1
            self.stdout.write(f"{reference}: {state} at {host}")
        made += self._request(institutions, users)
        self.stdout.write(
            self.style.SUCCESS(f"{made} demo case(s) created; see /recognition/ and /recognition/precedents/")
        )

    def _agreements(self, institutions: dict[str, Institution], password: str) -> None:
        for row in agreement_services.recognition_agreements_sync():
            self.stdout.write(f"{row.ref}: loaded")
        plan: tuple[tuple[Any, str, str], ...] = (
            (AGREEMENTS / "UEH-UNISI.v1.json", "ueh", "unisi"),
            (AGREEMENTS / "UEH-UNISI.v2.json", "ueh", "unisi"),
            (NEU_UEH, "neu", "ueh"),
            # an institutional policy: proposed by NUOL's administrator, approved by another (four eyes)
            (NUOL_ELECTIVES, "nuol", "nuol:2"),
        )
        for source, proposer, approver in plan:
            document = source if isinstance(source, dict) else json.loads(source.read_text("utf-8"))
            ref = f"{document['agreement_id']}@{document['version']}"
            if Agreement.objects.filter(
                agreement_id=document["agreement_id"], version=document["version"]
            ).exists():
                self.stdout.write(f"{ref}: exists, left as it is")
                continue
            approver, _, nth = approver.partition(":")
            if not {proposer, approver} <= set(institutions):
                self.stdout.write(f"{ref}: skipped (institutions missing)")
                continue
            try:
                with transaction.atomic():
                    proposal = agreement_services.proposal_of_document(
                        {"governance": {"editors": ["demo"]}, **document, "status": "draft"}
                    )
                    row = agreement_services.agreement_propose(
                        by=self._admin(institutions[proposer], password), proposal=proposal
                    )
                    agreement_services.agreement_approve(
                        agreement=row, by=self._admin(institutions[approver], password, second=bool(nth))
                    )
            except MicrocredError as exc:
                raise CommandError(f"{ref}: {exc}") from None
            self.stdout.write(f"{row.ref}: active ({proposer} proposed, {approver} approved)")

    def _admin(self, institution: Institution, password: str, *, second: bool = False) -> Any:
        username = f"{institution.slug}-admin" + ("-2" if second else "")
        return _member(institution, username, "Administrator", Role.INSTITUTION_ADMIN, password)

    def _officer(self, institution: Institution, password: str, *, second: bool) -> Any:
        username = f"{institution.slug}-recognition" + ("-2" if second else "")
        return _member(institution, username, "Recognition officer", Role.RECOGNITION_OFFICER, password)

    def _case(
        self,
        name: str,
        reference: str,
        host: Institution,
        officer: Any,
        applicant: Any,
        state: str,
        password: str,
    ) -> None:
        update: dict[str, Any] = {"case_id": reference}
        if state == "answered":  # the information deadline counts from the decision date: today
            update["decision_date"] = timezone.localdate()
        doc = load_case_doc(CASES / f"{name}.json").model_copy(update=update)
        case = recognition_case_import(
            by=officer, host=host, document=doc.model_dump(mode="json", by_alias=True), applicant=applicant
        )
        if state == "under_review":
            return
        case = recognition_case_propose(case=case, by=officer)
        if state == "proposed":
            return
        if state == "answered":
            if applicant is not None and case.status == "information_requested":
                recognition_information_answer(case=case, by=applicant, replies=ANSWER)
            return
        case = recognition_case_decide(case=case, by=officer, confirm=True)
        if case.pending_signature is not None:
            second = self._officer(host, password, second=True)
            case = recognition_case_approve(case=case, by=second)
        if InstitutionKey.objects.filter(institution=host, retired_at__isnull=True).exists():
            case = recognition_decision_issue(case=case, by=officer)
        if state == "appealed" and applicant is not None:
            recognition_appeal_lodge(case=case, by=applicant, grounds=APPEAL)

    def _request(self, institutions: dict[str, Institution], users: Any) -> int:
        """learner-souksavanh asks MU to recognise a published Lao micro-credential (register entry)."""
        learner = users.filter(username="learner-souksavanh").first()
        version = (
            MicroCredentialVersion.objects.filter(
                status=Status.PUBLISHED, micro_credential__institution__slug__in=["nuol", "lbi", "cu"]
            )
            .order_by("micro_credential__code", "version")
            .first()
        )
        if learner is None or version is None or "muni" not in institutions:
            self.stdout.write("learner request: skipped (no learner or no published Lao micro-credential)")
            return 0
        if RecognitionCase.objects.filter(applicant=learner, status="requested").exists():
            self.stdout.write("learner request: exists, left as it is")
            return 0
        recognition_request_create(
            applicant=learner,
            host=institutions["muni"],
            purpose="ELECTIVE_CREDIT",
            target_title="Free elective, Bachelor in Economics",
            register_version=version,
            note="I completed this course at my home university before my exchange semester.",
            language="lo",
        )
        self.stdout.write(f"learner request: {version.micro_credential.code} at muni")
        return 1
