"""Cut the partners' subset out of an official ESCO CSV download (how tests/assets/esco was made).

Usage: python scripts/esco_subset.py CLASSIFICATION_DIR RELATIONS_DIR OUT_DIR

Reads the official files (skills_en.csv, occupations_en.csv, occupationSkillRelations.csv) and
writes the same files, same header, same quoting style, keeping only:
* skills whose preferred label contains one of KEYWORDS (the partners' fields: accounting and
  finance, banking, IT and data, agriculture, tourism and hospitality, economics and policy,
  marketing, sustainability, education and training), plus
* occupations named in OCCUPATIONS, and the relations between the kept occupations and skills.
Rows are copied byte-for-byte in meaning (csv module, QUOTE_MINIMAL, CRLF record ends and LF inside cells, as in the
download); nothing is edited.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

KEYWORDS = (
    r"\baccount",
    r"\bbookkeep",
    r"\baudit",
    r"\btax",
    r"\bfinanc",
    r"\bbank",
    r"\bcredit",
    r"\bloan",
    r"\binvest",
    r"\bportfolio",
    r"\bbudget",
    r"\bcash",
    r"\bpayment",
    r"\bmoney laundering",
    r"\binsurance",
    r"\bactuar",
    r"\beconom",
    r"\bstatistic",
    r"\bforecast",
    r"\bSQL\b",
    r"\bPython\b",
    r"^R$",
    r"\bprogramming\b",
    r"\bmachine learning",
    r"\bdata mining",
    r"\bvisuali[sz]",
    r"\bbusiness intelligence",
    r"\bspreadsheet",
    r"\bcloud",
    r"\bcyber",
    r"\bICT security",
    r"\btouris",
    r"\bhotel",
    r"\bhospitality",
    r"\baccommodation",
    r"\breservation",
    r"\bdestination",
    r"\bheritage",
    r"\bwine\b",
    r"\bcoffee",
    r"\bagricultur",
    r"\bfarm",
    r"\bcrop",
    r"\bmarketing",
    r"\bsocial media",
    r"\badverti",
    r"\bmarket research",
    r"\bbusiness plan",
    r"\bbusiness model",
    r"\bentrepreneur",
    r"\bstart-up",
    r"\bstrategic planning",
    r"\bsustainab",
    r"\bcarbon",
    r"\bclimate",
    r"\bpolicy\b",
    r"\bpolicies",
    r"\bproject management",
    r"\bfunding",
    r"\bgrant",
    r"\bprocurement",
    r"\btrade\b",
    r"\bexport",
    r"\bpricing",
    r"\brevenue",
    r"\bprofit",
    r"\bcurriculum",
    r"\bteach",
    r"\bsurvey",
    r"\bcustomer service",
    r"\bnegotiat",
    r"\bstakeholder",
    r"\bcomplaint",
    r"\bfood safety",
    r"\bvalue chain",
    r"\bcooperative",
    r"\bsupply chain",
    r"\be-commerce",
    r"\bfraud",
    r"\bsecurities",
    r"\bmonetary",
    r"\binflation",
    r"\bmacroeconom",
    r"\bmicroeconom",
    r"\becometric",
    r"\beconometric",
    r"\bregression",
    r"\bquantitative",
    r"\bmathemat",
    r"\banalytic",
    r"\bEuropean Union",
    r"\bdata analy",
    r"\bbig data",
    r"\bdata quality",
    r"\bdata model",
    r"\bdata protection",
    r"\bdatabase",
    r"\brisk management",
    r"\bfinancial risk",
    r"\brisk analysis",
    r"\bmanage risk",
    r"\bcompliance with",
    r"\bdata set",
)
OCCUPATIONS = {
    "accountant",
    "bookkeeper",
    "financial analyst",
    "auditor",
    "tax advisor",
    "loan officer",
    "credit analyst",
    "credit risk analyst",
    "risk analyst",
    "bank manager",
    "bank account manager",
    "investment analyst",
    "financial controller",
    "financial manager",
    "financial planner",
    "compliance officer",
    "anti-money laundering specialist",
    "economist",
    "statistician",
    "data analyst",
    "data scientist",
    "business analyst",
    "business intelligence manager",
    "database developer",
    "software developer",
    "ICT security analyst",
    "tourism policy director",
    "hotel manager",
    "tourist information officer",
    "tour operator manager",
    "destination manager",
    "front office manager",
    "hospitality entertainment manager",
    "marketing manager",
    "online marketer",
    "social media manager",
    "agricultural technician",
    "agronomist",
    "coffee roaster",
    "farm manager",
    "policy officer",
    "environmental policy officer",
    "sustainability manager",
    "economic development coordinator",
    "business economics researcher",
    "project manager",
    "vocational teacher",
    "university lecturer",
    "economics lecturer",
    "business lecturer",
    "market research analyst",
    "fintech product manager",
    "treasurer",
}


def main(classification: Path, relations: Path, out: Path) -> None:
    pattern = re.compile("|".join(KEYWORDS), re.IGNORECASE)
    out.mkdir(parents=True, exist_ok=True)
    with (classification / "skills_en.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        label_at = header.index("preferredLabel")
        skills = [row for row in reader if pattern.search(row[label_at])]
    kept_skills = {row[header.index("conceptUri")] for row in skills}
    _write(out / "skills_en.csv", header, skills)
    with (classification / "occupations_en.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        oheader = next(reader)
        olabel = oheader.index("preferredLabel")
        occupations = [row for row in reader if row[olabel] in OCCUPATIONS]
    kept_occ = {row[oheader.index("conceptUri")] for row in occupations}
    _write(out / "occupations_en.csv", oheader, occupations)
    with (relations / "occupationSkillRelations.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        rheader = next(reader)
        rel = [r for r in reader if r[0] in kept_occ and r[3] in kept_skills]
    _write(out / "occupationSkillRelations.csv", rheader, rel)
    print(len(skills), "skills;", len(occupations), "occupations;", len(rel), "relations")


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
