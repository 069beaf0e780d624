"""The merged checks give the reports the separate checks gave (ADR 0203, "one walk").

The digests were written by the verifier before the format rules, the OB 3.0 schema and the date
reading were merged into one pass (``tests/core/verification/report_cases.py`` says which inputs
and how to regenerate): every check's state, code, parameters and reason, the verdict and what
``verify`` raises must stay the same, for the real-world corpus and for hostile values in every
top-level member of a credential in each proof format.
"""

from __future__ import annotations

import json

from tests.core.verification.report_cases import GOLDEN, cases, outcome


def test_every_report_is_the_one_the_separate_checks_gave() -> None:
    expected: dict[str, str] = json.loads(GOLDEN.read_text("utf-8"))
    seen = {name: outcome(credential, kw) for name, credential, kw in cases()}
    assert seen.keys() == expected.keys()
    changed = sorted(name for name in seen if seen[name] != expected[name])
    assert not changed, f"{len(changed)} reports changed, first: {changed[:5]}"
