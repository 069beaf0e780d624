"""Builders for the web tests: institutions, users with roles, and versions in a given status.

Versions are put into a status directly (not through the services) so that a test about one
action does not depend on every earlier step of the workflow working.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from tests.conftest import ASSETS

PASSWORD = "test-password-not-secret"


def conformant_spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ASSETS / "studio" / "conformant-spec.json").read_text("utf-8"))
    return data


def make_institution(slug: str = "muni", **fields: Any) -> Institution:
    defaults: dict[str, Any] = {
        "name": {"en": f"University {slug.upper()}"},
        "short_name": slug.upper(),
        "country": "CZ",
        "city": "Brno",
        "credit_system": "ECTS",
        "national_framework": "CZ-NSK",
    }
    defaults.update(fields)
    institution, _ = Institution.objects.get_or_create(slug=slug, defaults=defaults)
    return institution


def make_user(
    username: str,
    *,
    role: Role | str | None = None,
    institution: Institution | None = None,
    superuser: bool = False,
    email: str = "",
) -> Any:
    user_model = get_user_model()
    user = user_model.objects.create_user(username=username, password=PASSWORD, email=email)
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    if role is not None:
        Membership.objects.create(user=user, institution=institution, role=role)
    return user


def make_version(
    institution: Institution,
    *,
    code: str = "MUNI-ECON-R",
    status: Status | str = Status.DRAFT,
    by: Any = None,
    spec: dict[str, Any] | None = None,
    number: int = 1,
) -> MicroCredentialVersion:
    mc, _ = MicroCredential.objects.get_or_create(
        institution=institution, code=code, defaults={"created_by": by}
    )
    spec = dict(spec or conformant_spec())
    spec["code"] = code
    spec["version"] = number
    now = timezone.now()
    return MicroCredentialVersion.objects.create(
        micro_credential=mc,
        version=number,
        status=status,
        spec=spec,
        created_by=by,
        submitted_at=now if status != Status.DRAFT else None,
        published_at=now if status in (Status.PUBLISHED, Status.RETIRED) else None,
    )


def editor_post_data(institution: Institution, spec: dict[str, Any]) -> dict[str, Any]:
    """What a browser posts when the studio editor is submitted unchanged for ``spec``."""
    from microcred_web.catalogue.forms import SpecEditor

    editor = SpecEditor(institution=institution, spec=spec)
    data: dict[str, Any] = {"institution": institution.slug}
    forms = [editor.form]
    for formset in (editor.outcomes, editor.bodies, editor.employers, editor.activities):
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value == "" or value == []:
                continue
            data[bound.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data
