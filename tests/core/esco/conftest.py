from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from microcred.esco.layout import Classification, read_classification

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "esco" / "v1.1.1"


@pytest.fixture(scope="session")
def shipped() -> Classification:
    return read_classification(ASSETS)


def first_rows(name: str, n: int) -> tuple[list[str], list[list[str]]]:
    """The header and the first ``n`` records of one shipped file."""
    with (ASSETS / name).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [row for _, row in zip(range(n), reader, strict=False)]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
