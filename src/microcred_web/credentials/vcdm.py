"""The web layer's view of the one VCDM/OB format checker, :mod:`microcred.standards.vcdm`.

No rule lives here (ADR 0902): issuance through the VC-API accepts VCDM 2.0 only, so the core
checker is asked with ``versions=("2.0",)``; problems come back as (JSON path, English message)
for the VC-API's problem details, and their machine codes stay available from the core.
"""

from __future__ import annotations

from typing import Any

from microcred.standards import vcdm
from microcred.standards.vcdm import issuer_id

__all__ = ["credential_problems", "issuer_id"]

Problem = tuple[str, str]


def credential_problems(document: Any, *, require_proof: bool = False) -> list[Problem]:
    """Every format problem of a credential to be issued, as (JSON path, message)."""
    problems = vcdm.credential_problems(
        document, versions=("2.0",), require_proof=require_proof, open_badge_schema=False
    )
    return [(p.path, p.message) for p in problems]
