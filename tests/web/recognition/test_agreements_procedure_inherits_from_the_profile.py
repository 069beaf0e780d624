"""A procedure key an agreement leaves out is inherited from the consortium profile in force: the
form starts empty (or from the previous version), saves only the keys set, the page shows where
each value comes from, and a profile v2 changes the deadlines of the pairs that set none
(ADR 0504, 0802)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from microcred.recognition.agreements import consortium_profile
from microcred_web.agreements import services as ag
from microcred_web.agreements.models import Agreement
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import client_for, imported_case, make_user
from tests.web.recognition.test_agreements_full_form_and_any_sender import DETAIL, NEW, _form
from tests.web.recognition.test_learner_request_to_decision import file_request

FROM_PROFILE = "(from the consortium profile)"


def approve_profile_v2(consortium_admin: Any, **procedure: Any) -> Any:
    shipped = consortium_profile()
    draft = ag.agreement_propose(
        by=consortium_admin,
        proposal=ag.AgreementProposal(
            agreement_id=shipped.agreement_id,
            title=shipped.title,
            type="consortium",
            date_effective=date(2026, 6, 1),
            parameters=shipped.parameters.model_dump(mode="json", exclude_none=True),
            procedure={**shipped.procedure.model_dump(mode="json"), **procedure},
            summary="new deadlines",
        ),
    )
    return ag.agreement_approve(agreement=draft, by=make_user("consortium-admin-2", is_superuser=True))


def save_bilateral(admins: Any, consortium: Any, procedure: str) -> Agreement:
    """MU → NEU through the proposal form, approved by NEU's administrator."""
    page = client_for(admins["muni"]).post(
        reverse(NEW),
        _form(sending=[consortium["muni"].pk], receiving=[consortium["neu"].pk], procedure=procedure),
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    row = Agreement.objects.get(agreement_id="MU-NEU", version=1)
    return ag.agreement_approve(agreement=row, by=admins["neu"])


def procedure_shown(html: str) -> dict[str, str]:
    """The effective procedure on the agreement page: key -> what its cell says."""
    start = html.index('id="procedure-h"')
    section = html[start : html.index("</dl>", start)]
    out = {}
    for cell in section.split("<dt><code>")[1:]:
        key, _sep, rest = cell.partition("</code></dt><dd>")
        out[key] = rest.partition("</dd>")[0]
    return out


def deadline_days(case: Any) -> int:
    assert case.decision_deadline is not None
    return int((case.decision_deadline - timezone.localdate()).days)


def test_the_form_for_a_new_agreement_starts_with_an_empty_procedure_that_inherits(admins: Any) -> None:
    html = client_for(admins["muni"]).get(reverse(NEW)).content.decode()
    start = html.index('name="procedure"')
    assert html[html.index(">", start) + 1 : html.index("</textarea>", start)].strip() == "{}"
    assert "inherited from the consortium profile in force" in html


def test_saving_stores_only_the_keys_set_and_a_new_version_starts_from_them(
    admins: Any, consortium: Any
) -> None:
    row = save_bilateral(admins, consortium, '{"decision_sla_days": 20}')
    assert row.procedure == {"decision_sla_days": 20}
    assert ag.agreement_document(row)["procedure"] == {"decision_sla_days": 20}
    prefilled = client_for(admins["muni"]).get(reverse(NEW) + "?from=MU-NEU@1").content.decode()
    start = prefilled.index('name="procedure"')
    text = prefilled[prefilled.index(">", start) + 1 : prefilled.index("</textarea>", start)]
    assert json.loads(text.replace("&quot;", '"')) == {"decision_sla_days": 20}


def test_the_page_marks_the_values_inherited_from_the_consortium_profile(
    admins: Any, consortium: Any
) -> None:
    save_bilateral(admins, consortium, '{"decision_sla_days": 20}')
    shown = procedure_shown(
        client_for(admins["neu"]).get(reverse(DETAIL, args=["MU-NEU", 1])).content.decode()
    )
    assert shown["decision_sla_days"] == "20"
    shipped = consortium_profile().procedure
    assert shown["appeal_deadline_days"].startswith(str(shipped.appeal_deadline_days))
    for key in ("information_request_days", "condition_deadline_days", "appeal_body", "notice_languages"):
        assert FROM_PROFILE in shown[key], key


def test_a_bilateral_saved_without_a_deadline_follows_the_profile_v2_once_it_is_approved(
    admins: Any, consortium: Any, consortium_admin: Any, learner: Any, issued_to_learner: Any
) -> None:
    row = save_bilateral(admins, consortium, "{}")
    assert row.procedure == {}
    approve_profile_v2(consortium_admin, decision_sla_days=45)
    case = file_request(learner, consortium, issued_to_learner)  # muni -> neu, under MU-NEU@1
    assert deadline_days(case) == 45
    shown = procedure_shown(
        client_for(admins["neu"]).get(reverse(DETAIL, args=["MU-NEU", 1])).content.decode()
    )
    assert shown["decision_sla_days"].startswith("45") and FROM_PROFILE in shown["decision_sla_days"]


def test_a_bilateral_that_sets_its_own_deadline_keeps_it_under_the_profile_v2(
    admins: Any, consortium: Any, consortium_admin: Any, learner: Any, issued_to_learner: Any
) -> None:
    save_bilateral(admins, consortium, '{"decision_sla_days": 20}')
    approve_profile_v2(consortium_admin, decision_sla_days=45)
    case = file_request(learner, consortium, issued_to_learner)
    assert deadline_days(case) == 20


def test_the_decision_takes_the_inherited_appeal_deadline_and_replays(
    admins: Any, consortium: Any, consortium_admin: Any, officers: Any
) -> None:
    save_bilateral(admins, consortium, '{"decision_sla_days": 20}')
    approve_profile_v2(consortium_admin, appeal_deadline_days=60)
    case = imported_case("E1", "neu", consortium, officers)  # muni -> neu, decided 2026-10-01
    assert case.agreement_ref == "MU-NEU@1"
    assert case.procedure["appeal_deadline_days"] == 60 and case.procedure["decision_sla_days"] == 20
    assert case.proposal["appeal"].endswith("within 60 days (by 2026-11-30)")
    carried = {f"{a['agreement_id']}@{a['version']}": a for a in case.case_input["agreements"]}
    assert carried["MU-NEU@1"]["procedure"] == {"decision_sla_days": 20}
    assert recognition_case_replay(case=case, by=officers["neu"]).matches
