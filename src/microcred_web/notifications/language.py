"""In which language to write to someone (ADR 1110): the first that is known of

1. what the person chose: the language they last used the platform in (``MailLanguage``, set
   when they sign in or claim a credential), or the notice language of their recognition case;
2. for a learner without an account: the language of instruction of their offering;
3. the main language of the country of the institution they belong to;
4. English.

Only the interface languages of the platform (``settings.LANGUAGES``: en, vi, lo) are used."""

from __future__ import annotations

from typing import Any

from django.conf import settings

# The official language of the partners' countries (ISO 3166-1 alpha-2 → ISO 639-1): Viet Nam's
# constitution (2013) art. 5 (Vietnamese), Lao PDR's constitution (2015) art. 89 (Lao). Countries
# not listed fall back to English.
COUNTRY_LANGUAGE = {"VN": "vi", "LA": "lo"}


def supported(language: str | None) -> str | None:
    """``language`` (e.g. ``vi-VN``) as one of the interface languages, or ``None``."""
    code = (language or "").split("-")[0].lower()
    return code if code in {c for c, _name in settings.LANGUAGES} else None


def of_country(country: str | None) -> str | None:
    return supported(COUNTRY_LANGUAGE.get((country or "").upper()))


def of_user(user: Any) -> str | None:
    """The language ``user`` last used (``None`` when never recorded)."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    from microcred_web.notifications.models import MailLanguage

    found = MailLanguage.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return supported(found)


def of_staff(user: Any) -> str:
    """A staff member's language: their own, else their institution's country's, else English."""
    from microcred_web.accounts.models import Membership

    chosen = of_user(user)
    if chosen:
        return chosen
    for country in Membership.objects.filter(user=user, institution__isnull=False).values_list(
        "institution__country", flat=True
    ):
        if of_country(country):
            return of_country(country) or "en"
    return "en"


def remember(user: Any, language: str | None) -> None:
    """Record the language ``user`` uses now (only an interface language)."""
    code = supported(language)
    if code is None or getattr(user, "pk", None) is None:
        return
    from microcred_web.notifications.models import MailLanguage

    MailLanguage.objects.update_or_create(user_id=user.pk, defaults={"language": code})


def of_credential(credential: Any) -> str:
    """The learner's language for a credential's claim link."""
    chosen = of_user(credential.learner) if credential.learner_id else None
    if chosen:
        return chosen
    from microcred_web.pilot.models import Enrolment

    enrolment = Enrolment.objects.filter(credential=credential).select_related("offering").first()
    if enrolment is None and credential.learner_email:
        enrolment = (
            Enrolment.objects.filter(
                offering__version=credential.version_id, email__iexact=credential.learner_email
            )
            .select_related("offering")
            .order_by("-pk")
            .first()
        )
    if enrolment is not None and supported(enrolment.offering.language):
        return supported(enrolment.offering.language) or "en"
    return of_country(credential.institution.country) or "en"


def of_credentials(credentials: list[Any], *, offering_language: str | None = None) -> list[str]:
    """:func:`of_credential` of each of ``credentials`` (the same answers, in order), in at most
    three queries whatever their number: a bulk issuing chunk (ADR 1234) asks for its claim
    links' languages at once instead of two or three queries per credential. With a supported
    ``offering_language`` (the offering they were all issued from), it comes right after the
    learner's own choice, as in ``claim_link_queue``."""
    from django.db.models.functions import Lower

    from microcred_web.notifications.models import MailLanguage
    from microcred_web.pilot.models import Enrolment

    if not credentials:
        return []
    user_ids = {c.learner_id for c in credentials if c.learner_id}
    chosen = dict(
        MailLanguage.objects.filter(user_id__in=user_ids).values_list("user_id", "language")
        if user_ids
        else []
    )
    offered = supported(offering_language)
    if offered:
        return [
            (supported(chosen.get(c.learner_id)) if c.learner_id else None) or offered for c in credentials
        ]
    saved = [c.pk for c in credentials if c.pk is not None]
    by_credential: dict[Any, str] = {}
    for credential_id, offering_language in (
        # in the table's default order, as .first() of of_credential: the first one wins
        Enrolment.objects.filter(credential__in=saved).values_list("credential_id", "offering__language")
        if saved
        else []
    ):
        by_credential.setdefault(credential_id, offering_language)
    wanted = {(c.version_id, c.learner_email.lower()) for c in credentials if c.learner_email}
    by_email: dict[tuple[Any, str], str] = {}
    if wanted:
        # one IN on the lower-case address, not an OR of a condition per credential: the ORM spent
        # a tenth of a bulk chunk's time building those (ADR 1235); the pairs are kept below
        for version_id, email, offering_language in (
            Enrolment.objects.annotate(email_lower=Lower("email"))
            .filter(offering__version__in={v for v, _e in wanted}, email_lower__in={e for _v, e in wanted})
            .order_by("-pk")
            .values_list("offering__version", "email", "offering__language")
        ):
            if (version_id, email.lower()) in wanted:
                by_email.setdefault((version_id, email.lower()), offering_language)
    out = []
    for credential in credentials:
        own = supported(chosen.get(credential.learner_id)) if credential.learner_id else None
        if own:
            out.append(own)
            continue
        found = by_credential.get(credential.pk) if credential.pk is not None else None
        if found is None and credential.pk not in by_credential and credential.learner_email:
            found = by_email.get((credential.version_id, credential.learner_email.lower()))
        out.append(supported(found) or of_country(credential.institution.country) or "en")
    return out
