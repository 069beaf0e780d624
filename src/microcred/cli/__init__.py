"""The ``microcred`` command. Each sub-command lives in its own module of this package and
exposes ``register(subparsers)``; modules are found by name, so adding a command never
means editing a central list.

Exit codes: 0 success, 1 the answer is "no" (not conformant, not valid), 2 unreadable input
or an unknown code given on the command line. Input that breaks a limit of
:mod:`microcred.untrusted_input` is unreadable (2, naming the limit), and so is input that makes
anything fail unexpectedly: whatever a file holds, the command ends with one line, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from microcred import __version__
from microcred.errors import InputError, MicrocredError, UnknownCodeError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microcred",
        description="Micro-credentials to EU standards: check, convert, issue, verify, recognise.",
    )
    parser.add_argument("--version", action="version", version=f"microcred {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except (InputError, UnknownCodeError) as exc:
        print(f"microcred: {exc}", file=sys.stderr)
        return 2
    except MicrocredError as exc:
        print(f"microcred: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # whatever a hostile file provokes: one line and exit 2, no traceback
        detail = " ".join(str(exc).split())[:300]
        print(f"microcred: cannot process the input ({type(exc).__name__}: {detail})", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
