"""recognition.md §5, §4.5 step 4: the consortium profile in force and a host's policy for any sender.

ADR 0504: the fallback is the consortium profile in force on the decision date among the shipped
ones and those a case carries inline; precedence is bilateral (named sender) > the host's
institutional policy for any sender > the consortium profile.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from microcred.errors import InputError
from microcred.recognition.agreements import (
    AgreementDoc,
    consortium_profile,
    parse_agreement,
    profile_in_force,
    resolve_agreement,
)
from microcred.recognition.audit import AuditLog, replay
from microcred.recognition.case import canonicalise, parse_case_doc
from tests.core.recognition._helpers import EXAMPLES, decide, example

ON = date(2026, 10, 1)


def _json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "agreements" / name).read_text("utf-8"))
    return data


def _profile_v2(**changes: Any) -> dict[str, Any]:
    """The shipped profile as the consortium would revise it: v2, six years of validity."""
    data = consortium_profile().model_dump(mode="json")
    data.update(version=2, date_effective="2026-06-01", title="MICRO4ASIA profile, second version")
    data["parameters"]["max_age_years"] = 6
    data.update(changes)
    return data


def _policy(host: str = "neu", **changes: Any) -> dict[str, Any]:
    """NEU's institutional policy for every sending institution: ECTS at 28 hours."""
    data = _json("MU-NEU.v1.json")
    data.update(
        agreement_id=f"{host.upper()}-POLICY",
        version=1,
        title=f"{host} recognition policy for any sender",
        type="institutional_policy",
        date_effective="2026-01-01",
        expiration_date=None,
        parameters={"hours_per_credit": {"ECTS": "28"}},
    )
    data["parties"] = {
        "sending": [],
        "receiving": [{"id": host, "name": host, "country": "VN"}],
        "direction": "one_way",
        "any_sender": True,
    }
    data.update(changes)
    return data


def _resolve(docs: list[dict[str, Any]], issuers: list[str], host: str = "neu", **kw: Any) -> Any:
    return resolve_agreement(
        [parse_agreement(d) for d in docs],
        issuer_ids=issuers,
        host_id=host,
        programme_id="P",
        on=kw.pop("on", ON),
        **kw,
    )


# ------------------------------------------------------------------ the profile in force


def test_without_a_carried_profile_the_shipped_profile_applies_as_before() -> None:
    assert profile_in_force([], ON).ref == "M4A-DEFAULT@1"
    assert profile_in_force([], date(2020, 1, 1)).ref == "M4A-DEFAULT@1"  # before it took effect


def test_a_newer_profile_carried_by_the_case_governs_a_case_without_an_agreement() -> None:
    r = _resolve([_profile_v2()], ["ueh"])
    assert (r.ref, r.chain) == ("M4A-DEFAULT@2", ("M4A-DEFAULT@2",))
    assert r.parameters.max_age_years == 6
    assert r.notes[0].startswith("NO_AGREEMENT: no agreement between ueh and neu")


@pytest.mark.parametrize(
    ("changes", "on"),
    [({}, date(2026, 5, 31)), ({"status": "suspended"}, ON), ({"expiration_date": "2026-09-30"}, ON)],
    ids=["not-yet-effective", "suspended", "expired"],
)
def test_a_carried_profile_not_in_force_leaves_the_previous_one(changes: dict[str, Any], on: date) -> None:
    r = _resolve([_profile_v2(**changes)], ["ueh"], on=on)
    assert r.ref == "M4A-DEFAULT@1" and r.parameters.max_age_years == 5
    assert r.notes[0].startswith("NO_AGREEMENT")


def test_every_fallback_note_uses_the_profile_in_force() -> None:
    v2 = _profile_v2()
    ueh_unisi = _json("UEH-UNISI.v1.json")  # EXEMPTION, ELECTIVE_CREDIT, STACK_COMPONENT
    r = _resolve([v2, ueh_unisi], ["ueh"], "unisi", purpose="ADMISSION")
    assert (r.ref, r.notes[0].split(":")[0]) == ("M4A-DEFAULT@2", "PURPOSE_NOT_COVERED")
    r = _resolve([v2, ueh_unisi], ["neu", "ueh"], "unisi")
    assert (r.ref, r.notes[0].split(":")[0]) == ("M4A-DEFAULT@2", "MIXED_AGREEMENTS")
    r = _resolve(
        [v2, _json("UEH-UNISI.v1.json") | {"status": "suspended"}], ["ueh"], "unisi", pinned="UEH-UNISI@1"
    )
    assert (r.ref, r.notes[0].split(":")[0]) == ("M4A-DEFAULT@2", "AGREEMENT_NOT_IN_FORCE")


