from __future__ import annotations

import json

import pytest
from django.test import Client

from microcred_web.credentials import services
from microcred_web.credentials.identity import institution_did
from microcred_web.institutions.models import Institution

pytestmark = pytest.mark.django_db


def test_the_did_document_is_a_did_web_document_built_from_the_public_base_url(muni: Institution) -> None:
    response = Client().get("/institutions/muni/did.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/did+json")
    doc = json.loads(response.content)
    assert doc["id"] == "did:web:micro4asia.example.org:institutions:muni"
    assert doc["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    [method] = doc["verificationMethod"]
    assert method["type"] == "Multikey"
    assert method["controller"] == doc["id"]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert method["id"] == f"{doc['id']}#{method['publicKeyMultibase']}"
    assert doc["assertionMethod"] == [method["id"]]


def test_the_did_document_has_cache_headers_and_answers_304_to_its_etag(muni: Institution) -> None:
    first = Client().get("/institutions/muni/did.json")
    assert "max-age" in first["Cache-Control"]
    again = Client().get("/institutions/muni/did.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_rotation_keeps_the_old_key_for_assertions_but_not_for_authentication(muni: Institution) -> None:
    old = muni.signing_keys.get()
    new = services.institution_key_rotate(institution=muni)

    doc = json.loads(Client().get("/institutions/muni/did.json").content)
    ids = [m["publicKeyMultibase"] for m in doc["verificationMethod"]]
    assert ids == [old.public_key_multibase, new.public_key_multibase]
    assert len(doc["assertionMethod"]) == 2
    assert doc["authentication"] == [f"{doc['id']}#{new.public_key_multibase}"]
    old.refresh_from_db()
    assert old.retired_at is not None


def test_an_institution_without_keys_has_no_did_document(db: None) -> None:
    from tests.web.credentials.conftest import make_institution

    make_institution("ihf", "IHF", with_key=False)
    assert Client().get("/institutions/ihf/did.json").status_code == 404


def test_a_port_and_a_path_in_the_base_url_are_encoded_as_did_web_requires(settings: object) -> None:
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"  # type: ignore[attr-defined]
    assert institution_did("muni") == "did:web:127.0.0.1%3A8000:institutions:muni"
    settings.PUBLIC_BASE_URL = "https://example.org/microcred/"  # type: ignore[attr-defined]
    assert institution_did("muni") == "did:web:example.org:microcred:institutions:muni"
