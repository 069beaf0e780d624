"""The recognition desk's e-mails (ADR 1110): its request for information goes to whoever must
answer it, in their language. The notifications app sends; this module says to whom and what,
so the notifications app never imports the desk (the layer contract, ADR 0853)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from microcred_web.notifications import language
from microcred_web.notifications.models import Kind, Message
from microcred_web.notifications.services import Recipient, absolute_url, holders, message_queue
from microcred_web.recognition import information


def notify_information_request(case: Any) -> None:
    """The case's new request for information to whoever must answer it (ADR 0810): the learner
    for their items, the staff of a member issuing institution for what is asked of it, and the
    host's recognition officers for what they must obtain from an issuer that is not a member."""
    from microcred_web.accounts.permissions import Action

    event = case.events.filter(action="INFORMATION_REQUESTED").order_by("-seq").first()
    request = information.information_request_of(case)
    if event is None or request is None:
        return
    open_items = [m for m in request.items if not m.answered]
    recipients: list[Recipient] = []
    applicant = case.applicant
    if applicant is not None and applicant.email and any(m.for_the_learner for m in open_items):
        recipients.append(
            Recipient(
                applicant.email,
                applicant,
                language.supported(case.notice_language) or language.of_staff(applicant),
            )
        )
    issuers = {m.issuer.pk: m.issuer for m in open_items if m.for_a_member_issuer and not m.for_the_learner}
    for issuer in issuers.values():
        recipients += [
            Recipient(u.email, u, language.of_staff(u)) for u in holders(Action.SUPPLY_AS_ISSUER, issuer)
        ]
    if any(m.party == information.ISSUER and m.issuer is None for m in open_items):
        recipients += [
            Recipient(u.email, u, language.of_staff(u)) for u in holders(Action.WORK_CASE, case.host)
        ]
    message_queue(kind=Kind.INFORMATION_REQUEST, record=event, recipients=recipients)


def information_request_context(msg: Message) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from microcred_web.accounts.permissions import Action, can
    from microcred_web.recognition.models import CaseEvent

    event = CaseEvent.objects.select_related("case__host", "case__applicant").filter(pk=msg.object_id).first()
    if event is None:
        return None
    case = event.case
    request = information.information_request_of(case)
    if request is None or request.seq != event.seq or case.status not in information.OPEN_STATUSES:
        return None  # a later request replaced it, or the case moved on
    user = msg.recipient_user
    items = [m for m in request.items if not m.answered]
    if user is not None and case.applicant_id == user.pk:
        mine = [m for m in items if m.for_the_learner]
        url = reverse("recognition:my_case", kwargs={"uuid": case.uuid})
    elif user is not None and can(user, Action.WORK_CASE, case):
        mine = [m for m in items if m.officer_records and not m.for_a_member_issuer]
        url = reverse("recognition:case", kwargs={"uuid": case.uuid})
    else:
        mine = [
            m
            for m in items
            if m.for_a_member_issuer and user is not None and can(user, Action.SUPPLY_AS_ISSUER, m.issuer)
        ]
        url = reverse("recognition:issuer_requests")
    if not mine:
        return None
    lang = translation.get_language() or "en"
    params = {"reference": case.reference}
    context = {
        **params,
        "host": case.host.display_name(lang),
        "items": [m.label for m in mine],
        "deadline": request.deadline,
        "url": absolute_url(url),
    }
    return params, context
