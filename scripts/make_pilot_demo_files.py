"""Write the pilot demo's files, deterministically: ``examples/pilot/demo/`` (ADR 1122).

    python scripts/make_pilot_demo_files.py          # (re)write the files
    python scripts/make_pilot_demo_files.py --check  # exit 1 if a committed file differs

``offerings.json`` plans the pilot (which published micro-credential is offered where, when, how,
in which language, and when its results are imported and issued); for each offering a
registration list (``<key>-enrolment.csv``, no results) and, once the term has ended, a results
file (``<key>-results.csv``) in the institution's own grading scheme and our import template's
columns. ``manage.py demo_pilot`` reads them through the real import service.

The learners are fictional: names drawn from lists of common given and family names of each
partner country (written in NFC; Lao names in Lao script), e-mail addresses under
``<institution>.example.org`` (RFC 2606). A seeded generator per offering makes every run write
the same bytes. Some learners fail, some were assessed with a weaker identity check than the
specification asks for (no credential for them, ADR 1001), some have no result (absent).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import unicodedata
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "examples" / "pilot" / "demo"

# given names (with "f"/"m" where the family name takes a form by gender), family names
VIETNAMESE_GIVEN = (
    "Văn An", "Thị Hương", "Minh Anh", "Ngọc Lan", "Đức Thắng", "Thu Trang", "Quang Huy", "Thanh Tâm",
    "Hoài Nam", "Bảo Ngọc", "Khánh Linh", "Tuấn Anh", "Phương Thảo", "Gia Bảo", "Hải Yến", "Mỹ Duyên",
    "Đình Khoa", "Thùy Dung", "Công Minh", "Ánh Dương", "Hữu Phước", "Kim Ngân", "Trọng Nghĩa", "Diệu Linh",
)  # fmt: skip
VIETNAMESE_FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Trịnh", "Đinh",
)  # fmt: skip
# (Lao script, a romanisation for the e-mail address)
LAO_GIVEN = (
    ("ສົມພອນ", "somphone"), ("ບຸນມີ", "bounmy"), ("ວັນນະສອນ", "vannasone"), ("ດາລາວັນ", "dalavanh"),
    ("ແສງຈັນ", "sengchanh"), ("ຄຳແພງ", "khamphaeng"), ("ພອນສະຫວັນ", "phonesavanh"), ("ສຸລິຍາ", "souliya"),
    ("ບົວພັນ", "bouaphanh"), ("ທອງດີ", "thongdy"), ("ມະນີວອນ", "manivone"), ("ອານຸສອນ", "anousone"),
    ("ຈັນທະລາ", "chanthala"), ("ວິໄລພອນ", "vilayphone"), ("ສີສະຫວາດ", "sisavath"), ("ນ້ອຍ", "noy"),
)  # fmt: skip
LAO_FAMILY = (
    ("ແກ້ວມະນີ", "keomany"), ("ພົມມະຈັນ", "phommachanh"), ("ສີສຸລິດ", "sisoulith"), ("ຈັນທະວົງ", "chanthavong"),
    ("ພົມມະວົງ", "phommavong"), ("ສຸວັນນະລາດ", "souvannalath"), ("ວົງສະຫວັນ", "vongsavanh"),
    ("ອິນທະວົງ", "inthavong"), ("ໄຊຍະວົງ", "xayavong"), ("ບຸບຜາ", "bouppha"), ("ສີຫາລາດ", "sihalath"),
    ("ແສງສຸລິຍາ", "sengsouliya"),
)  # fmt: skip
CZECH_GIVEN = (
    ("Tereza", "f"), ("Jakub", "m"), ("Eliška", "f"), ("Tomáš", "m"), ("Kateřina", "f"), ("Ondřej", "m"),
    ("Lucie", "f"), ("Jiří", "m"), ("Barbora", "f"), ("Matěj", "m"), ("Veronika", "f"), ("Lukáš", "m"),
    ("Adéla", "f"), ("Štěpán", "m"), ("Markéta", "f"), ("Vojtěch", "m"),
)  # fmt: skip
CZECH_FAMILY = (
    ("Novák", "Nováková"), ("Svoboda", "Svobodová"), ("Dvořák", "Dvořáková"), ("Černý", "Černá"),
    ("Procházka", "Procházková"), ("Kučera", "Kučerová"), ("Veselý", "Veselá"), ("Horák", "Horáková"),
    ("Němec", "Němcová"), ("Marek", "Marková"), ("Pokorný", "Pokorná"), ("Růžička", "Růžičková"),
)  # fmt: skip
ITALIAN_GIVEN = (
    "Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Lorenzo", "Martina", "Matteo", "Sofia",
    "Niccolò", "Beatrice", "Tommaso", "Elena", "Gabriele", "Alessia", "Pietro",
)  # fmt: skip
ITALIAN_FAMILY = (
    "Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
    "Gallo", "Conti", "De Luca", "Mancini", "Lombardi", "Moretti", "Fontana", "Santoro", "D'Angelo",
)  # fmt: skip
CROATIAN_GIVEN = (
    "Ana", "Ivan", "Petra", "Luka", "Marija", "Marko", "Lucija", "Josip", "Katarina", "Filip", "Ivana",
    "Matej", "Nika", "Ante", "Mia", "Domagoj",
)  # fmt: skip
CROATIAN_FAMILY = (
    "Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Kovačić", "Knežević", "Vuković",
    "Marković", "Petrović", "Matić", "Tomić", "Pavlović", "Božić", "Grgić", "Šarić",
)  # fmt: skip
BELGIAN_GIVEN = (
    "Lucas", "Emma", "Louis", "Olivia", "Noah", "Louise", "Arthur", "Mila", "Jules", "Élise", "Victor",
    "Léa", "Maxime", "Chloé", "Thibault", "Amélie", "Wout", "Lotte", "Pieter", "Anouk",
)  # fmt: skip
BELGIAN_FAMILY = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet", "Dubois", "Lambert", "Dupont", "Leroy", "Vermeulen", "Van den Broeck", "Lemaire", "Renard",
)  # fmt: skip

# key, institution, micro-credential, term, starts, ends, mode, language, capacity, place,
# learners, names, student-id prefix, registration date, results date (None: term not over),
# issue (a bulk run once the results are in; False leaves the ready learners to the newcomer).
PLAN: tuple[dict[str, Any], ...] = (
    {"key": "neu-fin-py-2026a", "institution": "neu", "code": "NEU-FIN-PY", "term": "2026 autumn",
     "starts_on": "2026-09-07", "ends_on": "2026-11-20", "mode": "online", "language": "vi", "capacity": 80,
     "place": "Hà Nội", "learners": 66, "names": "vi", "prefix": "NEU26", "registered": "2026-08-27",
     "results": "2026-11-24", "issue": "2026-11-26",
     "accounts": [["NEU26F1", "Thùy Linh", "Nguyễn", "linh.nguyen@example.org"]]},
    {"key": "ueh-ba-sql-2026a", "institution": "ueh", "code": "UEH-BA-SQL", "term": "2026 autumn",
     "starts_on": "2026-09-14", "ends_on": "2026-11-20", "mode": "blended", "language": "vi", "capacity": 70,
     "place": "Thành phố Hồ Chí Minh", "learners": 58, "names": "vi", "prefix": "UEH26", "registered": "2026-09-03",
     "results": "2026-11-25", "issue": "2026-11-27"},
    {"key": "buh-aml-2026a", "institution": "buh", "code": "BUH-AML", "term": "2026 autumn",
     "starts_on": "2026-09-21", "ends_on": "2026-11-27", "mode": "onsite", "language": "vi", "capacity": 60,
     "place": "Thành phố Hồ Chí Minh", "learners": 52, "names": "vi", "prefix": "BUH26", "registered": "2026-09-10",
     "results": "2026-12-01", "issue": "2026-12-02"},
    {"key": "nuol-econ-mpa-2026a", "institution": "nuol", "code": "NUOL-ECON-MPA", "term": "2026 autumn",
     "starts_on": "2026-09-07", "ends_on": "2026-11-20", "mode": "blended", "language": "lo", "capacity": 60,
     "place": "ວຽງຈັນ", "learners": 54, "names": "lo", "prefix": "NUOL26", "registered": "2026-08-31",
     "results": "2026-11-25", "issue": "2026-11-30",
     "accounts": [["NUOL26F1", "ສຸກສະຫວັນ", "ພົມມະຈັນ", "souksavanh@example.org"]]},
    {"key": "lbi-crd-rsk-2026a", "institution": "lbi", "code": "LBI-CRD-RSK", "term": "2026 autumn",
     "starts_on": "2026-09-14", "ends_on": "2026-11-27", "mode": "onsite", "language": "lo", "capacity": 50,
     "place": "ວຽງຈັນ", "learners": 46, "names": "lo", "prefix": "LBI26", "registered": "2026-09-07",
     "results": "2026-12-01", "issue": "2026-12-03"},
    {"key": "cu-hosp-sq-2026a", "institution": "cu", "code": "CU-HOSP-SQ", "term": "2026 autumn",
     "starts_on": "2026-10-05", "ends_on": "2026-11-27", "mode": "onsite", "language": "lo", "capacity": 45,
     "place": "ປາກເຊ", "learners": 42, "names": "lo", "prefix": "CU26", "registered": "2026-09-28",
     "results": "2026-12-01", "issue": "2026-12-03"},
    {"key": "muni-econ-r-2026a", "institution": "muni", "code": "MUNI-ECON-R", "term": "2026 autumn",
     "starts_on": "2026-09-21", "ends_on": "2026-11-27", "mode": "online", "language": "en", "capacity": 60,
     "place": "Brno", "learners": 52, "names": "cs", "prefix": "MU26", "registered": "2026-09-14",
     "results": "2026-12-01", "issue": "2026-12-02",
     "accounts": [["MU26F1", "Tereza", "Nováková", "tereza.novakova@example.org"]]},
    {"key": "unisi-bnk-reg-2026a", "institution": "unisi", "code": "UNISI-BNK-REG", "term": "2026 autumn",
     "starts_on": "2026-09-28", "ends_on": "2026-11-27", "mode": "blended", "language": "it", "capacity": 50,
     "place": "Siena", "learners": 48, "names": "it", "prefix": "UNISI26", "registered": "2026-09-17",
     "results": "2026-12-02", "issue": "2026-12-04"},
    {"key": "unidu-hosp-rev-2026a", "institution": "unidu", "code": "UNIDU-HOSP-REV", "term": "2026 autumn",
     "starts_on": "2026-10-05", "ends_on": "2026-11-27", "mode": "onsite", "language": "en", "capacity": 40,
     "place": "Dubrovnik", "learners": 38, "names": "hr", "prefix": "UNIDU26", "registered": "2026-09-24",
     "results": "2026-12-02", "issue": "2026-12-04"},
    {"key": "ihf-eu-trade-2026a", "institution": "ihf", "code": "IHF-EU-TRADE", "term": "2026 autumn",
     "starts_on": "2026-10-05", "ends_on": "2026-11-27", "mode": "online", "language": "fr", "capacity": 40,
     "place": "Bruxelles", "learners": 36, "names": "be", "prefix": "IHF26", "registered": "2026-09-29",
     "results": "2026-12-01", "issue": "2026-12-03"},
    # results in, not issued yet: the newcomer starts this bulk run from the cohort page
    {"key": "ueh-tour-smt-2026a", "institution": "ueh", "code": "UEH-TOUR-SMT", "term": "2026 autumn",
     "starts_on": "2026-10-12", "ends_on": "2026-11-27", "mode": "onsite", "language": "en", "capacity": 40,
     "place": "Thành phố Hồ Chí Minh", "learners": 34, "names": "vi", "prefix": "UEHT26", "registered": "2026-10-05",
     "results": "2026-12-03", "issue": None},
    # registered for the spring term: enrolled, no results yet
    {"key": "muni-fin-esg-2027s", "institution": "muni", "code": "MUNI-FIN-ESG", "term": "2027 spring",
     "starts_on": "2027-02-15", "ends_on": "2027-05-14", "mode": "online", "language": "en", "capacity": 40,
     "place": "Brno", "learners": 30, "names": "cs", "prefix": "MU27", "registered": "2026-11-23",
     "results": None, "issue": None},
)  # fmt: skip

# Each specification's grading scheme (Annex I O3) and identity check (O2), as in examples/specs/.
SCHEMES = {
    "vi": "10-point scale with letter grades A-F",
    "lo": "Letter grades A-F",
    "cs": "ECTS grading scale A-F",
    "it": "Italian university scale 18-30 e lode",
    "hr": "Croatian grading scale 1-5",
    "be": "0-20 scale",
}
WEAKER = {"supervised_with_id": "supervised_no_id", "supervised_no_id": "unsupervised_no_id"}


def _ascii(text: str) -> str:
    """An e-mail-safe spelling of a Latin name: accents dropped, đ as d, spaces and quotes out."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _person(rng: random.Random, pool: str) -> tuple[str, str, str]:
    """(given names, family name, e-mail local part) from the pool of one country."""
    if pool == "vi":
        given, family = rng.choice(VIETNAMESE_GIVEN), rng.choice(VIETNAMESE_FAMILY)
        return given, family, f"{_ascii(given.split()[-1])}.{_ascii(family)}"
    if pool == "lo":
        (given, g), (family, f) = rng.choice(LAO_GIVEN), rng.choice(LAO_FAMILY)
        return given, family, f"{g}.{f}"
    if pool == "cs":
        (given, sex), forms = rng.choice(CZECH_GIVEN), rng.choice(CZECH_FAMILY)
        family = forms[1] if sex == "f" else forms[0]
        return given, family, f"{_ascii(given)}.{_ascii(family)}"
    names = {"it": (ITALIAN_GIVEN, ITALIAN_FAMILY), "hr": (CROATIAN_GIVEN, CROATIAN_FAMILY)}
    given_pool, family_pool = names.get(pool, (BELGIAN_GIVEN, BELGIAN_FAMILY))
    given, family = rng.choice(given_pool), rng.choice(family_pool)
    return given, family, f"{_ascii(given)}.{_ascii(family)}"


