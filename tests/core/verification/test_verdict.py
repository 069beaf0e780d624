"""The three-way verdict (ADR 0606): valid, invalid, or "could not confirm"; unknown is never
valid. Every check carries a stable machine code and params."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

import pytest

from microcred.trust import TrustRegistry
from microcred.verification import HolderEvidence, VerificationUnconfirmed, inspect, verify
from tests.core.ob3.conftest import SALT
from tests.core.verification.conftest import NOW, self_issued, signed, status_list, unsigned, with_status

CODE = re.compile(r"^(format|proof|key|trust|status|validity|holder)\.[a-z_]+$")


def test_a_credential_without_a_status_entry_is_valid_with_a_plain_note(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    report = inspect(signed_di, trust=trust, now=NOW)
    status = report.check("status")
    assert status.passed and status.code == "status.no_entry"
    assert "the issuer gave no way to revoke" in status.reason
    assert report.verdict == "valid" and report.valid
    assert report.as_dict()["verdict"] == "valid"


def test_a_holder_check_not_asked_for_leaves_the_credential_valid(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    report = inspect(signed_di, trust=trust, now=NOW)
    assert report.check("holder").code == "holder.no_evidence"
    assert report.verdict == "valid"


def test_a_failed_holder_check_makes_the_verdict_invalid(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    evidence = HolderEvidence(email="impostor@example.org", salt=SALT)
    report = inspect(signed_di, trust=trust, holder=evidence, now=NOW)
    assert report.check("holder").code == "holder.mismatch"
    assert report.verdict == "invalid"
    assert report.credential_verdict == "valid"  # the credential itself is genuine


def test_our_own_problem_types_are_kebab_case_like_the_web_layers(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    from microcred_web.credentials.errors import problem_type

    evidence = HolderEvidence(email="impostor@example.org", salt=SALT)
    [holder] = inspect(signed_di, trust=trust, holder=evidence, now=NOW).problem_details()
    assert holder["type"] == "urn:microcred:problem:holder-not-confirmed"
    assert holder["type"] == problem_type("HOLDER_NOT_CONFIRMED")
    outsider = inspect(self_issued(), trust=trust, now=NOW)
    assert outsider.problem_details() == []
    [untrusted] = outsider.problem_details(require_trusted=True)
    assert untrusted["type"] == "urn:microcred:problem:untrusted-issuer"
    assert untrusted["type"] == problem_type("UNTRUSTED_ISSUER")


def test_a_holder_check_asked_for_that_cannot_run_is_could_not_confirm(trust: TrustRegistry) -> None:
    document = unsigned()
    document["credentialSubject"]["identifier"] = [
        i for i in document["credentialSubject"]["identifier"] if i["identityType"] != "emailAddress"
    ]
    report = inspect(
        signed("eddsa-jcs-2022", document), trust=trust, holder=HolderEvidence(email="a@b.c"), now=NOW
    )
    assert report.check("holder").code == "holder.no_email_identity"
    assert report.verdict == "unconfirmed"


def test_a_status_entry_of_a_type_we_cannot_read_is_could_not_confirm(trust: TrustRegistry) -> None:
    document = unsigned()
    document["credentialStatus"] = {"id": "https://status.example/1#3", "type": "SomeOtherStatusEntry"}
    report = inspect(signed("eddsa-jcs-2022", document), trust=trust, status=lambda url: {}, now=NOW)
    assert report.check("status").code == "status.unsupported_type"
    assert report.check("status").params == {"type": "SomeOtherStatusEntry"}
    assert report.verdict == "unconfirmed"
    [problem] = report.problem_details()
    assert problem["type"].endswith("#STATUS_RETRIEVAL_ERROR")


def test_a_status_list_that_cannot_be_fetched_is_could_not_confirm(trust: TrustRegistry) -> None:
    def offline(url: str) -> dict[str, Any]:
        raise LookupError(f"no list {url}")

    report = inspect(with_status(), trust=trust, status=offline, now=NOW)
    assert report.check("status").code == "status.list_unavailable"
    assert report.verdict == "unconfirmed"
    with pytest.raises(VerificationUnconfirmed):
        verify(with_status(), trust=trust, status=offline, now=NOW)


def test_a_status_list_of_someone_else_makes_the_credential_invalid(trust: TrustRegistry) -> None:
    listing = copy.deepcopy(status_list("revocation", set_index=None))
    listing["issuer"] = "did:web:elsewhere.example"
    report = inspect(with_status(), trust=trust, status=lambda url: listing, now=NOW)
    assert report.check("status").failed and report.verdict == "invalid"


def test_a_key_the_issuers_document_does_not_list_is_invalid(signed_di: dict[str, Any]) -> None:
    # the demo registry has the same DID for Masaryk University, with another key
    report = inspect(signed_di, trust=TrustRegistry.demo(), now=NOW)
    assert report.check("key").code == "key.not_authorised"
    assert report.verdict == "invalid"


def test_a_key_nobody_here_can_resolve_is_could_not_confirm(signed_di: dict[str, Any]) -> None:
    report = inspect(signed_di, now=NOW)  # no registry: did:web cannot be resolved offline
    assert report.check("key").code == "key.unresolvable"
    assert report.check("proof").code == "proof.not_checked_no_key"
    assert report.verdict == "unconfirmed"
    titles = sorted(p["title"] for p in report.problem_details())
    assert titles == ["key check: key.unresolvable", "proof check: proof.not_checked_no_key"]


def test_trust_is_reported_beside_the_verdict(trust: TrustRegistry) -> None:
    report = inspect(self_issued(), trust=trust, now=NOW)
    assert report.verdict == "valid"
    assert report.check("trust").code == "trust.issuer_not_listed" and not report.trusted


def test_every_check_of_every_report_carries_a_machine_code(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    inputs: list[Any] = [signed_di, with_status(), "not.a.jwt", {"proof": {}}, signed("vc-jwt"), 42]
    for credential in inputs:
        for check in inspect(credential, trust=trust, now=NOW).checks:
            assert CODE.match(check.code), check
            assert check.code.split(".")[0] == check.name
            assert isinstance(check.params, Mapping)
            assert check.as_dict()["code"] == check.code


def test_a_status_list_seen_before_counts_only_while_its_bytes_and_its_key_are_the_same(
    trust: TrustRegistry,
) -> None:
    import microcred.verification as verification

    listing = status_list("revocation", set_index=None)
    credential = with_status()

    def status(registry: TrustRegistry, served: dict[str, Any]) -> Any:
        return inspect(credential, trust=registry, status=lambda url: served, now=NOW).check("status")

    first, again = status(trust, listing), status(trust, listing)
    assert first.code == again.code == "status.ok"
    # changed after signing, same URL: verified again, and refused
    altered = copy.deepcopy(listing)
    altered["credentialSubject"]["encodedList"] = status_list("revocation", set_index=7)["credentialSubject"][
        "encodedList"
    ]
    assert status(trust, altered).code == "status.list_invalid"
    # a registry in which the issuer's DID has another key: the remembered list does not count
    remembered = status(TrustRegistry.demo(), listing)
    verification._VERIFIED_LISTS.clear()
    fresh = status(TrustRegistry.demo(), listing)
    assert remembered == fresh and fresh.code == "status.list_invalid"
