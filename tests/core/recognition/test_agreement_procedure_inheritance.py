"""recognition.md §5: the procedure (deadlines, appeal body) inherits key by key like the parameters.

ADR 0504, addendum: a key a bilateral agreement or an institutional policy leaves out of
``procedure`` comes from its parent below the consortium, else from the consortium profile in
force on the decision date; a document that sets every key keeps its own block, as before.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from microcred.recognition.agreements import (
    Procedure,
    consortium_profile,
    merge_chain,
    parse_agreement,
    resolve_agreement,
)
from microcred.recognition.audit import AuditLog, replay
from microcred.recognition.case import canonicalise, parse_case_doc
from tests.core.recognition._helpers import EXAMPLES, decide, example

ON = date(2026, 10, 1)


def _mu_neu(**changes: Any) -> dict[str, Any]:
    """The MU → NEU bilateral fixture (it has no procedure block), changed."""
    data: dict[str, Any] = json.loads((EXAMPLES / "agreements" / "MU-NEU.v1.json").read_text("utf-8"))
    data.update(changes)
    return data


def _profile_v2(**procedure: Any) -> dict[str, Any]:
    """The shipped profile revised by the consortium: v2 from 2026-06-01 with other deadlines."""
    data = consortium_profile().model_dump(mode="json")
    data.update(version=2, date_effective="2026-06-01", title="MICRO4ASIA profile, second version")
    data["procedure"] = {**data["procedure"], **procedure}
    return data


def _resolve(docs: list[dict[str, Any]], issuers: tuple[str, ...] = ("muni",)) -> Any:
    return resolve_agreement(
        [parse_agreement(d) for d in docs], issuer_ids=issuers, host_id="neu", programme_id="P", on=ON
    )


def test_a_key_the_bilateral_leaves_out_comes_from_the_profile_and_a_key_it_sets_is_its_own() -> None:
    r = _resolve([_mu_neu(procedure={"decision_sla_days": 20})])
    assert r.ref == "MU-NEU@1"
    assert r.procedure.decision_sla_days == 20
    assert r.procedure_set_by("decision_sla_days") == "MU-NEU@1"
    shipped = consortium_profile().procedure
    assert r.procedure.appeal_deadline_days == shipped.appeal_deadline_days
    assert r.procedure.appeal_body == shipped.appeal_body
    assert r.procedure_set_by("appeal_body") == "M4A-DEFAULT@1"


def test_without_a_deadline_the_bilateral_follows_the_profile_in_force_after_a_v2() -> None:
    v2 = _profile_v2(decision_sla_days=45, appeal_deadline_days=60)
    r = _resolve([v2, _mu_neu(procedure={"information_request_days": 14})])
    # The parameters keep the parent the agreement names (ADR 0504) ...
    assert r.chain == ("MU-NEU@1", "M4A-DEFAULT@1")
    # ... the procedure keys nobody below the consortium set are the profile in force's.
    assert (r.procedure.decision_sla_days, r.procedure.appeal_deadline_days) == (45, 60)
    assert r.procedure_set_by("decision_sla_days") == "M4A-DEFAULT@2"
    assert r.procedure.information_request_days == 14
    assert r.procedure_set_by("information_request_days") == "MU-NEU@1"


def test_a_bilateral_that_sets_every_key_keeps_its_own_block_whatever_the_profile() -> None:
    own = {
        "decision_sla_days": 20,
        "information_request_days": 21,
        "condition_deadline_days": 90,
        "appeal_body": "NEU appeal board",
        "appeal_deadline_days": 15,
        "notice_languages": ["vi", "en"],
    }
    for docs in ([], [_profile_v2(decision_sla_days=45, appeal_deadline_days=60)]):
        r = _resolve([*docs, _mu_neu(procedure=own)])
        assert r.procedure == Procedure.model_validate(own)
        assert {ref for _key, ref in r.procedure_provenance} == {"MU-NEU@1"}


def test_a_key_set_to_the_default_value_is_still_set_and_not_inherited() -> None:
    v2 = _profile_v2(decision_sla_days=45)
    r = _resolve([v2, _mu_neu(procedure={"decision_sla_days": 30})])
    assert r.procedure.decision_sla_days == 30
    assert r.procedure_set_by("decision_sla_days") == "MU-NEU@1"


def test_a_policy_between_the_bilateral_and_the_profile_passes_its_keys_down() -> None:
    policy = _mu_neu(
        agreement_id="NEU-POLICY",
        type="institutional_policy",
        title="NEU policy",
        procedure={"appeal_deadline_days": 45, "decision_sla_days": 40},
        parameters={},
    )
    child = _mu_neu(
        agreement_id="MU-NEU-CHILD",
        parent={"agreement_id": "NEU-POLICY", "version": 1},
        date_effective="2026-03-01",
        procedure={"decision_sla_days": 20},
    )
    r = merge_chain(parse_agreement(child), [parse_agreement(policy)])
    assert r.chain == ("MU-NEU-CHILD@1", "NEU-POLICY@1", "M4A-DEFAULT@1")
    assert (r.procedure.decision_sla_days, r.procedure_set_by("decision_sla_days")) == (20, "MU-NEU-CHILD@1")
    assert (r.procedure.appeal_deadline_days, r.procedure_set_by("appeal_deadline_days")) == (
        45,
        "NEU-POLICY@1",
    )
    assert r.procedure_set_by("notice_languages") == "M4A-DEFAULT@1"


def test_the_consortium_profile_keeps_its_own_block_and_a_key_it_leaves_out_takes_the_default() -> None:
    v2 = _profile_v2(decision_sla_days=45)
    del v2["procedure"]["appeal_deadline_days"]
    r = _resolve([v2])
    assert r.ref == "M4A-DEFAULT@2" and r.procedure.decision_sla_days == 45
    assert r.procedure.appeal_deadline_days == Procedure().appeal_deadline_days
    assert r.procedure_set_by("decision_sla_days") == "M4A-DEFAULT@2"


def test_the_decision_uses_the_inherited_appeal_deadline_and_replays() -> None:
    data = example("E1")  # muni -> neu, decided 2026-10-01
    data["agreements"] = [
        _profile_v2(appeal_deadline_days=60, appeal_body="the consortium appeal panel"),
        _mu_neu(procedure={"decision_sla_days": 20}),
    ]
    rec = decide(data)
    assert rec.report["agreement"]["chain"] == ["MU-NEU@1", "M4A-DEFAULT@1"]
    assert rec.report["appeal"] == "the consortium appeal panel, within 60 days (by 2026-11-30)"
    doc = canonicalise(parse_case_doc(data), base=EXAMPLES)
    log = AuditLog.open_case(doc, actor="officer-1")
    log.record_decision(rec, actor="crm-engine")
    assert replay(log).matches


def test_the_report_does_not_list_where_the_procedure_came_from() -> None:
    """Old stored decisions replay bit for bit: the report keeps its keys (ADR 0508)."""
    with_own = example("E1")
    with_own["agreements"] = [_mu_neu(procedure={"decision_sla_days": 20})]
    report = decide(with_own).report
    assert (
        report["agreement"]["overrides"]
        == decide(example("E1") | {"agreements": [_mu_neu()]}).report["agreement"]["overrides"]
    )
    assert not any(k.startswith(("decision_sla_days", "procedure")) for k in report["agreement"]["overrides"])
