"""Test data for register tests: institutions and published versions with their register fields.

The register fields are derived here the way the catalogue derives them at publication (from
the spec with the core's conversions and ``microcred.search.index_text``), so these tests do
not depend on the studio's workflow.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from microcred.conversion import convert_credits, eqf_level_of
from microcred.model import parse_spec
from microcred.search import index_text
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution

ROOT = Path(__file__).resolve().parents[3]
CONSORTIUM = json.loads((ROOT / "examples" / "consortium.json").read_text("utf-8"))
ECONOMETRICS = json.loads((ROOT / "examples" / "specs" / "muni-econometrics-in-r.json").read_text("utf-8"))
LAO_OUTCOME = "ນັກສຶກສາສາມາດວິເຄາະງົບການເງິນຂອງທະນາຄານໄດ້"
SKILL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


def institution(slug: str) -> Institution:
    data = next(i for i in CONSORTIUM["institutions"] if i["slug"] == slug)
    fields = {
        k: data.get(k, "")
        for k in (
            "name",
            "short_name",
            "country",
            "city",
            "credit_system",
            "national_framework",
            "homepage",
            "qa_registry",
            "qa_body",
        )
    }
    inst, _ = Institution.objects.get_or_create(slug=slug, defaults=fields)
    return inst


def publish(
    spec_data: dict[str, Any],
    *,
    slug: str,
    status: str = Status.PUBLISHED,
    published_at: datetime | None = None,
) -> MicroCredentialVersion:
    spec = parse_spec(spec_data)
    inst = institution(slug)
    mc, _ = MicroCredential.objects.get_or_create(institution=inst, code=spec.code)
    w = spec.workload
    ects = None
    if w and w.credits is not None and w.credit_system:
        ects = convert_credits(w.credits, w.credit_system, "ECTS").result.quantize(Decimal("0.01"))
    skills = [uri for lo in spec.learning_outcomes for uri in lo.esco_skills]
    return MicroCredentialVersion.objects.create(
        micro_credential=mc,
        version=spec.version,
        status=status,
        spec=spec_data,
        published_at=published_at or datetime(2026, 3, 14, 9, 0, tzinfo=UTC),
        title_en=(spec.title or {}).get("en", ""),
        eqf_level=_eqf(spec),
        credits_ects=ects,
        hours=w.hours if w else None,
        isced_f=spec.isced_f or "",
        participation_mode=spec.participation.mode or "" if spec.participation else "",
        languages=" ".join(spec.languages_of_instruction),
        skills=" ".join(dict.fromkeys(skills)),
        search_text=index_text(spec),
    )


def _eqf(spec: Any) -> int | None:
    lv = spec.level
    if lv is None:
        return None
    if lv.eqf is not None:
        return int(lv.eqf)
    return eqf_level_of(lv.national) if lv.national else None


def econometrics(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(ECONOMETRICS)
    data.update(changes)
    return data


def banking_vn(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "microcred-spec",
        "format_version": "1.0",
        "code": "BUH-DIGIBANK",
        "version": 1,
        "title": {"en": "Digital banking operations", "vi": "Nghiệp vụ Ngân hàng số"},
        "description": {
            "vi": "Khóa học về nghiệp vụ ngân hàng số và thanh toán điện tử.",
            "en": "Digital banking and e-payments.",
        },
        "awarding_bodies": [
            {
                "name": {"en": "Banking University HCMC", "vi": "Trường Đại học Ngân hàng TP. Hồ Chí Minh"},
                "country": "VN",
                "slug": "buh",
            }
        ],
        "learning_outcomes": [
            {
                "id": "LO1",
                "text": {
                    "vi": "Phân tích quy trình thanh toán điện tử.",
                    "en": "Analyse e-payment processes.",
                },
                "bloom_level": "analyse",
            }
        ],
        "workload": {"hours": "100", "credits": "2", "credit_system": "VN-TC"},
        "level": {"national": "VQF:6", "aqrf": 6},
        "isced_f": "0412",
        "assessment": {"types": ["written_examination"]},
        "participation": {"mode": "online", "learning_setting": "formal"},
        "quality_assurance": {"type": "institutional_qa", "registry": "VN-MOET-ACCREDITATION"},
        "languages_of_instruction": ["vi"],
        "keywords": ["fintech"],
    }
    data.update(changes)
    return data


def finance_lao(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "microcred-spec",
        "format_version": "1.0",
        "code": "NUOL-BANKFIN",
        "version": 1,
        "title": {"en": "Bank financial statements", "lo": "ການວິເຄາະງົບການເງິນທະນາຄານ"},
        "description": {
            "lo": "ຫຼັກສູດສັ້ນກ່ຽວກັບການວິເຄາະງົບການເງິນຂອງທະນາຄານ.",
            "en": "A short course on bank statements.",
        },
        "awarding_bodies": [
            {
                "name": {"en": "National University of Laos", "lo": "ມະຫາວິທະຍາໄລແຫ່ງຊາດ"},
                "country": "LA",
                "slug": "nuol",
            }
        ],
        "learning_outcomes": [
            {
                "id": "LO1",
                "text": {"lo": LAO_OUTCOME, "en": "Analyse a bank's financial statements."},
                "esco_skills": [SKILL],
            }
        ],
        "workload": {"hours": "96", "credits": "2", "credit_system": "LA-CR"},
        "level": {"national": "LA-NQF:6", "eqf": 6},
        "isced_f": "0412",
        "assessment": {"types": ["project_work"]},
        "participation": {"mode": "onsite"},
        "languages_of_instruction": ["lo", "en"],
    }
    data.update(changes)
    return data
