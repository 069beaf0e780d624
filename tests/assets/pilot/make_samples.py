"""Writes the sample results files of this folder (run once by hand; the files are committed).

.venv/bin/python tests/assets/pilot/make_samples.py
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

TEMPLATE = [
    "external_id",
    "given_names",
    "family_name",
    "email",
    "grade",
    "assessed_on",
    "supervision_applied",
]

# NEU, "IFRS financial reporting" (10-point scale with letter grades A-F; promises supervised_with_id)
NEU_ROWS = [
    ["NEU27001", "Văn An", "Nguyễn", "an.nguyen@st.neu.edu.vn", "8.5", "2026-11-20", "supervised_with_id"],
    ["NEU27002", "Thị Hương", "Trần", "huong.tran@st.neu.edu.vn", "7,0", "2026-11-20", "supervised_with_id"],
    ["NEU27003", "Đức Thắng", "Lê", "thang.le@st.neu.edu.vn", "3.5", "2026-11-20", "supervised_with_id"],
    ["NEU27004", "Ngọc Ánh", "Phạm", "anh.pham@st.neu.edu.vn", "B", "2026-11-21", "supervised_no_id"],
    ["NEU27005", "Quốc Bảo", "Hoàng", "bao.hoang@st.neu.edu.vn", "", "", ""],
]

# NUOL, "Green growth and environmental economics" (Letter grades A-F; promises supervised_with_id)
NUOL_ROWS = [
    ["NUOL-2027-01", "ສົມພອນ", "ແກ້ວມະນີ", "somphone.k@nuol.edu.la", "A", "2026-11-10", "supervised_with_id"],
    ["NUOL-2027-02", "ບຸນມີ", "ພົມມະຈັນ", "bounmy.p@nuol.edu.la", "B+", "2026-11-10", "supervised_with_id"],
    ["NUOL-2027-03", "ວັນນະສອນ", "ສີສຸລິດ", "vannasone.s@nuol.edu.la", "F", "2026-11-10", "supervised_with_id"],
    ["NUOL-2027-04", "ດາລາວັນ", "ຈັນທະວົງ", "dalavanh.c@nuol.edu.la", "D+", "2026-11-11", "unsupervised_no_id"],
]

# Moodle 4.x, Grades > Export > Plain text file (comma), course total out of 10
MOODLE_HEADER = [
    "First name",
    "Last name",
    "ID number",
    "Institution",
    "Department",
    "Email address",
    "Quiz: Week 1 quiz (Real)",
    "Assignment: IFRS 15 case study (Real)",
    "Course total (Real)",
    "Last downloaded from this course",
]
MOODLE_ROWS = [
    [
        "Văn An",
        "Nguyễn",
        "NEU27001",
        "National Economics University",
        "Accounting",
        "an.nguyen@st.neu.edu.vn",
        "9.00",
        "8.00",
        "8.50",
        "1800434567",
    ],
    [
        "Thị Hương",
        "Trần",
        "NEU27002",
        "National Economics University",
        "Accounting",
        "huong.tran@st.neu.edu.vn",
        "7.00",
        "7.00",
        "7.00",
        "1800434567",
    ],
    [
        "Minh Châu",
        "Võ",
        "NEU27006",
        "National Economics University",
        "Banking",
        "chau.vo@st.neu.edu.vn",
        "6.00",
        "-",
        "-",
        "1800434567",
    ],
]


def _csv(header: list[str], rows: list[list[str]], *, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    (HERE / "results-neu.csv").write_bytes(_csv(TEMPLATE, NEU_ROWS, bom=True))
    # assessment dates as real date cells, as a spreadsheet stores them
    nuol = [[*r[:5], date.fromisoformat(r[5]), r[6]] for r in NUOL_ROWS]
    (HERE / "results-nuol.xlsx").write_bytes(_xlsx(TEMPLATE, nuol))
    (HERE / "moodle-grades-neu.csv").write_bytes(_csv(MOODLE_HEADER, MOODLE_ROWS, bom=False))
    # Moodle's "Excel spreadsheet" export: the same columns, grades as numbers
    numeric = [[*r[:6], *(float(v) if v != "-" else v for v in r[6:9]), int(r[9])] for r in MOODLE_ROWS]
    (HERE / "moodle-grades-neu.xlsx").write_bytes(_xlsx(MOODLE_HEADER, numeric))
    # a real spreadsheet formula (not a string): the reader must keep its text, never its value
    formula = [
        [
            "NEU27007",
            '=HYPERLINK("https://evil.example/","Click me")',
            "Lê",
            "x@st.neu.edu.vn",
            "8",
            "2026-11-20",
            "supervised_with_id",
        ]
    ]
    (HERE / "formula-injection.xlsx").write_bytes(_xlsx(TEMPLATE, formula))
    # every kind of row problem at once
    bad = [
        ["NEU27001", "Văn An", "Nguyễn", "an.nguyen@st.neu.edu.vn", "11", "2026-11-20", "supervised_with_id"],
        [
            "NEU27001",
            "Thị Hương",
            "Trần",
            "huong.tran@st.neu.edu.vn",
            "7",
            "2026-11-20",
            "supervised_with_id",
        ],
        ["NEU27008", "Nguуễn", "Văn", "not-an-email", "7", "20/01/2027", "proctored"],
        ["", "Ana\u202e", "Lê", "ana@st.neu.edu.vn", "G", "2099-01-01", "supervised_with_id"],
    ]
    (HERE / "bad-rows.csv").write_bytes(_csv(TEMPLATE, bad, bom=False))
    # Windows-1252 ("CSV" from an older Excel in Belgium): not UTF-8
    ansi = (
        "external_id,given_names,family_name,email\r\nIHF27009,Hélène,Dupont,helene.dupont@ihf.example.be\r\n"
    )
    (HERE / "results-windows-1252.csv").write_bytes(ansi.encode("cp1252"))


if __name__ == "__main__":
    main()
