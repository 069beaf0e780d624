"""``microcred issue --spec SPEC.json --learner LEARNER.json [--result RESULT.json] --key KEY.json
[--suite eddsa-rdfc-2022|eddsa-jcs-2022|vc-jwt] [--issuer-did DID]``: print a signed credential.

Without ``--issuer-did`` the issuer is the key's did:key. With one (e.g. the institution's
did:web), the proof names ``<DID>#<publicKeyMultibase>``, which the DID document must list under
``assertionMethod``. The salt of the hashed e-mail (ADR 0601) goes to standard error, or to
``--salt-out``: give it to the learner, it is not in the credential.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from microcred.cli._output import write_private_file
from microcred.cli.keys import load_key_file
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import SUITES, issue_award
from microcred.model.award import AssessmentResult, load_learner, load_result
from microcred.model.spec import load_spec
from microcred.standards.ob3 import IssuerProfile


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "issue", help="compose and sign an Open Badges 3.0 credential for a learner"
    )
    p.add_argument("--spec", required=True, metavar="SPEC.json")
    p.add_argument("--learner", required=True, metavar="LEARNER.json")
    p.add_argument("--result", metavar="RESULT.json", help="assessment result (default: passed, awarded now)")
    p.add_argument("--key", required=True, metavar="KEY.json", help="key file from 'microcred keys generate'")
    p.add_argument("--suite", choices=SUITES, default="eddsa-rdfc-2022")
    p.add_argument("--issuer-did", metavar="DID", help="issuer DID (default: the key's did:key)")
    p.add_argument(
        "--achievement-id", metavar="URI", help="id of the achievement (default: a urn from the spec code)"
    )
    p.add_argument(
        "--salt-out", metavar="FILE", help="write the learner's salt here instead of standard error"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    learner = load_learner(args.learner)
    now = datetime.now(UTC).replace(microsecond=0)
    result = load_result(args.result) if args.result else AssessmentResult(awarded_on=now)
    pair = load_key_file(args.key)
    did = args.issuer_did or pair.public_key.did_key
    key_id = (
        pair.public_key.did_key_verification_method
        if did == pair.public_key.did_key
        else f"{did}#{pair.public_key.public_key_multibase}"
    )
    code = quote(spec.code or "spec", safe="-._~")
    achievement_id = args.achievement_id or f"urn:microcred:achievement:{code}:v{spec.version}"
    award = issue_award(
        spec,
        learner,
        result,
        issuer=IssuerProfile.from_spec(spec, did=did),
        signer=KeyPairSigner(pair, key_id),
        achievement_id=achievement_id,
        suite=args.suite,
        issued_at=now,
    )
    secured, salt = award.credential, award.salt
    if isinstance(secured, str):
        sys.stdout.write(secured + "\n")
    else:
        sys.stdout.write(json.dumps(secured, ensure_ascii=False, indent=2) + "\n")
    if learner.email or learner.date_of_birth:
        if args.salt_out:
            write_private_file(args.salt_out, salt + "\n")  # mode 0600: the salt unlocks the hashed identity
        else:
            sys.stderr.write(
                f"microcred: salt for the learner's hashed identities (give it to them): {salt}\n"
            )
    return 0
