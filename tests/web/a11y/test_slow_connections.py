"""Pages stay light for slow connections: compressed, one small stylesheet, no framework."""

import pytest
from django.test import Client

from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


def test_html_pages_are_sent_compressed(client: Client) -> None:
    f.publish(f.econometrics(), slug="muni")
    response = client.get("/register/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_the_register_loads_one_stylesheet_and_at_most_one_small_script(client: Client) -> None:
    html = client.get("/register/").content.decode()
    assert html.count('rel="stylesheet"') == 1
    assert html.count("<script src=") == 1
    from tests.web.a11y.test_colour_contrast import CSS

    script = CSS.with_name("site.js")
    assert script.stat().st_size < 1_000


def test_a_page_title_names_the_page_and_the_platform_once(client: Client) -> None:
    html = client.get("/institutions/").content.decode()
    assert "<title>Institutions · microcred</title>" in html