def test_a_carried_profile_does_not_turn_a_missing_agreement_into_mixed_agreements() -> None:
    r = _resolve([_profile_v2()], ["neu", "ueh"], "unisi")
    assert r.notes[0].startswith("NO_AGREEMENT: no agreement between neu, ueh and unisi")


def test_an_agreement_that_names_its_parent_keeps_that_parent() -> None:
    r = _resolve([_profile_v2(), _json("MU-NEU.v1.json")], ["muni"])
    assert r.chain == ("MU-NEU@1", "M4A-DEFAULT@1") and r.parameters.max_age_years == 5


def test_an_agreement_without_a_parent_inherits_from_the_profile_in_force() -> None:
    orphan = _json("MU-NEU.v1.json") | {"parent": None}
    r = _resolve([_profile_v2(), orphan], ["muni"])
    assert r.chain == ("MU-NEU@1", "M4A-DEFAULT@2") and r.parameters.max_age_years == 6
    assert r.set_by("max_age_years") == "M4A-DEFAULT@2"


def test_a_carried_copy_never_replaces_the_shipped_text_of_the_same_version() -> None:
    forged = _profile_v2(version=1, date_effective="2025-01-01")
    assert profile_in_force([parse_agreement(forged)], ON) == consortium_profile()


def test_two_different_profiles_in_force_from_the_same_date_are_an_input_error() -> None:
    rival = _profile_v2(agreement_id="OTHER-PROFILE")
    with pytest.raises(InputError, match="consortium profiles M4A-DEFAULT@2 and OTHER-PROFILE@2"):
        _resolve([_profile_v2(), rival], ["ueh"])


def test_a_case_that_carries_the_new_profile_is_decided_under_it_and_replays() -> None:
    data = example("E1")  # muni -> neu, no agreement
    data["agreements"] = [_profile_v2()]
    rec = decide(data)
    assert rec.report["agreement"]["id"] == "M4A-DEFAULT" and rec.report["agreement"]["version"] == 2
    assert rec.report["agreement"]["notes"][0].startswith("NO_AGREEMENT")
    assert rec.report["versions"]["agreement"] == "M4A-DEFAULT@2"
    doc = canonicalise(parse_case_doc(data), base=EXAMPLES)
    log = AuditLog.open_case(doc, actor="officer-1")
    log.record_decision(rec, actor="crm-engine")
    assert replay(log).matches


def test_the_worked_examples_without_a_profile_are_still_decided_under_version_1() -> None:
    for name in ("E1", "E3", "E4", "E5", "E6"):
        assert decide(example(name)).report["agreement"]["chain"] == ["M4A-DEFAULT@1"], name


# ------------------------------------------------------------------ any sender to the host


def test_a_policy_for_any_sender_covers_every_issuer_towards_its_host_only() -> None:
    policy = parse_agreement(_policy())
    assert policy.covers("muni", "neu", "P") and policy.covers("some-mooc", "neu", "P")
    assert not policy.covers("neu", "muni", "P")
    r = _resolve([_policy()], ["some-mooc"])
    assert (r.ref, r.notes) == ("NEU-POLICY@1", ())
    assert r.parameters.hours_per_credit["ECTS"] == 28
    assert _resolve([_policy()], ["neu"], "muni").ref == "M4A-DEFAULT@1"


def test_a_bilateral_agreement_beats_the_hosts_policy_even_when_the_policy_is_newer() -> None:
    newer = _policy(date_effective="2026-09-01", version=3)
    r = _resolve([newer, _json("MU-NEU.v1.json")], ["muni"])
    assert r.ref == "MU-NEU@1"
    assert _resolve([newer, _json("MU-NEU.v1.json")], ["ueh"]).ref == "NEU-POLICY@3"


