"""The proposal form edits everything a version holds (programmes, procedure, legal basis,
editors), and a host proposes an institutional policy for any sending institution, which a
bilateral agreement of the pair outranks (ADR 0504, 0802)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred.recognition.agreements import parse_agreement
from microcred_web.accounts.models import Role
from microcred_web.agreements import services as ag
from microcred_web.agreements.models import Agreement, AgreementChange
from tests.web.recognition.conftest import bilateral, client_for, imported_case, make_user

DETAIL = "agreements:agreement"
NEW = "agreements:agreement_new"


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
        "procedure": "{}",
        "four_eyes": "on",
        "summary": "30 hours per ECTS credit, as the MU study regulations say",
    }
    data.update(over)
    return data


def _policy_form(consortium: Any, **over: Any) -> dict[str, Any]:
    policy = {
        "agreement_id": "NEU-POLICY",
        "title": "NEU recognition policy for every sending institution",
        "type": "institutional_policy",
        "any_sender": "on",
        "receiving": [consortium["neu"].pk],
        "direction": "one_way",
        "parameters": '{"hours_per_credit": {"ECTS": "28"}}',
        "summary": "28 hours per ECTS credit for every sender",
    }
    return _form(**(policy | over))


def _errors(html: str, field: str) -> str:
    start = html.index(f'id="id_{field}_error"')
    return html[start : html.index("</ul>", start)]


def _second_neu_admin(consortium: Any) -> Any:
    return make_user("neu-admin-2", consortium["neu"], Role.INSTITUTION_ADMIN)


# ------------------------------------------------------------------ any sender


def test_a_host_proposes_a_policy_for_any_sender_that_another_administrator_approves(
    admins: Any, consortium: Any
) -> None:
    page = client_for(admins["neu"]).post(reverse(NEW), _policy_form(consortium))
    assert page.status_code == 302
    row = Agreement.objects.get(agreement_id="NEU-POLICY")
    doc = parse_agreement(ag.agreement_document(row))
    assert doc.parties.any_sender is True and doc.parties.sending == [] and doc.parties.any_member is False
    assert [p.id for p in doc.parties.receiving] == ["neu"]
    second = client_for(_second_neu_admin(consortium))
    second.post(reverse("agreements:agreement_approve", args=["NEU-POLICY", 1]))
    assert Agreement.objects.get(pk=row.pk).status == "active"
    html = Client().get(reverse(DETAIL, args=["NEU-POLICY", 1])).content.decode()
    assert "Any sending institution → NEU" in html
    register = Client().get(reverse("agreements:agreements")).content.decode()
    assert "Any sending institution → NEU" in register
    json_doc = Client().get(reverse("agreements:agreement_json", args=["NEU-POLICY", 1])).json()
    assert json_doc["parties"]["any_sender"] is True


def test_a_case_from_any_sender_is_decided_under_the_hosts_policy_unless_the_pair_has_an_agreement(
    admins: Any, consortium: Any, officers: Any
) -> None:
    client_for(admins["neu"]).post(reverse(NEW), _policy_form(consortium))
    client_for(_second_neu_admin(consortium)).post(
        reverse("agreements:agreement_approve", args=["NEU-POLICY", 1])
    )
    case = imported_case("E1", "neu", consortium, officers)  # muni -> neu
    assert case.agreement_ref == "NEU-POLICY@1"
    assert case.proposal["agreement"]["notes"] == []
    assert case.proposal["agreement"]["overrides"] == {"hours_per_credit.ECTS": "NEU-POLICY@1"}
    bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, agreement_id="MU-NEU-STRICT")
    from microcred_web.recognition.proposal import recognition_case_propose
    from microcred_web.recognition.replay_check import recognition_case_replay

    again = recognition_case_propose(case=case, by=officers["neu"])
    assert again.agreement_ref == "MU-NEU-STRICT@1"
    carried = sorted(a["agreement_id"] for a in again.case_input["agreements"])
    assert carried == ["MU-NEU-STRICT", "NEU-POLICY"]
    assert recognition_case_replay(case=again, by=officers["neu"]).matches


@pytest.mark.parametrize(
    ("over", "field", "named"),
    [
        ({"type": "bilateral"}, "any_sender", "only for an institutional policy"),
        ({"sending": "muni"}, "sending", "names no sending institution"),
        ({"direction": "reciprocal"}, "direction", "applies one way"),
    ],
    ids=["bilateral", "with-senders", "reciprocal"],
)
def test_a_wrong_use_of_any_sender_is_reported_on_its_field_and_nothing_is_saved(
    admins: Any, consortium: Any, over: dict[str, Any], field: str, named: str
) -> None:
    if over.get("sending") == "muni":
        over = {"sending": [consortium["muni"].pk]}
    page = client_for(admins["neu"]).post(reverse(NEW), _policy_form(consortium) | over)
    assert page.status_code == 200
    assert named in _errors(page.content.decode(), field)
    assert not Agreement.objects.filter(agreement_id="NEU-POLICY").exists()
    assert not AgreementChange.objects.filter(action="proposed").exists()


def test_a_policy_without_any_sender_must_still_name_its_senders(admins: Any, consortium: Any) -> None:
    page = client_for(admins["neu"]).post(reverse(NEW), _policy_form(consortium, any_sender=""))
    assert "any sending institution" in _errors(page.content.decode(), "sending")
    assert not Agreement.objects.filter(agreement_id="NEU-POLICY").exists()


def test_two_policies_for_any_sender_of_one_host_from_the_same_date_cannot_both_be_approved(
    admins: Any, consortium: Any
) -> None:
    for agreement_id in ("NEU-POLICY", "NEU-POLICY-B"):
        client_for(admins["neu"]).post(reverse(NEW), _policy_form(consortium, agreement_id=agreement_id))
    second = _second_neu_admin(consortium)
    ag.agreement_approve(agreement=Agreement.objects.get(agreement_id="NEU-POLICY"), by=second)
    with pytest.raises(ag.RecognitionInputError, match="NEU-POLICY@1 covers the same institutions"):
        ag.agreement_approve(agreement=Agreement.objects.get(agreement_id="NEU-POLICY-B"), by=second)
    assert Agreement.objects.get(agreement_id="NEU-POLICY-B").status == "draft"


def test_a_policy_document_with_any_sender_becomes_a_proposal(admins: Any, consortium: Any) -> None:
    client_for(admins["neu"]).post(reverse(NEW), _policy_form(consortium))
    row = Agreement.objects.get(agreement_id="NEU-POLICY")
    proposal = ag.proposal_of_document(ag.agreement_document(row))
    assert proposal.any_sender is True and proposal.sending == ()
    assert proposal.receiving == (consortium["neu"],)


# ------------------------------------------------------------------ the whole version


FULL = {
    "programmes": "NEU-BA-ECON\nNEU-MA-ECON\n",
    "procedure": '{"decision_sla_days": 20, "appeal_body": "NEU appeal board", "notice_languages": ["vi", "en"]}',
    "legal_basis": "Lisbon Recognition Convention, Section VI\nCircular 08/2021/TT-BGDDT, Art. 12",
    "editors": "MU international office\nNEU recognition board",
}


def test_the_form_saves_programmes_procedure_legal_basis_and_editors_and_the_page_shows_them(
    admins: Any, consortium: Any
) -> None:
    muni, neu = consortium["muni"], consortium["neu"]
    page = client_for(admins["muni"]).post(reverse(NEW), _form(sending=[muni.pk], receiving=[neu.pk], **FULL))
    assert page.status_code == 302
    row = Agreement.objects.get(agreement_id="MU-NEU")
    assert row.programmes == ["NEU-BA-ECON", "NEU-MA-ECON"]
    assert row.procedure["decision_sla_days"] == 20 and row.procedure["appeal_body"] == "NEU appeal board"
    # Only the keys set are stored; the others are inherited from the profile (ADR 0504, 0802).
    assert set(row.procedure) == {"decision_sla_days", "appeal_body", "notice_languages"}
    assert row.legal_basis == [
        "Lisbon Recognition Convention, Section VI",
        "Circular 08/2021/TT-BGDDT, Art. 12",
    ]
    assert row.editors == ["MU international office", "NEU recognition board"]
    doc = parse_agreement(ag.agreement_document(row))
    assert doc.governance.editors == ["MU international office", "NEU recognition board"]
    assert doc.procedure.notice_languages == ["vi", "en"]
    html = client_for(admins["neu"]).get(reverse(DETAIL, args=["MU-NEU", 1])).content.decode()
    for shown in (
        "NEU-BA-ECON, NEU-MA-ECON",
        "NEU appeal board",
        "vi, en",
        "Circular 08/2021/TT-BGDDT, Art. 12",
        "MU international office; NEU recognition board",
    ):
        assert shown in html, shown


def test_a_new_version_starts_from_the_previous_values_and_the_log_shows_each_changed_key(
    admins: Any, consortium: Any
) -> None:
    muni, neu = consortium["muni"], consortium["neu"]
    client_for(admins["muni"]).post(reverse(NEW), _form(sending=[muni.pk], receiving=[neu.pk], **FULL))
    ag.agreement_approve(agreement=Agreement.objects.get(agreement_id="MU-NEU"), by=admins["neu"])
    prefilled = client_for(admins["muni"]).get(reverse(NEW) + "?from=MU-NEU@1").content.decode()
    assert "NEU-MA-ECON" in prefilled and "NEU appeal board" in prefilled
    assert "Circular 08/2021/TT-BGDDT" in prefilled and "NEU recognition board" in prefilled
    changed = {
        "programmes": "NEU-BA-ECON",
        "procedure": '{"decision_sla_days": 25, "appeal_body": "NEU appeal board", "notice_languages": ["vi", "en"]}',
        "legal_basis": "Lisbon Recognition Convention, Section VI",
        "editors": "NEU recognition board",
    }
    page = client_for(admins["muni"]).post(
        reverse(NEW), _form(sending=[muni.pk], receiving=[neu.pk], summary="narrower scope", **changed)
    )
    assert page.status_code == 302
    proposed = AgreementChange.objects.get(
        agreement__agreement_id="MU-NEU", agreement__version=2, action="proposed"
    )
    diff = {d["key"]: (d["from"], d["to"]) for d in proposed.diff}
    assert diff["procedure.decision_sla_days"] == (20, 25)
    assert diff["parties.programmes"] == ('["NEU-BA-ECON", "NEU-MA-ECON"]', '["NEU-BA-ECON"]')
    assert diff["governance.editors"] == (
        '["MU international office", "NEU recognition board"]',
        '["NEU recognition board"]',
    )
    assert diff["legal_basis"][1] == '["Lisbon Recognition Convention, Section VI"]'
    html = client_for(admins["neu"]).get(reverse(DETAIL, args=["MU-NEU", 2])).content.decode()
    for key in ("procedure.decision_sla_days", "parties.programmes", "governance.editors", "legal_basis"):
        assert f"<code>{key}</code>" in html, key


@pytest.mark.parametrize(
    ("over", "field", "named"),
    [
        ({"procedure": '{"decision_sla_days": "soon"}'}, "procedure", "procedure.decision_sla_days"),
        ({"procedure": '{"sla_days": 20}'}, "procedure", "procedure.sla_days"),
        ({"procedure": "[20]"}, "procedure", "must be a JSON object"),
        ({"procedure": '{"decision_sla_days": 20,}'}, "procedure", "not valid JSON"),
        ({"programmes": "NEU BA ECON"}, "programmes", "Not a programme id: NEU BA ECON"),
        ({"legal_basis": "x" * 501}, "legal_basis", "longer than 500 characters"),
        ({"editors": "y" * 201}, "editors", "longer than 200 characters"),
    ],
    ids=[
        "sla-not-a-number",
        "unknown-key",
        "not-an-object",
        "bad-json",
        "programme",
        "legal-basis",
        "editors",
    ],
)
def test_an_invalid_value_is_reported_on_its_field_and_nothing_is_saved(
    admins: Any, consortium: Any, over: dict[str, str], field: str, named: str
) -> None:
    data = _form(sending=[consortium["muni"].pk], receiving=[consortium["neu"].pk], **(FULL | over))
    page = client_for(admins["muni"]).post(reverse(NEW), data)
    assert page.status_code == 200
    assert named in _errors(page.content.decode(), field)
    assert not Agreement.objects.filter(agreement_id="MU-NEU").exists()
    assert not AgreementChange.objects.filter(action="proposed").exists()
