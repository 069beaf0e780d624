"""The agreements pages: the register, a version's parameters and change log, the propose,
approve and suspend forms, and who may see what (ADR 0802)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from microcred_web.agreements.models import Agreement
from tests.web.a11y.html_checks import problems
from tests.web.recognition.conftest import bilateral, client_for, make_user

DETAIL = "agreements:agreement"


def _form(**over: Any) -> dict[str, Any]:
    data = {
        "agreement_id": "MU-NEU",
        "title": "Masaryk University - NEU",
        "type": "bilateral",
        "sending": [],
        "receiving": [],
        "direction": "reciprocal",
        "purposes_allowed": ["EXEMPTION", "ELECTIVE_CREDIT"],
        "date_effective": "2026-02-01",
        "expiration_date": "2028-12-31",
        "parameters": '{"hours_per_credit": {"ECTS": "30"}}',
        "four_eyes": "on",
        "summary": "30 hours per ECTS credit, as the MU study regulations say",
    }
    data.update(over)
    return data


def test_an_administrator_proposes_and_the_other_party_approves_through_the_pages(
    admins: Any, consortium: Any
) -> None:
    muni, neu = consortium["muni"], consortium["neu"]
    page = client_for(admins["muni"]).post(
        reverse("agreements:agreement_new"), _form(sending=[muni.pk], receiving=[neu.pk])
    )
    assert page.status_code == 302
    row = Agreement.objects.get(agreement_id="MU-NEU")
    assert row.status == "draft" and row.parameters == {"hours_per_credit": {"ECTS": "30"}}
    own = client_for(admins["muni"]).get(reverse(DETAIL, args=["MU-NEU", 1])).content.decode()
    assert "another authorised person must approve it" in own
    assert reverse("agreements:agreement_approve", args=["MU-NEU", 1]) not in own
    refused = client_for(admins["muni"]).post(reverse("agreements:agreement_approve", args=["MU-NEU", 1]))
    assert refused.status_code == 403
    other = client_for(admins["neu"])
    assert (
        reverse("agreements:agreement_approve", args=["MU-NEU", 1])
        in other.get(reverse(DETAIL, args=["MU-NEU", 1])).content.decode()
    )
    other.post(reverse("agreements:agreement_approve", args=["MU-NEU", 1]))
    assert Agreement.objects.get(pk=row.pk).status == "active"


@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        ('{"lo_coverage": {"full": "lots"}}', "parameters.lo_coverage.full"),
        ('{"hours_per_cedit": {"ECTS": "30"}}', "parameters.hours_per_cedit"),
        ('{"lo_coverage": {"full": 0.85,}}', "not valid JSON"),
        ('["ECTS"]', "must be a JSON object"),
        ('{"lo_coverage": {"full": "0.4"}}', "lo_coverage needs full &gt;= partial"),
        ('{"a":' * 5_000 + "1" + "}" * 5_000, "input.too_deep"),  # was a 500 (ADR 0608)
    ],
)
def test_invalid_parameters_are_reported_by_name_and_nothing_is_saved(
    admins: Any, consortium: Any, parameters: str, named: str
) -> None:
    page = client_for(admins["muni"]).post(
        reverse("agreements:agreement_new"),
        _form(sending=[consortium["muni"].pk], receiving=[consortium["neu"].pk], parameters=parameters),
    )
    assert page.status_code == 200
    html = page.content.decode()
    errors = html[html.index('id="id_parameters_error"') :]
    assert named in errors[: errors.index("</ul>")]
    assert not Agreement.objects.filter(agreement_id="MU-NEU").exists()


def test_non_party_staff_are_refused(admins: Any, consortium: Any, officers: Any) -> None:
    draft = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, approve=False)
    outsider = client_for(admins["unisi"])
    assert outsider.get(reverse(DETAIL, args=[draft.agreement_id, 1])).status_code == 403
    assert (
        outsider.post(reverse("agreements:agreement_approve", args=[draft.agreement_id, 1])).status_code
        == 403
    )
    page = outsider.post(
        reverse("agreements:agreement_new"),
        _form(sending=[consortium["muni"].pk], receiving=[consortium["neu"].pk]),
    )
    assert page.status_code == 403
    assert client_for(officers["unisi"]).get(reverse("agreements:agreement_new")).status_code == 403
    assert Client().get(reverse(DETAIL, args=[draft.agreement_id, 1])).status_code == 403
    active = bilateral(admins, "ueh", "unisi", {}, agreement_id="UEH-UNISI")
    assert (
        client_for(admins["muni"])
        .post(reverse("agreements:agreement_status", args=["UEH-UNISI", 1, "suspend"]), {"reason": "x" * 20})
        .status_code
        == 403
    )
    assert Agreement.objects.get(pk=active.pk).status == "active"


def test_the_register_shows_published_versions_to_everyone_and_drafts_to_the_parties(admins: Any) -> None:
    bilateral(admins, "ueh", "unisi", {}, agreement_id="UEH-UNISI")
    bilateral(admins, "muni", "neu", {}, agreement_id="MU-NEU", approve=False)
    public = Client().get(reverse("agreements:agreements")).content.decode()
    assert "UEH-UNISI@1" in public and "M4A-DEFAULT@1" in public and "MU-NEU@1" not in public
    assert "MU-NEU@1" in client_for(admins["neu"]).get(reverse("agreements:agreements")).content.decode()
    filtered = Client().get(reverse("agreements:agreements"), {"institution": "muni"}).content.decode()
    assert "UEH-UNISI@1" not in filtered and "M4A-DEFAULT@1" in filtered


def test_a_party_suspends_with_a_reason(admins: Any) -> None:
    bilateral(admins, "ueh", "unisi", {}, agreement_id="UEH-UNISI")
    client = client_for(admins["unisi"])
    client.post(
        reverse("agreements:agreement_status", args=["UEH-UNISI", 1, "suspend"]), {"reason": "under review"}
    )
    assert Agreement.objects.get(agreement_id="UEH-UNISI").status == "suspended"
    page = client.get(reverse(DETAIL, args=["UEH-UNISI", 1])).content.decode()
    assert "under review" in page


def test_the_demo_loads_the_agreements_and_the_detail_shows_their_parameters(consortium: Any) -> None:
    for username, slug in (
        ("learner-linh", "neu"),
        ("learner-tereza", "muni"),
        ("learner-souksavanh", "nuol"),
    ):
        make_user(username, consortium[slug], "learner")
    call_command("demo_recognition", stdout=StringIO())
    refs = sorted(a.ref for a in Agreement.objects.all())
    assert refs == ["M4A-DEFAULT@1", "NEU-UEH@1", "NUOL-ELECTIVES@1", "UEH-UNISI@1", "UEH-UNISI@2"]
    assert all(
        a.status == "active" and a.approved_by_id != a.proposed_by_id for a in Agreement.objects.all()[1:]
    )
    out = StringIO()
    call_command("demo_recognition", stdout=out)
    assert "UEH-UNISI@2: exists" in out.getvalue()
    html = Client().get(reverse(DETAIL, args=["UEH-UNISI", 1])).content.decode()
    assert "VN-LETTER → IT-30" in html and "<td>26</td>" in html
    html = Client().get(reverse(DETAIL, args=["NEU-UEH", 1])).content.decode()
    assert "UEH-FIN-2105" in html and "2 VN-TC" in html
    html = Client().get(reverse(DETAIL, args=["M4A-DEFAULT", 1])).content.decode()
    assert "0.75" in html and "IT-laurea" in html


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_agreement_pages_pass_the_markup_checks(admins: Any, consortium: Any, lang: str) -> None:
    bilateral(
        admins,
        "ueh",
        "unisi",
        {"grade_tables": [{"from_scale": "VN-LETTER", "to_scale": "IT-30", "entries": {"B": "26"}}]},
        agreement_id="UEH-UNISI",
    )
    bilateral(
        admins, "ueh", "unisi", {"lo_coverage": {"full": "0.8"}}, agreement_id="UEH-UNISI", approve=False
    )
    client = client_for(admins["unisi"])
    for url in (
        reverse("agreements:agreements"),
        reverse(DETAIL, args=["UEH-UNISI", 1]),
        reverse(DETAIL, args=["UEH-UNISI", 2]),
        reverse("agreements:agreement_new"),
        reverse("agreements:agreement_new") + "?from=UEH-UNISI@1",
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html
        assert problems(html) == [], url
    invalid = client.post(
        reverse("agreements:agreement_new"), _form(parameters="{"), HTTP_ACCEPT_LANGUAGE=lang
    )
    assert problems(invalid.content.decode()) == []


def test_the_api_lists_published_versions_as_agreement_documents(admins: Any) -> None:
    from microcred.recognition.agreements import parse_agreement

    bilateral(admins, "ueh", "unisi", {"hours_per_credit": {"ECTS": "30"}}, agreement_id="UEH-UNISI")
    bilateral(admins, "muni", "neu", {}, agreement_id="MU-NEU", approve=False)
    body = Client().get("/api/recognition/agreements").json()
    assert sorted(f"{d['agreement_id']}@{d['version']}" for d in body) == ["M4A-DEFAULT@1", "UEH-UNISI@1"]
    assert all(parse_agreement(d).status == "active" for d in body)
    assert [
        d["agreement_id"] for d in Client().get("/api/recognition/agreements?institution=muni").json()
    ] == ["M4A-DEFAULT"]
    assert Client().get("/api/recognition/agreements?status=draft").status_code == 400
