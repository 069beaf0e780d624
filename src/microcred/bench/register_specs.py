"""Published micro-credentials for the register benchmark, in the exchange format
(``docs/spec-format.md``, ``microcred-spec`` 1.0), generated deterministically.

Each specification is a plausible offering of one of ten institutions: a title and description
in English plus Vietnamese or Lao, two learning outcomes, workload, level, ISCED-F field, mode,
language and keywords drawn from small word pools, so that search words hit a realistic share of
the register (a subject word matches about one entry in twelve).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

#: (slug, country, language besides English, credit system, credits, national level)
INSTITUTIONS = (
    ("neu", "VN", "vi", "VN-TC", "2", "VQF:6"),
    ("buh", "VN", "vi", "VN-TC", "3", "VQF:6"),
    ("ueh", "VN", "vi", "VN-TC", "2", "VQF:7"),
    ("tmu", "VN", "vi", "VN-TC", "2", "VQF:6"),
    ("nuol", "LA", "lo", "LA-CR", "3", "LA-NQF:6"),
    ("lbi", "LA", "lo", "LA-CR", "2", "LA-NQF:5"),
    ("muni", "CZ", "cs", "ECTS", "4", "CZ-NSK:7"),
    ("unisi", "IT", "it", "ECTS", "3", "IT-QNQ:7"),
    ("unizg", "HR", "hr", "ECTS", "5", "CROQF:7.1"),
    ("ulb", "BE", "fr", "ECTS", "3", "BE-FR-CFC:6"),
)

#: (English, Vietnamese, Lao, ISCED-F) subjects
SUBJECTS = (
    ("Accounting", "Kế toán", "ການບັນຊີ", "0411"),
    ("Banking", "Ngân hàng", "ການທະນາຄານ", "0412"),
    ("Finance", "Tài chính", "ການເງິນ", "0412"),
    ("Marketing", "Tiếp thị", "ການຕະຫຼາດ", "0414"),
    ("Auditing", "Kiểm toán", "ການກວດສອບ", "0411"),
    ("Taxation", "Thuế", "ພາສີ", "0411"),
    ("Econometrics", "Kinh tế lượng", "ເສດຖະສາດ", "0311"),
    ("Logistics", "Logistics", "ການຂົນສົ່ງ", "0413"),
    ("Insurance", "Bảo hiểm", "ການປະກັນໄພ", "0412"),
    ("Management", "Quản trị", "ການຄຸ້ມຄອງ", "0413"),
    ("Data analysis", "Phân tích dữ liệu", "ການວິເຄາະຂໍ້ມູນ", "0542"),
    ("Fintech", "Công nghệ tài chính", "ເຕັກໂນໂລຊີການເງິນ", "0412"),
)
ASPECTS = (
    ("digital", "số"),
    ("international", "quốc tế"),
    ("risk", "rủi ro"),
    ("sustainable", "bền vững"),
    ("applied", "ứng dụng"),
    ("advanced", "nâng cao"),
    ("public sector", "khu vực công"),
    ("small business", "doanh nghiệp nhỏ"),
)
MODES = ("online", "blended", "onsite")
#: notional hours per credit, as the reference credit-system table gives them (ECTS: its lower bound)
HOURS_PER_CREDIT = {"VN-TC": 50, "LA-CR": 48, "ECTS": 25}


def spec(n: int, rng: random.Random) -> dict[str, Any]:
    """The ``n``-th generated specification (its code is unique: ``<SLUG>-G<n>``)."""
    slug, country, lang, system, credits, level = INSTITUTIONS[n % len(INSTITUTIONS)]
    en, vi, lo, isced = SUBJECTS[rng.randrange(len(SUBJECTS))]
    aspect_en, aspect_vi = ASPECTS[rng.randrange(len(ASPECTS))]
    other_en, other_vi, other_lo, _ = SUBJECTS[rng.randrange(len(SUBJECTS))]
    title = {"en": f"{aspect_en.capitalize()} {en.lower()} {n}"}
    description = {"en": f"A short course on {aspect_en} {en.lower()} with cases from {other_en.lower()}."}
    if lang == "vi":
        title["vi"] = f"{vi} {aspect_vi} {n}"
        description["vi"] = f"Khóa học ngắn về {vi.lower()} {aspect_vi} với tình huống {other_vi.lower()}."
    elif lang == "lo":
        title["lo"] = f"{lo} {n}"
        description["lo"] = f"ຫຼັກສູດສັ້ນກ່ຽວກັບ{lo}ແລະ{other_lo}."
    return {
        "format": "microcred-spec",
        "format_version": "1.0",
        "code": f"{slug.upper()}-G{n}",
        "version": 1,
        "title": title,
        "description": description,
        "awarding_bodies": [
            {"name": {"en": f"Institution {slug.upper()}"}, "country": country, "slug": slug}
        ],
        "learning_outcomes": [
            {"id": "LO1", "text": {"en": f"Analyse {en.lower()} problems."}, "bloom_level": "analyse"},
            {"id": "LO2", "text": {"en": f"Apply {other_en.lower()} methods."}, "bloom_level": "apply"},
        ],
        "workload": {
            "hours": str(HOURS_PER_CREDIT[system] * int(credits)),
            "credits": credits,
            "credit_system": system,
        },
        "level": {"national": level},
        "isced_f": isced,
        "assessment": {"types": ["written_examination"]},
        "participation": {"mode": MODES[n % len(MODES)], "learning_setting": "formal"},
        "quality_assurance": {"type": "institutional_qa"},
        "languages_of_instruction": sorted({"en", lang} if n % 2 else {lang}),
        "keywords": [en.lower(), aspect_en],
    }


def generate(count: int, *, start: int = 0, seed: int = 15) -> Iterator[dict[str, Any]]:
    """``count`` specifications numbered from ``start``; the same arguments give the same documents."""
    rng = random.Random(seed * 1_000_003 + start)
    for n in range(start, start + count):
        yield spec(n, rng)
