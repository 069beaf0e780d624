"""Employer key rotation (issue 14; ADR 1462, the rules of ADR 0204 for an organisation's key):
old endorsements verify with the old key, new ones use the new key, a compromised key's later
signatures fail, and only the organisation's members or a consortium administrator act."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred.issuance import issue_credential
from microcred.verification import inspect
from microcred_web.credentials.identity import use_key_provider
from microcred_web.credentials.trust import local_status_list, trust_registry
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.institutions.models import Institution
from microcred_web.skills import endorsements
from microcred_web.skills.models import Employer, EmployerKey
from tests.web.pilot.conftest import client_of, make_user, publish

pytestmark = pytest.mark.db
BASE = "https://micro4asia.example.org"


@pytest.fixture(autouse=True)
def _keys(settings: Any) -> Iterator[None]:
    settings.PUBLIC_BASE_URL = BASE
    use_key_provider(InMemoryKeyProvider())
    yield
    use_key_provider(None)


def _valid(document: dict[str, Any]) -> bool:
    return inspect(document, trust=trust_registry(), status=local_status_list).valid


def test_after_a_rotation_old_endorsements_verify_with_the_old_key_and_new_ones_use_the_new(
    employer: Employer, member: Any, neu: Institution
) -> None:
    old = endorsements.endorsement_create(
        employer=employer, version=publish(neu, "neu-python-for-finance.json"), by=member
    )
    first = EmployerKey.objects.get(employer=employer)
    new_key = endorsements.employer_key_rotate(employer=employer, by=member)
    first.refresh_from_db()
    assert first.retired_at is not None and new_key.retired_at is None
    did = client_of(member).get(f"/organisations/{employer.slug}/did.json").json()
    assert {m["publicKeyMultibase"] for m in did["verificationMethod"]} == {
        first.public_key_multibase,
        new_key.public_key_multibase,
    }
    new = endorsements.endorsement_create(
        employer=employer, version=publish(neu, "ueh-business-analytics-sql.json"), by=member
    )
    assert new.document["proof"]["verificationMethod"].endswith(new_key.public_key_multibase)
    assert old.document["proof"]["verificationMethod"].endswith(first.public_key_multibase)
    assert _valid(old.document) and _valid(new.document)
    # the revocation list was signed again with the new key: a withdrawal still works
    endorsements.endorsement_revoke(endorsement=old, by=member)
    assert inspect(old.document, trust=trust_registry(), status=local_status_list).check("status").code == (
        "status.revoked"
    )


def test_a_compromised_keys_later_signatures_fail_and_the_honest_ones_are_signed_again(
    employer: Employer, member: Any, neu: Institution
) -> None:
    early = endorsements.endorsement_create(
        employer=employer,
        version=publish(neu, "neu-python-for-finance.json"),
        by=member,
        now=timezone.now() - timedelta(days=2),
    )
    key = EmployerKey.objects.get(employer=employer)
    moment = timezone.now() - timedelta(days=1)
    # what a thief with the key signs after the moment (the platform has no record of it)
    stolen = json.loads(json.dumps({k: v for k, v in early.document.items() if k != "proof"}))
    stolen["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
    forged = issue_credential(stolen, signer=endorsements._signer(employer), suite=endorsements.SUITE)
    stolen["id"] = "urn:uuid:00000000-0000-4000-8000-000000000002"
    backdated = issue_credential(
        stolen,
        signer=endorsements._signer(employer),
        suite=endorsements.SUITE,
        created=moment - timedelta(hours=1),
    )
    recent = endorsements.endorsement_create(
        employer=employer, version=publish(neu, "ueh-business-analytics-sql.json"), by=member
    )
    old_recent = json.loads(json.dumps(recent.document))
    key, again = endorsements.employer_key_retire_compromised(
        employer=employer, key=key, compromised_since=moment, by=member
    )
    assert key.compromised_since == moment and key.retired_at is not None and again == 1
    assert inspect(forged, trust=trust_registry()).check("key").code == "key.revoked"
    assert inspect(old_recent, trust=trust_registry()).check("key").code == "key.revoked"
    recent.refresh_from_db()
    assert recent.document["id"] == old_recent["id"] and _valid(recent.document)
    assert _valid(early.document) and inspect_credential(early.document).verdict == "valid"
    # a thief's signature backdated before the moment passes offline, not on the platform
    assert inspect(backdated, trust=trust_registry()).check("key").passed
    with translation.override("en"):  # the words are checked in English, whatever ran before
        on_platform = inspect_credential(backdated)
    assert on_platform.verdict == "invalid" and "has no record" in on_platform.check("key").summary  # type: ignore[union-attr]
    did = client_of(member).get(f"/organisations/{employer.slug}/did.json").json()
    marked = [m for m in did["verificationMethod"] if m["publicKeyMultibase"] == key.public_key_multibase]
    assert marked[0]["revoked"].startswith(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"))


def test_only_members_or_a_consortium_administrator_manage_the_key_and_bad_moments_are_refused(
    employer: Employer, member: Any, neu: Institution
) -> None:
    endorsements.endorsement_create(
        employer=employer, version=publish(neu, "neu-python-for-finance.json"), by=member
    )
    key = EmployerKey.objects.get(employer=employer)
    designer = make_user("neu-designer", neu, "course_designer")
    with pytest.raises(PermissionDenied):
        endorsements.employer_key_rotate(employer=employer, by=designer)
    other = Employer.objects.create(name="Other", slug="other", country="LA")
    with pytest.raises(PermissionDenied):
        endorsements.employer_key_rotate(employer=other, by=member)
    admin = get_user_model().objects.create_superuser("consortium", "c@example.org", "pw")
    assert endorsements.employer_key_rotate(employer=employer, by=admin).retired_at is None
    for moment, code in (
        (timezone.now() + timedelta(days=1), "compromised_moment"),
        (datetime(2026, 1, 1), "compromised_moment"),  # noqa: DTZ001 - a moment without its zone, refused
    ):
        with pytest.raises(endorsements.EndorsementError) as caught:
            endorsements.employer_key_retire_compromised(
                employer=employer, key=key, compromised_since=moment, by=member
            )
        assert caught.value.code == code
    early = timezone.now() - timedelta(days=3)
    endorsements.employer_key_retire_compromised(
        employer=employer, key=key, compromised_since=early, by=member
    )
    with pytest.raises(endorsements.EndorsementError) as caught:
        endorsements.employer_key_retire_compromised(
            employer=employer, key=key, compromised_since=early + timedelta(hours=1), by=member
        )
    assert caught.value.code == "compromised_later"
    # through the page: malformed, foreign or forged posts never fail with a 500
    client = client_of(member)
    url = reverse("employers:key_compromised", kwargs={"slug": employer.slug})
    assert (
        client.post(url, {"key": "z6Mk-not-ours", "compromised_since": "2026-01-01T00:00"}).status_code == 404
    )
    page = client.post(url, {"key": key.public_key_multibase, "compromised_since": "yesterday"}, follow=True)
    assert page.status_code == 200 and "date and time that has passed" in page.content.decode()
    assert (
        client_of(designer).post(reverse("employers:key_rotate", kwargs={"slug": employer.slug})).status_code
        == 403
    )
    assert client.post(reverse("employers:key_rotate", kwargs={"slug": employer.slug})).status_code == 302
    assert EmployerKey.objects.filter(employer=employer, retired_at__isnull=True).count() == 1
