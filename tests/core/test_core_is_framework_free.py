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
