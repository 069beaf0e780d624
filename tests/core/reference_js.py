"""Running the JavaScript reference stack (tests/reference_js) from the tests: one place.

Each script reads one JSON job per line on stdin and writes one JSON result per line, so a
whole batch runs in one node process. Tests that need it carry :data:`REFERENCE_STACK_MARKS`
and are skipped, with the reason, when node or tests/reference_js/node_modules is missing
(``make test`` runs ``npm ci`` there first).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REFERENCE = Path(__file__).parents[1] / "reference_js"
NODE = shutil.which("node")

REFERENCE_STACK_MARKS = (
    pytest.mark.reference_js,
    pytest.mark.skipif(NODE is None, reason="node is not installed, so the reference stack cannot run"),
    pytest.mark.skipif(
        not (REFERENCE / "node_modules" / "jsonld").is_dir(),
        reason="tests/reference_js/node_modules is missing: run `npm ci` in tests/reference_js",
    ),
)


def requires_reference_stack(test: Any) -> Any:
    """Mark one test as needing the reference stack (a module uses ``pytestmark`` instead)."""
    for mark in reversed(REFERENCE_STACK_MARKS):
        test = mark(test)
    return test


def run_node(script: str, jobs: list[dict[str, Any]], *, timeout: int = 600) -> list[dict[str, Any]]:
    """Run ``jobs`` through ``tests/reference_js/<script>`` in one node process; one result per job."""
    assert NODE is not None
    batch = "".join(json.dumps(job, ensure_ascii=False) + "\n" for job in jobs)
    finished = subprocess.run(
        [NODE, str(REFERENCE / script)],
        input=batch.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=timeout,
    )
    results: list[dict[str, Any]] = [
        json.loads(line) for line in finished.stdout.decode("utf-8").splitlines()
    ]
    assert len(results) == len(jobs)
    return results
