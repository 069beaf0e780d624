"""Check a credential someone hands us, offline, and say what was found in named checks.

The checks are the core's (``microcred.verification.inspect``): ``format``, ``proof``, ``key``,
``trust``, ``status``, ``validity`` and, when the presenter offers evidence, ``holder``. This
module feeds it what only the web layer knows (this instance's keys and trust registry, its own
status lists) and turns each result into a sentence for people, in the interface language,
with the core's technical reason on demand and an RFC 9457 problem type for the VC-API.

Sentences are chosen by the core's machine ``code`` (``key.not_controlled_by_issuer``,
``status.no_entry``…; the table is in ``microcred.verification`` and ADR 0606), never by its
English text. The verdict, issuer binding included, is the core's; :attr:`Report.headline` is
the one place that turns it (with trust) into the page's headline.

Outcomes: ``passed``, ``failed`` or ``unknown`` ("could not check"). Nothing is fetched from
the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from microcred.credential_files import file_kind, read_credential_bytes
from microcred.crypto.errors import UnknownKey
from microcred.trust import TrustRegistry
from microcred.untrusted_input import (
    InputLimitError,
    UntrustedInputError,
    check_counts,
    read_compact_jws,
    read_json_object,
)
from microcred.verification import Check as CoreCheck
from microcred.verification import HolderEvidence, Verdict, VerificationReport, inspect
from microcred_web.core.input_errors import input_error_message
from microcred_web.credentials.errors import DI_ERRORS, OWN_PROBLEMS, STATUS_ERRORS, VCDM_ERRORS
from microcred_web.credentials.selectors import institution_for_did, issued_by_this_platform
from microcred_web.credentials.trust import kept_institution_name, local_status_list, trust_registry
from microcred_web.credentials.vcdm import issuer_id

Outcome = Literal["passed", "failed", "unknown"]
# Revoked, suspended and "not the learner" are findings, not processing errors: no W3C code fits,
# so they are OWN_PROBLEMS (the namespaces are errors.py's).


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    outcome: Outcome
    summary: str
    detail: str = ""
    problem_type: str = ""

    def problem(self) -> dict[str, str]:
        """RFC 9457 problem detail of a failed check (VC-API ``problemDetails`` item)."""
        return {
            "type": self.problem_type or VCDM_ERRORS + "MALFORMED_VALUE_ERROR",
            "title": self.summary,
            "detail": self.detail or self.summary,
        }


Headline = Literal["valid", "untrusted", "unconfirmed", "invalid"]


@dataclass(slots=True)
class Report:
    credential: dict[str, Any] | None
    checks: list[Check] = field(default_factory=list)
    jws: str = ""
    issuer_name: str = ""
    #: The core's verdict (``microcred.verification``, ADR 0606); "invalid" until it has run.
    core_verdict: Verdict = "invalid"

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def verdict(self) -> Verdict:
        """The core's verdict; "invalid" also when the submission could not be read (a failed
        check added here). Trust is reported beside it (ADR 0606)."""
        if any(c.outcome == "failed" for c in self.checks if c.name != "trust"):
            return "invalid"
        return self.core_verdict

    @property
    def failed(self) -> bool:
        """Some check found something wrong, the presenter check included."""
        return self.verdict == "invalid"

    @property
    def verified(self) -> bool:
        """Valid: signed by its issuer and every check that matters confirmed (trust beside)."""
        return self.verdict == "valid"

    @property
    def trusted(self) -> bool:
        trust = self.check("trust")
        return self.verified and trust is not None and trust.outcome == "passed"

    @property
    def headline(self) -> Headline:
        """The one headline of the page, chosen here once from the verdict: green only when
        valid (and the issuer is a consortium member), red when any check failed, amber when
        something could not be confirmed or the issuer is outside the registry."""
        if self.verdict == "valid":
            return "valid" if self.trusted else "untrusted"
        return self.verdict

    def unconfirmed(self) -> list[Check]:
        """The checks that could not be done, when they are why the verdict is "could not confirm"."""
        if self.verdict != "unconfirmed":
            return []
        cause = ("format", "key", "status", "validity", "holder", "proof")  # the cause first
        unknown = [c for c in self.checks if c.outcome == "unknown" and c.name in cause]
        return sorted(unknown, key=lambda c: cause.index(c.name))

    def problems(self) -> list[dict[str, str]]:
        """RFC 9457 problem details: the failed checks, or the unconfirmed ones (VC-API)."""
        failed = [c.problem() for c in self.checks if c.outcome == "failed" and c.name != "trust"]
        return failed or [c.problem() for c in self.unconfirmed()]


def parse_submission(text: str) -> tuple[dict[str, Any] | None, str, Check | None]:
    """Pasted or uploaded text → (credential JSON, JWS if it was one, a failed format check),
    read within the core's limits on untrusted input (ADR 0608)."""
    text = (text or "").strip()
    if not text:
        return None, "", _parsing_error(_("Nothing was given to check."))
    if text.startswith("<") and file_kind(text.encode("utf-8")) == "svg":  # a baked SVG pasted (ADR 1302)
        return parse_upload(text.encode("utf-8"))
    try:
        if not text.startswith("{") and text.count(".") == 2:
            try:
                jws, _header, payload = read_compact_jws(text)
            except InputLimitError:
                raise
            except UntrustedInputError:
                payload = None
            if not isinstance(payload, dict):
                return None, text, _parsing_error(_("This looks like a JWS, but its payload is not JSON."))
            return payload, jws, None
        document = read_json_object(text, what="a credential")
        check_counts(document)
    except UntrustedInputError as exc:
        return None, "", _parsing_error(input_error_message(exc))
    return document, "", None


