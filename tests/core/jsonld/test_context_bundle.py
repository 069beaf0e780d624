"""The offline context bundle: every URL served, pinned hashes checked, no network ever."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest

from microcred.jsonld import ContextIntegrityError, UnknownContextError, known_context_urls, load_context
from microcred.jsonld.context import initial_context
from microcred.jsonld.loader import check_bytes

REQUIRED = {
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/2018/credentials/v1",
    "https://www.w3.org/ns/credentials/examples/v2",
    "https://www.w3.org/ns/credentials/undefined-terms/v2",
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://www.w3.org/ns/did/v1",
    "https://www.w3.org/ns/credentials/status/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    "http://data.europa.eu/snb/model/context/edc-ap",
    "https://w3id.org/security/suites/ed25519-2020/v1",
}


def _manifest() -> dict[str, dict[str, str]]:
    text = resources.files("microcred.jsonld").joinpath("contexts/manifest.json").read_text(encoding="utf-8")
    manifest: dict[str, dict[str, str]] = json.loads(text)
    return manifest


def test_it_serves_every_context_the_platform_needs() -> None:
    assert known_context_urls() >= REQUIRED


def test_every_manifest_entry_names_its_source_licence_and_hash() -> None:
    for url, entry in _manifest().items():
        assert entry["source"] and entry["licence"], url
        data = resources.files("microcred.jsonld").joinpath("contexts").joinpath(entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], url


@pytest.mark.parametrize("url", sorted(REQUIRED))
def test_it_loads_each_context_as_a_context_document(url: str) -> None:
    assert "@context" in load_context(url)


def test_it_returns_a_copy_that_callers_may_change() -> None:
    first = load_context("https://www.w3.org/ns/credentials/v2")
    first["@context"] = None
    assert load_context("https://www.w3.org/ns/credentials/v2")["@context"] is not None


def test_it_names_an_unknown_context_url() -> None:
    with pytest.raises(UnknownContextError) as caught:
        load_context("https://example.org/not-bundled/v1")
    assert caught.value.where == "https://example.org/not-bundled/v1"
    assert "never fetched" in str(caught.value)


def test_it_refuses_context_bytes_that_do_not_match_the_pinned_hash() -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    entry = _manifest()[url]
    data = resources.files("microcred.jsonld").joinpath("contexts").joinpath(entry["file"]).read_bytes()
    assert check_bytes(url, data)["@context"]
    tampered = data.replace(b"https://www.w3.org/2018/credentials#", b"https://evil.example/credentials#", 1)
    with pytest.raises(ContextIntegrityError, match="sha256") as caught:
        check_bytes(url, tampered)
    assert caught.value.where == url


def test_the_ob_context_json_alias_is_the_ob_3_0_0_context() -> None:
    old = load_context("https://purl.imsglobal.org/spec/ob/v3p0/context.json")["@context"]
    assert "awardedDate" not in old
    assert (
        "awardedDate"
        in load_context("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")["@context"]
    )


@pytest.mark.parametrize("url", sorted(known_context_urls()))
def test_each_bundled_context_processes_with_all_its_scoped_contexts_checked(url: str) -> None:
    # Context processing checks every scoped context when its term is defined (JSON-LD 1.1
    # API §4.2.2 step 21), so a bundled context with a broken scoped context fails here.
    context = initial_context().with_local(url, None)
    assert context.terms or context.vocab
