"""The core must stay usable without Django: it is a library and a CLI first."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "src" / "microcred"
FORBIDDEN = ("django", "ninja", "microcred_web")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_no_core_module_imports_django_or_the_web_layer(path: Path) -> None:
    assert not (_imports(path) & set(FORBIDDEN)), f"{path} imports {_imports(path) & set(FORBIDDEN)}"


_WITHOUT_PYLD = """
import sys
sys.modules["pyld"] = None  # as if PyLD were not installed: importing it raises ImportError
from datetime import UTC, datetime
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import issue_credential
from microcred.jsonld._bench_support import typical_credential
from microcred.verification import verify

pair = Ed25519KeyPair.from_seed(bytes(32))
signer = KeyPairSigner(pair, pair.public_key.did_key_verification_method)
at = datetime(2026, 7, 1, tzinfo=UTC)
credential = typical_credential()
credential["issuer"] = {**credential["issuer"], "id": pair.did_key}  # signed by its own issuer
for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"):
    verify(issue_credential(credential, signer=signer, suite=suite, created=at), now=at)
assert "pyld" not in {name.split(".")[0] for name in sys.modules if sys.modules[name] is not None}
print("ok")
"""


def test_the_core_issues_and_verifies_without_pyld_which_only_the_benchmark_needs() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PYLD], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
