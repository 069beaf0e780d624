"""ELM 3.1 JSON-LD of a micro-credential spec and of an award (EDC application profile).

Shapes follow ELM 3.1 (``rdf/ontology/ELM.ttl``) and the EDC SHACL profile
``edc-generic-full``, and the official micro-credential sample ``Sample-MC-Annex1`` (standards
fact sheet §2.3–2.5). Every key used is a term of the VCDM 1.1 or ``edc-ap`` context, so the
documents canonicalize in safe mode. Text is language maps with every language the spec has.

The export is **unsealed** (ADR 0603): EDC credentials are sealed with an eIDAS advanced or
qualified electronic seal (JAdES); we hold no qualified certificate, so the Europass viewer
reports the seal check as failed.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from urllib.parse import quote
from xml.sax.saxutils import escape

from microcred.model.award import AssessmentResult, Learner
from microcred.model.language import best_text
from microcred.model.spec import AwardingBody, MicroCredentialSpec
from microcred.reference import ReferenceData, parse_level, reference_data
from microcred.standards.ob3.achievement import IncompleteSpecError, workload_duration
from microcred.standards.ob3.credential import add_duration, xsd_datetime

__all__ = [
    "EDC_CONTEXTS",
    "ELM_CONTEXT",
    "QDR_PREFIX",
    "UNSEALED_NOTICE",
    "LegalIdentifier",
    "elm_specification",
    "european_digital_credential",
]

VCDM1_CONTEXT: Final = "https://www.w3.org/2018/credentials/v1"
ELM_CONTEXT: Final = "http://data.europa.eu/snb/model/context/edc-ap"
#: EDC v3 uses the VCDM 1.1 context plus ``edc-ap`` (standards fact sheet §2.1).
EDC_CONTEXTS: Final[tuple[str, ...]] = (VCDM1_CONTEXT, ELM_CONTEXT)
EDC_SHAPE: Final = "http://data.europa.eu/snb/model/ap/edc-generic-full"
GENERIC_PROFILE: Final = "http://data.europa.eu/snb/credential/e34929035b"
SHORT_LEARNING_PROGRAMME: Final = "http://data.europa.eu/snb/learning-opportunity/74a4a268e8"
#: Concepts of the EU register of qualification frameworks (QDR): the only values the EDC shapes
#: (``edc-generic-full`` ``:NQFLevelRestriction``, EDCI v1.0.0 and ELM 3.1 v1.1.0) allow in ``nqfLevel``.
QDR_PREFIX: Final = "http://data.europa.eu/snb/qdr/"
#: The EU Publications Office file-type and the ELM encoding vocabularies, for the display image.
SVG_FILE_TYPE: Final = "http://publications.europa.eu/resource/authority/file-type/SVG"
BASE64_ENCODING: Final = "http://data.europa.eu/snb/encoding/6146cde7dd"
UNSEALED_NOTICE: Final = (
    "Unsealed export: this European Digital Credential is not sealed with an eIDAS advanced or "
    "qualified electronic seal, so the Europass viewer's seal check will not pass. The signed "
    "Open Badges 3.0 credential of the same award is the verifiable original."
)

_COUNTRY3: Final = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK",
    "EE": "EST", "ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC", "HR": "HRV", "HU": "HUN",
    "IE": "IRL", "IT": "ITA", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD",
    "PL": "POL", "PT": "PRT", "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK", "NO": "NOR",
    "IS": "ISL", "LI": "LIE", "CH": "CHE", "GB": "GBR", "VN": "VNM", "LA": "LAO", "TH": "THA",
    "KH": "KHM", "ID": "IDN", "MY": "MYS", "PH": "PHL", "SG": "SGP", "MM": "MMR", "BN": "BRN",
}  # fmt: skip
_LANGUAGE3: Final = {
    "en": ("ENG", "English"), "vi": ("VIE", "Vietnamese"), "lo": ("LAO", "Lao"),
    "cs": ("CES", "Czech"), "it": ("ITA", "Italian"), "hr": ("HRV", "Croatian"), "fr": ("FRA", "French"),
}  # fmt: skip
_SCHEMES: Final = {
    "eqf": "http://data.europa.eu/snb/eqf/25831c2",
    "qdr": "http://data.europa.eu/snb/qdr/25831c2",
    "isced-f": "http://data.europa.eu/snb/isced-f/25831c2",
    "learning-assessment": "http://data.europa.eu/snb/learning-assessment/25831c2",
    "learning-setting": "http://data.europa.eu/snb/learning-setting/25831c2",
    "assessment": "http://data.europa.eu/snb/assessment/25831c2",
    "supervision-verification": "http://data.europa.eu/snb/supervision-verification/25831c2",
    "accreditation": "http://data.europa.eu/snb/accreditation/25831c2",
    "education-credit": "http://data.europa.eu/snb/education-credit/25831c2",
    "credential": "http://data.europa.eu/snb/credential/25831c2",
    "learning-opportunity": "http://data.europa.eu/snb/learning-opportunity/25831c2",
    "esco": "http://data.europa.eu/esco/concept-scheme/skills",
    "country": "http://publications.europa.eu/resource/authority/country",
    "language": "http://publications.europa.eu/resource/authority/language",
    "file-type": "http://publications.europa.eu/resource/authority/file-type",
    "encoding": "http://data.europa.eu/snb/encoding/25831c2",
}


@dataclass(frozen=True)
class LegalIdentifier:
    """ELM 3.1 ``LegalIdentifier`` of an organisation (``Organisation.eidasLegalIdentifier``):
    "the official identification number of the organisation, as awarded by the relevant national
    authority" (EDC shape ``edc:Organisation-elm_eidasLegalIdentifier``), with the country that
    issued it (``dcterms:spatial``, Country Named Authority List, exactly one) and the name of
    the register (``schemeName``, e.g. "IČO (Czech business register)"). The EDC 1.1.0 shape
    requires exactly one on the issuer (``edc:IssuerNodeShape``); docs/elm-shapes.md.
    """

    notation: str
    country: str
    scheme_name: str


def _concept(uri: str, label: dict[str, str] | str, scheme: str | None = None) -> dict[str, Any]:
    """An ELM ``Concept`` (SKOS) of a controlled vocabulary (standards fact sheet §2.5)."""
    out: dict[str, Any] = {"id": uri, "type": "Concept"}
    if scheme is None:
        for name, scheme_uri in _SCHEMES.items():
            if uri.startswith(scheme_uri.rsplit("/", 1)[0] + "/") and name not in ("esco",):
                scheme = scheme_uri
                break
    if scheme is not None:
        out["inScheme"] = {"id": scheme, "type": "ConceptScheme"}
    out["prefLabel"] = {"en": label} if isinstance(label, str) else dict(label)
    return out


def _note(text: dict[str, str], note_id: str) -> dict[str, Any]:
    return {"id": note_id, "type": "Note", "noteLiteral": dict(text)}


def _country(code: str) -> dict[str, Any]:
    try:
        code3 = _COUNTRY3[code]
    except KeyError:
        raise IncompleteSpecError(f"no EU country authority code for {code!r}", where="country") from None
    return _concept(f"{_SCHEMES['country']}/{code3}", code, _SCHEMES["country"])


def _language(code: str) -> dict[str, Any]:
    code3, name = _LANGUAGE3.get(code, (code.upper(), code))
    return _concept(f"{_SCHEMES['language']}/{code3}", name, _SCHEMES["language"])


def _organisation(body: AwardingBody, org_id: str) -> dict[str, Any]:
    """ELM ``Organisation`` (legalName, location/address/countryCode: Annex I M3, M4)."""
    out: dict[str, Any] = {
        "id": org_id,
        "type": "Organisation",
        "legalName": dict(body.name),
        "location": {
            "id": f"{org_id}#location",
            "type": "Location",
            "address": {"id": f"{org_id}#address", "type": "Address", "countryCode": _country(body.country)},
        },
    }
    if body.homepage:
        out["homepage"] = {"id": f"{org_id}#homepage", "type": "WebResource", "contentURL": body.homepage}
    return out


def _org_id(body: AwardingBody, index: int, base: str) -> str:
    if body.id:
        return body.id
    return (
        f"urn:microcred:org:{quote(body.slug, safe='-._~')}" if body.slug else f"{base}#awarding-body-{index}"
    )


def _texts(spec: MicroCredentialSpec) -> tuple[dict[str, str], dict[str, str]]:
    if spec.title is None:
        raise IncompleteSpecError("the specification has no title (M2)", where="title")
    return dict(spec.title), dict(spec.description or spec.title)


def elm_specification(
    spec: MicroCredentialSpec, *, spec_id: str, data: ReferenceData | None = None
) -> dict[str, Any]:
    """The spec as an ELM 3.1 ``Qualification`` (JSON-LD, contexts VCDM 1.1 + ``edc-ap``).

    ELM 3.1 declares ``eqfLevel``, ``nqfLevel`` and ``accreditation`` only on ``Qualification``,
    so a micro-credential spec is typed ``Qualification`` with ``isPartialQualification: false``,
    as the official sample does (standards fact sheet §2.3). Carries: title, description
    (every language), learningOutcome (M6, with relatedESCOSkill), creditPoint and
    volumeOfLearning (M7, ISO 8601 ``PT125H``), eqfLevel/nqfLevel (M8), thematicArea (ISCED-F),
    mode and learningSetting (M10), entryRequirement (O1), accreditation (M11), language of
    instruction, homepage and additionalNote (O4, O5). M9 and O2/O3 belong to the assessment
    specification inside :func:`european_digital_credential`.
    """
    data = data or reference_data()
    title, description = _texts(spec)
    out: dict[str, Any] = {
        "@context": list(EDC_CONTEXTS),
        "id": spec_id,
        "type": "Qualification",
        "title": title,
        "description": description,
        "dcType": _concept(SHORT_LEARNING_PROGRAMME, "Short learning programme"),
        "isPartialQualification": False,
    }
    if spec.code:
        out["identifier"] = {
            "id": f"{spec_id}#identifier",
            "type": "Identifier",
            "schemeName": "Awarding institution's code",
            "notation": spec.code,
        }
    out["learningOutcome"] = [
        {
            "id": f"{spec_id}#{quote(lo.id, safe='')}",
            "type": "LearningOutcome",
            "title": dict(lo.text),
            **(
                {
                    "relatedESCOSkill": [
                        _concept(uri, f"ESCO skill {uri.rsplit('/', 1)[-1]}", _SCHEMES["esco"])
                        for uri in lo.esco_skills
                    ]
                }
                if lo.esco_skills
                else {}
            ),
        }
        for lo in spec.learning_outcomes
    ]
    w = spec.workload
    if w is not None and w.credits is not None and w.credit_system is not None:
        system = data.credit_system(w.credit_system)
        # A system counted in ECTS (IT-CFU, BE-FWB) shares the ECTS concept: the concept keeps
        # one label, that of the first table entry with its IRI, so documents never disagree.
        named = next(
            (s for s in data.credit_systems.values() if system.elm_uri and s.elm_uri == system.elm_uri),
            system,
        )
        out["creditPoint"] = {
            "id": f"{spec_id}#credit-point",
            "type": "CreditPoint",
            "framework": _concept(
                system.elm_uri or f"urn:microcred:credit-system:{system.code}",
                dict(named.name),
                _SCHEMES["education-credit"] if system.elm_uri else None,
            ),
            "point": format(w.credits.normalize(), "f"),
        }
    if w is not None and w.hours is not None:
        out["volumeOfLearning"] = workload_duration(w.hours)
    level = spec.level
    if level is not None and level.eqf is not None:
        out["eqfLevel"] = _concept(
            data.framework("EQF").level_uris[str(level.eqf)], f"Level {level.eqf}", _SCHEMES["eqf"]
        )
    if level is not None and level.national is not None:
        ref = parse_level(level.national, data)
        fw = data.framework(ref.framework)
        uri = fw.level_uris[ref.level]
        label = fw.level_labels.get(ref.level) or f"{best_text(fw.name, 'en')} level {ref.level}"
        if uri.startswith(QDR_PREFIX):
            # ELM 3.1 Qualification.nqfLevel: a concept of the QDR register only (EDC shapes,
            # :NQFLevelRestriction); the EU and EEA frameworks referenced to the EQF are there.
            out["nqfLevel"] = _concept(uri, label, _SCHEMES["qdr"])
        else:
            # A framework outside the QDR (VQF, Lao NQF): ELM 3.1 LearningAchievementSpecification
            # .educationLevel, "an associated level of education within a semantic framework
            # describing education levels" (skos:Concept, no controlled vocabulary imposed by the
            # EDC or LOQ shapes), in the framework's own scheme. docs/elm-shapes.md, ADR 1330.
            out["educationLevel"] = [_concept(uri, label, fw.scheme_uri)]
    if spec.isced_f is not None:
        isced = data.isced_field(spec.isced_f)
        out["thematicArea"] = [_concept(isced.uri, dict(isced.label), _SCHEMES["isced-f"])]
    p = spec.participation
    if p is not None and p.mode is not None:
        term = data.term("participation_modes", p.mode)
        out["mode"] = [_concept(term.uri or f"urn:microcred:mode:{term.key}", dict(term.label))]
    if p is not None and p.learning_setting is not None:
        term = data.term("learning_settings", p.learning_setting)
        out["learningSetting"] = _concept(term.uri or f"urn:microcred:setting:{term.key}", dict(term.label))
    if spec.prerequisites:
        out["entryRequirement"] = _note(spec.prerequisites, f"{spec_id}#entry-requirement")
    qa = spec.quality_assurance
    if qa is not None and qa.type is not None:
        term = data.term("qa_types", qa.type)
        accreditation: dict[str, Any] = {
            "id": f"{spec_id}#accreditation",
            "type": "Accreditation",
            "dcType": _concept(term.uri or f"urn:microcred:qa:{term.key}", dict(term.label)),
            "title": {"en": qa.accreditation_ref or best_text(term.label, "en")},
        }
        if spec.awarding_bodies:
            # ELM 3.1 Accreditation.organisation, "the organisation whose activities are being
            # accredited" (required by the EDCI v1.0.0 and LOQ shapes): the awarding bodies.
            accreditation["organisation"] = [
                _organisation(b, _org_id(b, i, spec_id)) for i, b in enumerate(spec.awarding_bodies)
            ]
        if qa.body:
            agent: dict[str, Any] = {
                "id": f"{spec_id}#accrediting-agent",
                "type": "Organisation",
                "legalName": {"en": qa.body},
            }
            if spec.awarding_bodies:
                country = spec.awarding_bodies[0].country
                agent["location"] = {
                    "id": f"{spec_id}#accrediting-agent-location",
                    "type": "Location",
                    "address": {
                        "id": f"{spec_id}#accrediting-agent-address",
                        "type": "Address",
                        "countryCode": _country(country),
                    },
                }
            if qa.body_url:
                agent["homepage"] = {
                    "id": f"{spec_id}#accrediting-agent-homepage",
                    "type": "WebResource",
                    "contentURL": qa.body_url,
                }
            accreditation["accreditingAgent"] = agent
        if qa.valid_until:
            accreditation["expiryDate"] = f"{qa.valid_until}T00:00:00Z"
        if qa.description:
            accreditation["description"] = dict(qa.description)
        out["accreditation"] = [accreditation]
    if spec.languages_of_instruction:
        out["language"] = [_language(code) for code in spec.languages_of_instruction]
    if spec.homepage:
        out["homepage"] = [{"id": f"{spec_id}#homepage", "type": "WebResource", "contentURL": spec.homepage}]
    notes = []
    if spec.stackability is not None:
        text = (
            {"en": "Stand-alone micro-credential."}
            if spec.stackability.kind == "standalone"
            else {
                lang: f"Stackable toward: {value}" for lang, value in (spec.stackability.toward or {}).items()
            }
            or {"en": "Stackable toward a larger credential."}
        )
        notes.append(_note(text, f"{spec_id}#stackability"))
    if spec.further_information:
        notes.append(_note(spec.further_information, f"{spec_id}#further-information"))
    if notes:
        out["additionalNote"] = notes
    return out


def european_digital_credential(
    spec: MicroCredentialSpec,
    learner: Learner,
    result: AssessmentResult,
    *,
    credential_id: str,
    spec_id: str,
    issued_at: datetime,
    issuer_id: str | None = None,
    issuer_legal_identifier: LegalIdentifier | None = None,
    data: ReferenceData | None = None,
) -> dict[str, Any]:
    """The award as an **unsealed** ELM ``EuropeanDigitalCredential`` (EDC application profile).

    Structure as ``Sample-MC-Annex1``: ``credentialSubject`` (``Person``: ``fullName``, and
    ``dateOfBirth`` only when the learner record has it, ADR 0601) → ``hasClaim``
    (``LearningAchievement``) → ``awardedBy`` (awarding bodies, M4, awarding date), ``provenBy``
    (``LearningAssessment``: grade O3, ``idVerification`` O2, specified by a
    ``LearningAssessmentSpecification`` with the assessment type(s) M9 and grading scheme) and
    ``specifiedBy`` (:func:`elm_specification`). ``issued``/``issuanceDate``/``validFrom`` =
    ``issued_at`` (M5). ``displayParameter.description`` states that the document is unsealed;
    its ``individualDisplay`` is a one-page SVG image of the award (:func:`display_image`).
    The issuer carries ``eidasLegalIdentifier`` when ``issuer_legal_identifier`` is given; the
    ELM 3.1 (v1.1.0) EDC shape requires it, the EDCI 2.0.6 (v1.0.0) one does not (ADR 1330).
    """
    data = data or reference_data()
    if not spec.awarding_bodies:
        raise IncompleteSpecError("the specification names no awarding body (M4)", where="awarding_bodies")
    title, _ = _texts(spec)
    qualification = elm_specification(spec, spec_id=spec_id, data=data)
    del qualification["@context"]
    base = credential_id
    bodies = [_organisation(b, _org_id(b, i, base)) for i, b in enumerate(spec.awarding_bodies)]
    issuer = dict(bodies[0])
    if issuer_id is not None:
        issuer["id"] = issuer_id
    if issuer_legal_identifier is not None:
        # ELM 3.1 Organisation.eidasLegalIdentifier, term `eIDASIdentifier` of the edc-ap context
        issuer["eIDASIdentifier"] = {
            "id": f"{issuer['id']}#legal-identifier",
            "type": "LegalIdentifier",
            "notation": issuer_legal_identifier.notation,
            "schemeName": issuer_legal_identifier.scheme_name,
            "spatial": _country(issuer_legal_identifier.country),
        }
    awarding = {
        "id": f"{base}#awarding-process",
        "type": "AwardingProcess",
        "awardingBody": bodies,
        "awardingDate": xsd_datetime(result.awarded_on),
    }
    assessment_spec: dict[str, Any] = {
        "id": f"{spec_id}#assessment",
        "type": "LearningAssessmentSpecification",
        "title": dict(spec.assessment.description)
        if spec.assessment is not None and spec.assessment.description
        else {"en": "Assessment"},
    }
    if spec.assessment is not None and spec.assessment.types:
        # ELM 3.1 LearningAssessmentSpecification.dcType: at most one (EDC shapes). One type
        # goes there; several become parts (``hasPart``), one specification per type (M9).
        types = [
            (
                t,
                _concept(
                    data.term("assessment_types", t).uri or f"urn:microcred:assessment:{t}",
                    dict(data.term("assessment_types", t).label),
                ),
            )
            for t in spec.assessment.types
        ]
        if len(types) == 1:
            assessment_spec["dcType"] = types[0][1]
        else:
            assessment_spec["hasPart"] = [
                {
                    "id": f"{spec_id}#assessment-{quote(key, safe='')}",
                    "type": "LearningAssessmentSpecification",
                    "title": dict(concept["prefLabel"]),
                    "dcType": concept,
                }
                for key, concept in types
            ]
    scheme_name = result.grading_scheme or (spec.grading.scheme if spec.grading else None)
    if scheme_name:
        grading: dict[str, Any] = {
            "id": f"{spec_id}#grading-scheme",
            "type": "GradingScheme",
            "title": {"en": scheme_name},
        }
        if spec.grading is not None and spec.grading.description:
            grading["description"] = dict(spec.grading.description)
        assessment_spec["gradingScheme"] = grading
    assessment: dict[str, Any] = {
        "id": f"{base}#assessment",
        "type": "LearningAssessment",
        "title": {"en": "Assessment"},
        "awardedBy": awarding,
        "grade": _note({"en": result.grade or "Passed"}, f"{base}#grade"),
        "specifiedBy": assessment_spec,
    }
    supervision = result.supervision_applied or spec.supervision
    if supervision is not None:
        term = data.term("supervision", supervision)
        assessment["idVerification"] = _concept(
            term.uri or f"urn:microcred:supervision:{term.key}", dict(term.label)
        )
    if result.assessed_on is not None:
        assessment["dateIssued"] = f"{result.assessed_on.isoformat()}T00:00:00Z"
    person: dict[str, Any] = {
        "id": learner.did or f"{base}#learner",
        "type": "Person",
        "fullName": {"en": learner.display_name},
    }
    if learner.date_of_birth is not None:
        person["dateOfBirth"] = f"{learner.date_of_birth.isoformat()}T00:00:00Z"
    person["hasClaim"] = {
        "id": f"{base}#achievement",
        "type": "LearningAchievement",
        "title": title,
        "awardedBy": awarding,
        "provenBy": assessment,
        "specifiedBy": qualification,
    }
    issued = xsd_datetime(issued_at)
    valid_until = result.valid_until
    if valid_until is None and spec.validity_period:
        valid_until = add_duration(result.awarded_on, spec.validity_period)
    credential: dict[str, Any] = {
        "@context": list(EDC_CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": _concept(GENERIC_PROFILE, "Generic", _SCHEMES["credential"]),
        "displayParameter": {
            "id": f"{base}#display",
            "type": "DisplayParameter",
            "title": title,
            "description": {"en": UNSEALED_NOTICE},
            "language": _language("en"),
            "primaryLanguage": _language("en"),
            # ELM 3.1 DisplayParameter.individualDisplay (required by both EDC shapes): one
            # IndividualDisplay per language, each page an image (MediaObject, base64).
            "individualDisplay": {
                "id": f"{base}#display-en",
                "type": "IndividualDisplay",
                "language": _language("en"),
                "displayDetail": {
                    "id": f"{base}#display-en-page-1",
                    "type": "DisplayDetail",
                    "page": 1,
                    "image": {
                        "id": f"{base}#display-en-page-1-image",
                        "type": "MediaObject",
                        "content": base64.b64encode(
                            display_image(
                                title=best_text(title, "en"),
                                learner=learner.display_name,
                                issuer=best_text(spec.awarding_bodies[0].name, "en"),
                                awarded=xsd_datetime(result.awarded_on)[:10],
                            ).encode("utf-8")
                        ).decode("ascii"),
                        "contentType": _concept(SVG_FILE_TYPE, "SVG", _SCHEMES["file-type"]),
                        "contentEncoding": _concept(BASE64_ENCODING, "base64", _SCHEMES["encoding"]),
                    },
                },
            },
        },
        "credentialSchema": {"id": EDC_SHAPE, "type": "ShaclValidator2017"},
        "issuer": issuer,
        "issuanceDate": issued,
        "issued": issued,
        "validFrom": issued,
        "credentialSubject": person,
    }
    if valid_until is not None:
        credential["expirationDate"] = xsd_datetime(valid_until)
        credential["validUntil"] = xsd_datetime(valid_until)
    return credential


def display_image(*, title: str, learner: str, issuer: str, awarded: str) -> str:
    """A one-page SVG image of the award for ``IndividualDisplay`` (ELM 3.1 ``DisplayDetail
    .image``): what the Europass viewer shows as the credential's page. Text only, escaped; the
    viewer's browser shapes any script. The signed credential, not this picture, is the record."""
    lines = [
        (60, 22, "bold", title),
        (110, 16, "normal", f"awarded to {learner}"),
        (140, 16, "normal", f"by {issuer}"),
        (170, 16, "normal", f"on {awarded}"),
        (220, 12, "normal", "Unsealed export. The signed Open Badges 3.0 credential is the original."),
    ]
    text = "".join(
        f'<text x="40" y="{y}" font-size="{size}" font-weight="{weight}">{escape(value)}</text>'
        for y, size, weight, value in lines
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="260" viewBox="0 0 800 260" '
        'font-family="sans-serif" fill="#1a1a1a"><rect width="800" height="260" fill="#ffffff"/>'
        f"{text}</svg>"
    )
