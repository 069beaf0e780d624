"""What one ``POST /vc-api/credentials/verify`` costs in queries (issue 12 "Fast": the trust
registry was rebuilt from the database on every request, about ten queries; ADR 1231), and that the
registry kept between requests still follows every key and institution change at once.

Kept, a verify request makes three queries, whatever the number of institutions and keys: what
the registry is made of (two plain queries, its cache key) and the stamp of the credential's
status list (ADR 1241)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from microcred_web.credentials import services
from tests.web.credentials.conftest import make_institution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verification_counts_batched")]

#: Queries of a verify request once the registry is kept (see the module docstring): the freshness
#: checks of the institutions' and the endorsers' keys (ADR 1231, 1432) and whether the status list
#: changed (ADR 1241). The issuer's name comes with the kept registry (ADR 1241) and the day's
#: verification count of the QA plan (ADR 1502) is written in batches (ADR 1240).
STEADY = 3


def _verify(client: Client, credential: Any) -> tuple[dict[str, Any], int]:
    body = json.dumps({"verifiableCredential": credential})
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/vc-api/credentials/verify", body, content_type="application/json")
    # VC-API: 200 verified, 400 with the problems otherwise
    assert response.status_code in (200, 400), response.content[:500]
    return response.json(), len(queries.captured_queries)


def test_a_verify_request_costs_the_same_few_queries_with_one_institution_or_ten(issued: Any) -> None:
    client, credential = Client(), issued.jws or issued.document
    _verify(client, credential)  # the first request builds the registry
    answer, alone = _verify(client, credential)
    assert answer["verified"] is True
    assert alone == STEADY

    for n in range(9):  # ten institutions of two keys each, as the consortium's demo has
        services.institution_key_rotate(institution=make_institution(f"uni{n}", f"University {n}"))
    _verify(client, credential)  # rebuilt once: the keys changed
    answer, among_ten = _verify(client, credential)
    assert answer["verified"] is True
    assert among_ten == alone == STEADY


def test_a_key_retired_as_compromised_is_seen_by_the_next_verify_request_at_the_same_cost(
    issued: Any, muni: Any, muni_admin: Any
) -> None:
    from microcred_web.credentials.models import InstitutionKey

    client, credential = Client(), issued.jws or issued.document
    _verify(client, credential)
    before, _ = _verify(client, credential)
    assert before["verified"] is True

    key = InstitutionKey.objects.get(institution=muni, retired_at__isnull=True)
    services.institution_key_retire_compromised(
        institution=muni, key=key, compromised_since=key.created_at - timedelta(minutes=1), by=muni_admin
    )
    after, _ = _verify(client, credential)  # the first request after the change rebuilds
    assert after["verified"] is False
    assert after["results"]["key"]["outcome"] == "failed", after
    assert after["results"]["proof"]["outcome"] == "passed"  # the signature itself is fine
    again, queries = _verify(client, credential)
    assert again == after and queries == STEADY  # kept again, still refused


def test_an_institution_renamed_by_a_plain_update_is_named_so_by_the_next_verify_request(
    issued: Any, muni: Any
) -> None:
    """What another process (or the admin) does is a write to the rows: no service, no signal."""
    from microcred_web.institutions.models import Institution

    client, credential = Client(), issued.jws or issued.document
    _verify(client, credential)
    Institution.objects.filter(pk=muni.pk).update(name={"en": "Masaryk University, Brno"})
    answer, _ = _verify(client, credential)
    assert "Masaryk University, Brno" in answer["results"]["trust"]["detail"], answer["results"]["trust"]


def test_among_ten_institutions_the_issuer_is_named_in_the_language_asked_from_the_kept_registry(
    issued: Any, muni: Any
) -> None:
    """ADR 1250: the kept registry's institutions are looked up by DID (indexed once per build);
    the name is still the one ``Institution.display_name`` gives, in the request's language."""
    from microcred_web.institutions.models import Institution

    for n in range(9):
        services.institution_key_rotate(institution=make_institution(f"uni{n}", f"University {n}"))
    Institution.objects.filter(pk=muni.pk).update(name={"en": "Masaryk University", "vi": "Đại học Masaryk"})
    client, credential = Client(), issued.jws or issued.document
    body = json.dumps({"verifiableCredential": credential})
    for language, name in [
        ("vi", "Đại học Masaryk"),
        ("en", "Masaryk University"),
        ("vi", "Đại học Masaryk"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            answer = client.post(
                "/vc-api/credentials/verify",
                body,
                content_type="application/json",
                HTTP_ACCEPT_LANGUAGE=language,
            ).json()
        assert answer["verified"] is True
        summary = answer["results"]["trust"]["summary"]  # the translated sentence names the issuer
        assert name in summary and "University 0" not in summary, (language, answer["results"]["trust"])
    assert len(queries.captured_queries) == STEADY  # named from the kept rows, no query for it
