"""The proposal a case stores is read through typed values and written back unchanged (ADR 0857)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from microcred.recognition.audit import canonical_json, sha256_hex
from microcred.recognition.proposal import Proposal

GOLDEN = sorted((Path(__file__).parents[2] / "assets" / "recognition").glob("E*.decision.json"))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name.split(".")[0])
def test_a_golden_decision_round_trips_byte_for_byte(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    proposal = Proposal.from_json(data)
    assert proposal.to_json() == data
    assert sha256_hex(canonical_json(proposal.to_json())) == sha256_hex(canonical_json(data))
    # the typed values are the document's own
    assert proposal.outcome == data["outcome"]
    assert [f.key for f in proposal.findings] == [
        (f["standard"], f["code"], f["subject"]) for f in data["findings"]
    ]
    assert proposal.four_eyes is bool(data["agreement"]["four_eyes"])
    assert list(proposal.ledger_effects.consume) == data["ledger_effects"]["consume"]


def test_the_copy_it_returns_cannot_change_the_stored_report() -> None:
    data = json.loads(GOLDEN[0].read_text(encoding="utf-8"))
    proposal = Proposal.from_json(data)
    proposal.to_json()["outcome"] = "FULL" if data["outcome"] != "FULL" else "PARTIAL"
    data["outcome"] = "changed after reading"
    assert proposal.to_json()["outcome"] == proposal.outcome != "changed after reading"


def test_a_conditional_proposal_awards_only_what_its_condition_releases() -> None:
    data = json.loads((GOLDEN[0].parent / "E4.decision.json").read_text(encoding="utf-8"))
    proposal = Proposal.from_json(data)
    assert proposal.outcome == "CONDITIONAL" and proposal.award is None
    released = proposal.on_condition_met
    assert released is not None
    assert released.credits_awarded == data["on_condition_met"]["credits_awarded"]
    assert proposal.awarded == (Decimal(released.credits_awarded or "0"), data["credit_system"])
