"""The studio: authoring micro-credentials and the QA workflow (server-rendered pages).

Views parse the request, ask the policy, call one service and render. Live findings come
from ``check`` (a POST of the editor form); without JavaScript the same findings show on the
version page after saving.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microcred.design.starting_points import TEMPLATES, copy_as_new_draft, template_document
from microcred.errors import MicrocredError
from microcred.four_eyes import FourEyesError, Verdict
from microcred.model import MicroCredentialSpec, parse_spec
from microcred.model.spec import SpecFormatError
from microcred.qa import checklist
from microcred.standards.eu_mc import ConformanceReport, check_document
from microcred.standards.eu_mc.conformance import message_key
from microcred.untrusted_input import UntrustedInputError, read_json
from microcred_web.accounts.permissions import (
    ACTION_LABELS,
    FOUR_EYES_STEPS,
    Action,
    acting_user,
    can,
    four_eyes_message,
    four_eyes_refusal,
    institutions_where,
    require,
)
from microcred_web.catalogue import selectors, services
from microcred_web.catalogue.assistant import assistant_context
from microcred_web.catalogue.errors import NotConformantError
from microcred_web.catalogue.exemplar_messages import exemplar_context
from microcred_web.catalogue.finding_messages import progress_worded, worded_finding
from microcred_web.catalogue.forms import (
    ELEMENT_GROUPS,
    FIELDSET_OF_KEY,
    SpecEditor,
    legends,
    new_draft_document,
)
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.catalogue.qa_preview import qa_preview
from microcred_web.catalogue.workflow import TRANSITIONS, possible_in
from microcred_web.core.input_errors import input_error_message
from microcred_web.institutions.models import Institution
from microcred_web.qa.errors import QaError
from microcred_web.qa.messages import message as qa_message

MAX_UPLOAD_BYTES = 512 * 1024

# The templates of microcred.design.starting_points, as designers read them.
TEMPLATE_LABELS: dict[str, Any] = {
    "short_course": gettext_lazy("Stand-alone short course"),
    "degree_module": gettext_lazy("Module of a degree programme"),
    "employer_course": gettext_lazy("Course designed with an employer"),
}


def _version(uuid: Any) -> MicroCredentialVersion:
    try:
        return selectors.version_by_uuid(uuid)
    except MicroCredentialVersion.DoesNotExist:
        raise Http404(_("No such version.")) from None


def grouped_findings(
    report: ConformanceReport, editor: SpecEditor | None, *, link_prefix: str | None = ""
) -> list[dict[str, Any]]:
    """Findings grouped by the editor section (Annex I element) they concern. Each carries the
    link to the field that fixes it: ``link_prefix`` + ``#`` + field id (``None``: no link,
    e.g. on a version that cannot be edited)."""
    names = legends()
    groups: dict[str, dict[str, Any]] = {}
    qa_requires = checklist.required_elements()
    for f in report.findings:
        key = f.path.split(".")[0].split("[")[0]
        group_id = ELEMENT_GROUPS.get(f.element or "", FIELDSET_OF_KEY.get(key, "fs-general"))
        anchor = editor.anchor(f.path) if editor is not None else group_id
        label = str(names.get(group_id, group_id))
        if f.element:
            label = f"{f.element} · {label}"
        group = groups.setdefault(group_id, {"id": group_id, "label": label, "findings": []})
        link = None if link_prefix is None else f"{link_prefix}#{anchor}"
        field = field_label(editor, f.path) if editor is not None else ""
        group["findings"].append(
            {
                "finding": f,
                "message": worded_finding(f),
                "anchor": anchor,
                "link": link,
                "field": field,
                # optional in Annex I, but a mandatory QA pre-check reads it (ADR 1633)
                "qa_requires": message_key(f.code) == "EU-ABSENT" and f.element in qa_requires,
            }
        )
    return list(groups.values())


def field_label(editor: SpecEditor, path: str) -> str:
    """The label a designer reads for a finding's ``path`` (``workload.hours`` -> "Notional
    hours"; ``learning_outcomes[0].text.en`` -> "Outcome 1 · Outcome (English)"), else ""."""
    form, name = editor.field_for(path)
    if form is None or name is None:
        return ""
    label = str(form[name].label)
    if form is not editor.form and form.prefix:
        number = int(form.prefix.rpartition("-")[2]) + 1
        row = {"lo": _("Outcome"), "ab": _("Awarding body"), "emp": _("Employer"), "wa": _("Activity")}
        return f"{row.get(form.prefix.partition('-')[0], '')} {number} · {label}"
    return label


