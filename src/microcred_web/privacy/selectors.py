"""Everything the platform holds about one person, as JSON (GDPR art. 15 and 20; docs/privacy.md).

Secrets are never exported: the password hash, second-factor secrets and recovery codes, session
keys. Signed credentials are exported whole (they are the learner's own)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from microcred_web.credentials.models import IssuedCredential
from microcred_web.pilot.models import Enrolment
from microcred_web.privacy.models import Consent, ConsentState
from microcred_web.recognition.models import RecognitionCase

FORMAT = "microcred-personal-data"
FORMAT_VERSION = "1.1"  # 1.1: each enrolment carries its consent (ADR 1371)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _survey(enrolment: Enrolment) -> dict[str, Any] | None:
    from microcred_web.qa.models import LearnerSurveyResponse

    try:
        r = enrolment.survey_response  # type: ignore[attr-defined]
    except LearnerSurveyResponse.DoesNotExist:
        return None
    return {
        "survey_version": r.survey_version,
        "scores": r.scores,
        "comment": r.comment,
        "updated_at": _iso(r.updated_at),
    }


def _consent(enrolment: Enrolment) -> dict[str, Any] | None:
    consent = getattr(enrolment, "consent", None)
    if consent is None:
        return None
    return {
        "state": consent.state,
        "notice_version": consent.notice_version,
        "answered_at": _iso(consent.answered_at),
    }


def consents_pending_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Consent]:
    """The consents ``user`` has not answered yet (ADR 1371): of the enrolments linked to the
    account, by e-mail at import or by the credential the learner claimed."""
    if not user.is_authenticated:
        return Consent.objects.none()
    return (
        Consent.objects.filter(state=ConsentState.PENDING)
        .filter(Q(enrolment__learner=user) | Q(enrolment__credential__learner=user))
        .select_related("enrolment__offering__version__micro_credential__institution")
        .order_by("pk")
    )


def personal_data_of(user: AbstractBaseUser | AnonymousUser) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    account: dict[str, Any] = {
        "username": user.get_username(),
        "first_name": getattr(user, "first_name", ""),
        "last_name": getattr(user, "last_name", ""),
        "email": getattr(user, "email", ""),
        "date_joined": _iso(getattr(user, "date_joined", None)),
        "last_login": _iso(getattr(user, "last_login", None)),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {"institution": m.institution.slug, "role": str(m.role)}
            for m in user.memberships.select_related("institution").order_by("pk")  # type: ignore[union-attr]
        ],
    }
    credentials = [
        {
            "credential_id": c.credential_id,
            "institution": c.institution.slug,
            "issued_at": _iso(c.issued_at),
            "learner_name": c.learner_name,
            "learner_email": c.learner_email,
            "learner_did": c.learner_did,
            "revoked": c.is_revoked,
            "document": c.document,
            # the copies sent to the learner's wallets (ADR 1360): bound to a wallet's DID
            "wallet_copies": [
                {
                    "credential_id": w.credential_id,
                    "format": w.format,
                    "holder_did": w.holder_did,
                    "issued_at": _iso(w.issued_at),
                    "revoked": w.revoked_at is not None,
                }
                for w in c.wallet_copies.order_by("pk")  # type: ignore[attr-defined]
            ],
        }
        for c in IssuedCredential.objects.filter(learner=user)
        .select_related("institution")
        .prefetch_related("wallet_copies")
        .order_by("pk")
    ]
    enrolments = [
        {
            "institution": e.offering.version.micro_credential.institution.slug,
            "offering": e.offering.pk,
            "external_id": e.external_id,
            "given_names": e.given_names,
            "family_name": e.family_name,
            "full_name": e.full_name,
            "email": e.email,
            "enrolled_at": _iso(e.enrolled_at),
            "grade": e.grade,
            "passed": e.passed,
            "assessed_on": _iso(e.assessed_on),
            "credential_id": e.credential.credential_id if e.credential else None,
            # the learner's own survey answers (ADR 1540)
            "satisfaction_survey": _survey(e),
            "consent": _consent(e),
        }
        for e in Enrolment.objects.filter(learner=user).select_related(
            "offering__version__micro_credential__institution", "credential", "survey_response", "consent"
        )
    ]
    cases = [
        {
            "reference": c.reference,
            "host": c.host.slug,
            "status": c.status,
            "opened_at": _iso(c.created_at),
            "learner_note": c.learner_note,
            "target_request": c.requested.to_json(),
        }
        for c in RecognitionCase.objects.filter(applicant=user).select_related("host").order_by("pk")
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "account": account,
        "credentials": credentials,
        "pilot_enrolments": enrolments,
        "recognition_cases": cases,
    }
