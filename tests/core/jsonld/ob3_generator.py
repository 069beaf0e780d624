"""A seeded, deterministic generator of varied OB 3.0 credentials for differential testing.

Each credential mixes what makes canonicalization hard: Vietnamese and Lao names, emoji next to
U+E000–U+FFFF characters (UTF-16 versus code point order), C0 controls and U+007F (escaping),
identical sub-objects (N-degree hashing), ``@list`` values, ``@json`` literals, language-tagged
values, integers and floats (including 5.0), issuers as strings or objects, optional fields
left out, and blank-node or IRI subjects.
"""

from __future__ import annotations

import copy
import random
from typing import Any

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
]
VI_NAMES = [
    "Nguyễn Thị Ánh",
    "Trần Văn Đức",
    "Lê Hoàng Yến",
    "Phạm Quốc Việt",
    "Đặng Thu Hằng",
    "Võ Minh Khôi",
]
LO_NAMES = ["ສົມສັກ ພົມມະຈັນ", "ນາງ ບົວພັນ ສີສຸວັນ", "ທ້າວ ແສງອາລຸນ", "ມະນີວອນ ວົງສາ"]
OTHER_NAMES = [
    "Ζωή Παπαδοπούλου",
    "محمد علي",
    "李小龍",
    'O\'Brien "Bob"',
    "back\\slash",
    "",
    "Ana\tMaria",
    "x\r\ny",
]
TRICKY = [
    "😀 smile",
    "\ue000 private use",
    "\uffef half",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "bell\x07",
    "null\x00char",
    "delete\x7f",
    "vt\x0bff\x0c",
    "esc\x1b[0m",
    "backspace\x08",
    "ﬁ ligature",
    "🇻🇳 🇱🇦",
]
GRADES = ["A", "B", "C", "D", "E", "F", "FX", "Đạt", "ຜ່ານ"]
SKILLS = [
    ("analyse data", "http://data.europa.eu/esco/skill/aaa"),
    ("use Python", "http://data.europa.eu/esco/skill/bbb"),
    ("ປະເມີນຜົນ", "http://data.europa.eu/esco/skill/ccc"),
    ("làm việc nhóm", "http://data.europa.eu/esco/skill/ddd"),
]


def _text(rng: random.Random) -> str:
    pool = rng.choice([VI_NAMES, LO_NAMES, OTHER_NAMES, TRICKY])
    text = rng.choice(pool)
    if rng.random() < 0.25:
        text += " " + rng.choice(TRICKY)
    return text


def _number(rng: random.Random) -> int | float:
    return rng.choice([5, 5.0, 7.5, 0, 3, 2.25, 60, 1.0e-7, 12.345678901234567, 1e21, 123456789])


def _maybe_language(rng: random.Random, text: str) -> Any:
    if rng.random() < 0.15:
        return {"@value": text, "@language": rng.choice(["vi", "lo", "en", "vi-VN", "lo-LA"])}
    return text


def _endorsement(rng: random.Random, seed: int, number: int) -> dict[str, Any]:
    """A nested EndorsementCredential with its own @context and, often, an embedded proof (a
    named graph); identical proofs across endorsements exercise N-degree hashing of graphs."""
    endorsement: dict[str, Any] = {
        "@context": CONTEXT[:2],
        "id": f"https://endorser.example/credentials/{seed}-{number}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": _text(rng),
        "issuer": {"id": "https://endorser.example/issuers/1", "type": ["Profile"], "name": "Endorser"},
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"https://university{seed % 7}.example/issuers/1",
            "type": ["EndorsementSubject"],
            "endorsementComment": _text(rng),
        },
    }
    if rng.random() < 0.7:
        endorsement["proof"] = [
            {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "created": "2025-01-01T00:00:00Z",
                "verificationMethod": "https://endorser.example/issuers/1#key-1",
                "proofPurpose": "assertionMethod",
                "proofValue": "z" + ("3" * 20 if rng.random() < 0.6 else f"{seed}{number}"),
            }
        ]
    return endorsement