def _findings_context(
    report: ConformanceReport,
    editor: SpecEditor | None,
    *,
    link_prefix: str | None = "",
    document: dict[str, Any] | None = None,
) -> dict[str, Any]:
    assistant = assistant_context(document, report.spec) if document is not None else {}
    return {
        **assistant,
        "report": report,
        "groups": grouped_findings(report, editor, link_prefix=link_prefix),
        "error_count": len(report.errors),
        "warning_count": len(report.warnings),
        "qa_preview": qa_preview(report, link_prefix=link_prefix),
        "link_prefix": link_prefix,
    }


@login_required
def studio_index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW_STUDIO):
        # Still a refusal (403), but one that says where this user's own tasks are.
        return render(request, "studio/no_studio.html", status=403)
    rows = []
    for mc in selectors.studio_micro_credentials(request.user):
        versions = sorted(mc.versions.all(), key=lambda v: -v.version)
        rows.append({"mc": mc, "latest": versions[0] if versions else None, "versions": versions})
    return render(
        request,
        "studio/index.html",
        {
            "rows": rows,
            "can_create": bool(institutions_where(request.user, Action.CREATE_DRAFT)),
            "can_manage_staff": bool(institutions_where(request.user, Action.MANAGE_STAFF)),
            "progress": progress_worded(selectors.design_progress(request.user)),
        },
    )


def _creatable(request: HttpRequest) -> list[Institution]:
    institutions = institutions_where(request.user, Action.CREATE_DRAFT)
    if not institutions:
        raise PermissionDenied(_("You cannot create micro-credentials."))
    return institutions


def _chosen_institution(request: HttpRequest, institutions: list[Institution]) -> Institution:
    slug = request.POST.get("institution") or request.GET.get("institution")
    if slug:
        for inst in institutions:
            if inst.slug == slug:
                return inst
        raise PermissionDenied(_("You cannot create micro-credentials for that institution."))
    return institutions[0]


def _save_problems(editor: SpecEditor, exc: MicrocredError) -> None:
    if isinstance(exc, SpecFormatError):
        for path, message in exc.problems:
            editor.add_problem(path, message)
    else:
        editor.add_problem(exc.where or "code", exc.message)


def _parse_editor(editor: SpecEditor) -> MicroCredentialSpec | None:
    if not editor.is_valid():
        return None
    try:
        return parse_spec(editor.to_document())
    except MicrocredError as exc:
        _save_problems(editor, exc)
        return None


def _render_editor(
    request: HttpRequest,
    editor: SpecEditor,
    *,
    version: MicroCredentialVersion | None,
    institutions: list[Institution],
    status: int = 200,
    start: dict[str, Any] | None = None,
) -> HttpResponse:
    document = editor.to_document() if editor.form.is_bound else editor.initial_document
    report = check_document(document)
    context = {
        "editor": editor,
        "form": editor.form,
        "version": version,
        "institutions": institutions,
        "institution": editor.institution,
        "start": start or {},
        "errors": editor.error_summary() if editor.form.is_bound else [],
        "check_url": reverse("catalogue:check") + f"?institution={editor.institution.slug}",
        **_findings_context(report, editor, document=document),
    }
    return render(request, "studio/edit.html", context, status=status)