def test_the_hosts_policy_beats_the_consortium_profile_in_force() -> None:
    r = _resolve([_profile_v2(), _policy()], ["ueh"])
    assert r.chain == ("NEU-POLICY@1", "M4A-DEFAULT@1") and r.notes == ()


def test_the_hosts_policy_governs_a_stack_that_no_bilateral_agreement_covers_whole() -> None:
    r = _resolve([_policy(), _json("MU-NEU.v1.json")], ["muni", "ueh"])
    assert r.ref == "NEU-POLICY@1" and r.notes == ()


def test_when_the_bilateral_is_silent_on_the_purpose_the_hosts_policy_applies() -> None:
    exemption_only = _json("MU-NEU.v1.json") | {"purposes_allowed": ["EXEMPTION"]}
    r = _resolve([_policy(), exemption_only], ["muni"], purpose="ADMISSION")
    assert r.ref == "NEU-POLICY@1"
    r = _resolve([_policy(purposes_allowed=["EXEMPTION"]), exemption_only], ["muni"], purpose="ADMISSION")
    assert r.ref == "M4A-DEFAULT@1" and r.notes[0].startswith("PURPOSE_NOT_COVERED: MU-NEU@1, NEU-POLICY@1")


def test_a_policy_that_names_its_senders_competes_with_a_bilateral_by_date_as_before() -> None:
    named = _policy(date_effective="2026-09-01")
    named["parties"] = {"sending": [{"id": "muni"}], "receiving": [{"id": "neu"}], "direction": "one_way"}
    assert _resolve([named, _json("MU-NEU.v1.json")], ["muni"]).ref == "NEU-POLICY@1"


def test_two_policies_for_any_sender_from_the_same_date_are_an_input_error() -> None:
    with pytest.raises(InputError, match="both apply with the same effective date"):
        _resolve([_policy(), _policy(agreement_id="NEU-OTHER")], ["ueh"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "bilateral"}, "parties.any_sender is allowed only for an institutional_policy"),
        ({"type": "consortium"}, "parties.any_sender is allowed only for an institutional_policy"),
        ({"parties": {"sending": [{"id": "muni"}]}}, "parties.any_sender and parties.sending exclude"),
        ({"parties": {"receiving": []}}, "parties.any_sender needs the receiving institution"),
        ({"parties": {"direction": "reciprocal"}}, "parties.any_sender applies one way only"),
    ],
    ids=["bilateral", "consortium", "with-senders", "no-host", "reciprocal"],
)
def test_any_sender_is_refused_outside_a_hosts_one_way_policy(change: dict[str, Any], message: str) -> None:
    data = copy.deepcopy(_policy())
    for key, value in change.items():
        if isinstance(value, dict):
            data[key].update(value)
        else:
            data[key] = value
    with pytest.raises(InputError, match=message) as info:
        parse_agreement(data)
    assert info.value.where == "agreement.parties"


def test_a_case_file_with_any_sender_on_a_bilateral_is_refused_naming_the_key() -> None:
    data = example("E1")
    bad = _policy(type="bilateral")
    data["agreements"] = [bad]
    with pytest.raises(InputError, match=r"parties\.any_sender is allowed only"):
        parse_case_doc(data)


def test_the_flag_is_optional_so_existing_documents_read_as_before() -> None:
    doc: AgreementDoc = parse_agreement(_json("MU-NEU.v1.json"))
    assert doc.parties.any_sender is False


def test_two_different_consortium_profiles_in_force_from_the_same_date_are_an_input_error() -> None:
    rival = parse_agreement(_profile_v2(agreement_id="M4A-OTHER"))
    with pytest.raises(
        InputError, match=r"consortium profiles M4A-\S+ and M4A-\S+ are both in force from the same date"
    ):
        profile_in_force([parse_agreement(_profile_v2()), rival], ON)
    # the same profile carried twice is one profile, not a rival
    assert profile_in_force([parse_agreement(_profile_v2()), parse_agreement(_profile_v2())], ON).ref == (
        "M4A-DEFAULT@2"
    )