def parse_upload(data: bytes) -> tuple[dict[str, Any] | None, str, Check | None]:
    """An uploaded file → (credential JSON, JWS if it was one, a failed format check): JSON, a
    JWS, a baked PNG or SVG badge or a certificate PDF, told apart by the core from the bytes
    (``microcred.credential_files``, ADR 1302), within the limits on untrusted input."""
    try:
        if file_kind(data) == "text":  # JSON or a JWS: read as pasted text is
            return parse_submission(data.decode("utf-8"))
        found = read_credential_bytes(data, where="")
    except UnicodeDecodeError as exc:
        refusal = UntrustedInputError("input.not_utf8", "not UTF-8 text", byte=exc.start)
        return None, "", _parsing_error(input_error_message(refusal))
    except UntrustedInputError as exc:
        return None, "", _parsing_error(input_error_message(exc))
    if isinstance(found, str):
        return parse_submission(found)
    return found, "", None


def _parsing_error(detail: str) -> Check:
    return Check(
        "format", "failed", _("This is not a credential we can read."), detail, VCDM_ERRORS + "PARSING_ERROR"
    )


def inspect_credential(
    document: dict[str, Any] | None,
    *,
    jws: str = "",
    holder_email: str = "",
    holder_code: str = "",
    registry: TrustRegistry | None = None,
) -> Report:
    """Run every check on a credential (a JSON document, or the compact JWS ``jws``).

    ``registry``: the trust registry to use, when the caller checks several credentials at once
    (a presentation); by default this platform's (:func:`trust_registry`)."""
    from microcred_web.qa.counting import verification_counted

    verification_counted()  # the QA plan's daily count (issue 15; no personal data)
    report = Report(credential=document, jws=jws)
    if document is None and not jws:
        report.checks.append(_parsing_error("no credential"))
        return report
    registry = registry if registry is not None else trust_registry()
    evidence = HolderEvidence(email=holder_email, salt=holder_code) if holder_email else None
    core = inspect(
        jws or document or {},
        resolver=registry.resolver(),
        trust=registry,
        status=local_status_list,
        holder=evidence,
    )
    report.core_verdict = core.verdict
    backdated = _compromised_key_check(core, registry, jws=jws)
    if backdated is not None:
        report.core_verdict = "invalid"
    if core.credential is not None:
        report.credential = dict(core.credential)
    issuer = issuer_id(report.credential or {})
    language = (get_language() or "en").split("-")[0]
    kept = kept_institution_name(issuer or "", language, registry)  # no query (ADR 1241)
    if kept is not None:
        report.issuer_name = kept
    elif (institution := institution_for_did(issuer or "")) is not None:
        report.issuer_name = institution.display_name(language)
    signed = core.check("proof").passed
    for check in core.checks:
        if check.name == "holder" and check.code == "holder.no_evidence":
            continue
        if check.name == "key" and backdated is not None:
            check = backdated
        report.checks.append(_describe(check, report=report, signed=signed))
    return report


