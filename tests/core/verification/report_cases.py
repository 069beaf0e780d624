"""The inputs of the golden report test (``test_reports_are_unchanged``): every report that
``inspect`` and ``verify`` give for them is recorded, as a digest, in
``tests/assets/verification-golden/report-digests.json`` (ADR 0203, "one walk"). They were written
by the verifier *before* the checks were merged into one pass; the test holds the merged verifier
to the same reports, check by check, code, parameters and reasons included.

The inputs: the real-world corpus (with its registry and status lists), and a credential signed
by a did:web and by a did:key issuer in each proof format, each top-level member of which is
replaced by hostile values, both without signing again (the proof then fails) and, for
eddsa-jcs-2022 and vc-jwt, signed again (every other check then runs on the odd value).
Regenerate only on purpose: ``python -m tests.core.verification.report_cases``.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.crypto.proofs.jose import sign_vc_jwt
from microcred.crypto.signer import KeyPairSigner
from microcred.verification import VerificationError, inspect, verify
from tests.conftest import ASSETS
from tests.core.verification.conftest import CREATED, NOW, TEST_KEY, TEST_SIGNER, registry, unsigned

GOLDEN = ASSETS / "verification-golden" / "report-digests.json"
CORPUS = ASSETS / "realworld"
CORPUS_NOW = datetime(2026, 12, 7, tzinfo=UTC)

DID_KEY = TEST_KEY.public_key.did_key
DID_KEY_SIGNER = KeyPairSigner(TEST_KEY, f"{DID_KEY}#{TEST_KEY.public_key.public_key_multibase}")

HOSTILE: tuple[Any, ...] = (
    None,
    "",
    0,
    5.5,
    True,
    [],
    {},
    "not a url",
    "https://example.org/x",
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00",
    "2099-01-01T00:00:00+02:00",
    "99999-01-01T00:00:00Z",
    [None],
    [{}],
    {"id": "urn:example:1"},
    {"id": "urn:example:1", "type": ["X", 3]},
    ["https://www.w3.org/ns/credentials/v2", 7],
    [{"id": "https://example.org/s", "type": "BitstringStatusListEntry", "statusPurpose": "revocation"}],
)
EXTRA_KEYS = (
    "validFrom",
    "validUntil",
    "issuanceDate",
    "expirationDate",
    "credentialStatus",
    "relatedResource",
)


def _jwt_with_payload(token: str, credential: Mapping[str, Any]) -> str:
    """``token`` with its ``vc`` claim replaced and the old signature kept (so it does not verify)."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"] = credential
    encoded = base64.urlsafe_b64encode(orjson.dumps(claims)).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


def _signed(sign: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``sign(*args, **kwargs)``, or ``None`` for a value that cannot be signed at all (then only the unsigned
    case is kept)."""
    try:
        return sign(*args, **kwargs)
    except Exception:
        return None


def cases() -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(name, credential, keyword arguments of ``inspect``/``verify``)."""
    from tests.core.verification.test_realworld_credentials import fetch_status_list
    from tests.core.verification.test_realworld_credentials import registry as corpus_registry

    for path in sorted((CORPUS / "credentials").iterdir()):
        text = path.read_text("utf-8")
        credential = text.strip() if path.name.endswith(".jwt") else json.loads(text)
        yield (
            f"corpus/{path.name}",
            credential,
            {"trust": corpus_registry(), "status": fetch_status_list, "now": CORPUS_NOW},
        )
    trust = registry()
    options = ProofOptions(created=CREATED)
    for who, signer in (("did-web", TEST_SIGNER), ("did-key", DID_KEY_SIGNER)):
        base = unsigned()
        base["issuer"]["id"] = signer.key_id.partition("#")[0]
        keys = [*base, *(k for k in EXTRA_KEYS if k not in base)]
        for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"):
            kw = {"trust": trust, "now": NOW}
            secured: Any = (
                sign_vc_jwt(base, signer)
                if suite == "vc-jwt"
                else add_proof(base, signer, cryptosuite=suite, options=options)
            )
            yield f"{who}/{suite}/as-signed", secured, kw
            for key in keys:
                for i, value in enumerate(HOSTILE):
                    changed = copy.deepcopy(base)
                    changed[key] = copy.deepcopy(value)
                    name = f"{who}/{suite}/{key}={i}"
                    if suite == "vc-jwt":
                        yield f"{name}/unsigned", _jwt_with_payload(secured, changed), kw
                        token = _signed(sign_vc_jwt, changed, signer)
                        if token is not None:
                            yield f"{name}/signed", token, kw
                    else:
                        yield f"{name}/unsigned", {**changed, "proof": secured["proof"]}, kw
                        if suite == "eddsa-jcs-2022":
                            resigned = _signed(add_proof, changed, signer, cryptosuite=suite, options=options)
                            if resigned is not None:
                                yield f"{name}/signed", resigned, kw


def outcome(credential: Any, kw: dict[str, Any]) -> str:
    """The digest of the report and of what ``verify`` does (raise which error, or return what)."""
    report = inspect(credential, **kw)
    try:
        verified = verify(credential, accept_unconfirmed=True, **kw)
        result: Any = ["ok", verified.issuer, verified.proof_format, verified.verification_method]
    except VerificationError as exc:
        result = [type(exc).__name__, exc.check, exc.check_code, exc.where, str(exc)]
    try:
        verify(credential, **kw)
        strict: Any = "ok"
    except VerificationError as exc:
        strict = [type(exc).__name__, exc.check, exc.check_code, exc.where, str(exc)]
    body = {"report": report.as_dict(), "verdict": report.verdict, "verify": result, "strict": strict}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS, default=repr)).hexdigest()[:24]


def main() -> None:
    digests = {name: outcome(credential, kw) for name, credential, kw in cases()}
    GOLDEN.write_text(json.dumps(digests, indent=0, sort_keys=True) + "\n", "utf-8")
    print(f"{len(digests)} reports written to {GOLDEN}")


if __name__ == "__main__":
    main()
