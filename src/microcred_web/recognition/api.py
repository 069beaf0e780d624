"""Public, stable read endpoint of the precedents register (mounted under /api/recognition/).

``GET /api/recognition/precedents`` lists decided cases, anonymised: what was recognised (the
micro-credential codes and their issuers), where (host institution, target component), how
(outcome, credits, credit system, purpose), when (decision date) and under which agreement. No
applicant, learner id, note, evidence or event is ever part of it. Paginated like the register's
API: ``?page=`` with ``count``, ``next``, ``previous``, ``results``.

``GET /api/recognition/agreements`` lists the published recognition agreements (ADR 0802) as
documents in the core's agreement format.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from microcred_web.recognition import selectors
from microcred_web.recognition.models import Outcome, Purpose

router = Router(tags=["recognition"])

PAGE_SIZE = 20


class TargetOut(Schema):
    id: str
    title: str
    credits: str | None
    credit_system: str
    level: str | None


class PrecedentOut(Schema):
    reference: str = Field(description="opaque id of the precedent (not a case reference)")
    source_institutions: list[str] = Field(description="slugs of the issuing institutions")
    micro_credential_codes: list[str]
    micro_credential_titles: list[str]
    host_institution: str = Field(description="slug of the recognising institution")
    purpose: str = Field(description="EXEMPTION, ELECTIVE_CREDIT, STACK_COMPONENT or ADMISSION")
    outcome: str = Field(description="FULL, PARTIAL, CONDITIONAL or NOT_RECOGNISED")
    credits: str | None = Field(description="credits recognised (or on condition), decimal as a string")
    credit_system: str
    target_component: TargetOut
    decision_date: str | None
    agreement: str = Field(description="AGREEMENT_ID@VERSION")
    appealed: bool


class PrecedentPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PrecedentOut]


class PrecedentQuery(Schema):
    source: str = Field("", description="issuing institution slug")
    host: str = Field("", description="recognising institution slug")
    code: str = Field("", description="micro-credential code")
    outcome: str = Field("", description="FULL, PARTIAL, CONDITIONAL, NOT_RECOGNISED")
    purpose: str = Field("", description="EXEMPTION, ELECTIVE_CREDIT, STACK_COMPONENT, ADMISSION")
    page: int = Field(1, ge=1)


@router.get("/precedents", response=PrecedentPage, summary="Precedents register (anonymised decisions)")
def precedents(request: HttpRequest, query: Query[PrecedentQuery]) -> dict[str, object]:
    if query.outcome and query.outcome not in Outcome.values:
        raise HttpError(400, f"outcome: one of {', '.join(Outcome.values)}")
    if query.purpose and query.purpose not in Purpose.values:
        raise HttpError(400, f"purpose: one of {', '.join(Purpose.values)}")
    filters = selectors.PrecedentFilters(
        source=query.source, host=query.host, code=query.code, outcome=query.outcome, purpose=query.purpose
    )
    paginator = Paginator(selectors.precedents(filters), PAGE_SIZE)
    if query.page > max(paginator.num_pages, 1):
        raise HttpError(404, f"page {query.page} does not exist; there are {paginator.num_pages}")
    page = paginator.page(query.page)
    params = {k: v for k, v in query.dict().items() if v and k != "page"}

    def link(number: int) -> str:
        return request.build_absolute_uri(request.path) + "?" + urlencode({**params, "page": number})

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [selectors.precedent_row(c) for c in page.object_list],
    }


class AgreementQuery(Schema):
    institution: str = Field("", description="slug of a party (the consortium profile always matches)")
    status: str = Field("", description="active, suspended or expired")


@router.get("/agreements", summary="Published recognition agreements in the core's format (ADR 0802)")
def agreements(request: HttpRequest, query: Query[AgreementQuery]) -> list[dict[str, object]]:
    """Every published version (drafts are never listed), each as a
    ``microcred-recognition-agreement`` 1.0 document that ``microcred recognize`` reads."""
    from microcred_web.agreements import services as agreement_services
    from microcred_web.agreements.models import AgreementStatus

    published = {AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED, AgreementStatus.EXPIRED}
    if query.status and query.status not in published:
        raise HttpError(400, "status: one of active, suspended, expired")
    rows = agreement_services.agreements_list(institution=query.institution, status=query.status)
    return [agreement_services.agreement_document(a) for a in rows if a.status in published]
