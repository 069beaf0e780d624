"""The studio page where a designer sees ESCO suggestions for each outcome and confirms skills."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from microcred.errors import MicrocredError
from microcred_web.accounts.permissions import Action, acting_user, can, require
from microcred_web.catalogue import selectors as catalogue_selectors
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.skills import selectors, services
from microcred_web.skills.services import UnknownSkillError


def _version(uuid: Any) -> MicroCredentialVersion:
    try:
        return catalogue_selectors.version_by_uuid(uuid)
    except MicroCredentialVersion.DoesNotExist:
        raise Http404 from None


@login_required
def version_skills(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    require(request.user, Action.VIEW_VERSION, version)
    editable = version.status == Status.DRAFT and can(request.user, Action.EDIT_DRAFT, version)
    rows = selectors.suggestions_for(version)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Only drafts can be edited."))
            return redirect("skills:version_skills", uuid=version.uuid)
        confirmed = {row.outcome_id: request.POST.getlist(f"skills-{row.outcome_id}") for row in rows}
        try:
            services.skills_confirm(version=version, by=acting_user(request), confirmed=confirmed)
        except UnknownSkillError as exc:
            messages.error(
                request, _("%(uri)s is not an ESCO skill of the imported classification.") % {"uri": exc.uri}
            )
        except MicrocredError:
            messages.error(request, _("The skills could not be saved; the draft is unchanged."))
        else:
            messages.success(request, _("Confirmed skills saved."))
            return redirect("skills:version_skills", uuid=version.uuid)
    uris = {u for r in rows for u in r.confirmed} | {s.uri for r in rows for s in r.suggestions.suggestions}
    labels = selectors.skill_labels(uris)
    outcomes = []
    for row in rows:
        suggested = [(s.uri, labels.get(s.uri, s.uri), s.score) for s in row.suggestions.suggestions]
        shown = {uri for uri, _l, _s in suggested}
        kept = [(uri, labels.get(uri, uri), None) for uri in row.confirmed if uri not in shown]
        outcomes.append(
            {
                "id": row.outcome_id,
                "texts": sorted(row.texts.items()),
                "choices": kept + suggested,
                "confirmed": set(row.confirmed),
                "no_english": row.suggestions.reason == "no_english_text",
            }
        )
    return render(
        request,
        "skills/version_skills.html",
        {
            "version": version,
            "mc": version.micro_credential,
            "outcomes": outcomes,
            "editable": editable,
            "backend": rows[0].suggestions.backend if rows else "",
            "threshold": rows[0].suggestions.threshold if rows else "",
        },
    )
