"""Writes: importing ESCO into the database, and a designer confirming skills for outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from microcred.errors import MicrocredError
from microcred.esco.layout import read_classification
from microcred.esco.store import ImportPlan, import_into
from microcred.model import parse_spec
from microcred_web.accounts.permissions import Action, require
from microcred_web.catalogue import services as catalogue_services
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.skills import selectors
from microcred_web.skills.models import DemandProfile, EscoConcept
from microcred_web.skills.store import DjangoEscoStore


class UnknownSkillError(MicrocredError):
    """A confirmed skill is not an ESCO skill of the imported classification (``code``
    ``skills.unknown_skill``, ``uri``)."""

    code = "skills.unknown_skill"

    def __init__(self, uri: str) -> None:
        super().__init__(f"{uri!r} is not an imported ESCO skill", where="esco_skills")
        self.uri = uri


def esco_import(*, path: Path, version: str | None = None) -> ImportPlan:
    """Import the official CSV files at ``path`` (raises the core's ``EscoFileError`` with every
    problem, writing nothing); only new or changed rows are written, in one transaction."""
    plan = import_into(DjangoEscoStore(), read_classification(path, version=version))
    if plan.rows:
        selectors.forget_index()
    return plan


def skills_confirm(
    *, version: MicroCredentialVersion, by: User, confirmed: Mapping[str, Sequence[str]]
) -> MicroCredentialVersion:
    """Set the confirmed ESCO skills of the outcomes named in ``confirmed`` (outcome id → skill
    URIs) on a draft. They are the specification's ``learning_outcomes[].esco_skills``, which the
    credential (OB 3.0 ``alignment``), the ELM export (``relatedESCOSkill``) and the register's
    skill filter read. Editing rules and permission are those of any draft edit."""
    wanted = {uri for uris in confirmed.values() for uri in uris}
    known = set(
        EscoConcept.objects.filter(kind=EscoConcept.Kind.SKILL, uri__in=wanted).values_list("uri", flat=True)
    )
    unknown = sorted(wanted - known)
    if unknown:
        raise UnknownSkillError(unknown[0])
    spec = parse_spec(version.spec)
    outcomes = tuple(
        lo.model_copy(update={"esco_skills": tuple(dict.fromkeys(confirmed[lo.id]))})
        if lo.id in confirmed
        else lo
        for lo in spec.learning_outcomes
    )
    return catalogue_services.version_update(
        version=version, spec=spec.model_copy(update={"learning_outcomes": outcomes}), by=by
    )


MAX_DEMANDED_SKILLS = 50
"""The most skills one demand profile may require (ADR 1461): a job role, not a classification."""


class DemandProfileError(MicrocredError):
    """A demand profile edit that is refused; ``code`` names the reason for the page."""

    def __init__(self, message: str, *, code: str, where: str) -> None:
        super().__init__(message, where=where)
        self.code = code


def demand_profile_update(
    *,
    profile: DemandProfile,
    by: User,
    job_role: str,
    headcount: str | int,
    region: str,
    horizon_from: date | None,
    horizon_to: date | None,
    skills: Iterable[str] | None = None,
) -> DemandProfile:
    """An employer member edits one of the organisation's demand profiles (ADR 1430). ``skills``
    (ESCO skill URIs, ADR 1461), when given, replace the required skills: at most
    ``MAX_DEMANDED_SKILLS``, each an imported ESCO skill (``unknown_skill``, ``too_many_skills``)."""
    require(by, Action.EDIT_DEMAND, profile)
    wanted: list[str] | None = None
    if skills is not None:
        wanted = list(dict.fromkeys(str(uri).strip() for uri in skills if str(uri).strip()))
        if len(wanted) > MAX_DEMANDED_SKILLS:
            raise DemandProfileError(
                f"at most {MAX_DEMANDED_SKILLS} skills", code="too_many_skills", where="skills"
            )
        known = set(
            EscoConcept.objects.filter(kind=EscoConcept.Kind.SKILL, uri__in=wanted).values_list(
                "uri", flat=True
            )
        )
        if unknown := [uri for uri in wanted if uri not in known]:
            raise DemandProfileError(
                f"{unknown[0][:200]!r} is not an imported ESCO skill", code="unknown_skill", where="skills"
            )
    role = job_role.strip()
    if not role or len(role) > 200:
        raise DemandProfileError("a job role of 1-200 characters", code="job_role", where="job_role")
    try:
        count = int(headcount)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= 1_000_000:
        raise DemandProfileError("a whole number of people from 1", code="headcount", where="headcount")
    if horizon_from is None or horizon_to is None or horizon_to < horizon_from:
        raise DemandProfileError("the horizon's dates in order", code="horizon", where="horizon_to")
    with transaction.atomic():
        locked = DemandProfile.objects.select_for_update().get(pk=profile.pk)
        locked.job_role = role
        locked.headcount = count
        locked.region = region.strip()[:120]
        locked.horizon_from = horizon_from
        locked.horizon_to = horizon_to
        locked.save()
        if wanted is not None:
            locked.skills.set(EscoConcept.objects.filter(kind=EscoConcept.Kind.SKILL, uri__in=wanted))
    return locked
