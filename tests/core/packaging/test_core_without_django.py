"""`pip install microcred` is the core and its CLI, without Django (issue 12 item 4, ADR 1203):
its metadata requires nothing of the platform, and a process in which Django cannot be imported
still imports every core module and verifies a credential with `microcred verify`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement

from tests.conftest import ROOT

#: What only the platform (the `web` extra) may bring.
PLATFORM_PACKAGES = {"django", "django-ninja", "psycopg", "gunicorn", "whitenoise", "django-allauth"}

BLOCK_THE_PLATFORM = textwrap.dedent(
    """
    import importlib.abc, sys

    class NoPlatform(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"django", "ninja", "microcred_web", "psycopg", "gunicorn"}:
                raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)", name=name)
            return None

    sys.meta_path.insert(0, NoPlatform())
    """
)


def test_the_core_requires_nothing_of_the_platform_unless_the_web_extra_is_asked_for() -> None:
    declared = [Requirement(r) for r in requires("microcred") or []]
    core = {r.name.lower() for r in declared if r.marker is None}
    web = {r.name.lower() for r in declared if r.marker is not None and r.marker.evaluate({"extra": "web"})}

    assert core and not core & PLATFORM_PACKAGES
    assert {"django", "gunicorn", "whitenoise"} <= web


def test_without_django_every_core_module_imports_and_microcred_verify_works(tmp_path: Path) -> None:
    from tests.core.verification.conftest import self_issued

    credential = tmp_path / "credential.json"
    credential.write_text(json.dumps(self_issued("eddsa-rdfc-2022")), encoding="utf-8")
    program = BLOCK_THE_PLATFORM + textwrap.dedent(
        f"""
        import importlib, pkgutil, microcred
        try:
            import django
        except ModuleNotFoundError:
            pass
        else:
            raise SystemExit("django was importable")
        names = [m.name for m in pkgutil.walk_packages(microcred.__path__, "microcred.")]
        for name in names:
            importlib.import_module(name)
        print("imported", len(names), "core modules")
        from microcred.cli import main
        raise SystemExit(main(["verify", {str(credential)!r}]))
        """
    )

    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "imported" in result.stdout and ": VALID" in result.stdout
