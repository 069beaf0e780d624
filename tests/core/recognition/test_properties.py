"""Properties of the decision procedure (hypothesis; deterministic settings)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.recognition._helpers import EXAMPLES as EXAMPLES_DIR
from tests.core.recognition._helpers import decide, example, record

COVERAGES = ("NONE", "PARTIAL", "FULL")
RANK = {"NOT_RECOGNISED": 0, "PARTIAL": 1, "FULL": 2}
quick = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _with_coverage(vector: list[int]) -> dict[str, Any]:
    data = example("E2")
    cred = record(data)["credential_id"]
    data["lo_matrix"]["rows"] = [
        {
            "target_lo": f"LO{i + 1}",
            "coverage": COVERAGES[c],
            "sources": [f"{cred}#LO{min(i + 1, 4)}"] if c else [],
            "action": "CONFIRMED",
            "actor": "reviewer",
        }
        for i, c in enumerate(vector)
    ]
    return data


def _standing(report: dict[str, Any]) -> tuple[int, Decimal]:
    return RANK[report["outcome"]], Decimal(report["credits_awarded"] or "0")


@quick
@given(st.lists(st.integers(0, 2), min_size=6, max_size=6), st.integers(0, 5))
def test_more_learning_outcome_coverage_never_worsens_the_outcome(vector: list[int], i: int) -> None:
    before = decide(_with_coverage(vector)).report
    better = list(vector)
    better[i] = min(2, better[i] + 1)
    after = decide(_with_coverage(better)).report
    assert _standing(after) >= _standing(before)


@quick
@given(st.integers(0, 400), st.integers(0, 400))
def test_elective_credits_grow_with_the_hours_of_learning(h1: int, h2: int) -> None:
    lo, hi = sorted((h1, h2))
    out = []
    for hours in (lo, hi):
        data = example("E4")
        record(data).pop("valid_until")
        record(data)["workload"] = {"hours": str(hours)}
        r = decide(data).report
        award = r["award"] or {"credits_awarded": "0"}
        out.append(Decimal(award["credits_awarded"] or "0"))
    assert out[0] <= out[1]


@quick
@given(
    st.lists(
        st.tuples(
            st.integers(1, 5),
            st.integers(1, 5),
            st.sampled_from(["likely", "possible"]),
            st.integers(0, 9999),
        ),
        max_size=8,
    )
)
def test_unconfirmed_suggestions_never_change_the_decision(pairs: list[tuple[int, int, str, int]]) -> None:
    for name in ("E1", "E5"):
        data = example(name)
        base = decide(data).report
        cred = record(data)["credential_id"]
        data["lo_matrix"]["suggestions"] = [
            {
                "target_lo": f"LO{t}",
                "source": f"{cred}#LO{s}",
                "score": f"0.{score:04d}",
                "band": band,
                "backend": "lexical-tfidf",
            }
            for t, s, band, score in pairs
        ]
        assert decide(data).report == base


@quick
@given(st.lists(st.integers(0, 2), min_size=6, max_size=6))
def test_no_outcome_is_a_refusal_without_a_named_substantial_difference(vector: list[int]) -> None:
    r = decide(_with_coverage(vector)).report
    if r["outcome"] == "NOT_RECOGNISED":
        assert r["substantial_differences"]


@quick
@given(st.integers(0, 60))
def test_the_cap_never_lets_recognised_credits_exceed_it(prior: int) -> None:
    data = example("X01-cap-reached-elective-partial")
    data["ledger"]["prior_credits"] = {"recognised_total": str(prior)}
    r = decide(data).report
    awarded = Decimal(r["credits_awarded"] or "0")
    assert prior + awarded <= 60


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 2), min_size=6, max_size=6), st.integers(0, 60))
def test_replay_reproduces_any_decision_bit_for_bit(vector: list[int], prior: int) -> None:
    from microcred.recognition import recognise
    from microcred.recognition.audit import AuditLog, replay
    from microcred.recognition.case import canonicalise, parse_case_doc
    from tests.core.recognition._helpers import EXAMPLES

    data = _with_coverage(vector)
    data["ledger"]["prior_credits"] = {"extra_curricular": str(prior)}
    doc = canonicalise(parse_case_doc(data), base=EXAMPLES)
    log = AuditLog.open_case(doc, actor="officer")
    log.record_decision(recognise(doc), actor="engine")
    assert replay(AuditLog.from_jsonl(log.to_jsonl())).matches


@quick
@given(st.integers(1, 12), st.integers(1, 12))
def test_more_workload_never_worsens_an_exemption(c1: int, c2: int) -> None:
    out = []
    for credits in sorted((c1, c2)):
        data = example("E1")
        record(data)["workload"] = {"credits": str(credits), "system": "ECTS"}
        out.append(_standing(decide(data).report))
    assert out[0] <= out[1]


@quick
@given(st.integers(50, 100), st.integers(50, 100))
def test_a_stricter_coverage_threshold_never_improves_the_outcome(t1: int, t2: int) -> None:
    out = []
    for t in sorted((t1, t2)):
        data = example("X08-bilateral-threshold-override")
        agreement = json.loads((EXAMPLES_DIR / "agreements" / "MU-NEU-STRICT.v1.json").read_text("utf-8"))
        agreement["parameters"] = {"lo_coverage": {"full": f"{t / 100}", "partial": "0.5"}}
        data["agreements"] = [agreement]
        out.append(_standing(decide(data).report))
    assert out[0] >= out[1]
