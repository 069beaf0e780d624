"""Pages of the recognition desk: the officers' workspace, the learners' pages, the notice and the
precedents register. Each view parses the request, calls one service or selector, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.errors import MicrocredError
from microcred.recognition.lifecycle import StepName
from microcred_web.agreements import services as agreement_services
from microcred_web.credentials.messages import error_message
from microcred_web.recognition import (
    display,
    forms,
    forms_information,
    forms_learner,
    information,
    notice,
    selectors,
    status_check,
)
from microcred_web.recognition import messages as recognition_messages
from microcred_web.recognition.appeal import recognition_appeal_decide, recognition_appeal_lodge
from microcred_web.recognition.case_events import can_take
from microcred_web.recognition.decision import (
    recognition_case_approve,
    recognition_case_close,
    recognition_case_decide,
    recognition_conditions_met,
)
from microcred_web.recognition.decision_credential import (
    recognition_decision_credential_revoke,
    recognition_decision_issue,
)
from microcred_web.recognition.findings import (
    recognition_finding_approve,
    recognition_finding_reclassify,
    recognition_level_record,
)
from microcred_web.recognition.information_answers import (
    recognition_information_answer,
    recognition_information_supply,
)
from microcred_web.recognition.intake import (
    recognition_case_import,
    recognition_case_open_from_credential,
    recognition_request_create,
)
from microcred_web.recognition.lo_matrix import (
    recognition_case_set_target,
    recognition_lo_matrix_sign_off,
    recognition_lo_pair_confirm,
    recognition_lo_pair_edit,
    recognition_lo_pair_reject,
)
from microcred_web.recognition.models import Appeal, RecognitionCase, Status
from microcred_web.recognition.permissions import (
    can_follow,
    can_handle,
    can_revoke_decision,
    can_view_case,
    issuer_institutions,
    officer_institutions,
    require_follow,
    require_handle,
    require_revoke_decision,
)
from microcred_web.recognition.proposal import recognition_case_propose
from microcred_web.recognition.replay_check import recognition_case_replay


def _case(value: Any) -> RecognitionCase:
    case = selectors.case_by_uuid(value)
    if case is None:
        raise Http404("no such case")
    return case


def _query_without_page(request: HttpRequest) -> str:
    """The list's filters as a query string, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def _fail(request: HttpRequest, exc: MicrocredError) -> None:
    coded = recognition_messages.error_text(exc)
    messages.error(request, coded if coded != str(exc) else error_message(exc))


