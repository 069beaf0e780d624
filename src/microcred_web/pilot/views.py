"""Pages of the pilot: offerings, a cohort, enrolling one learner, importing results (preview,
then commit), the template files and the cohort as CSV. Adapters of a few lines each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from microcred.pilot import MAX_FILE_BYTES
from microcred_web.accounts.permissions import Action, acting_user, can, institutions_where
from microcred_web.bulk import services as bulk_services
from microcred_web.bulk.messages import input_error_message
from microcred_web.pilot import charts, selectors, services
from microcred_web.pilot.errors import PilotError
from microcred_web.pilot.forms import EnrolmentForm, ImportForm, OfferingForm
from microcred_web.pilot.messages import message, problem_message, where
from microcred_web.pilot.models import Offering, ResultImport
from microcred_web.pilot.template_files import cohort_csv, template_csv, template_xlsx
from microcred_web.privacy.services import consent_record
from microcred_web.register.display import country_name

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_SEE = (Action.MANAGE_OFFERINGS, Action.IMPORT_RESULTS)


def _offering(request: HttpRequest, pk: int, actions: tuple[Action, ...] = _SEE) -> Offering:
    """The offering, if the user may take one of ``actions`` on it (403 otherwise)."""
    offering = get_object_or_404(
        Offering.objects.select_related("version__micro_credential__institution"), pk=pk
    )
    if not any(can(request.user, a, offering) for a in actions):
        raise PermissionDenied(_("Only staff of the offering's institution do this."))
    return offering


def _problems(problems: Any) -> list[dict[str, Any]]:
    return [
        {"where": where(p), "row": p.row, "column": p.column, "code": p.code, "message": problem_message(p)}
        for p in problems
    ]


def dashboard(request: HttpRequest) -> HttpResponse:
    """The pilot dashboard (public: counts only): the figures of ``GET /api/pilot/summary`` (the
    same selector), a meter against the target and charts drawn on the server as SVG
    (``pilot.charts``): no script and no chart library."""
    summary = selectors.pilot_summary()
    return render(
        request,
        "pilot/dashboard.html",
        {
            "summary": summary,
            # the same rows with the country's name in the reader's language
            "countries": [{**c, "name": country_name(c["country"])} for c in summary["countries"]],
            "institutions": [
                {**i, "country_name": country_name(i["country"])} for i in summary["institutions"]
            ],
            "weekly_chart": charts.weekly_chart(summary["weeks"]),
            "country_chart": charts.country_chart(summary["countries"]),
        },
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not (
        institutions_where(user, Action.MANAGE_OFFERINGS) or institutions_where(user, Action.IMPORT_RESULTS)
    ):
        raise PermissionDenied(_("Only staff who run offerings or import results see the pilot."))
    return render(
        request,
        "pilot/index.html",
        {
            "offerings": selectors.offerings_for(user),
            "may_create": bool(institutions_where(user, Action.MANAGE_OFFERINGS)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offering_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not institutions_where(user, Action.MANAGE_OFFERINGS):
        raise PermissionDenied(_("Only staff who run offerings create them."))
    form = OfferingForm(request.POST or None, user=user, initial={"version": request.GET.get("version")})
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_create(by=user, **form.cleaned_data)
        except PilotError as exc:
            form.add_error(None, message(exc.code, exc.params))
        else:
            messages.success(request, _("The offering is created."))
            return redirect("pilot:offering", pk=offering.pk)
    return render(request, "pilot/offering_new.html", {"form": form})


@login_required
def offering(request: HttpRequest, pk: int) -> HttpResponse:
    off = _offering(request, pk)
    learners = selectors.cohort(off)
    return render(
        request,
        "pilot/offering.html",
        {
            "offering": off,
            "learners": learners,
            "counts": selectors.cohort_counts(learners),
            "eligible": sum(1 for c in learners if c.eligibility.eligible and c.credential is None),
            "required_supervision": selectors.required_supervision(off),
            "scheme": services.defaults_for(off).scheme_name,
            "may_enrol": can(request.user, Action.MANAGE_OFFERINGS, off),
            "may_import": can(request.user, Action.IMPORT_RESULTS, off),
            "may_issue": can(request.user, Action.ISSUE_CREDENTIAL, off),
        },
    )


@login_required
@require_POST
def issue_eligible(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a bulk issue (``microcred_web.bulk``) for every learner of the offering who is ready:
    passed, identity check meeting the specification's, no credential yet. Issuing is the
    registrar's (``Action.ISSUE_CREDENTIAL``), which ``start_batch`` checks."""
    off = _offering(request, pk, (Action.ISSUE_CREDENTIAL,))
    eligible = selectors.eligible_for_credential(off)
    try:
        batch = bulk_services.start_batch(
            version=off.version,
            items=[bulk_services.BulkLearner(**e.as_item()) for e in eligible],
            by=acting_user(request),
            offering=off,
        )
    except bulk_services.BulkInputError as exc:
        messages.error(request, input_error_message(exc))
        return redirect("pilot:offering", pk=off.pk)
    return redirect("bulk:batch", uuid=batch.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    off = _offering(request, pk, (Action.MANAGE_OFFERINGS,))
    form = EnrolmentForm(request.POST or None)
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        del data["privacy_notice"]  # required by the form; recorded below
        try:
            with transaction.atomic():
                enrolment = services.enrolment_add(offering=off, by=acting_user(request), **data)
                consent_record(enrolment=enrolment, by=acting_user(request))
        except PilotError as exc:
            problems = _problems(exc.problems) or [{"where": "", "message": message(exc.code, exc.params)}]
        else:
            messages.success(request, _("The learner is enrolled."))
            return redirect("pilot:offering", pk=off.pk)
    return render(request, "pilot/enrol.html", {"offering": off, "form": form, "problems": problems})


@login_required
@require_http_methods(["GET", "POST"])
def results_import(request: HttpRequest, pk: int) -> HttpResponse:
    off = _offering(request, pk, (Action.IMPORT_RESULTS,))
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"offering": off, "form": form, "max_bytes": MAX_FILE_BYTES}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_FILE_BYTES + 1)
        preview = services.results_preview(
            offering=off,
            by=acting_user(request),
            data=data,
            filename=upload.name or "",
            supervision_applied=form.cleaned_data.get("supervision_applied") or None,
            assessed_on=form.cleaned_data.get("assessed_on"),
        )
        context.update(preview=preview, problems=_problems(preview.problems))
        return render(request, "pilot/preview.html", context, status=200 if preview.ok else 400)
    return render(request, "pilot/import.html", context)


