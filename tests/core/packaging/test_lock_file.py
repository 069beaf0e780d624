"""requirements/lock.txt (ADR 1203) holds every pin of pyproject.toml at the same version, each
with hashes: a dependency added or moved in pyproject.toml without `make lock` fails here, with
the command that mends it."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCK = ROOT / "requirements" / "lock.txt"
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


def _locked() -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes) of every entry in the lock file."""
    entries: dict[str, tuple[str, int]] = {}
    name = ""
    for line in LOCK.read_text("utf-8").splitlines():
        match = _ENTRY.match(line)
        if match:
            name = canonicalize_name(match.group(1))
            entries[name] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and name:
            version, hashes = entries[name]
            entries[name] = (version, hashes + 1)
    return entries


def _pinned() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    pins: dict[str, str] = {}
    for text in requirements:
        requirement = Requirement(text)
        if canonicalize_name(requirement.name) == "microcred":
            continue  # the dev extra names the web extra of the project itself
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{text}: pin exactly (==)"
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def test_every_pin_of_pyproject_is_in_the_lock_at_the_same_version() -> None:
    locked = _locked()
    stale = {
        name: (version, locked.get(name, ("missing", 0))[0])
        for name, version in _pinned().items()
        if locked.get(name, ("", 0))[0] != version
    }

    assert not stale, f"pyproject.toml and {LOCK.name} disagree (pinned, locked): {stale}; run `make lock`"


def test_every_locked_package_has_a_hash() -> None:
    locked = _locked()

    assert len(locked) > 50
    assert [name for name, (_version, hashes) in locked.items() if hashes == 0] == []
    assert "microcred" not in locked  # installed from the source tree with --no-deps
