"""Load the pilot at scale (issue 11 item 6; ADR 1122): the offerings of
``examples/pilot/demo/offerings.json`` at the ten partners, their learners registered and their
results imported through the real import service, credentials issued by bulk runs through the
real bulk service and task, some of them in learners' accounts (claimed).

Run after ``load_demo`` (institutions, staff, published micro-credentials) and
``demo_credentials`` (signing keys)::

    python manage.py demo_pilot

The pilot is replayed on its calendar: each step runs with the platform's clock
(``django.utils.timezone.now``) set to the day it would have happened — registration before the
term, results after it, the bulk run a few days later — never later than the real time. So every
record agrees with every other: enrolment times, the import's "today", the credential's signed
``validFrom`` and the batch's times, and the dashboard's weeks show a pilot that ran for months.

No worker is started: each batch's task is taken from the queue and run in this process by the
code a ``db_worker`` runs (``django_tasks_db``'s ``Worker.run_task``), or, on another queue, by
calling the task itself. Idempotent: an offering that exists is not created again, a step that
is done (learners registered, results in, a batch) is not done again; a batch left unfinished is
finished.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from microcred_web.accounts.models import Membership, Role
from microcred_web.bulk import services as bulk
from microcred_web.bulk.models import Batch, ItemState
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.models import InstitutionKey, IssuedCredential
from microcred_web.notifications.services import mail_suppressed
from microcred_web.pilot import selectors, services
from microcred_web.pilot.models import Enrolment, Offering

DEMO_PASSWORD = "micro4asia-demo"  # noqa: S105 - the published local demo password of load_demo
PLAN = Path(settings.BASE_DIR) / "examples" / "pilot" / "demo" / "offerings.json"
WORKER_ID = "demo_pilot"


@contextmanager
def platform_clock(at: datetime) -> Iterator[None]:
    """Run the block as if it were ``at`` (never later than now): ``timezone.now`` starts there
    and runs at the real pace."""
    real_now = timezone.now
    start = real_now()
    offset = min(at, start) - start

    def shifted() -> datetime:
        return real_now() + offset

    with mock.patch.object(timezone, "now", new=shifted):
        yield


def _day(text: str, hour: int) -> datetime:
    return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def run_batch_in_process(batch: Batch) -> None:
    """Work the batch now, in this process, by the code a worker runs: on the database queue the
    enqueued task is claimed and run by ``django_tasks_db``'s worker code (so the queue records it
    as done, and a ``db_worker`` started later finds nothing left); on another queue the task is
    called (``batch_process`` is safe to run twice, ADR 1101)."""
    from microcred_web.bulk.tasks import process_batch

    batch.refresh_from_db()
    if settings.MICROCRED_TASKS_BACKEND == "database" and batch.task_id:
        from django_tasks_db.management.commands.db_worker import Worker
        from django_tasks_db.models import DBTaskResult

        # every task enqueued for the batch (one per worker meant to share it, ADR 1230)
        for queued in DBTaskResult.objects.filter(
            status="READY", task_path=process_batch.module_path, args_kwargs__args=[str(batch.uuid)]
        ):
            queued.claim(WORKER_ID)
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=1,
                worker_id=WORKER_ID,
                excluded_queue_names=[],
            ).run_task(queued)
    if batch.items.filter(state__in=(ItemState.PENDING, ItemState.ISSUING)).exists():
        process_batch.call(str(batch.uuid))


class Command(BaseCommand):
    help = "Load the pilot at scale: offerings, learners, results, bulk runs, claimed credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=Path, default=PLAN)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        plan_path: Path = options["plan"]
        try:
            plan = json.loads(plan_path.read_text("utf-8"))["offerings"]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"{plan_path}: cannot read the pilot plan: {exc}") from None
        self._password = make_password(DEMO_PASSWORD)  # hashed once for every new account
        done = [self._offering(entry, plan_path.parent) for entry in plan]
        self._report([o for o in done if o is not None], time.perf_counter() - started)

    # --- one offering --------------------------------------------------------------------
    def _offering(self, entry: dict[str, Any], folder: Path) -> Offering | None:
        slug = entry["institution"]
        version = MicroCredentialVersion.objects.filter(
            micro_credential__institution__slug=slug,
            micro_credential__code=entry["code"],
            status=Status.PUBLISHED,
        ).first()
        registrar = get_user_model().objects.filter(username=f"{slug}-registrar").first()
        if version is None or registrar is None:
            raise CommandError(
                f"{entry['code']}: no published version or no {slug}-registrar: run `manage.py load_demo` first"
            )
        offering = Offering.objects.filter(version=version, term=entry["term"]).first()
        if offering is None:
            with platform_clock(_day(entry["registered"], 8)):
                offering = services.offering_create(
                    version=version,
                    by=registrar,
                    term=entry["term"],
                    starts_on=date.fromisoformat(entry["starts_on"]),
                    ends_on=date.fromisoformat(entry["ends_on"]),
                    mode=entry["mode"],
                    language=entry["language"],
                    capacity=entry["capacity"],
                    place=entry["place"],
                )
        if not offering.enrolments.exists():
            data = (folder / entry["enrolment_file"]).read_bytes()
            self._accounts(offering, data, set(entry.get("accounts", [])))
            with platform_clock(_day(entry["registered"], 10)):
                self._import(offering, registrar, data, entry["enrolment_file"])
        if entry.get("results_file") and not offering.enrolments.filter(result_at__isnull=False).exists():
            with platform_clock(_day(entry["results"], 10)):
                self._import(
                    offering, registrar, (folder / entry["results_file"]).read_bytes(), entry["results_file"]
                )
        if entry.get("issue"):
            self._issue(offering, registrar, _day(entry["issue"], 9))
        return offering

    def _import(self, offering: Offering, registrar: Any, data: bytes, filename: str) -> None:
        """Preview, then commit: the registrar's two steps on the import page."""
        preview = services.results_preview(offering=offering, by=registrar, data=data, filename=filename)
        if not preview.ok:
            codes = ", ".join(f"row {p.row} {p.column}: {p.code}" for p in preview.problems[:5])
            raise CommandError(f"{filename}: the import refused the file: {codes}")
        services.results_commit(result_import=preview.result_import, by=registrar)

    def _accounts(self, offering: Offering, data: bytes, wanted: set[str]) -> None:
        """Accounts for the learners of the plan's ``accounts`` (they signed up on the platform),
        unless one with their e-mail exists (the demo learners of ``load_demo``): a credential
        issued to their proved e-mail goes into their account — claimed
        (``credentials.services.credential_issue``)."""
        users = get_user_model().objects
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        institution = offering.version.micro_credential.institution
        with transaction.atomic():
            for row in rows:
                if row["external_id"] not in wanted or users.filter(email__iexact=row["email"]).exists():
                    continue
                user = users.create(
                    username=f"pilot-{row['external_id'].lower()}",
                    email=row["email"],
                    first_name=row["given_names"][:150],
                    last_name=row["family_name"][:150],
                    password=self._password,
                )
                Membership.objects.create(user=user, institution=institution, role=Role.LEARNER)
                # they answered the sign-up's confirmation mail: a proved address receives its
                # credentials at issue (ADR 1110's addendum)
                EmailAddress.objects.create(user=user, email=row["email"], verified=True, primary=True)

    def _issue(self, offering: Offering, registrar: Any, at: datetime) -> None:
        """One bulk run for the offering's ready learners (passed, identity check enough): the
        registrar's "issue the ready learners" on the cohort page, then the queue's task."""
        institution = offering.version.micro_credential.institution
        if not InstitutionKey.objects.filter(institution=institution, retired_at__isnull=True).exists():
            raise CommandError(
                f"{institution.slug} has no signing key: run `manage.py demo_credentials` first"
            )
        with platform_clock(at):
            batch = Batch.objects.filter(offering=offering).order_by("pk").first()
            if batch is None:
                ready = selectors.eligible_for_credential(offering)
                if not ready:
                    return
                batch = bulk.start_batch(
                    version=offering.version,
                    items=[bulk.BulkLearner(**e.as_item()) for e in ready],
                    by=registrar,
                    offering=offering,
                )
            # the demo's learners are not written to (hundreds of console mails); the claim mail
            # shows when a newcomer issues the offering left ready (README, the pilot)
            with mail_suppressed():
                run_batch_in_process(batch)

    # --- the report ----------------------------------------------------------------------
    def _report(self, offerings: list[Offering], seconds: float) -> None:
        summary = selectors.pilot_summary()
        batches = Batch.objects.filter(offering__in=offerings, finished_at__isnull=False)
        credentials = IssuedCredential.objects.filter(batch_item__batch__in=batches)
        learners = Enrolment.objects.filter(offering__in=offerings)
        institutions = learners.values("offering__version__micro_credential__institution").distinct().count()
        self.stdout.write(
            f"Pilot: {learners.count()} learners in {len(offerings)} offerings at {institutions} institutions "
            f"({summary['total']['enrolled']} in all of the pilot, target {summary['target']}); "
            f"{credentials.count()} credentials from {batches.count()} finished bulk runs, "
            f"{credentials.filter(learner__isnull=False).count()} claimed; {seconds:.1f} s. "
            "Dashboard: /pilot/dashboard/"
        )
