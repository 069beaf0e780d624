"""The interface language: chosen with the switcher (no JavaScript), shown in lang, numbers localised."""

import pytest
from django.test import Client

from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Micro-credential register"),
        ("vi", "Sổ đăng ký chứng chỉ vi mô"),
        ("lo", "ທະບຽນໃບຢັ້ງຢືນຈຸລະພາກ"),
    ],
)
def test_the_register_speaks_the_chosen_language(client: Client, lang: str, heading: str) -> None:
    html = client.get("/register/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{heading}</h1>" in html


def test_the_language_switcher_works_without_javascript(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "lo", "next": "/institutions/"})
    assert response.status_code == 302
    assert response["Location"] == "/institutions/"
    html = client.get("/institutions/").content.decode()
    assert '<html lang="lo"' in html
    assert '<option value="lo" lang="lo" selected>ພາສາລາວ</option>' in html


def test_the_switcher_offers_each_language_in_its_own_name(client: Client) -> None:
    html = client.get("/register/").content.decode()
    for code, name in (("en", "English"), ("vi", "Tiếng Việt"), ("lo", "ພາສາລາວ")):
        assert f'<option value="{code}" lang="{code}"' in html and name in html


def test_decimal_numbers_use_the_vietnamese_decimal_comma(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    html = client.get(f"/register/{v.uuid}/?credits=VN-TC", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "= 2,5 VN-TC" in html
    html_en = client.get(f"/register/{v.uuid}/?credits=VN-TC").content.decode()
    assert "= 2.5 VN-TC" in html_en


def test_dates_are_written_in_the_interface_language(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    assert "March 14, 2026" in client.get(f"/register/{v.uuid}/").content.decode()
    assert (
        "Ngày 14 tháng 3 năm 2026"
        in client.get(f"/register/{v.uuid}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    )
    assert "14 ມີນາ 2026" in client.get(f"/register/{v.uuid}/", HTTP_ACCEPT_LANGUAGE="lo").content.decode()


def test_djangos_own_sign_in_labels_are_translated_into_lao(client: Client) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="lo").content.decode()
    assert "ຊື່ຜູ້ໃຊ້" in html
    assert "ລະຫັດຜ່ານ" in html