def generate_credential(seed: int) -> dict[str, Any]:
    """One credential; the same seed always gives the same credential."""
    rng = random.Random(seed)
    serial = f"{seed:08d}"
    issuer_id = rng.choice(
        [
            f"did:key:z6Mk{serial}issuer",
            f"https://university{seed % 7}.example/issuers/{serial}",
            f"did:web:uni{seed % 5}.example",
        ]
    )
    issuer: Any
    if rng.random() < 0.3:
        issuer = issuer_id
    else:
        issuer = {"id": issuer_id, "type": ["Profile"], "name": _maybe_language(rng, _text(rng))}
        if rng.random() < 0.5:
            issuer["url"] = f"https://university{seed % 7}.example/"
        if rng.random() < 0.3:
            issuer["email"] = f"registrar{seed % 9}@university.example"
        if rng.random() < 0.3:
            issuer["address"] = {
                "type": ["Address"],
                "addressCountry": rng.choice(["Việt Nam", "ສ.ປ.ປ ລາວ", "Czechia"]),
                "addressLocality": _text(rng),
            }
    alignments: list[dict[str, Any]] = []
    for _ in range(rng.randint(0, 4)):
        name, url = rng.choice(SKILLS)
        alignment: dict[str, Any] = {"type": ["Alignment"], "targetName": name, "targetUrl": url}
        if rng.random() < 0.5:
            alignment["targetFramework"] = "ESCO"
        alignments.append(alignment)
    if alignments and rng.random() < 0.3:
        alignments.append(copy.deepcopy(rng.choice(alignments)))  # forces N-degree hashing
    achievement: dict[str, Any] = {
        "id": f"https://university{seed % 7}.example/achievements/{seed % 40}",
        "type": ["Achievement"],
        "name": _maybe_language(rng, _text(rng)),
        "description": _maybe_language(rng, _text(rng)),
        "criteria": {"narrative": _text(rng)},
    }
    if rng.random() < 0.2:
        del achievement["id"]
    if alignments:
        achievement["alignment"] = alignments
    if rng.random() < 0.6:
        achievement["creditsAvailable"] = _number(rng)
    if rng.random() < 0.4:
        achievement["tag"] = rng.sample(TRICKY + VI_NAMES, rng.randint(1, 4))
    if rng.random() < 0.2:
        achievement["tag"] = ["x\ue000", "x\U0001f600", "x\uffff", "x\U00010000"]
    if rng.random() < 0.3:
        achievement["achievementType"] = rng.choice(["MicroCredential", "Course", "Certificate"])
    if rng.random() < 0.12:
        achievement["endorsement"] = [_endorsement(rng, seed, n) for n in range(rng.randint(1, 3))]
    descriptions: list[dict[str, Any]] = []
    if rng.random() < 0.6:
        description_id = f"urn:uuid:rd-{serial}"
        grades = GRADES[: rng.randint(0, len(GRADES))]
        description = {
            "type": ["ResultDescription"],
            "name": "ECTS grade",
            "resultType": "LetterGrade",
            "allowedValue": grades,
        }
        if rng.random() < 0.8:
            description["id"] = description_id
        descriptions.append(description)
        if rng.random() < 0.15 and grades:
            # The same description twice (same id): N-degree work for the lists. Not with an
            # empty list, which canonicalization refuses (see test_reference_js).
            descriptions.append(copy.deepcopy(description))
        achievement["resultDescription"] = descriptions
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": achievement}
    learner = rng.choice(
        [
            f"did:example:learner-{serial}",
            f"urn:uuid:learner-{serial}",
            f"mailto:learner{seed}@example.org",
            None,
            f"https://id.example/{serial}",
        ]
    )
    if learner is not None:
        subject["id"] = learner
    if descriptions and rng.random() < 0.7:
        results = [{"type": ["Result"], "value": rng.choice(GRADES)}]
        if "id" in descriptions[0]:
            results[0]["resultDescription"] = descriptions[0]["id"]
        if rng.random() < 0.2:
            results.append(copy.deepcopy(results[0]))
        subject["result"] = results
    if rng.random() < 0.4:
        subject["creditsEarned"] = _number(rng)
    if rng.random() < 0.3:
        subject["activityEndDate"] = "2026-06-2" + str(seed % 10)
    if rng.random() < 0.3:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": f"sha256${seed:064x}",
                "identityType": "emailAddress",
                "hashed": rng.random() < 0.5,
                "salt": "pepper",
            }
        ]
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": f"urn:uuid:{seed:08x}-0000-4000-8000-000000000000",
        "type": ["VerifiableCredential", rng.choice(["OpenBadgeCredential", "AchievementCredential"])],
        "name": _maybe_language(rng, _text(rng)),
        "issuer": issuer,
        "validFrom": rng.choice(
            ["2026-06-30T12:00:00Z", "2026-01-01T00:00:00.123+07:00", "2025-12-31T23:59:59-05:00"]
        ),
        "credentialSubject": subject,
    }
    if rng.random() < 0.3:
        credential["validUntil"] = "2031-06-30T12:00:00Z"
    if rng.random() < 0.3:
        credential["awardedDate"] = "2026-06-30T12:00:00Z"
    schemas: list[dict[str, Any]] = []
    if rng.random() < 0.7:
        schemas.append(
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        )
    if rng.random() < 0.2:
        schemas.append(
            {
                "id": f"https://schemas.example/{seed % 3}.json",
                "type": "JsonSchema",
                "jsonSchema": {
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "type": "object",
                    "properties": {"name": {"type": "string", "maxLength": 5.0 if seed % 2 else 5}},
                    "title": _text(rng),
                    "z": [1, 2.5, True, None, 1e21],
                },
            }
        )
    if schemas:
        credential["credentialSchema"] = schemas
    if rng.random() < 0.3:
        credential["credentialStatus"] = {
            "id": f"https://status.example/lists/1#{seed}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(seed),
            "statusListCredential": "https://status.example/lists/1",
        }
    if rng.random() < 0.25:
        credential["evidence"] = [{"type": ["Evidence"], "name": _text(rng), "narrative": _text(rng)}]
        if rng.random() < 0.5:
            credential["evidence"][0]["id"] = f"https://evidence.example/{serial}"
    if rng.random() < 0.2:
        credential["description"] = _text(rng)
    if rng.random() < 0.1:
        credential["proof"] = {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2026-06-30T12:00:00Z",
            "verificationMethod": f"{issuer_id}#key-1",
            "proofPurpose": "assertionMethod",
            "proofValue": f"z{seed:x}",
        }
    return credential


def generate_credentials(count: int, first_seed: int = 0) -> list[dict[str, Any]]:
    return [generate_credential(seed) for seed in range(first_seed, first_seed + count)]
