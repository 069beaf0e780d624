"""The main pages pass the markup checks of WCAG 2.1 AA that an HTML parser can decide."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from microcred_web.accounts.models import Role
from tests.web.a11y.html_checks import problems
from tests.web.accounts.factories import make_user
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db

LANGS = ("en", "vi", "lo")


@pytest.fixture
def register() -> dict[str, str]:
    econ = f.publish(f.econometrics(), slug="muni")
    vn = f.publish(f.banking_vn(), slug="buh")
    lao = f.publish(f.finance_lao(), slug="nuol")
    return {"econ": str(econ.uuid), "vn": str(vn.uuid), "lao": str(lao.uuid)}


PUBLIC_PAGES = [
    "/register/",
    "/register/?q=ngan+hang&country=VN&eqf=6&credits_min=1&credits_max=10&language=vi&mode=online",
    "/register/?q=nothing+matches+this",
    "/register/{econ}/",
    "/register/{vn}/",
    "/register/{lao}/",
    "/institutions/",
    "/institutions/nuol/",
    "/accounts/login/",
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_passes_the_markup_checks(
    client: Client, register: dict[str, str], path: str, lang: str
) -> None:
    response = client.get(path.format(**register), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert problems(html) == []
    # Slow connections: nothing is fetched from another host, no script is needed.
    assert not re.search(r'<link[^>]+rel="(stylesheet|preload|icon)"[^>]+href="(https?:)?//', html)
    assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', html)


STUDIO_PAGES = ["/accounts/", "/studio/", "/studio/new/", "/studio/upload/"]


@pytest.mark.parametrize("path", STUDIO_PAGES)
def test_a_studio_page_passes_the_markup_checks(client: Client, path: str) -> None:
    user = make_user("designer", role=Role.COURSE_DESIGNER, institution=f.institution("neu"))
    client.force_login(user)
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert problems(response.content.decode()) == []


def test_the_checker_finds_the_problems_it_is_meant_to_find() -> None:
    bad = (
        "<html><body><a href='#nowhere'>skip</a><h2>x</h2><h1>a</h1><h1>b</h1><h4>c</h4>"
        "<input name='q' aria-describedby='q-help'><img src='x.png'><div tabindex='3'></div><p id='d'></p><p id='d'></p></body></html>"
    )
    found = "\n".join(problems(bad))
    for expected in (
        "aria-describedby='q-help' points to no element",
        "no lang",
        "2 h1",
        "first heading is h2",
        "h1 followed by h4",
        "name='q'> has no label",
        "x.png",
        "no <main> landmark",
        "#nowhere points to no element",
        "positive tabindex",
        "duplicate ids: d",
    ):
        assert expected in found, expected
