"""GET /register.csv: one row per micro-credential, filters apply, Excel-friendly UTF-8."""

import csv
import io

import pytest
from django.test import Client

from microcred_web.catalogue.models import Status
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


def _rows(client: Client, url: str) -> list[dict[str, str]]:
    body = b"".join(client.get(url).streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"\xef\xbb\xbf"), "the file must start with a UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_micro_credential_with_vietnamese_and_lao_titles(client: Client) -> None:
    f.publish(f.econometrics(version=1), slug="muni", status=Status.RETIRED)
    f.publish(f.econometrics(version=2), slug="muni")
    f.publish(f.banking_vn(), slug="buh")
    f.publish(f.finance_lao(), slug="nuol")
    rows = _rows(client, "/register.csv")
    assert len(rows) == 3
    by_code = {r["code"]: r for r in rows}
    assert by_code["MUNI-ECON-R"]["version"] == "2"
    assert by_code["BUH-DIGIBANK"]["title_vi"] == "Nghiệp vụ Ngân hàng số"
    assert by_code["NUOL-BANKFIN"]["title_lo"] == "ການວິເຄາະງົບການເງິນທະນາຄານ"
    assert by_code["BUH-DIGIBANK"]["credits_ects"] == "4"


def test_the_csv_applies_the_register_filters(client: Client) -> None:
    f.publish(f.econometrics(), slug="muni")
    f.publish(f.banking_vn(), slug="buh")
    assert [r["code"] for r in _rows(client, "/register.csv?q=ngan+hang")] == ["BUH-DIGIBANK"]


def test_commas_quotes_and_line_breaks_survive_the_round_trip(client: Client) -> None:
    title = 'Risk, "stress" tests\nand capital'
    f.publish(f.banking_vn(title={"en": title}), slug="buh")
    response = client.get("/register.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert _rows(client, "/register.csv")[0]["title_en"] == title
