"""The open tasks of a signed-in person, by role, for their home page (issue 11 item 4): to review
(QA), to issue (registrars), to answer (learners, course designers, an issuer's staff), to decide
(recognition officers). Who sees what follows the one permission table
(``accounts.permissions``): each list is built from the institutions where the person may take
the action that answers it. Each entry is a code with parameters (``notifications.messages``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse

from microcred_web.accounts.permissions import Action, institutions_where
from microcred_web.notifications.messages import message

#: Entries shown per list; the count says how many there are in all.
SHOWN = 10


@dataclass(frozen=True)
class Todo:
    code: str
    params: dict[str, Any]
    url: str

    @property
    def text(self) -> str:
        return message(self.code, self.params)


@dataclass
class TodoList:
    code: str  # todo.review, todo.issue, todo.answer, todo.decide
    items: list[Todo] = field(default_factory=list)

    @property
    def title(self) -> str:
        return message(self.code)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def shown(self) -> list[Todo]:
        return self.items[:SHOWN]


def to_review(user: Any) -> list[Todo]:
    """Versions waiting for QA review at the institutions where ``user`` reviews, except their
    own (four eyes: an author never reviews)."""
    from microcred_web.accounts.selectors import review_queue
    from microcred_web.catalogue.models import VersionEdit

    edited = VersionEdit.objects.filter(version=OuterRef("pk"), editor=user.pk)
    versions = review_queue(user).exclude(created_by=user.pk).exclude(Exists(edited))
    return [
        Todo(
            "todo.review.version",
            {
                "code": v.micro_credential.code,
                "version": v.version,
                "institution": v.micro_credential.institution.short_name,
            },
            reverse("catalogue:version", kwargs={"uuid": v.uuid}),
        )
        for v in versions
    ]


def to_issue(user: Any) -> list[Todo]:
    """Offerings with learners ready for their credential (and no bulk issue running), and bulk
    issues not finished, at the institutions where ``user`` issues."""
    from microcred_web.bulk.models import Batch
    from microcred_web.pilot.models import Offering
    from microcred_web.pilot.selectors import eligible_for_credential
    from microcred_web.register import display

    institutions = institutions_where(user, Action.ISSUE_CREDENTIAL)
    if not institutions:
        return []
    out = []
    running = Batch.objects.filter(institution__in=institutions, finished_at__isnull=True)
    being_issued = set(running.exclude(offering=None).values_list("offering_id", flat=True))
    offerings = (
        Offering.objects.filter(version__micro_credential__institution__in=institutions)
        .filter(enrolments__passed=True)
        .distinct()
        .select_related("version__micro_credential")
        .order_by("-starts_on", "pk")
    )
    for offering in offerings:
        if offering.pk in being_issued:
            continue  # its bulk issue is listed below
        ready = len(eligible_for_credential(offering))
        if ready:
            title = (
                display.text((offering.version.spec or {}).get("title"))
                or offering.version.micro_credential.code
            )
            out.append(
                Todo(
                    "todo.issue.offering",
                    {"title": str(title), "term": offering.term, "count": ready},
                    reverse("pilot:offering", kwargs={"pk": offering.pk}),
                )
            )
    batches = running.select_related("version__micro_credential").order_by("created_at")
    out += [
        Todo(
            "todo.issue.batch",
            {"code": b.version.micro_credential.code, "started": b.created_at.strftime("%Y-%m-%d %H:%M")},
            reverse("bulk:batch", kwargs={"uuid": b.uuid}),
        )
        for b in batches
    ]
    return out


def to_answer(user: Any) -> list[Todo]:
    """What others asked of ``user``: QA's changes to their drafts (course designers), the items
    of their own recognition cases (learners), the items other institutions' cases ask of their
    institution as issuer."""
    from microcred_web.catalogue.models import MicroCredentialVersion, ReviewComment, Status
    from microcred_web.recognition import information
    from microcred_web.recognition.models import Status as CaseStatus
    from microcred_web.recognition.selectors import cases_of_learner

    out = []
    editing = institutions_where(user, Action.EDIT_DRAFT)
    if editing:
        changes = ReviewComment.objects.filter(
            version=OuterRef("pk"), kind=ReviewComment.Kind.CHANGES_REQUESTED
        )
        drafts = (
            MicroCredentialVersion.objects.filter(
                micro_credential__institution__in=editing, status=Status.DRAFT
            )
            .filter(Exists(changes))
            .select_related("micro_credential")
            .order_by("-updated_at")
        )
        out += [
            Todo(
                "todo.answer.changes",
                {"code": v.micro_credential.code, "version": v.version},
                reverse("catalogue:version", kwargs={"uuid": v.uuid}),
            )
            for v in drafts
        ]
        # Reviewers' comments made since the version was last edited (issue 16 item 7): the
        # designer sees them on the home page, not only on the version page.
        newer = ReviewComment.objects.filter(
            version=OuterRef("pk"),
            kind=ReviewComment.Kind.COMMENT,
            created_at__gt=OuterRef("updated_at"),
        ).exclude(author=user.pk)
        commented = (
            MicroCredentialVersion.objects.filter(
                micro_credential__institution__in=editing,
                status__in=(Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW),
            )
            .filter(Exists(newer))
            .exclude(pk__in=[v.pk for v in drafts])
            .select_related("micro_credential")
            .order_by("-updated_at")
        )
        out += [
            Todo(
                "todo.answer.comments",
                {"code": v.micro_credential.code, "version": v.version},
                reverse("catalogue:version", kwargs={"uuid": v.uuid}),
            )
            for v in commented
        ]
    for case in cases_of_learner(user).filter(status=CaseStatus.INFORMATION_REQUESTED):
        request = information.information_request_of(case)
        if request is not None and request.for_the_learner:
            out.append(
                Todo(
                    "todo.answer.case",
                    {"reference": case.reference, "count": len(request.for_the_learner)},
                    reverse("recognition:my_case", kwargs={"uuid": case.uuid}),
                )
            )
    from microcred_web.qa.survey_selectors import open_surveys

    for enrolment in open_surveys(user):  # the satisfaction survey, once the credential is issued
        out.append(
            Todo(
                "todo.answer.survey",
                {"code": enrolment.offering.version.micro_credential.code, "term": enrolment.offering.term},
                reverse("qa:learner_survey", kwargs={"pk": enrolment.pk}),
            )
        )
    for institution in institutions_where(user, Action.SUPPLY_AS_ISSUER):
        for task in information.issuer_tasks(institution):
            out.append(
                Todo(
                    "todo.answer.issuer",
                    {
                        "institution": task.case.host.short_name,
                        "reference": task.case.reference,
                        "count": len(task.items),
                    },
                    reverse("recognition:issuer_requests"),
                )
            )
    return out


def to_decide(user: Any) -> list[Todo]:
    """Recognition cases of the institutions where ``user`` decides that wait for the desk: a
    proposal to confirm, a case back from the learner or new, an appeal; and decisions that wait
    for a second signature."""
    from microcred_web.recognition.models import RecognitionCase, Status

    hosts = institutions_where(user, Action.DECIDE)
    if not hosts:
        return []
    waiting = {Status.REQUESTED, Status.UNDER_REVIEW, Status.PROPOSED, Status.APPEALED}
    out = []
    for case in (
        RecognitionCase.objects.filter(host__in=hosts).filter(status__in=waiting).order_by("created_at")
    ):
        url = reverse("recognition:case", kwargs={"uuid": case.uuid})
        pending = case.pending_signature
        if pending is not None and pending.by != user.pk:
            out.append(Todo("todo.decide.approval", {"reference": case.reference}, url))
        elif pending is None:
            out.append(
                Todo(
                    "todo.decide.case",
                    {"reference": case.reference, "status": case.get_status_display()},
                    url,
                )
            )
    return out


def todo_for(user: Any) -> list[TodoList]:
    """The person's lists that hold something, in the order review, issue, answer, decide."""
    lists = [
        TodoList("todo.review", to_review(user)),
        TodoList("todo.issue", to_issue(user)),
        TodoList("todo.answer", to_answer(user)),
        TodoList("todo.decide", to_decide(user)),
    ]
    return [t for t in lists if t.items]