# ------------------------------------------------------------------------------ officers


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    hosts = officer_institutions(request.user)
    if not hosts:
        return redirect("recognition:my_cases")
    form = forms.CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.cases_for_officer(
        request.user,
        status=filters.get("status", ""),
        purpose=filters.get("purpose", ""),
        sending=filters.get("sending", ""),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "recognition/workspace.html",
        {
            "form": form,
            "page": page,
            "hosts": hosts,
            "query": _query_without_page(request),
            "today": timezone.localdate(),
            "answered": information.answered_case_ids([c.pk for c in page.object_list]),
            "supplied": information.answered_case_ids(
                [c.pk for c in page.object_list], action="INFORMATION_SUPPLIED"
            ),
            "issuer_requests": sum(
                len(t.items) for i in issuer_institutions(request.user) for t in information.issuer_tasks(i)
            ),
        },
    )


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    hosts = officer_institutions(request.user)
    if not hosts:
        raise PermissionDenied("only recognition officers open cases")
    form = forms.OpenCaseForm(request.POST or None, request.FILES or None, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = recognition_case_open_from_credential(
                by=request.user,
                host=d["host"],
                applicant=d["applicant"],
                purpose=d["purpose"],
                issued=d.get("credential"),
                register_version=d.get("register_entry"),
                uploaded=d.get("credential_file") or "",
                proof_code=d.get("proof_code") or "",
            )
        except MicrocredError as exc:
            form.add_error(None, recognition_messages.error_text(exc))
        else:
            messages.success(request, _("The credential verified; the case is open."))
            return redirect("recognition:case", case.uuid)
    return render(request, "recognition/open.html", {"form": form, "mode": "open"})


@login_required
def case_import(request: HttpRequest) -> HttpResponse:
    hosts = officer_institutions(request.user)
    if not hosts:
        raise PermissionDenied("only recognition officers import cases")
    form = forms.ImportForm(request.POST or None, request.FILES or None, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = recognition_case_import(
                by=request.user, host=d["host"], document=d["case_file"], applicant=d.get("applicant")
            )
        except MicrocredError as exc:
            form.add_error(None, recognition_messages.error_text(exc))
        else:
            messages.success(request, _("The case file was read; the case is open."))
            return redirect("recognition:case", case.uuid)
    return render(request, "recognition/open.html", {"form": form, "mode": "import"})


def _case_page(request: HttpRequest, case: RecognitionCase, **forms_given: Any) -> HttpResponse:
    proposal = case.proposed
    shown = recognition_messages.localised_proposal(case)  # the engine's sentences, translated
    user = request.user
    pending = case.pending_signature
    handler = can_handle(user, case)  # an institution administrator reads, and may only revoke
    # Nothing to confirm while the proposal waits for information or the case changed since it:
    # the officer decides by a justified override (ADR 0810).
    waiting = proposal is not None and (
        proposal.outcome == "PENDING_INFORMATION" or case.status != Status.PROPOSED
    )
    items = information.missing_items(case) if proposal is not None else ()
    given = forms_given.get("item_forms") or {}
    # A form per item the officer records (their own, and an issuer's reply), not yet answered.
    item_forms = [
        given.get(m.where)
        or forms_information.ItemAnswerForm(item=m, source_required=m.party == information.ISSUER)
        for m in items
        if handler and m.officer_records and not m.answered and can_take(case, StepName.SUPPLY)
    ]
    context = {
        "handler": handler,
        "can_revoke": can_revoke_decision(user, case),
        "revoke_form": forms_given.get("revoke_form") or forms.RevokeDecisionForm(),
        "case": case,
        "target": case.target_component,
        "requested": case.requested,
        "evidence": display.evidence_of(case),
        "matrix": display.matrix_of(case),
        "standards": display.standards_of(shown),
        "proposal": shown,
        "target_form": forms_given.get("target_form")
        or forms.TargetForm(initial=forms.target_initial(case.target_doc, case.requested, host=case.host)),
        "edit_form": forms_given.get("edit_form") or forms.LoEditForm(),
        "decide_form": forms_given.get("decide_form") or forms.DecideForm(waiting_for_information=waiting),
        "decidable": handler and proposal is not None and not pending and can_take(case, StepName.DECIDE),
        "waiting_for_information": waiting,
        "item_forms": item_forms,
        "items": items,
        "status_items": status_check.status_items(case, items) if handler else [],
        "supplied": information.supplied_since_proposal(case),
        "reclassify_form": forms_given.get("reclassify_form")
        or forms.ReclassifyForm(findings=proposal.findings if proposal is not None else ()),
        "overrides": [
            {"entry": o, "index": i, "waiting": o.approved_by is None, "mine": o.by == user.pk}
            for i, o in enumerate(case.overrides)
        ],
        "appeal_form": forms.AppealDecideForm(),
        "events": selectors.events_of(case),
        "chain": selectors.chain_check(case),
        "pending": pending,
        "can_approve": handler and pending is not None and pending.by != user.pk,
        "closable": handler and can_take(case, StepName.CLOSE),
        "open_appeal": case.appeals.filter(result="").first() if handler else None,
        "appeals": case.appeals.all(),
        "editable": handler and can_take(case, StepName.SET_TARGET),
        "source_texts": selectors.source_outcome_texts(case),
        "agreement": agreement_services.agreement_of_case(case),
        "info_request": information.information_request_of(case),
        "learner_answer": _localised_answer(case),
        "decision_credentials": case.decision_credentials.all(),
        "current_decision": case.current_decision_credential,
    }
    return render(request, "recognition/case.html", context)


def _localised_answer(case: RecognitionCase) -> Any:
    """The learner's last answer, the items it answers named in the page's language."""
    answer = information.latest_answer(case)
    if answer is not None and answer.payload:
        answer.payload = recognition_messages.localise(
            answer.payload, recognition_messages.engine_messages(case)
        )  # shown, never saved
    return answer


@login_required
def case_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    if not can_view_case(request.user, case):
        require_handle(request.user, case)
    return _case_page(request, case)


@login_required
@require_POST
def case_target(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    form = forms.TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The target has errors; see the form."))
        return _case_page(request, case, target_form=form)
    try:
        recognition_case_set_target(case=case, by=request.user, target=form.target())
    except MicrocredError as exc:
        _fail(request, exc)
        return _case_page(request, case, target_form=form)
    messages.success(request, _("Target saved; the outcome matrix has fresh suggestions."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#matrix")


@login_required
@require_POST
def case_lo(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    form = forms.LoPairForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        service = recognition_lo_pair_confirm if d["action"] == "confirm" else recognition_lo_pair_reject
        try:
            service(
                case=case,
                by=request.user,
                target_lo=d["target_lo"],
                source=d["source"],
                note=d.get("note", ""),
            )
        except MicrocredError as exc:
            _fail(request, exc)
    else:
        messages.error(request, _("That matrix action was incomplete."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#matrix")


@login_required
@require_POST
def case_lo_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    form = forms.LoEditForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, edit_form=form)
    d = form.cleaned_data
    try:
        recognition_lo_pair_edit(
            case=case,
            by=request.user,
            target_lo=d["target_lo"],
            coverage=d["coverage"],
            sources=d.get("sources", "").split(),
            note=d["note"],
        )
    except MicrocredError as exc:
        _fail(request, exc)
        return _case_page(request, case, edit_form=form)
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#matrix")


@login_required
@require_POST
def case_lo_sign_off(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_lo_matrix_sign_off(case=case, by=request.user)
    except MicrocredError as exc:
        _fail(request, exc)
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#matrix")


@login_required
@require_POST
def case_reclassify(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    proposal = case.proposed
    form = forms.ReclassifyForm(request.POST, findings=proposal.findings if proposal is not None else ())
    if not form.is_valid():
        messages.error(request, _("The reclassification has errors; see the form."))
        return _case_page(request, case, reclassify_form=form)
    standard, code, subject = form.finding_key()
    d = form.cleaned_data
    try:
        recognition_finding_reclassify(
            case=case,
            by=request.user,
            standard=standard,
            code=code,
            subject=subject,
            materiality=d["materiality"],
            justification=d["justification"],
            remedy_type=d.get("remedy_type") or "",
            remedy_description=d.get("remedy_description") or "",
        )
    except MicrocredError as exc:
        form.add_error(None, recognition_messages.error_text(exc))
        return _case_page(request, case, reclassify_form=form)
    messages.success(request, _("Reclassification recorded; propose again to apply it."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#reclassify")


@login_required
@require_POST
def case_reclassify_approve(request: HttpRequest, uuid: Any, index: int) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_finding_approve(case=case, by=request.user, index=index)
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Reclassification approved; propose again to apply it."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#reclassify")


@login_required
@require_POST
def case_level(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_level_record(
            case=case,
            by=request.user,
            credential_id=request.POST.get("credential_id", ""),
            level=request.POST.get("level", ""),
            justification=request.POST.get("justification", ""),
        )
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Level recorded; propose again to apply it."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#evidence")


@login_required
@require_POST
def case_supply(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The officer records one missing item: their own, or what the issuer replied (ADR 0810)."""
    case = _case(uuid)
    require_handle(request.user, case)
    if (
        "status_list" in request.FILES
        or "status_list_json" in request.POST
        or "check_platform" in request.POST
    ):
        return _supply_status(request, case)
    where = request.POST.get("where", "") or next(
        (v for k, v in request.POST.items() if k.endswith("-where")), ""
    )
    item = next((m for m in information.missing_items(case) if m.where == where), None)
    if item is None:
        messages.error(request, _("The proposal misses no such item; propose again."))
        return redirect(reverse("recognition:case", args=[case.uuid]) + "#missing")
    form = forms_information.ItemAnswerForm(
        request.POST, item=item, source_required=item.party == information.ISSUER
    )
    if _supplied(request, case, item, form):
        messages.success(request, _("Recorded; propose again to assess the case with it."))
        return redirect(reverse("recognition:case", args=[case.uuid]) + "#missing")
    return _case_page(request, case, item_forms={item.where: form})


def _supply_status(request: HttpRequest, case: RecognitionCase) -> HttpResponse:
    """The officer answers an S1.STATUS_NOT_CHECKED item with the status list credential(s) the
    credential names, uploaded or pasted, or with this platform's own list (ADR 0811)."""
    limit = status_check.MAX_DOCUMENT_BYTES
    texts: list[bytes | str] = [
        f.read(limit + 1) for f in request.FILES.getlist("status_list")[: status_check.MAX_LISTS + 1]
    ]
    pasted = request.POST.get("status_list_json", "").strip()
    if pasted:
        texts.append(pasted)
    try:
        status_check.recognition_status_record(
            case=case,
            by=request.user,
            where=request.POST.get("where", ""),
            texts=texts,
            platform="check_platform" in request.POST,
        )
    except MicrocredError as exc:  # a coded service error in the reader's language, or our gettext text
        coded = recognition_messages.error_text(exc)
        messages.error(request, coded if coded != str(exc) else str(exc.message))
    else:
        messages.success(
            request, _("The status check is recorded; propose again to assess the case with it.")
        )
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#missing")


def _uuid_or_none(value: str) -> Any:
    import uuid as uuid_module

    try:
        return uuid_module.UUID(value)
    except ValueError:
        return None


def _supplied(request: HttpRequest, case: RecognitionCase, item: Any, form: Any) -> bool:
    """Record a valid answer to one missing item (the officer's, or an issuer's staff); a
    refusal goes onto the form."""
    if not form.is_valid():
        return False
    try:
        recognition_information_supply(
            case=case,
            by=request.user,
            where=item.where,
            value=form.value(),
            text=form.cleaned_data.get("text") or "",
            source=form.cleaned_data.get("source") or "",
        )
    except MicrocredError as exc:
        form.add_error(None, str(exc))
        return False
    return True


def _task_prefix(case: RecognitionCase, item: Any) -> str:
    return f"c{case.pk}i{item.index}"  # unique ids: one page holds the items of several cases


@login_required
def issuer_requests(request: HttpRequest) -> HttpResponse:
    """Requests from other institutions: items that cases ask of the user's institution as the
    issuer of a credential, each answered here (ADR 0810)."""
    institutions = issuer_institutions(request.user)
    if not institutions:
        raise PermissionDenied("not allowed: only the staff of an institution answer its requests")
    bound: dict[str, Any] = {}
    if request.method == "POST":
        case = _case(_uuid_or_none(request.POST.get("case", "")))
        where = next((v for k, v in request.POST.items() if k.endswith("-where")), "")
        item = next((m for m in information.missing_items(case) if m.where == where), None)
        if item is None or item.issuer is None or item.issuer not in institutions or item.answered:
            messages.error(request, _("This request is answered already or no longer open."))
            return redirect("recognition:issuer_requests")
        form = forms_information.ItemAnswerForm(request.POST, item=item, prefix=_task_prefix(case, item))
        if _supplied(request, case, item, form):
            messages.success(
                request, _("Your answer is sent to %(host)s.") % {"host": case.host.display_name()}
            )
            return redirect("recognition:issuer_requests")
        bound[f"{case.pk}|{item.where}"] = form
    tasks = [
        {
            "case": t.case,
            "institution": inst,
            "items": [
                (
                    m,
                    bound.get(f"{t.case.pk}|{m.where}")
                    or forms_information.ItemAnswerForm(item=m, prefix=_task_prefix(t.case, m)),
                )
                for m in t.items
            ],
        }
        for inst in institutions
        for t in information.issuer_tasks(inst)
    ]
    return render(request, "recognition/issuer_requests.html", {"tasks": tasks, "institutions": institutions})


@login_required
@require_POST
def case_propose(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_case_propose(case=case, by=request.user)
    except MicrocredError as exc:
        _fail(request, exc)
        return redirect("recognition:case", case.uuid)
    messages.success(request, _("The engine proposed a decision."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#proposal")


@login_required
@require_POST
def case_decide(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    proposal = case.proposed
    waiting = (
        proposal is not None and proposal.outcome == "PENDING_INFORMATION"
    ) or case.status != Status.PROPOSED
    form = forms.DecideForm(request.POST, waiting_for_information=waiting)
    if not form.is_valid():
        return _case_page(request, case, decide_form=form)
    d = form.cleaned_data
    try:
        case = recognition_case_decide(
            case=case,
            by=request.user,
            confirm=d["decision"] == "confirm",
            outcome=d.get("outcome") or "",
            credits=d.get("credits"),
            justification=d.get("justification") or "",
        )
    except MicrocredError as exc:
        form.add_error(
            "justification" if exc.where == "justification" else None, recognition_messages.error_text(exc)
        )
        messages.error(request, recognition_messages.error_text(exc))
        return _case_page(request, case, decide_form=form)
    if case.status == Status.DECIDED:
        messages.success(request, _("The decision is final."))
    else:
        messages.info(request, _("Signed. This decision needs a second officer's signature (four eyes)."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#decision")


@login_required
@require_POST
def case_approve(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_case_approve(case=case, by=request.user)
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Second signature given; the decision is final."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#decision")


@login_required
@require_POST
def case_replay(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        result = recognition_case_replay(case=case, by=request.user)
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request,
            _("Replay reproduced the proposed decision bit for bit (SHA-256 %(hash)s).")
            % {"hash": result.replayed_sha256},
        )
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#log")


@login_required
@require_POST
def case_conditions_met(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_conditions_met(case=case, by=request.user, evidence=request.POST.get("evidence", ""))
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The conditions are met; the award applies."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#decision")


@login_required
@require_POST
def case_close(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_case_close(case=case, by=request.user, reason=request.POST.get("reason", ""))
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The case is closed."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#decision")


@login_required
@require_POST
def decision_issue(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    try:
        recognition_decision_issue(case=case, by=request.user)
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The decision is issued as a signed credential."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#decision")


@login_required
@require_POST
def decision_revoke(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Revoke the current decision credential by hand, e.g. one issued in error (ADR 0803)."""
    case = _case(uuid)
    require_revoke_decision(request.user, case)
    form = forms.RevokeDecisionForm(request.POST)
    if form.is_valid():
        try:
            recognition_decision_credential_revoke(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except MicrocredError as exc:
            form.add_error("reason" if exc.where == "reason" else None, recognition_messages.error_text(exc))
        else:
            messages.success(request, _("The decision credential is revoked."))
            return redirect(reverse("recognition:case", args=[case.uuid]) + "#decision")
    case.refresh_from_db()
    return _case_page(request, case, revoke_form=form)


@login_required
def decision_download(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _notice_case(request, uuid)
    document = case.decision_credential
    if not document:
        raise Http404("the decision is not issued as a credential")
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="recognition-decision-{case.reference}.json"'
    return response


@login_required
@require_POST
def appeal_decide(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_handle(request.user, case)
    appeal = case.appeals.filter(result="").first()
    if appeal is None:
        raise Http404("no open appeal")
    form = forms.AppealDecideForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            recognition_appeal_decide(
                appeal=appeal,
                by=request.user,
                result=d["result"],
                reasons=d["reasons"],
                outcome=d.get("outcome") or "",
                credits=d.get("credits"),
            )
        except MicrocredError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The appeal is decided."))
    else:
        messages.error(request, _("Give the result and the reasons."))
    return redirect(reverse("recognition:case", args=[case.uuid]) + "#appeals")


# ------------------------------------------------------------------------------ notice


def _notice_case(request: HttpRequest, uuid: Any) -> RecognitionCase:
    case = _case(uuid)
    if not (can_handle(request.user, case) or can_follow(request.user, case)):
        raise PermissionDenied("only the applicant and the host's officers read the notice")
    if not case.is_decided:
        raise Http404("no decision yet")
    return case


@login_required
def notice_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _notice_case(request, uuid)
    n = notice.notice_of(case)
    return render(
        request,
        "recognition/notice.html",
        {
            "case": case,
            "n": n,
            "sentence": notice.outcome_sentence(n),
            "outcome_label": notice.outcome_label(n.outcome),
            "purpose_label": notice.purpose_label(n.purpose),
            "host_name": case.host.display_name(get_language() or "en"),
            "appeal_body": notice.appeal_body(n, case.host.display_name(get_language() or "en")),
            "appeal_result": notice.appeal_result_label(n),
            "officer": can_handle(request.user, case),
        },
    )


@login_required
def notice_pdf(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _notice_case(request, uuid)
    pdf = notice.notice_pdf(notice.notice_of(case))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="recognition-{case.reference}.pdf"'
    return response


# ------------------------------------------------------------------------------ learners


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "recognition/my_cases.html", {"cases": selectors.cases_of_learner(request.user)})


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    form = forms.RequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = recognition_request_create(
                applicant=request.user,
                host=d["host"],
                purpose=d["purpose"],
                target_title=d["target_title"],
                target_code=d.get("target_code") or "",
                target_entry=d.get("target_entry"),
                issued=d.get("credential"),
                register_version=d.get("register_entry"),
                uploaded=d.get("credential_file") or "",
                proof_code=d.get("proof_code") or "",
                note=d.get("note") or "",
                language=get_language() or "en",
            )
        except MicrocredError as exc:
            form.add_error(None, recognition_messages.error_text(exc))
        else:
            messages.success(request, _("Your request is filed. You can follow it here."))
            return redirect("recognition:my_case", case.uuid)
    return render(request, "recognition/request.html", {"form": form})


def _answer_form(request: HttpRequest, case: RecognitionCase, info: Any, data: Any = None) -> Any:
    if case.status != Status.INFORMATION_REQUESTED or info is None:
        return None
    return forms_learner.InformationAnswerForm(
        data, request.FILES if data is not None else None, user=request.user, items=info.items
    )


def _my_case_page(
    request: HttpRequest, case: RecognitionCase, *, appeal_form: Any = None, answer_form: Any = None
) -> HttpResponse:
    info = information.information_request_of(case)
    today = timezone.localdate()
    return render(
        request,
        "recognition/my_case.html",
        {
            "case": case,
            "events": selectors.events_of(case, learner=True),
            "appeal_form": appeal_form or forms.AppealForm(),
            "appeals": case.appeals.all(),
            "can_appeal": can_take(case, StepName.APPEAL),
            "Result": Appeal.Result,
            "info_request": info,
            "answer_form": answer_form or _answer_form(request, case, info),
            "deadline_passed": bool(info and info.is_past(today)),
            "decision_credentials": case.decision_credentials.all(),
            "current_decision": case.current_decision_credential,
            "has_revoked_decision": case.decision_credentials.filter(revoked_at__isnull=False).exists(),
            "revoked_by_hand": _last_revocation_by_hand(case),
        },
    )


def _last_revocation_by_hand(case: RecognitionCase) -> bool:
    """Whether the last revocation was an officer's correction (the decision stands) rather than
    a changed decision (an appeal, conditions met)."""
    last = case.events.filter(action="DECISION_CREDENTIAL_REVOKED").order_by("-seq").first()
    return bool(last and (last.payload or {}).get("by_hand"))


@login_required
def my_case(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = _case(uuid)
    require_follow(request.user, case)
    form = forms.AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recognition_appeal_lodge(case=case, by=request.user, grounds=form.cleaned_data["grounds"])
        except MicrocredError as exc:
            form.add_error("grounds", recognition_messages.error_text(exc))
        else:
            messages.success(request, _("Your appeal is lodged."))
            return redirect("recognition:my_case", case.uuid)
    return _my_case_page(request, case, appeal_form=form)


@login_required
@require_POST
def my_case_answer(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The applicant answers the request for information (ADR 0803)."""
    case = _case(uuid)
    require_follow(request.user, case)
    info = information.information_request_of(case)
    form = _answer_form(request, case, info, data=request.POST)
    if form is None:
        messages.error(request, _("No information is asked for on this case now."))
        return redirect("recognition:my_case", case.uuid)
    if form.is_valid():
        d = form.cleaned_data
        try:
            recognition_information_answer(
                case=case,
                by=request.user,
                replies=form.replies(),
                values=form.values(),
                issued=d.get("credential"),
                register_version=d.get("register_entry"),
                uploaded=d.get("credential_file") or "",
                proof_code=d.get("proof_code") or "",
            )
        except MicrocredError as exc:
            field = exc.where if exc.where in form.fields else None
            form.add_error(field, recognition_messages.error_text(exc))
        else:
            messages.success(request, _("Your answer is sent; the officer will assess your case again."))
            return redirect("recognition:my_case", case.uuid)
    return _my_case_page(request, case, answer_form=form)


@login_required
def decision_credential_download(request: HttpRequest, uuid: Any, credential: Any) -> HttpResponse:
    """One decision credential of the case, current or revoked (ADR 0803)."""
    case = _notice_case(request, uuid)
    row = case.decision_credentials.filter(uuid=credential).first()
    if row is None:
        raise Http404("no such decision credential")
    response = JsonResponse(row.document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="recognition-decision-{case.reference}-{row.uuid.hex[:8]}.json"'
    )
    return response


# ------------------------------------------------------------------------------ precedents


def precedents(request: HttpRequest) -> HttpResponse:
    form = forms.PrecedentFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    filters = selectors.PrecedentFilters(
        **{k: d.get(k) or "" for k in ("source", "host", "code", "outcome", "purpose", "q")}
    )
    page = Paginator(selectors.precedents(filters), 20).get_page(request.GET.get("page"))
    rows = [selectors.precedent_row(c) for c in page.object_list]
    return render(
        request,
        "recognition/precedents.html",
        {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)},
    )
