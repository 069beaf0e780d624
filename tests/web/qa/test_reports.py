"""The QA report of a period (issue 15 item 4; ADR 1541): the PDF's text (pdftotext), the CSV and
the XLSX hold the same figures as the JSON, which are the QA plan's indicators; QA roles only;
bad periods are coded refusals, never a 500."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from microcred_web.accounts.models import Role
from microcred_web.qa import selectors
from tests.web.pilot.conftest import client_of, make_user
from tests.web.qa.helpers import endorse
from tests.web.qa.survey_world import survey_world

pytestmark = pytest.mark.django_db

PERIOD = "?from=2026-01-01&to=2026-12-31"


@pytest.fixture
def world(db: None, settings: Any) -> dict[str, Any]:
    settings.MICROCRED_QA_COORDINATOR = "neu"
    world = survey_world()
    ifrs = world["offerings"]["ifrs"].version
    for n in range(3):  # three standing endorsements and a revoked one (ADR 1481)
        endorse(f"employer-{n}", ifrs, world["qa_neu"])
    endorse("employer-3", ifrs, world["qa_neu"], revoked=True)
    return world


def _figures(data: dict[str, Any]) -> list[str]:
    """Every indicator value and target of the report, and every published survey share."""
    out = [v for s in data["indicators"] for i in s["indicators"] for v in (i["value"], i["target"]) if v]
    for result in data["surveys"]:
        for c in result["cells"]:
            if not c["suppressed"]:
                out += [str(c["n"]), *(s["agree"] for s in c["statements"].values())]
    return out


def test_the_pdf_csv_and_xlsx_hold_the_figures_of_the_json_which_are_the_qa_plans(
    world: dict[str, Any], tmp_path: Path
) -> None:
    client = client_of(world["qa_neu"])
    data = client.get(reverse("qa_api:report") + PERIOD).json()
    plan = {(s["scope"], s["subject"]): s for s in selectors.qa_indicators()["scopes"]}
    assert data["indicators_cover"] == "to_date"  # the plan's running totals, not the period's
    for scope in data["indicators"]:
        assert scope == plan[(scope["scope"], scope["subject"])]
    assert [r["round"] for r in data["surveys"]] == ["2026-Q4"]
    figures = _figures(data)
    assert "0.6667" in figures  # NEU's satisfaction, 8 of 12
    csv_text = client.get(reverse("qa:report_file", kwargs={"fmt": "csv"}) + PERIOD).content.decode(
        "utf-8-sig"
    )
    csv_cells = {cell for row in csv.reader(io.StringIO(csv_text)) for cell in row}
    book = load_workbook(
        io.BytesIO(client.get(reverse("qa:report_file", kwargs={"fmt": "xlsx"}) + PERIOD).content)
    )
    xlsx_cells = {
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    }
    for figure in figures:
        assert figure in csv_cells
        assert (
            figure in xlsx_cells or str(float(figure)) in xlsx_cells or str(int(float(figure))) in xlsx_cells
        )
    assert "comment ifrs 0" not in csv_cells  # comments never leave the QA page
    rows = list(csv.reader(io.StringIO(csv_text)))
    # the standing endorsements, not the revoked one, on each row of the consortium report
    for subject, n in (
        ("Consortium", "3"),
        ("Country: Vietnam", "3"),  # a country by its name, as on the QA plan's page
        ("Institution: neu", "3"),
        ("Country: Laos", "0"),
    ):
        assert [subject, "Employer endorsements", n, "—", "no target"] in rows
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(client.get(reverse("qa:report_file", kwargs={"fmt": "pdf"}) + PERIOD).content)
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    words = set(text.split())
    assert all(figure in words for figure in figures), [f for f in figures if f not in words]


def test_an_institutions_report_holds_only_its_own_cells(world: dict[str, Any]) -> None:
    data = client_of(world["qa_neu"]).get(reverse("qa_api:report") + PERIOD + "&institution=neu").json()
    assert {s["subject"].split("/")[0] for s in data["indicators"]} == {"neu"}
    assert {c["subject"].split("/")[0] for r in data["surveys"] for c in r["cells"]} == {"neu"}


def test_only_qa_roles_of_the_institution_or_the_coordinator_see_a_report(world: dict[str, Any]) -> None:
    nuol_qa = make_user("nuol-qa", world["nuol"], Role.QA_REVIEWER)
    registrar = make_user("neu-registrar-3", world["neu"], Role.REGISTRAR)
    api = reverse("qa_api:report") + PERIOD
    assert client_of(nuol_qa).get(api).status_code == 403  # consortium-wide: the coordinator's QA
    assert client_of(nuol_qa).get(api + "&institution=nuol").status_code == 200
    refused = client_of(nuol_qa).get(api + "&institution=neu")
    assert refused.status_code == 403
    assert refused.json()["params"] == {"scope": "neu"}  # the refusal names what she lacks
    assert f"not a QA reviewer of {world['neu'].short_name}" in refused.json()["detail"]
    assert client_of(nuol_qa).get(api).json()["params"] == {"scope": "consortium"}
    page = client_of(nuol_qa).get(
        reverse("qa:report_file", kwargs={"fmt": "csv"}) + PERIOD + "&institution=neu",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert page.status_code == 403
    assert (
        f"Bạn không phải là người thẩm định chất lượng của {world['neu'].short_name}" in page.content.decode()
    )
    assert client_of(registrar).get(api + "&institution=neu").status_code == 403
    assert client_of(registrar).get(reverse("qa:reports")).status_code == 403
    assert (
        client_of(world["learners"]["ifrs"][0])
        .get(reverse("qa:report_file", kwargs={"fmt": "pdf"}) + PERIOD)
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("?from=2026-13-01&to=2026-12-31", "report.bad_date"),
        ("?from=2026-01-01", "report.bad_date"),
        ("?from=20260101&to=2026-12-31", "report.bad_date"),
        ("?from=2026-12-31&to=2026-01-01", "report.period_reversed"),
        ("?from=1900-01-01&to=2026-12-31", "report.period_too_long"),
        (PERIOD + "&institution=" + "x" * 5000, "report.unknown_institution"),
    ],
)
def test_a_bad_period_is_a_coded_refusal(world: dict[str, Any], query: str, code: str) -> None:
    client = client_of(world["qa_neu"])
    response = client.get(reverse("qa_api:report") + query)
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert client.get(reverse("qa:report_file", kwargs={"fmt": "csv"}) + query).status_code == 400
    assert client.get(reverse("qa:report_file", kwargs={"fmt": "exe"}) + PERIOD).status_code == 404


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text() -> None:
    from microcred_web.qa.report_files import report_csv, report_xlsx
    from microcred_web.qa.reports import Table

    table = Table(
        "checklist", "t", ["Micro-credential", "Items met"], [['=HYPERLINK("x")', "-3"], ["@SUM(A1)", "—"]]
    )
    rows = list(csv.reader(io.StringIO(report_csv([table]).decode("utf-8-sig"))))
    assert rows[2] == ['\'=HYPERLINK("x")', "-3"] and rows[3] == ["'@SUM(A1)", "—"]
    sheet = load_workbook(io.BytesIO(report_xlsx([table], "t"))).worksheets[0]
    assert [c.value for c in sheet[3]] == ['\'=HYPERLINK("x")', -3]