def _compromised_key_check(
    core: VerificationReport, registry: TrustRegistry, *, jws: str
) -> CoreCheck | None:
    """ADR 0204, closing the backdating hole on this platform's own verifier: a proof made with a
    key this platform retired as compromised passes the core only because it is dated before
    the compromise moment, and its date is the signer's. Such a credential is accepted here only
    if this platform issued it (same id and the same proof, or the same JWS); a thief's backdated
    one is not in its records. ``key.revoked_not_issued`` otherwise. Only keys marked compromised
    cost a database query."""
    key = core.check("key")
    if not key.passed or core.credential is None:
        return None
    for method in key.params.get("bound") or []:
        found = registry.lookup(str(method)) or registry.endorser_lookup(str(method))  # ADR 1462
        if found is None:
            continue
        try:
            public = found[1].document.method(str(method)).public_key
        except UnknownKey:
            continue
        history = found[1].key_history(public)
        if history is None or history.revoked is None:
            continue
        if issued_by_this_platform(core.credential, jws=jws, institution=found[0].slug):
            continue
        return CoreCheck(
            "key",
            "failed",
            "key.revoked_not_issued",
            f"the key {method} was retired as compromised from {history.revoked.isoformat()}; the proof "
            "is dated before that, but this platform did not issue this credential (a backdated signature?)",
            {"key": str(method), "revoked": history.revoked.isoformat(), "where": str(method)},
        )
    return None


