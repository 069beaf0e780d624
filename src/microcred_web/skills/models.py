"""ESCO in the platform's database (the rows of :mod:`microcred.esco.store`, ADR 1401), and the
employers' side of the labour market: employer organisations and their demand profiles (ADR 1403)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EscoConcept(models.Model):
    """An ESCO skill or occupation: its language-independent attributes (``payload``: status,
    modified date, schemes, skill type, reuse level, ISCO group, code) and the ESCO version that
    last changed them."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("skill")
        OCCUPATION = "occupation", _("occupation")

    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    uri = models.CharField(max_length=120, unique=True)
    payload = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    esco_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["uri"]
        verbose_name = _("ESCO concept")

    def __str__(self) -> str:
        return self.uri


class EscoText(models.Model):
    """A concept's labels and description in one language (``payload``: preferred, alt, hidden,
    description, definition, scope_note); ``preferred_label`` is copied out for listing."""

    concept = models.ForeignKey(EscoConcept, on_delete=models.CASCADE, related_name="texts")
    lang = models.CharField(max_length=3)
    preferred_label = models.CharField(max_length=500)
    payload = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    esco_version = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concept", "lang"], name="esco_text_one_per_language")]


class EscoRelation(models.Model):
    """An occupation needs a skill (essential or optional), keyed by the two URIs."""

    occupation_uri = models.CharField(max_length=120, db_index=True)
    skill_uri = models.CharField(max_length=120, db_index=True)
    payload = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    esco_version = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation_uri", "skill_uri"], name="esco_relation_once")
        ]


class Employer(models.Model):
    """An employer organisation (a company, a bank, a hotel group) that states labour-market demand."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("employer")

    def __str__(self) -> str:
        return self.name


class DemandProfile(models.Model):
    """A job role an employer needs people for: the ESCO skills it requires, how many people,
    where (a country, optionally a region) and until when (the time horizon)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="demand_profiles")
    job_role = models.CharField(_("job role"), max_length=200)
    occupation_uri = models.CharField(_("ESCO occupation"), max_length=120, blank=True)
    skills = models.ManyToManyField(
        EscoConcept, related_name="demanded_by", verbose_name=_("required skills")
    )
    headcount = models.PositiveIntegerField(_("people needed"))
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    horizon_from = models.DateField(_("needed from"))
    horizon_to = models.DateField(_("needed until"))

    class Meta:
        ordering = ["country", "employer__name", "job_role"]
        verbose_name = _("demand profile")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon_to__gte=models.F("horizon_from")), name="demand_horizon_in_order"
            ),
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="demand_headcount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.job_role}"


class EmployerMember(models.Model):
    """A person who acts for an employer organisation (ADR 1430): edits its demand profiles,
    co-designs the drafts shared with it and signs its endorsements. Granted by a consortium
    administrator's invitation (``accounts.Invitation.employer``)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "user"], name="employer_member_once")]
        verbose_name = _("employer member")

    def __str__(self) -> str:
        return f"{self.user} · {self.employer}"


class CoDesignShare(models.Model):
    """A draft micro-credential version shared with an employer for co-design (ADR 1433). Only a
    shared version can be read, commented on or changed by the employer's members."""

    version = models.ForeignKey(
        "catalogue.MicroCredentialVersion", on_delete=models.CASCADE, related_name="co_design_shares"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="co_design_shares")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "employer"], name="co_design_share_once")]


class CoDesignNote(models.Model):
    """An employer's comment on a shared draft, or a proposed change to one text of it (ADR 1433).

    A proposal names ``field_path`` (``title.en``, ``description.vi``,
    ``learning_outcomes[2].text.en``) and the ``proposed`` text; the designer accepts it (applied
    through the studio's draft-edit service, the designer recorded as the editor) or declines it."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        PROPOSAL = "proposal", _("proposed change")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    version = models.ForeignKey(
        "catalogue.MicroCredentialVersion", on_delete=models.CASCADE, related_name="co_design_notes"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="co_design_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    field_path = models.CharField(max_length=120, blank=True)
    body = models.TextField(_("comment"))
    proposed = models.TextField(_("proposed text"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class EmployerKey(models.Model):
    """The platform-held signing key of an employer organisation (ADR 1431): the secret stays in
    the key store (ADR 0202), the database keeps its id and public key."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="keys")
    provider_key_id = models.CharField(max_length=300, unique=True)
    public_key_multibase = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    #: Set when the key is retired as compromised (ADR 1462, as ADR 0204 for institutions): the
    #: moment from which it may have been in other hands; its DID method says ``revoked``.
    compromised_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]


class EndorsementStatusList(models.Model):
    """The employer's revocation list for its endorsements (W3C Bitstring Status List 1.0 §2.1),
    signed with its own key: the list's issuer must be the credential's."""

    employer = models.OneToOneField(Employer, on_delete=models.CASCADE, related_name="endorsement_status")
    length = models.PositiveIntegerField()
    bits = models.BinaryField()
    next_index = models.PositiveIntegerField(default=0)
    signed_credential = models.JSONField(null=True, blank=True)


class Endorsement(models.Model):
    """An employer's signed OB 3.0 ``EndorsementCredential`` of a published micro-credential
    version's Achievement (ADR 1431). One standing endorsement per employer and version."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="endorsements")
    version = models.ForeignKey(
        "catalogue.MicroCredentialVersion", on_delete=models.PROTECT, related_name="endorsements"
    )
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    document = models.JSONField()
    status_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["employer__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "version"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_standing_endorsement_per_employer_and_version",
            ),
            models.UniqueConstraint(
                fields=["employer", "status_index"], name="endorsement_status_index_once"
            ),
        ]
