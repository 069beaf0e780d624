"""Signing keys (public parts only), status lists, issued credentials and VC-API tokens.

Secrets never live here: an ``InstitutionKey`` is the public half and the key provider's id
(ADR 0202); an ``ApiToken`` keeps only a SHA-256 of the token. A status list keeps its bits and
the last signed ``BitstringStatusListCredential`` so it can be served without signing per request.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from microcred.standards.status_list import MIN_LIST_BITS


class Suite(models.TextChoices):
    """How a credential is secured: a Data Integrity cryptosuite or VC-JOSE (``vc+jwt``)."""

    EDDSA_RDFC_2022 = "eddsa-rdfc-2022", _("Data Integrity, eddsa-rdfc-2022 (Open Badges 3.0 conformant)")
    EDDSA_JCS_2022 = "eddsa-jcs-2022", _("Data Integrity, eddsa-jcs-2022")
    VC_JWT = "vc-jwt", _("VC-JOSE compact JWS (vc+jwt, EdDSA)")


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")


class InstitutionKey(models.Model):
    """The public half of an institution's signing key. The secret is in the key provider."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="signing_keys"
    )
    provider_key_id = models.CharField(_("key id in the key store"), max_length=300, unique=True)
    algorithm = models.CharField(_("algorithm"), max_length=20, default="Ed25519")
    public_key_multibase = models.CharField(_("public key (Multikey)"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    #: Set when the key is retired as compromised: the moment from which it may have been in other
    #: hands. The DID document then lists it with ``revoked`` (Controlled Identifiers 1.0 §2.2) and
    #: verifiers refuse its proofs made from then on (ADR 0204).
    compromised_since = models.DateTimeField(_("compromised since"), null=True, blank=True)

    class Meta:
        ordering = ["institution", "created_at", "pk"]
        verbose_name = _("institution signing key")
        verbose_name_plural = _("institution signing keys")

    def __str__(self) -> str:
        state = "compromised" if self.compromised_since else "retired" if self.retired_at else "active"
        return f"{self.institution.slug} {self.public_key_multibase[:16]}… ({state})"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class StatusList(models.Model):
    """A W3C Bitstring Status List v1.0 of one institution for one purpose (§2.1, §2.2)."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="status_lists"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=StatusPurpose.choices)
    list_id = models.SlugField(_("list id"), max_length=60)
    length = models.PositiveIntegerField(_("entries"), default=MIN_LIST_BITS)
    bits = models.BinaryField(_("bits"))
    next_index = models.PositiveIntegerField(_("next free index"), default=0)
    signed_credential = models.JSONField(_("signed list credential"), null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "list_id"], name="unique_status_list_id"),
        ]
        ordering = ["institution", "purpose", "pk"]
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")

    def __str__(self) -> str:
        return f"{self.institution.slug}/{self.list_id}"

    @property
    def is_full(self) -> bool:
        return self.next_index >= self.length


CREDENTIAL_ID_MAX_LENGTH = 500


class CredentialIdSource(models.TextChoices):
    """Where a credential id on this platform was taken (ADR 0607)."""

    STUDIO = "studio", _("Studio")
    VC_API = "vc-api", _("VC-API")
    RECOGNITION_DECISION = "recognition-decision", _("Recognition decision")
    DUPLICATE_MIGRATION = "duplicate-migration", _("Renamed duplicate (migration)")
    WALLET = "wallet", _("Issued to a wallet (OpenID4VCI)")


class PlatformCredentialId(models.Model):
    """One row per credential id taken on this platform, by any kind of credential (ADR 0607).

    The ``id`` of a credential names one thing (VCDM 2.0 §4.4 Identifiers: "the id property
    MUST express an identifier that others are expected to use when expressing statements
    about a specific thing"). Studio and VC-API credentials (``IssuedCredential``) and recognition
    decision credentials (``recognition.DecisionCredential``) live in two tables; this one is
    inserted in the same transaction as each of them, and its unique column is what refuses a
    reused id, across both tables and between concurrent requests. A row is never deleted: an
    id once issued is never given to another credential.
    """

    credential_id = models.CharField(_("credential id"), max_length=CREDENTIAL_ID_MAX_LENGTH, unique=True)
    source = models.CharField(_("issued through"), max_length=30, choices=CredentialIdSource.choices)
    record_uuid = models.UUIDField(_("uuid of the credential row"))
    claimed_at = models.DateTimeField(_("taken"), auto_now_add=True)

    class Meta:
        ordering = ["claimed_at", "pk"]
        verbose_name = _("credential id in use")
        verbose_name_plural = _("credential ids in use")

    def __str__(self) -> str:
        return self.credential_id


class IssuedCredential(models.Model):
    """A credential this instance signed: for a learner from the studio, or through the VC-API.

    ``credential_id`` is the credential's VCDM 2.0 ``id`` (§4.4), unique on the platform
    (ADR 0607); empty only for a VC-API credential issued without an ``id``. A row renamed by
    the duplicate-id migration keeps its signed ``document`` (whose ``id`` still shows the
    original) under a new ``credential_id`` and is revoked."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential_id = models.CharField(_("credential id"), max_length=CREDENTIAL_ID_MAX_LENGTH, db_index=True)
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="issued_credentials"
    )
    version = models.ForeignKey(
        "catalogue.MicroCredentialVersion",
        on_delete=models.PROTECT,
        related_name="issued_credentials",
        null=True,
        blank=True,
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="credentials",
        null=True,
        blank=True,
    )
    learner_name = models.CharField(_("learner's name"), max_length=200, blank=True)
    learner_email = models.EmailField(_("learner's e-mail"), blank=True)
    learner_did = models.CharField(_("learner's DID"), max_length=300, blank=True)
    email_salt = models.CharField(
        _("e-mail hash salt"),
        max_length=64,
        blank=True,
        help_text=_("Given to the learner so they can prove the hashed e-mail is theirs (ADR 0601)."),
    )
    suite = models.CharField(_("suite"), max_length=30, choices=Suite.choices)
    document = models.JSONField(_("credential"), help_text=_("The signed credential (or the JWS payload)."))
    jws = models.TextField(_("compact JWS"), blank=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    revocation_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_index = models.PositiveIntegerField(null=True, blank=True)
    suspension_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suspension_index = models.PositiveIntegerField(null=True, blank=True)

    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    suspended = models.BooleanField(_("suspended"), default=False)
    suspended_at = models.DateTimeField(_("suspended since"), null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)

    #: The learner's choices (ADR 1303): whether the public page, the certificate and the badges
    #: are shown to anyone with the link, and whether the credential is in their own list. Neither
    #: touches the signed credential: it stays valid unless the issuer revokes it.
    shared = models.BooleanField(_("shown to anyone with the link"), default=True)
    removed_by_learner_at = models.DateTimeField(_("removed from the learner's list"), null=True, blank=True)
    #: The credential this one corrects (ADR 1303): revoked with the reason "replaced" when this
    #: one was issued, and named in this one's ``relatedResource`` (VCDM 2.0 §5.3).
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revocation_list", "revocation_index"], name="unique_revocation_slot"
            ),
            models.UniqueConstraint(
                fields=["suspension_list", "suspension_index"], name="unique_suspension_slot"
            ),
            models.UniqueConstraint(
                fields=["credential_id"], condition=~Q(credential_id=""), name="unique_issued_credential_id"
            ),
        ]
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")

    def __str__(self) -> str:
        return f"{self.credential_id} ({self.learner_name or '-'})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class StatusEvent(models.Model):
    """Append-only history of status changes: what, why, who, when."""

    class Change(models.TextChoices):
        REVOKED = "revoked", _("Revoked")
        SUSPENDED = "suspended", _("Suspended")
        UNSUSPENDED = "unsuspended", _("Suspension lifted")

    credential = models.ForeignKey(IssuedCredential, on_delete=models.CASCADE, related_name="status_events")
    change = models.CharField(max_length=20, choices=Change.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text=_("e.g. the VC-API token name"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ApiTokenScope(models.TextChoices):
    """What a VC-API token may do (ADR 0310); a token names its scopes as an OAuth scope list
    (RFC 6749 §3.3: space-separated). Verifying needs no token."""

    ISSUE = "issue", _("Issue credentials")
    STATUS = "status", _("Revoke and suspend credentials")
    STATUS_LISTS = "status_lists", _("Create and publish status lists")
    RESULTS = "results", _("Send learners' results of pilot offerings")


class ApiToken(models.Model):
    """A VC-API bearer token (RFC 6750) of one institution: a machine credential, exempt from the
    second factor, limited to its scopes and its expiry (ADR 0310). Only its SHA-256 is stored."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text=_("The first characters, to recognise the token."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(
        _("scopes"),
        max_length=100,
        default="issue status status_lists",
        help_text=_("What the token may do, space-separated: issue, status, status_lists."),
    )
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["institution", "created_at"]
        verbose_name = _("VC-API token")
        verbose_name_plural = _("VC-API tokens")

    def __str__(self) -> str:
        return f"{self.institution.slug}: {self.name} ({self.prefix}…)"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class RenderedFile(models.Model):
    """A file made from a credential on demand and kept (ADR 1301): the certificate PDF in one
    language, a baked badge. Keyed by the credential, the kind, the language and the version of
    the template that drew it, so a new template draws anew and an old file is never served."""

    class Kind(models.TextChoices):
        CERTIFICATE_PDF = "certificate.pdf", "certificate.pdf"
        BADGE_PNG = "badge.png", "badge.png"
        BADGE_SVG = "badge.svg", "badge.svg"

    credential = models.ForeignKey(IssuedCredential, on_delete=models.CASCADE, related_name="rendered_files")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(max_length=8)
    template_version = models.CharField(max_length=20)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "kind", "language", "template_version"], name="unique_rendered_file"
            ),
        ]
        verbose_name = _("rendered file")
        verbose_name_plural = _("rendered files")


class LearnerNotice(models.Model):
    """Something the learner is told about one of their credentials (ADR 1303): shown in their
    list until they have seen it; an e-mail can be sent from it later (``emailed_at``)."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", _("Corrected")

    credential = models.ForeignKey(IssuedCredential, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