def _describe(check: CoreCheck, *, report: Report, signed: bool = True) -> Check:
    """The core's check as a sentence for people (translated), chosen by its machine ``code``
    (ADR 0606), with the core's English reason as the technical detail.

    When the signature did not verify (``signed`` false), the key and issuer checks only say
    what the credential *claims*: "signed with the issuer's key" or "issued by X" would read as
    a confirmation of a changed document."""
    name, code, reason, params = check.name, check.code, check.reason, check.params
    outcome: Outcome = "unknown" if check.state == "not_checked" else check.state
    if name == "format":
        if code == "format.ok":
            if params.get("vcdm") == "1.1":  # the data model the core's format check found
                return Check(name, "passed", _("A W3C Verifiable Credential 1.1."), reason)
            return Check(name, "passed", _("A W3C Verifiable Credential 2.0."), reason)
        return Check(
            name,
            outcome,
            _("The credential does not have the shape of a W3C Verifiable Credential 2.0."),
            reason,
            VCDM_ERRORS + "MALFORMED_VALUE_ERROR",
        )
    if name == "proof":
        error = DI_ERRORS + str(params.get("error") or "PROOF_VERIFICATION_ERROR")
        if code == "proof.ok":
            return Check(name, "passed", _("The signature is valid."), reason)
        if code == "proof.missing":
            return Check(
                name,
                "failed",
                _("The credential is not signed."),
                reason,
                DI_ERRORS + "MALFORMED_PROOF_ERROR",
            )
        if code == "proof.cannot_canonicalize":
            return Check(
                name,
                "failed",
                _("The signature could not be checked: the credential cannot be processed."),
                reason,
                DI_ERRORS + "PROOF_TRANSFORMATION_ERROR",
            )
        if outcome == "failed":
            return Check(
                name,
                "failed",
                _("The signature does not match: the credential was changed or is damaged."),
                reason,
                error,
            )
        return Check(name, "unknown", _("The signature could not be checked."), reason, error)
    if name == "key":
        if code == "key.ok" and not signed:
            return Check(
                name, "unknown", _("The key named in the signature belongs to the issuer it names."), reason
            )
        if code == "key.ok":
            return Check(name, "passed", _("The credential was signed with the issuer's own key."), reason)
        if code == "key.not_controlled_by_issuer":
            return Check(
                name,
                "failed",
                _(
                    "The credential was not signed by its issuer: the key %(key)s is not controlled by %(issuer)s."
                )
                % {"key": params.get("key", ""), "issuer": params.get("issuer", "")},
                reason,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        if code == "key.revoked":  # ADR 0204: retired as compromised before this signature
            return Check(
                name,
                "failed",
                _(
                    "The issuer retired the signing key as compromised from %(date)s; this signature"
                    " was made after that, or bears no date, and is not trusted."
                )
                % {"date": str(params.get("revoked", ""))[:10]},
                reason,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        if code == "key.revoked_not_issued":  # ADR 0204: backdated with a stolen key
            return Check(
                name,
                "failed",
                _(
                    "The issuer retired the signing key as compromised from %(date)s and has no record"
                    " of issuing this credential: its signature is not trusted."
                )
                % {"date": str(params.get("revoked", ""))[:10]},
                reason,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        if code == "key.endorser_only":  # ADR 1432: an endorser's key signs endorsements only
            return Check(
                name,
                "failed",
                _(
                    "%(name)s is an employer that endorses micro-credentials; it does not issue them,"
                    " so this credential is not valid."
                )
                % {"name": params.get("name", "")},
                reason,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        if code == "key.unresolvable":
            return Check(
                name,
                "unknown",
                _("The signing key is not one this platform knows."),
                reason,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        return Check(
            name,
            outcome,
            _("The signing key cannot be used."),
            reason,
            DI_ERRORS + "PROOF_VERIFICATION_ERROR",
        )
    if name == "trust":
        if code == "trust.ok":
            name_text = report.issuer_name or str(params.get("name", ""))
            if not signed:
                return Check(
                    name,
                    "unknown",
                    _(
                        "The credential names %(name)s, a member of the consortium, as its issuer;"
                        " the signature does not confirm it."
                    )
                    % {"name": name_text},
                    reason,
                )
            return Check(
                name,
                "passed",
                _("Issued by %(name)s, a member of the consortium.") % {"name": name_text},
                reason,
            )
        if code == "trust.endorser":  # ADR 1432
            return Check(
                name,
                "passed" if signed else "unknown",
                _("An endorsement by %(name)s, an employer listed as an endorser (not an issuer).")
                % {"name": str(params.get("name", ""))},
                reason,
            )
        if code == "trust.endorser_not_issuer":
            return Check(
                name,
                outcome,
                _("%(name)s is listed as an endorser, not as an issuer of micro-credentials.")
                % {"name": str(params.get("name", ""))},
                reason,
            )
        if code in ("trust.key_not_of_issuer", "trust.key_not_listed", "trust.key_differs"):
            return Check(
                name,
                outcome,
                _("The key that signed it is not one that %(name)s uses.")
                % {"name": report.issuer_name or str(params.get("name", ""))},
                reason,
            )
        if code == "trust.key_not_in_use":
            return Check(
                name,
                outcome,
                _("It was signed with a key of %(name)s that was not in use on that date.")
                % {"name": report.issuer_name or str(params.get("name", ""))},
                reason,
            )
        return Check(name, outcome, _("The issuer is not in this platform's trust registry."), reason)
    if name == "status":
        if code == "status.no_entry":
            return Check(
                name, "passed", _("The issuer did not give a way to revoke this credential."), reason
            )
        if code == "status.ok":
            return Check(name, "passed", _("Not revoked and not suspended."), reason)
        if code == "status.revoked":
            return Check(
                name,
                "failed",
                _("The issuer has revoked this credential."),
                reason,
                OWN_PROBLEMS + "credential-revoked",
            )
        if code == "status.suspended":
            return Check(
                name,
                "failed",
                _("The issuer has suspended this credential."),
                reason,
                OWN_PROBLEMS + "credential-suspended",
            )
        if outcome == "unknown":
            return Check(
                name,
                "unknown",
                _("The status could not be checked."),
                reason,
                STATUS_ERRORS + "STATUS_RETRIEVAL_ERROR",
            )
        return Check(
            name,
            "failed",
            _("The status could not be read."),
            reason,
            STATUS_ERRORS + "STATUS_VERIFICATION_ERROR",
        )
    if name == "validity":
        if code == "validity.ok":
            if params.get("valid_until"):
                return Check(name, "passed", _("Within its validity period."), reason)
            return Check(name, "passed", _("Valid, with no end date."), reason)
        if code == "validity.not_yet_valid":
            return Check(
                name, "failed", _("The credential is not valid yet."), reason, VCDM_ERRORS + "RANGE_ERROR"
            )
        if code == "validity.expired":
            return Check(
                name, "failed", _("The credential has expired."), reason, VCDM_ERRORS + "RANGE_ERROR"
            )
        return Check(
            name, outcome, _("A date in the credential cannot be read."), reason, VCDM_ERRORS + "RANGE_ERROR"
        )
    if name == "holder":
        if outcome == "passed":
            return Check(name, "passed", _("The e-mail and proof code match the learner's."), reason)
        if outcome == "failed":
            return Check(
                name,
                "failed",
                _("The e-mail and proof code do not match the learner's."),
                reason,
                OWN_PROBLEMS + "holder-mismatch",
            )
        return Check(
            name,
            "unknown",
            _("The credential carries no e-mail to compare with."),
            reason,
            OWN_PROBLEMS + "holder-not-confirmed",  # the core's name (problem_details)
        )
    return Check(name, outcome, reason, reason)