def _starting_point(
    request: HttpRequest, institution: Institution
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The document a new draft starts from (a template or a copy of a published version, ADR
    1613) and what the page says about it; unknown or unpublished sources are a 404."""
    params = request.POST if request.method == "POST" else request.GET
    kind, source_uuid = params.get("template", ""), params.get("from", "")
    if source_uuid:
        source = selectors.published_version(source_uuid)
        if source is None:
            raise Http404(_("No such published micro-credential."))
        document = copy_as_new_draft(source.spec, start=new_draft_document(institution))
        return document, {"source": source}
    if kind:
        if kind not in TEMPLATES:
            raise Http404(_("No such template."))
        document = template_document(kind, start=new_draft_document(institution))
        return document, {"template": kind, "template_label": TEMPLATE_LABELS.get(kind, kind)}
    return None, {
        "choices": True,
        "templates": [(k, TEMPLATE_LABELS.get(k, k)) for k in TEMPLATES],
        "published": selectors.published_starting_points(),
    }


@login_required
def version_create(request: HttpRequest) -> HttpResponse:
    institutions = _creatable(request)
    institution = _chosen_institution(request, institutions)
    document, start = _starting_point(request, institution)
    if request.method != "POST":
        return _render_editor(
            request,
            SpecEditor(institution=institution, spec=document),
            version=None,
            institutions=institutions,
            start=start,
        )
    editor = SpecEditor(institution=institution, data=request.POST)
    spec = _parse_editor(editor)
    if spec is not None:
        try:
            version = services.micro_credential_create(
                institution=institution,
                code=spec.code or "",
                spec=spec,
                by=acting_user(request),
                derived_from=start.get("source"),
                template=start.get("template", ""),
            )
        except MicrocredError as exc:
            _save_problems(editor, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("catalogue:version", uuid=version.uuid)
    return _render_editor(request, editor, version=None, institutions=institutions, status=400, start=start)


@login_required
def version_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    require(request.user, Action.EDIT_DRAFT, version)
    institution = version.micro_credential.institution
    if version.status != Status.DRAFT:
        messages.error(request, _("Only drafts can be edited."))
        return redirect("catalogue:version", uuid=version.uuid)
    if request.method != "POST":
        editor = SpecEditor(institution=institution, spec=version.spec, code_editable=False)
        return _render_editor(request, editor, version=version, institutions=[institution])
    editor = SpecEditor(institution=institution, spec=version.spec, data=request.POST, code_editable=False)
    spec = _parse_editor(editor)
    if spec is not None:
        try:
            services.version_update(version=version, spec=spec, by=acting_user(request))
        except MicrocredError as exc:
            _save_problems(editor, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("catalogue:version", uuid=version.uuid)
    return _render_editor(request, editor, version=version, institutions=[institution], status=400)


def guide(request: HttpRequest) -> HttpResponse:
    """The designer's guide (learning material, public): each section is linked from the editor."""
    return render(request, "studio/guide.html", {"exemplars": exemplar_context()})


@login_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """The findings for the posted editor form, as an HTML fragment (for the live panel)."""
    institutions = institutions_where(request.user, Action.VIEW_VERSION)
    if not institutions:
        raise PermissionDenied(_("You cannot use the studio."))
    institution = _chosen_institution(request, institutions)
    editor = SpecEditor(institution=institution, data=request.POST)
    editor.is_valid()
    document = editor.to_document()
    report = check_document(document)
    context = _findings_context(report, editor, document=document)
    context["form_errors"] = editor.error_summary()
    return render(request, "studio/_findings.html", context)


def _read_upload(request: HttpRequest) -> tuple[MicroCredentialSpec | None, list[tuple[str, str]]]:
    """The uploaded exchange-format file as a specification, or the problems that stop it."""
    upload = request.FILES.get("file")
    if upload is None:
        return None, [("file", _("Choose a JSON file to upload."))]
    name = upload.name or "upload"
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        return None, [(name, _("The file is larger than 512 KB."))]
    raw = upload.read()
    try:
        document = read_json(raw)
    except UntrustedInputError as exc:
        if exc.code == "input.not_json" and "line" in exc.params:
            message = _("Not valid JSON: %(msg)s at line %(line)d, column %(col)d.") % {
                "msg": exc.params["detail"],
                "line": exc.params["line"],
                "col": exc.params["column"],
            }
            return None, [(name, message)]
        return None, [(name, input_error_message(exc))]
    try:
        return parse_spec(document), []
    except SpecFormatError as exc:
        return None, [(f"{name}: {path}", message) for path, message in exc.problems]
    except MicrocredError as exc:
        return None, [(f"{name}: {exc.where}", exc.message)]


def _render_upload(
    request: HttpRequest,
    *,
    problems: list[tuple[str, str]],
    institutions: list[Institution],
    version: MicroCredentialVersion | None = None,
) -> HttpResponse:
    return render(
        request,
        "studio/upload.html",
        {"problems": problems, "institutions": institutions, "version": version},
        status=400 if problems else 200,
    )


@login_required
def upload_create(request: HttpRequest) -> HttpResponse:
    institutions = _creatable(request)
    if request.method != "POST":
        return _render_upload(request, problems=[], institutions=institutions)
    institution = _chosen_institution(request, institutions)
    spec, problems = _read_upload(request)
    if spec is not None:
        code = (request.POST.get("code") or spec.code or "").strip()
        if not code:
            problems = [("code", _("The file has no code; give one in the form or in the file."))]
        else:
            try:
                version = services.micro_credential_create(
                    institution=institution, code=code, spec=spec, by=acting_user(request)
                )
            except MicrocredError as exc:
                problems = [(exc.where, exc.message)]
            else:
                messages.success(request, _("Draft created from the uploaded file."))
                return redirect("catalogue:version", uuid=version.uuid)
    return _render_upload(request, problems=problems, institutions=institutions)


@login_required
def upload_replace(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    require(request.user, Action.EDIT_DRAFT, version)
    institutions = [version.micro_credential.institution]
    if request.method != "POST":
        return _render_upload(request, problems=[], institutions=institutions, version=version)
    spec, problems = _read_upload(request)
    if spec is not None:
        try:
            services.version_update(version=version, spec=spec, by=acting_user(request))
        except MicrocredError as exc:
            problems = [(exc.where, exc.message)]
        else:
            messages.success(request, _("Draft replaced by the uploaded file."))
            return redirect("catalogue:version", uuid=version.uuid)
    return _render_upload(request, problems=problems, institutions=institutions, version=version)


def workflow_buttons(user: Any, version: MicroCredentialVersion) -> list[dict[str, Any]]:
    """The workflow actions the user may take on the version now (policy AND status allow)."""
    buttons = []
    for action in possible_in(version.status):
        if action in (Action.EDIT_DRAFT, Action.COMMENT):
            continue
        if can(user, action, version):
            buttons.append(
                {
                    "action": action.value,
                    "label": ACTION_LABELS[action],
                    "needs_note": action == Action.REQUEST_CHANGES,
                }
            )
    return buttons


def _four_eyes_hint(user: Any, version: MicroCredentialVersion, possible: list[Action]) -> str:
    """Why a review, approval or publication button is missing for someone whose role allows
    it: they authored or edited the version (four eyes, ADR 0330)."""
    for action in reversed(FOUR_EYES_STEPS):  # the decisive step first (approve before request changes)
        verdict = four_eyes_refusal(user, action, version) if action in possible else None
        if verdict is not None:
            return four_eyes_message(verdict)
    return ""


@login_required
def version_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    require(request.user, Action.VIEW_VERSION, version)
    report = selectors.version_report(version)
    mc = version.micro_credential
    possible = possible_in(version.status)
    can_edit = Action.EDIT_DRAFT in possible and can(request.user, Action.EDIT_DRAFT, version)
    # Findings link to the field in the editor when the user may edit; otherwise they are text.
    editor = (
        SpecEditor(institution=mc.institution, spec=version.spec, code_editable=False) if can_edit else None
    )
    edit_url = reverse("catalogue:edit", kwargs={"uuid": version.uuid}) if can_edit else None
    context = {
        "version": version,
        "mc": mc,
        "spec": version.spec,
        "versions": mc.versions.order_by("-version"),
        "comments": version.comments.select_related("author"),
        "events": version.events.select_related("actor"),
        "buttons": workflow_buttons(request.user, version),
        "can_edit": can_edit,
        "can_comment": Action.COMMENT in possible and can(request.user, Action.COMMENT, version),
        "four_eyes": _four_eyes_hint(request.user, version, possible),
        **_findings_context(report, editor, link_prefix=edit_url, document=version.spec),
    }
    return render(request, "studio/version.html", context)


@login_required
@require_POST
def version_action(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    name = request.POST.get("action", "")
    try:
        action = Action(name)
    except ValueError:
        raise Http404(_("No such action.")) from None
    if action not in TRANSITIONS and action != Action.NEW_VERSION:
        raise Http404(_("No such action."))
    require(request.user, action, version)
    try:
        result = services.version_transition(
            version=version, action=action, by=acting_user(request), note=request.POST.get("note", "")
        )
    except NotConformantError as exc:
        messages.error(
            request,
            _("Not published: the checker finds errors. %(detail)s")
            % {"detail": worded_finding(exc.findings[0])},
        )
        return redirect("catalogue:version", uuid=version.uuid)
    except QaError as exc:  # the QA checklist (ADR 1501), worded at the edge
        messages.error(request, qa_message(exc.code, exc.params))
        return redirect("catalogue:version", uuid=version.uuid)
    except FourEyesError as exc:  # the second reviewer
        messages.error(request, four_eyes_message(Verdict(exc.code, exc.params)))
        return redirect("catalogue:version", uuid=version.uuid)
    except MicrocredError as exc:
        messages.error(request, str(exc))
        return redirect("catalogue:version", uuid=version.uuid)
    messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[action]})
    return redirect("catalogue:version", uuid=result.uuid)


@login_required
@require_POST
def version_comment(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    require(request.user, Action.COMMENT, version)
    try:
        services.version_comment(
            version=version,
            by=acting_user(request),
            body=request.POST.get("body", ""),
            field_path=request.POST.get("field_path", ""),
        )
    except MicrocredError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Comment added."))
    return redirect(reverse("catalogue:version", kwargs={"uuid": version.uuid}) + "#comments")


@login_required
def version_spec_json(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The version's specification in the exchange format, as a download."""
    version = _version(uuid)
    require(request.user, Action.VIEW_VERSION, version)
    response = JsonResponse(version.spec, json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = f"{version.micro_credential.code}-v{version.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
