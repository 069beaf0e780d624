"""The typical credential of perf-baselines.md, rebuilt: an OB 3.0 OpenBadgeCredential for a
5-ECTS micro-credential (VCDM 2 + OB 3.0.3 + extensions; 56 quads, 11 blank nodes)."""

from __future__ import annotations

from typing import Any

ISSUER_DID = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def typical_credential() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        ],
        "id": "urn:uuid:6f1b7c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Data Analysis with Python (5 ECTS)",
        "issuer": {
            "id": ISSUER_DID,
            "type": ["Profile"],
            "name": "Example University",
            "url": "https://university.example/",
        },
        "validFrom": "2026-06-30T12:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-0042",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://university.example/achievements/data-analysis-python",
                "type": ["Achievement"],
                "name": "Data Analysis with Python",
                "description": "Cleaning, exploring and modelling tabular data with pandas.",
                "criteria": {"narrative": "Pass the final project and the written exam."},
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "analyse data",
                        "targetUrl": "http://data.europa.eu/esco/skill/0001-analyse-data",
                        "targetFramework": "ESCO",
                    },
                    {
                        "type": ["Alignment"],
                        "targetName": "use Python",
                        "targetUrl": "http://data.europa.eu/esco/skill/0002-use-python",
                        "targetFramework": "ESCO",
                    },
                ],
                "resultDescription": [
                    {
                        "id": "urn:uuid:rd-ects-grade",
                        "type": ["ResultDescription"],
                        "name": "ECTS grade",
                        "resultType": "LetterGrade",
                        "allowedValue": ["A", "B", "C", "D", "E", "F"],
                    }
                ],
            },
            "result": [{"type": ["Result"], "resultDescription": "urn:uuid:rd-ects-grade", "value": "B"}],
        },
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
    }


def typical_proof_config(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-06-30T12:00:00Z",
        "verificationMethod": ISSUER_DID + "#" + ISSUER_DID.rsplit(":", 1)[1],
        "proofPurpose": "assertionMethod",
    }
