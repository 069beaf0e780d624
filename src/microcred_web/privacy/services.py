"""Erasure of what the platform holds about a learner outside their signed credentials
(GDPR art. 17; Vietnam's Law on Personal Data Protection; docs/privacy.md).

What a signed credential says (the learner's name, the result) cannot be taken out of it without
breaking its signature, and its issuer must be able to revoke it: the issued record and its
document stay, unlinked from the account. Everything else is erased in one transaction:

* the account: names, e-mail addresses, password, second factor (and so every session); the row stays (a
  recognition case keeps its applicant), renamed ``erased-<receipt>`` and deactivated;
* the e-mail address kept beside each issued credential (the credential carries only a salted
  hash of it, ADR 0601);
* pilot enrolments: names and e-mail (the institution's own student number stays, so its records
  still match);
* the comment of their satisfaction survey answers (the scores stay, counted anonymously,
  ADR 1540);
* recognition cases: the learner's free-text note. The case record and its decision stay: an
  institution must keep its decisions (the retention period is the institution's, docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from microcred_web.credentials.models import IssuedCredential
from microcred_web.pilot.models import Enrolment
from microcred_web.privacy.models import (
    NOTICE_VERSION,
    Consent,
    ConsentState,
    ErasureRecord,
    PersonalDataDownload,
)
from microcred_web.recognition.models import RecognitionCase


@transaction.atomic
def personal_data_erase(*, user: AbstractBaseUser) -> ErasureRecord:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    record = ErasureRecord.objects.create()
    credentials = IssuedCredential.objects.filter(learner=user)
    counts: dict[str, Any] = {
        "credentials_kept": credentials.count(),
        "credential_emails": credentials.exclude(learner_email="").update(learner_email=""),
    }
    credentials.update(learner=None)
    enrolments = Enrolment.objects.filter(learner=user)
    erased: list[int] = []
    for enrolment in enrolments:
        _erase_enrolment(enrolment)
        erased.append(enrolment.pk)
    counts["enrolments"] = len(erased)
    from microcred_web.qa.models import LearnerSurveyResponse

    answered = LearnerSurveyResponse.objects.filter(enrolment__in=erased)
    counts["survey_comments"] = answered.exclude(comment="").update(comment="")
    cases = RecognitionCase.objects.filter(applicant=user)
    counts["recognition_notes"] = cases.exclude(learner_note="").update(learner_note="")
    counts["recognition_cases_kept"] = cases.count()
    counts["email_addresses"] = EmailAddress.objects.filter(user=user).delete()[0]
    counts["second_factors"] = Authenticator.objects.filter(user=user).delete()[0]
    # A new (unusable) password changes the session hash: every session of the account, on any
    # device, is signed out at its next request (django.contrib.auth, session verification).
    fields = {"first_name": "", "last_name": "", "email": "", "is_active": False}
    for name, value in fields.items():
        setattr(user, name, value)
    user.username = f"erased-{record.receipt.hex[:16]}"  # type: ignore[attr-defined]
    user.set_unusable_password()
    user.save()
    counts["account"] = 1
    record.counts = counts
    record.save(update_fields=["counts"])
    return record


def consent_record(*, enrolment: Enrolment, by: Any) -> Consent:
    """The registrar's word that the learner of ``enrolment`` was handed the privacy notice: kept
    as who recorded it, while the consent stays *pending* until the learner answers on the
    platform (ADR 1371; GDPR art. 7(1): the learner's own consent is what can be shown)."""
    consent, _ = Consent.objects.get_or_create(
        enrolment=enrolment, defaults={"notice_version": NOTICE_VERSION, "recorded_by": by}
    )
    if consent.recorded_by_id is None and by is not None:
        consent.recorded_by = by
        consent.save(update_fields=["recorded_by"])
    return consent


def consents_pending_create(*, enrolments: Iterable[Enrolment]) -> int:
    """A *pending* consent for each enrolment that has none yet (an enrolment from the form, a
    results file or the results API: the learner has not seen the notice here). Returns how many."""
    ids = [e.pk for e in enrolments]
    have = set(Consent.objects.filter(enrolment_id__in=ids).values_list("enrolment_id", flat=True))
    created = Consent.objects.bulk_create(
        [Consent(enrolment_id=pk, notice_version=NOTICE_VERSION) for pk in ids if pk not in have]
    )
    return len(created)


@transaction.atomic
def consent_answer(*, user: Any, agree: bool) -> dict[str, int]:
    """The learner's own answer to the notice, for every consent of theirs still pending
    (ADR 1371). Agreeing marks them *given* with today's notice version. Refusing marks them
    *refused* and erases the names and e-mail of those enrolments at once, as an erasure does
    (docs/privacy.md, "Without consent"): no credential is issued from them any more; credentials
    already issued stay valid and in the account. Returns counts."""
    from microcred_web.privacy.selectors import consents_pending_for

    pending = list(consents_pending_for(user).select_for_update(of=("self",)))
    now = timezone.now()
    state = ConsentState.GIVEN if agree else ConsentState.REFUSED
    for consent in pending:
        consent.state, consent.answered_at, consent.notice_version = state, now, NOTICE_VERSION
        consent.save(update_fields=["state", "answered_at", "notice_version"])
    erased = 0
    if not agree:
        for consent in pending:
            _erase_enrolment(consent.enrolment)
            erased += 1
    return {"answered": len(pending), "enrolments_erased": erased}


@transaction.atomic
def retention_apply(*, now: datetime, enrolment_days: int, erasure_record_days: int) -> dict[str, int]:
    """Apply the retention periods (settings ``MICROCRED_RETENTION_*``, docs/privacy.md): erase the
    names and e-mail of pilot enrolments older than ``enrolment_days`` that never led to a
    credential, and delete erasure receipts and download records older than
    ``erasure_record_days``. Returns counts."""
    stale = Enrolment.objects.filter(
        credential__isnull=True, enrolled_at__lt=now - timedelta(days=enrolment_days)
    ).exclude(email__endswith="@erased.invalid")
    erased = 0
    for enrolment in stale:
        _erase_enrolment(enrolment)
        erased += 1
    receipts = ErasureRecord.objects.filter(
        requested_at__lt=now - timedelta(days=erasure_record_days)
    ).delete()[0]
    downloads = PersonalDataDownload.objects.filter(
        downloaded_at__lt=now - timedelta(days=erasure_record_days)
    ).delete()[0]
    return {"enrolments": erased, "erasure_records": receipts, "downloads": downloads}


def _erase_enrolment(enrolment: Enrolment) -> None:
    enrolment.given_names = enrolment.family_name = ""
    enrolment.full_name = "-"
    enrolment.email = f"erased-{enrolment.pk}@erased.invalid"  # RFC 2606 reserved name
    enrolment.learner = None
    enrolment.save(update_fields=["given_names", "family_name", "full_name", "email", "learner"])