def _grade(rng: random.Random, pool: str, passed: bool) -> str:
    """A grade in the scheme of the country's specifications (microcred.pilot.grading)."""
    if pool == "vi":
        value = rng.randint(50, 98) if passed else rng.randint(15, 39)
        text = f"{value / 10:.1f}"
        return text.replace(".", ",") if rng.random() < 0.2 else text  # a decimal comma now and then
    if pool == "lo":
        return rng.choice(("A", "B+", "B", "B", "C+", "C", "C", "D+", "D")) if passed else "F"
    if pool == "cs":
        return rng.choice(("A", "B", "B", "C", "C", "D", "E")) if passed else rng.choice(("FX", "F"))
    if pool == "it":
        if not passed:
            return str(rng.randint(10, 17))
        return "30 e lode" if rng.random() < 0.06 else str(rng.randint(18, 30))
    if pool == "hr":
        return str(rng.choice((2, 3, 3, 4, 4, 5))) if passed else "1"
    return str(rng.randint(10, 19)) if passed else str(rng.randint(4, 9))  # 0-20


def _learners(plan: dict[str, Any], required: str) -> list[dict[str, str]]:
    """The offering's learners and their results: about 1 in 11 fails, 1 in 17 was assessed with a
    weaker identity check, 1 in 25 has no result; 1 in 9 at a European partner is an exchange
    student from Vietnam or Laos."""
    rng = random.Random(plan["key"])  # seeded by the offering: the same learners on every run
    domain = f"{plan['institution']}.example.org"
    end = plan["ends_on"]
    exam_days = [f"{end[:8]}{int(end[8:]) - d:02d}" for d in (0, 1, 3)]
    rows: list[dict[str, str]] = []
    used: set[str] = set()
    for external_id, given, family, email in plan.get("accounts", []):
        rows.append(_row(external_id, given, family, email))
    n = 0
    while len(rows) < plan["learners"]:
        n += 1
        pool = plan["names"]
        if pool in ("cs", "it", "hr", "be") and n % 9 == 0:
            pool = "vi" if n % 2 else "lo"
        given, family, local = _person(rng, pool)
        if (given, family) in used:
            continue
        used.add((given, family))
        row = _row(f"{plan['prefix']}{n:03d}", given, family, f"{local}{n}@{domain}")
        roll = rng.random()
        if roll < 0.04:
            pass  # absent from the assessment: no result
        else:
            passed = roll >= 0.13
            row["grade"] = _grade(rng, plan["names"], passed)
            row["assessed_on"] = rng.choice(exam_days)
            row["supervision_applied"] = WEAKER.get(required, required) if 0.13 <= roll < 0.19 else required
        rows.append(row)
    for row in rows[: len(plan.get("accounts", []))]:
        row.update(
            grade=_grade(rng, plan["names"], True), assessed_on=exam_days[0], supervision_applied=required
        )
    return rows


