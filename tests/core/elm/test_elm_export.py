"""ELM 3.1 exports: the spec as a Qualification, the award as an unsealed EuropeanDigitalCredential."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from microcred.jsonld import canonicalize
from microcred.model import MicroCredentialSpec
from microcred.model.award import AssessmentResult, Learner
from microcred.standards.elm import UNSEALED_NOTICE, elm_specification, european_digital_credential
from tests.conftest import ASSETS
from tests.core.ob3.conftest import ACHIEVEMENT_ID, CREDENTIAL_ID, ISSUED_AT
from tests.core.ob3.golden import assert_matches_golden

SAMPLE = ASSETS / "elm" / "Sample-MC-Annex1-unsigned.jsonld"


@pytest.fixture
def qualification(spec: MicroCredentialSpec) -> dict[str, Any]:
    return elm_specification(spec, spec_id=ACHIEVEMENT_ID)


@pytest.fixture
def edc(spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult) -> dict[str, Any]:
    return european_digital_credential(
        spec, learner, result, credential_id=CREDENTIAL_ID, spec_id=ACHIEVEMENT_ID, issued_at=ISSUED_AT
    )


def _paths(node: Any, prefix: str = "") -> set[str]:
    """Key paths of a JSON tree, lists flattened, Concept internals left out."""
    out: set[str] = set()
    if isinstance(node, list):
        for item in node:
            out |= _paths(item, prefix)
    elif isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            if not (isinstance(value, dict) and value.get("type") == "Concept"):
                out |= _paths(value, path)
    return out


def test_the_specification_matches_its_golden_file(qualification: dict[str, Any]) -> None:
    assert_matches_golden(qualification, ASSETS / "elm" / "muni-econometrics-spec.elm.jsonld")


def test_the_credential_matches_its_golden_file(edc: dict[str, Any]) -> None:
    assert_matches_golden(edc, ASSETS / "elm" / "muni-econometrics-edc.jsonld")


def test_the_specification_is_a_qualification_with_every_language(qualification: dict[str, Any]) -> None:
    assert qualification["type"] == "Qualification"
    assert qualification["isPartialQualification"] is False
    assert qualification["title"] == {
        "en": "Econometrics in R",
        "cs": "Ekonometrie v R",
        "vi": "Kinh tế lượng với R",
    }
    assert qualification["learningOutcome"][0]["title"]["vi"].startswith("Nhập")


def test_the_specification_carries_workload_levels_and_qa(qualification: dict[str, Any]) -> None:
    assert qualification["volumeOfLearning"] == "PT125H"
    assert qualification["creditPoint"]["point"] == "5"
    assert qualification["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert qualification["nqfLevel"]["id"] == "http://data.europa.eu/snb/qdr/c_82e7da58"
    assert qualification["thematicArea"][0]["id"] == "http://data.europa.eu/snb/isced-f/0311"
    assert qualification["mode"][0]["id"] == "http://data.europa.eu/snb/learning-assessment/e92d221e4d"
    assert (
        qualification["accreditation"][0]["dcType"]["id"]
        == "http://data.europa.eu/snb/accreditation/bb4618238e"
    )
    assert qualification["entryRequirement"]["type"] == "Note"


@pytest.mark.parametrize("name", ["spec", "edc"])
def test_the_exports_use_only_terms_the_contexts_define(
    name: str, qualification: dict[str, Any], edc: dict[str, Any]
) -> None:
    canonicalize(qualification if name == "spec" else edc)


def test_the_credential_says_plainly_that_it_is_unsealed(edc: dict[str, Any]) -> None:
    assert edc["displayParameter"]["description"]["en"] == UNSEALED_NOTICE
    assert "seal check will not pass" in UNSEALED_NOTICE
    assert "proof" not in edc


def test_the_credential_has_the_official_samples_structure(edc: dict[str, Any]) -> None:
    sample = json.loads(SAMPLE.read_text("utf-8"))
    wanted = {
        "@context",
        "type",
        "credentialProfiles",
        "credentialSchema",
        "displayParameter.title",
        "displayParameter.description",
        "issuer.legalName",
        "issuer.location.address.countryCode",
        "validFrom",
        "credentialSubject.fullName",
        "credentialSubject.hasClaim.title",
        "credentialSubject.hasClaim.awardedBy.awardingBody.legalName",
        "credentialSubject.hasClaim.provenBy.grade.noteLiteral",
        "credentialSubject.hasClaim.provenBy.idVerification",
        "credentialSubject.hasClaim.provenBy.specifiedBy.gradingScheme.title",
        "credentialSubject.hasClaim.provenBy.specifiedBy.title",
        "credentialSubject.hasClaim.specifiedBy.eqfLevel",
        "credentialSubject.hasClaim.specifiedBy.nqfLevel",
        "credentialSubject.hasClaim.specifiedBy.thematicArea",
        "credentialSubject.hasClaim.specifiedBy.creditPoint.point",
        "credentialSubject.hasClaim.specifiedBy.creditPoint.framework",
        "credentialSubject.hasClaim.specifiedBy.volumeOfLearning",
        "credentialSubject.hasClaim.specifiedBy.learningOutcome.title",
        "credentialSubject.hasClaim.specifiedBy.learningOutcome.relatedESCOSkill",
        "credentialSubject.hasClaim.specifiedBy.learningSetting",
        "credentialSubject.hasClaim.specifiedBy.mode",
        "credentialSubject.hasClaim.specifiedBy.entryRequirement.noteLiteral",
        "credentialSubject.hasClaim.specifiedBy.isPartialQualification",
    }
    assert wanted <= _paths(sample), wanted - _paths(sample)
    assert wanted <= _paths(edc), wanted - _paths(edc)
    assert edc["@context"] == sample["@context"]
    assert edc["credentialSchema"] == sample["credentialSchema"]


def test_the_date_of_birth_appears_only_when_the_learner_record_has_it(
    spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult, edc: dict[str, Any]
) -> None:
    from datetime import date

    assert "dateOfBirth" not in edc["credentialSubject"]
    with_dob = european_digital_credential(
        spec,
        learner.model_copy(update={"date_of_birth": date(2001, 5, 17)}),
        result,
        credential_id=CREDENTIAL_ID,
        spec_id=ACHIEVEMENT_ID,
        issued_at=ISSUED_AT,
    )
    assert with_dob["credentialSubject"]["dateOfBirth"] == "2001-05-17T00:00:00Z"
    canonicalize(with_dob)


def test_an_outcome_id_with_spaces_becomes_a_valid_iri(spec: MicroCredentialSpec) -> None:
    lo = spec.learning_outcomes[0].model_copy(update={"id": "LO 1/a"})
    odd = spec.model_copy(update={"learning_outcomes": (lo, *spec.learning_outcomes[1:])})
    qualification = elm_specification(odd, spec_id=ACHIEVEMENT_ID)
    assert qualification["learningOutcome"][0]["id"] == f"{ACHIEVEMENT_ID}#LO%201%2Fa"
    canonicalize(qualification)


def test_a_level_outside_the_qdr_goes_to_education_level_and_several_assessment_types_become_parts(
    learner: Learner, result: AssessmentResult
) -> None:
    """ADR 1330: nqfLevel holds QDR concepts only; at most one dcType per assessment specification."""
    from microcred.model import load_spec
    from microcred.standards.elm import LegalIdentifier
    from tests.conftest import EXAMPLES

    spec = load_spec(EXAMPLES / "specs" / "nuol-sme-financial-accounting.json")
    edc = european_digital_credential(
        spec,
        learner,
        result,
        credential_id=CREDENTIAL_ID,
        spec_id=ACHIEVEMENT_ID,
        issued_at=ISSUED_AT,
        issuer_id="did:web:x.example:nuol",
        issuer_legal_identifier=LegalIdentifier("123", "LA", "Enterprise register"),
    )
    qualification = edc["credentialSubject"]["hasClaim"]["specifiedBy"]
    assert "nqfLevel" not in qualification
    assert [c["id"] for c in qualification["educationLevel"]] == ["urn:microcred:qf:LA-NQF:6"]
    assert qualification["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assessment = edc["credentialSubject"]["hasClaim"]["provenBy"]["specifiedBy"]
    assert "dcType" not in assessment
    assert [part["dcType"]["prefLabel"]["en"] for part in assessment["hasPart"]] == [
        "Written examination",
        "Practical assessment",
    ]
    assert (
        qualification["accreditation"][0]["organisation"][0]["legalName"]["en"]
        == "National University of Laos"
    )
    legal = edc["issuer"]["eIDASIdentifier"]
    assert legal["notation"] == "123"
    assert legal["spatial"]["id"] == "http://publications.europa.eu/resource/authority/country/LAO"
    image = edc["displayParameter"]["individualDisplay"]["displayDetail"]["image"]
    assert base64.b64decode(image["content"]).decode().startswith("<svg")