@login_required
@require_POST
def results_commit(request: HttpRequest, pk: int) -> HttpResponse:
    result_import = get_object_or_404(ResultImport.objects.select_related("offering"), pk=pk)
    off = _offering(request, result_import.offering_id, (Action.IMPORT_RESULTS,))
    try:
        done = services.results_commit(result_import=result_import, by=acting_user(request), request=request)
    except PilotError as exc:
        context = {"offering": off, "form": ImportForm(), "max_bytes": MAX_FILE_BYTES}
        context["problems"] = _problems(exc.problems) or [
            {"where": "", "message": message(exc.code, exc.params)}
        ]
        return render(request, "pilot/import.html", context, status=409)
    messages.success(
        request,
        _("Imported: %(created)s learners added, %(updated)s updated.")
        % {"created": done.created, "updated": done.updated},
    )
    return redirect("pilot:offering", pk=off.pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def template(request: HttpRequest, fmt: str) -> HttpResponse:
    user = acting_user(request)
    if not institutions_where(user, Action.IMPORT_RESULTS) and not institutions_where(
        user, Action.MANAGE_OFFERINGS
    ):
        raise PermissionDenied(_("Only staff who run offerings or import results see the pilot."))
    if fmt == "xlsx":
        return _download(template_xlsx(), _XLSX, "microcred-results-template.xlsx")
    return _download(template_csv(), "text/csv; charset=utf-8", "microcred-results-template.csv")


@login_required
def cohort_export(request: HttpRequest, pk: int) -> HttpResponse:
    off = _offering(request, pk)
    header = [
        "external_id",
        "given_names",
        "family_name",
        "full_name",
        "email",
        "grade",
        "grading_scheme",
        "passed",
        "assessed_on",
        "supervision_applied",
        "state",
        "eligible",
    ]
    rows = [
        [
            c.enrolment.external_id,
            c.enrolment.given_names,
            c.enrolment.family_name,
            c.enrolment.full_name,
            c.enrolment.email,
            c.enrolment.grade,
            c.enrolment.grading_scheme,
            "" if c.enrolment.passed is None else ("yes" if c.enrolment.passed else "no"),
            c.enrolment.assessed_on.isoformat() if c.enrolment.assessed_on else "",
            c.enrolment.supervision_applied,
            c.state.value,
            "yes" if c.eligibility.eligible else "no",
        ]
        for c in selectors.cohort(off)
    ]
    return _download(cohort_csv(rows, header), "text/csv; charset=utf-8", f"cohort-{off.pk}.csv")
