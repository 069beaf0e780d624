"""Issuance: validate → sign → **verify what was just signed** → return.

The pipeline of openedx/credentials, without persistence (the web layer stores the result):

1. the unsigned credential must fit VCDM 2.0 and, for an Open Badge, the OB 3.0 JSON Schema;
2. it is secured with one of three suites:

   * ``eddsa-rdfc-2022`` — Data Integrity, RDFC-1.0 (vc-di-eddsa §3.2); the suite the OB 3.0
     conformance system accepts for Linked Data proofs (OB 3.0 §8.3);
   * ``eddsa-jcs-2022`` — Data Integrity, JCS (vc-di-eddsa §3.3);
   * ``vc-jwt`` — VC-JOSE-COSE §3.1 compact JWS (``Ed25519`` or ``ES256``);

3. the secured result is verified with the signer's public key, so a signer whose key does not
   match its ``key_id`` or a canonicalization fault is caught before anything leaves the house;
4. a dict is returned for the Data Integrity suites, a compact JWS string for ``vc-jwt``.

Issuance raises :class:`IssuanceError` (or a :class:`~microcred.errors.MicrocredError` from the
layer that failed); it never returns a credential that did not verify.

:func:`issue_award` is the whole pipeline for one award — compose the OB 3.0 credential from the
spec, learner and result (ADR 0601/0602), then :func:`issue_credential` — and returns the salt
the learner must receive with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal, overload

from microcred.crypto.errors import CryptoError, UnknownKey
from microcred.crypto.keys import PublicKey
from microcred.crypto.proofs import ProofOptions, add_proof, verify_proofs
from microcred.crypto.proofs.jose import sign_vc_jwt, verify_vc_jwt
from microcred.crypto.signer import Signer
from microcred.errors import MicrocredError
from microcred.model.award import AssessmentResult, Learner
from microcred.model.spec import MicroCredentialSpec
from microcred.standards.ob3 import IssuerProfile, compose_credential, new_credential_id, new_salt
from microcred.standards.related_resources import related_resource_problem
from microcred.standards.status_list import BitstringStatusListEntry
from microcred.verification import check_format

__all__ = ["SUITES", "IssuanceError", "IssuedAward", "Suite", "issue_award", "issue_credential"]

Suite = Literal["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"]
SUITES: Final[tuple[Suite, ...]] = ("eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt")


class IssuanceError(MicrocredError):
    """The credential could not be issued; ``where`` names the step or field."""


class _OneKey:
    """A resolver that knows only the signer's key: the self-check must not depend on whether the
    issuer's DID document is published yet."""

    __slots__ = ("_key", "_method")

    def __init__(self, method: str, key: PublicKey) -> None:
        self._method = method
        self._key = key

    def resolve_verification_method(self, method_id: str, *, purpose: str = "assertionMethod") -> PublicKey:
        if method_id != self._method:
            raise UnknownKey(
                f"the proof names {method_id}, but the signer is {self._method}", where=method_id
            )
        return self._key


@overload
def issue_credential(
    unsigned: Mapping[str, Any],
    *,
    signer: Signer,
    suite: Literal["eddsa-rdfc-2022", "eddsa-jcs-2022"] = ...,
    created: datetime | None = ...,
    validate: bool = ...,
) -> dict[str, Any]: ...


@overload
def issue_credential(
    unsigned: Mapping[str, Any],
    *,
    signer: Signer,
    suite: Literal["vc-jwt"],
    created: datetime | None = ...,
    validate: bool = ...,
) -> str: ...


@overload
def issue_credential(
    unsigned: Mapping[str, Any],
    *,
    signer: Signer,
    suite: Suite,
    created: datetime | None = ...,
    validate: bool = ...,
) -> dict[str, Any] | str: ...


def issue_credential(
    unsigned: Mapping[str, Any],
    *,
    signer: Signer,
    suite: Suite = "eddsa-rdfc-2022",
    created: datetime | None = None,
    validate: bool = True,
) -> dict[str, Any] | str:
    """Secure ``unsigned`` with ``signer`` using ``suite``, verify the result, and return it.

    ``signer.key_id`` becomes the proof's ``verificationMethod`` (or the JWS ``kid``); it must be
    listed under ``assertionMethod`` in the issuer's DID document for others to verify it.
    ``created`` defaults to now (UTC, whole seconds). ``validate`` runs the VCDM 2.0 / OB 3.0
    format check first (switch it off only for documents already checked, e.g. in benchmarks).
    """
    matching = [name for name in SUITES if name == suite]
    if not matching:
        raise IssuanceError(f"unknown suite {suite!r}; use one of {', '.join(SUITES)}", where="suite")
    suite = matching[0]  # the plain string, also when a str enum (e.g. Django TextChoices) was given
    if "proof" in unsigned:
        raise IssuanceError("the credential already has a proof; issue an unsigned credential", where="proof")
    if validate:
        problem = check_format(unsigned) or related_resource_problem(unsigned)  # VCDM 2.0 §5.3
        if problem is not None:
            raise IssuanceError(f"the credential is not valid: {problem[1]}", where=problem[0])
    check = _OneKey(signer.key_id, signer.public_key)
    moment = datetime.now(UTC) if created is None else created
    secured: dict[str, Any] | str
    try:
        if suite == "vc-jwt":
            secured = sign_vc_jwt(unsigned, signer)
        else:
            secured = add_proof(
                unsigned,
                signer,
                cryptosuite=suite,
                options=ProofOptions(created=moment.replace(microsecond=0)),
            )
    except CryptoError as exc:
        raise IssuanceError(f"cannot sign with {suite}: {exc.message}", where=exc.where) from None
    try:
        if isinstance(secured, str):
            verify_vc_jwt(secured, check, now=moment)
        else:
            verify_proofs(secured, check, now=moment)
    except CryptoError as exc:
        raise IssuanceError(f"signing failed its own verification: {exc.message}", where=exc.where) from None
    return secured


@dataclass(frozen=True, slots=True)
class IssuedAward:
    """An issued award: the secured credential (dict, or compact JWS for ``vc-jwt``), its id, and
    the salt of the hashed identities, which the issuer stores and gives to the learner (ADR 0601)."""

    credential: dict[str, Any] | str
    credential_id: str
    salt: str
    suite: Suite


def issue_award(
    spec: MicroCredentialSpec,
    learner: Learner,
    result: AssessmentResult,
    *,
    issuer: IssuerProfile,
    signer: Signer,
    achievement_id: str,
    suite: Suite = "eddsa-rdfc-2022",
    credential_id: str | None = None,
    issued_at: datetime | None = None,
    status: BitstringStatusListEntry | Mapping[str, Any] | None = None,
) -> IssuedAward:
    """Compose the OB 3.0 credential of one award and issue it (:func:`issue_credential`).

    ``issuer.id`` should be the controller of ``signer.key_id`` (the institution's DID);
    ``credential_id`` defaults to a new ``urn:uuid``, ``issued_at`` to now (whole seconds, UTC).
    """
    moment = (issued_at or datetime.now(UTC)).replace(microsecond=0)
    cid = credential_id or new_credential_id()
    salt = new_salt()
    unsigned = compose_credential(
        spec,
        learner,
        result,
        issuer=issuer,
        credential_id=cid,
        achievement_id=achievement_id,
        issued_at=moment,
        salt=salt,
        status=status,
    )
    secured = issue_credential(unsigned, signer=signer, suite=suite, created=moment)
    return IssuedAward(credential=secured, credential_id=cid, salt=salt, suite=suite)
