"""The OB 3.0 Achievement of a spec carries every EU Annex I element of the offering (ADR 0602)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from microcred.jsonld import canonicalize
from microcred.model import MicroCredentialSpec
from microcred.standards.ob3 import IncompleteSpecError, achievement_from_spec
from tests.core.ob3.conftest import ACHIEVEMENT_ID


def _by_type(achievement: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for a in achievement["alignment"]:
        out.setdefault(a["targetType"], []).append(a)
    return out


def test_it_names_the_achievement_a_micro_credential(spec: MicroCredentialSpec) -> None:
    a = achievement_from_spec(spec, achievement_id=ACHIEVEMENT_ID)
    assert a["achievementType"] == "MicroCredential"
    assert a["type"] == ["Achievement"]
    assert a["name"] == "Econometrics in R"
    assert a["humanCode"] == "MUNI-ECON-R"


def test_it_lists_every_learning_outcome_in_the_criteria(spec: MicroCredentialSpec) -> None:
    narrative = achievement_from_spec(spec, achievement_id=ACHIEVEMENT_ID)["criteria"]["narrative"]
    for lo in spec.learning_outcomes:
        assert lo.text["en"] in narrative
        assert f"({lo.id})" in narrative


def test_it_aligns_levels_field_and_elm_concepts(spec: MicroCredentialSpec) -> None:
    aligned = _by_type(achievement_from_spec(spec, achievement_id=ACHIEVEMENT_ID))
    assert aligned["ext:EQFLevel"][0]["targetUrl"] == "http://data.europa.eu/snb/eqf/6"
    assert aligned["ext:NQFLevel"][0]["targetUrl"] == "http://data.europa.eu/snb/qdr/c_82e7da58"
    assert aligned["ext:AQRFLevel"][0]["targetUrl"] == "urn:microcred:qf:AQRF:6"
    assert aligned["ext:ISCEDFField"][0]["targetUrl"] == "http://data.europa.eu/snb/isced-f/0311"
    assert {a["targetCode"] for a in aligned["ext:ELMAssessmentType"]} == {
        "written_examination",
        "project_work",
    }
    assert aligned["ext:ELMLearningMode"][0]["targetUrl"].endswith("/e92d221e4d")
    assert aligned["ext:ELMSupervisionVerification"][0]["targetUrl"].endswith("/70be69aaf9")
    assert aligned["ext:ELMAccreditationType"][0]["targetUrl"].endswith("/bb4618238e")
    assert aligned["ext:ESCOSkill"][0]["targetUrl"].startswith("http://data.europa.eu/esco/skill/")
    assert "125 notional hours (PT125H)" in aligned["ext:ELMCreditSystem"][0]["targetDescription"]


def test_it_writes_whole_credits_as_an_integer(spec: MicroCredentialSpec) -> None:
    a = achievement_from_spec(spec, achievement_id=ACHIEVEMENT_ID)
    assert a["creditsAvailable"] == 5
    assert isinstance(a["creditsAvailable"], int)


def test_it_writes_fractional_credits_as_a_float(spec: MicroCredentialSpec) -> None:
    assert spec.workload is not None
    half = spec.model_copy(update={"workload": spec.workload.model_copy(update={"credits": Decimal("2.5")})})
    assert achievement_from_spec(half, achievement_id=ACHIEVEMENT_ID)["creditsAvailable"] == 2.5


def test_it_uses_no_term_the_contexts_do_not_define(spec: MicroCredentialSpec) -> None:
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        **achievement_from_spec(spec, achievement_id=ACHIEVEMENT_ID),
    }
    assert '"http://data.europa.eu/snb/eqf/6"^^<https://www.w3.org/2001/XMLSchema#anyURI>' in canonicalize(
        document
    )


def test_it_names_other_languages_of_the_title_as_related_versions(spec: MicroCredentialSpec) -> None:
    related = achievement_from_spec(spec, achievement_id=ACHIEVEMENT_ID)["related"]
    assert {r["inLanguage"] for r in related} == {"cs", "vi"}


def test_it_refuses_a_spec_without_learning_outcomes(spec: MicroCredentialSpec) -> None:
    with pytest.raises(IncompleteSpecError, match="M6"):
        achievement_from_spec(
            spec.model_copy(update={"learning_outcomes": ()}), achievement_id=ACHIEVEMENT_ID
        )


def test_it_refuses_a_relative_achievement_id(spec: MicroCredentialSpec) -> None:
    with pytest.raises(IncompleteSpecError, match="absolute URI"):
        achievement_from_spec(spec, achievement_id="specs/1")


def test_a_repeated_assessment_type_gives_one_alignment(spec: MicroCredentialSpec) -> None:
    assert spec.assessment is not None
    repeated = spec.model_copy(
        update={"assessment": spec.assessment.model_copy(update={"types": ("quiz", "quiz", "portfolio")})}
    )
    aligned = _by_type(achievement_from_spec(repeated, achievement_id=ACHIEVEMENT_ID))
    assert [a["targetCode"] for a in aligned["ext:ELMAssessmentType"]] == ["quiz", "portfolio"]