def _row(external_id: str, given: str, family: str, email: str) -> dict[str, str]:
    nfc = unicodedata.normalize
    return {
        "external_id": external_id,
        "given_names": nfc("NFC", given),
        "family_name": nfc("NFC", family),
        "email": email,
        "grade": "",
        "assessed_on": "",
        "supervision_applied": "",
    }


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[c] for c in header])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")  # UTF-8 with BOM, as our template


def files(specs: Path) -> dict[str, bytes]:
    """Every file of the demo by name."""
    required = {}
    for path in sorted(specs.glob("*.json")):
        spec = json.loads(path.read_text("utf-8"))
        required[spec["code"]] = spec.get("supervision") or "unsupervised_no_id"
    out: dict[str, bytes] = {}
    plans = []
    for plan in PLAN:
        rows = _learners(plan, required[plan["code"]])
        out[f"{plan['key']}-enrolment.csv"] = _csv(
            ["external_id", "given_names", "family_name", "email"], rows
        )
        entry = {k: v for k, v in plan.items() if k not in ("names", "prefix", "accounts")}
        entry["enrolment_file"] = f"{plan['key']}-enrolment.csv"
        # learners with an account on the platform (the demo's own, and about one in six others):
        # a credential issued to their e-mail lands in their account (claimed)
        entry["accounts"] = [
            r["external_id"] for i, r in enumerate(rows) if i < len(plan.get("accounts", [])) or i % 6 == 5
        ]
        if plan["results"]:
            entry["results_file"] = f"{plan['key']}-results.csv"
            out[entry["results_file"]] = _csv(
                [
                    "external_id",
                    "given_names",
                    "family_name",
                    "email",
                    "grade",
                    "assessed_on",
                    "supervision_applied",
                ],
                rows,
            )
        plans.append(entry)
    document = {
        "about": "The pilot demo's offerings (scripts/make_pilot_demo_files.py writes this file; ADR 1122).",
        "offerings": plans,
    }
    out["offerings.json"] = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files")
    args = parser.parse_args()
    wanted = files(OUT.parent.parent / "specs")
    if args.check:
        stale = [n for n, b in wanted.items() if not (OUT / n).exists() or (OUT / n).read_bytes() != b]
        for name in stale:
            print(f"differs: {OUT / name}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in wanted.items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(wanted)} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
