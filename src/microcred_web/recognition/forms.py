"""Forms of the recognition desk. They only parse; the services decide what is allowed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from microcred.recognition.agreements import consortium_profile
from microcred.recognition.case import TargetDoc
from microcred.recognition.proposal import ProposedFinding
from microcred.untrusted_input import UntrustedInputError, read_json
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.core.input_errors import input_error_message
from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.recognition.columns import TargetRequest
from microcred_web.recognition.models import Appeal, Outcome, Purpose
from microcred_web.recognition.models import Status as CaseStatus

MAX_UPLOAD = 512 * 1024


def credit_system_choices() -> list[tuple[str, str]]:
    return [(k, k) for k in sorted(consortium_profile().parameters.hours_per_credit or {})]


def _read_upload(upload: Any, what: str) -> str:
    if upload is None:
        return ""
    if upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("The %(what)s is larger than 512 KB.") % {"what": what})
    try:
        return str(upload.read().decode("utf-8"))
    except UnicodeDecodeError:
        raise forms.ValidationError(_("The %(what)s is not UTF-8 text.") % {"what": what}) from None


class CredentialChoiceMixin(forms.Form):
    register_entry = forms.ModelChoiceField(
        label=_("Or: a micro-credential of the register (not signed: the issuer will be asked to confirm)"),
        queryset=MicroCredentialVersion.objects.none(),
        required=False,
    )
    credential_file = forms.FileField(
        label=_("Or: a signed credential file (JSON or JWS)"),
        required=False,
    )
    proof_code = forms.CharField(
        label=_("Proof code of the signed file"),
        required=False,
        max_length=100,
        help_text=_("The code you received with the credential; it shows the credential is yours."),
    )

    def clean_credential_file(self) -> str:
        return _read_upload(self.cleaned_data.get("credential_file"), str(_("credential file")))

    def offer_choices_of(self, user: Any) -> None:
        """Offer ``user``'s own credentials that are not revoked (a form with a ``credential``
        field) and the published entries of the register."""
        credential = self.fields["credential"]
        credential.queryset = IssuedCredential.objects.filter(learner=user, revoked_at__isnull=True)
        credential.label_from_instance = lambda c: c.version.title_en if c.version else c.credential_id
        self.fields["register_entry"].queryset = _published_versions()
        self.fields["register_entry"].label_from_instance = _version_label


def _published_versions() -> Any:
    return (
        MicroCredentialVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("micro_credential__institution")
        .order_by("micro_credential__institution__short_name", "title_en")
    )


class RequestForm(CredentialChoiceMixin):
    """A learner's request (recognition.md §4.1)."""

    host = forms.ModelChoiceField(
        label=_("Institution asked to recognise it"), queryset=Institution.objects.all()
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    target_entry = forms.ModelChoiceField(
        label=_("Course of that institution's register"),
        queryset=MicroCredentialVersion.objects.none(),
        required=False,
        help_text=_("Pick it from the institution's published register, or type it below."),
    )
    target_title = forms.CharField(
        label=_("Or: the course or programme, as you know it"), max_length=300, required=False
    )
    target_code = forms.CharField(label=_("Course code, if known"), max_length=60, required=False)
    credential = forms.ModelChoiceField(
        label=_("One of your credentials"), queryset=IssuedCredential.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Anything the officer should know"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    field_order = [
        "host",
        "purpose",
        "target_entry",
        "target_title",
        "target_code",
        "credential",
        "register_entry",
        "credential_file",
        "proof_code",
        "note",
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_choices_of(user)
        language = get_language() or "en"
        # Hosts by their full name in the reader's language (an acronym says little to a learner).
        host = self.fields["host"]
        host.queryset = Institution.objects.order_by("country", "short_name")
        host.label_from_instance = lambda i: f"{i.display_name(language)} ({i.short_name})"
        entry = self.fields["target_entry"]
        entry.queryset = _published_versions()
        entry.label_from_instance = lambda v: (
            f"{v.micro_credential.institution.display_name(language)} · {v.micro_credential.code} · "
            f"{_text((v.spec or {}).get('title'), language) or v.title_en}"
        )

    def clean(self) -> dict[str, Any]:
        d = super().clean()
        entry, host = d.get("target_entry"), d.get("host")
        if entry is not None and host is not None and entry.micro_credential.institution_id != host.pk:
            self.add_error(
                "target_entry", _("This course is not in the register of the institution you chose.")
            )
        if entry is None and not (d.get("target_title") or "").strip():
            self.add_error(
                "target_title", _("Pick a course of the register or say which course you ask for.")
            )
        if entry is not None:
            d["target_title"] = (
                d.get("target_title") or _text((entry.spec or {}).get("title")) or entry.title_en
            )
            d["target_code"] = d.get("target_code") or entry.micro_credential.code
        return d


def _version_label(v: MicroCredentialVersion) -> str:
    return f"{v.micro_credential.institution.short_name} · {v.micro_credential.code} · {v.title_en}"


class OpenCaseForm(CredentialChoiceMixin):
    """An officer opens a case from a credential the applicant handed in."""

    host = forms.ModelChoiceField(label=_("Host institution"), queryset=Institution.objects.none())
    applicant = forms.CharField(label=_("Applicant's user name"), max_length=150)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    credential = forms.UUIDField(label=_("Or: a credential issued on this platform (its id)"), required=False)

    field_order = [
        "host",
        "applicant",
        "purpose",
        "credential_file",
        "proof_code",
        "credential",
        "register_entry",
    ]

    def __init__(self, *args: Any, hosts: list[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Institution.objects.filter(pk__in=[h.pk for h in hosts])
        self.fields["register_entry"].queryset = _published_versions()
        self.fields["register_entry"].label_from_instance = _version_label

    def clean_applicant(self) -> Any:
        name = self.cleaned_data["applicant"].strip()
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("No user is called %(name)s.") % {"name": name})
        return user

    def clean_credential(self) -> IssuedCredential | None:
        value = self.cleaned_data.get("credential")
        if value is None:
            return None
        issued = IssuedCredential.objects.filter(uuid=value).first()
        if issued is None:
            raise forms.ValidationError(_("No credential of this platform has this id."))
        return issued


class ImportForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host institution"), queryset=Institution.objects.none())
    case_file = forms.FileField(label=_("Case file (recognition case format, JSON)"))
    applicant = forms.CharField(
        label=_("Applicant's user name, if they have an account"), max_length=150, required=False
    )

    def __init__(self, *args: Any, hosts: list[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Institution.objects.filter(pk__in=[h.pk for h in hosts])

    def clean_case_file(self) -> Any:
        text = _read_upload(self.cleaned_data.get("case_file"), str(_("case file")))
        try:
            return read_json(text)  # within the core's limits on untrusted input (ADR 0608)
        except UntrustedInputError as exc:
            raise forms.ValidationError(input_error_message(exc)) from None

    def clean_applicant(self) -> Any:
        name = self.cleaned_data.get("applicant", "").strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("No user is called %(name)s.") % {"name": name})
        return user


_LO_LINE = re.compile(
    r"^\s*(?:(?P<id>[A-Za-z0-9_.-]+)\s*[:|]\s*)?(?:\[(?P<bloom>[a-z]+)\]\s*)?(?P<text>.+?)\s*$"
)
BLOOM = ("remember", "understand", "apply", "analyse", "evaluate", "create")


class TargetForm(forms.Form):
    """The target component (recognition.md §4.1), as an officer types it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "target_%s")  # unique ids: several forms share the case page
        super().__init__(*args, **kwargs)

    id = forms.CharField(label=_("Course code"), max_length=60)
    title = forms.CharField(label=_("Course title"), max_length=300)
    credits = forms.DecimalField(
        label=_("Credits"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    credit_system = forms.ChoiceField(label=_("Credit system"), choices=credit_system_choices)
    hours = forms.DecimalField(
        label=_("Notional hours, if stated"), min_value=0, max_digits=7, decimal_places=1, required=False
    )
    level = forms.CharField(label=_("Level (FRAMEWORK:LEVEL, e.g. VQF:6)"), max_length=20, required=False)
    programme_id = forms.CharField(label=_("Programme code"), max_length=60)
    programme_title = forms.CharField(label=_("Programme title"), max_length=300)
    programme_level = forms.CharField(
        label=_("Programme level (FRAMEWORK:LEVEL)"), max_length=20, required=False
    )
    related_fields = forms.CharField(
        label=_("Related fields (ISCED-F codes, space-separated)"), max_length=200, required=False
    )
    min_volume = forms.DecimalField(
        label=_("Minimum programme credits"), min_value=0, max_digits=6, decimal_places=1, required=False
    )
    cap_key = forms.CharField(
        label=_("Cap that applies (e.g. VN-bachelor, IT-laurea)"), max_length=40, required=False
    )
    outcomes_lang = forms.ChoiceField(
        label=_("Language of the learning outcomes"),
        choices=[
            ("en", "English"),
            ("vi", "Tiếng Việt"),
            ("lo", "ພາສາລາວ"),
            ("it", "Italiano"),
            ("cs", "Čeština"),
            ("hr", "Hrvatski"),
            ("fr", "Français"),
        ],
    )
    learning_outcomes = forms.CharField(
        label=_("Learning outcomes, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Optionally start a line with its id and a colon (LO1: …) and a Bloom level in brackets ([apply] …)."
        ),
    )

    def clean_level(self) -> str | None:
        return _level(self.cleaned_data.get("level", ""))

    def clean_programme_level(self) -> str | None:
        return _level(self.cleaned_data.get("programme_level", ""))

    def clean_learning_outcomes(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for n, line in enumerate(self.cleaned_data["learning_outcomes"].splitlines(), start=1):
            if not line.strip():
                continue
            m = _LO_LINE.match(line)
            assert m is not None
            bloom = m.group("bloom")
            if bloom and bloom not in BLOOM:
                raise forms.ValidationError(
                    _("Line %(n)s: %(bloom)s is not a Bloom level (%(levels)s).")
                    % {"n": n, "bloom": bloom, "levels": ", ".join(BLOOM)}
                )
            out.append(
                {"id": m.group("id") or f"LO{len(out) + 1}", "text": m.group("text"), "bloom_level": bloom}
            )
        if not out:
            raise forms.ValidationError(_("Give at least one learning outcome."))
        return out

    def target(self) -> dict[str, Any]:
        d = self.cleaned_data
        lang = d["outcomes_lang"]
        return {
            "id": d["id"].strip(),
            "title": d["title"].strip(),
            "credits": None if d.get("credits") is None else str(d["credits"].normalize()),
            "credit_system": d["credit_system"],
            "hours": None if d.get("hours") is None else str(d["hours"].normalize()),
            "level": d.get("level"),
            "programme": {
                "id": d["programme_id"].strip(),
                "title": d["programme_title"].strip(),
                "level": d.get("programme_level"),
                "related_fields": d.get("related_fields", "").split(),
                "min_volume": None if d.get("min_volume") is None else str(d["min_volume"].normalize()),
                "cap_key": d.get("cap_key") or None,
            },
            "learning_outcomes": [{**lo, "lang": lang} for lo in d["learning_outcomes"]],
        }


def _level(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*:[0-9][0-9.]*", value):
        raise forms.ValidationError(_("Write the level as FRAMEWORK:LEVEL, for example VQF:6 or EQF:7."))
    return value


def _text(value: Any, lang: str = "en") -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), "") or "")
    return str(value or "")


def host_register_entry(host: Institution, version_uuid: Any) -> MicroCredentialVersion | None:
    """The published register entry of ``host`` the learner named as the target, if it is one."""
    if not version_uuid:
        return None
    try:
        return _published_versions().filter(uuid=version_uuid, micro_credential__institution=host).first()
    except (ValueError, DjangoValidationError):
        return None


def register_target_initial(version: MicroCredentialVersion) -> dict[str, Any]:
    """The target course as the host's register entry states it (EU Annex I M2 title, M7 workload,
    M5 level, M4 learning outcomes; O4 what it stacks toward), for the officer to complete."""
    spec = version.spec or {}
    workload = spec.get("workload") or {}
    level = spec.get("level") or {}
    los = spec.get("learning_outcomes") or []
    lang = (
        "en"
        if all("en" in (lo.get("text") or {}) for lo in los)
        else next(iter((los[0].get("text") or {"en": ""}) if los else {"en": ""}))
    )
    stack = spec.get("stackability") or {}
    return {
        "id": spec.get("code") or version.micro_credential.code,
        "title": _text(spec.get("title")) or version.title_en,
        "credits": workload.get("credits"),
        "credit_system": workload.get("credit_system"),
        "hours": workload.get("hours"),
        "level": level.get("national") or (f"EQF:{level['eqf']}" if level.get("eqf") else ""),
        "programme_title": _text(stack.get("toward")) if stack.get("kind") == "stackable" else "",
        "programme_level": level.get("national") or "",
        "related_fields": spec.get("isced_f") or "",
        "outcomes_lang": lang,
        "learning_outcomes": "\n".join(
            f"{lo.get('id') or f'LO{n}'}: "
            + (f"[{lo['bloom_level']}] " if lo.get("bloom_level") else "")
            + _text(lo.get("text"), lang)
            for n, lo in enumerate(los, start=1)
        ),
    }


def target_initial(
    target: TargetDoc | None, request: TargetRequest, *, host: Institution | None = None
) -> dict[str, Any]:
    if target is None:
        entry = host_register_entry(host, request.register_version) if host is not None else None
        if entry is not None:
            return register_target_initial(entry)
        return {"title": request.title, "id": request.code}
    p = target.programme
    los = target.learning_outcomes
    return {
        "id": target.id,
        "title": target.title,
        "credits": target.credits,
        "credit_system": target.credit_system,
        "hours": target.hours,
        "level": target.level or "",
        "programme_id": p.id,
        "programme_title": p.title,
        "programme_level": p.level or "",
        "related_fields": " ".join(p.related_fields),
        "min_volume": p.min_volume,
        "cap_key": p.cap_key or "",
        "outcomes_lang": (los[0].lang if los else "en"),
        "learning_outcomes": "\n".join(
            f"{lo.id}: " + (f"[{lo.bloom_level}] " if lo.bloom_level else "") + lo.text for lo in los
        ),
    }


class LoPairForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("reject", _("Reject"))])
    target_lo = forms.CharField(max_length=60)
    source = forms.CharField(max_length=600)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class LoEditForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "edit_%s")  # unique ids: several forms share the case page
        super().__init__(*args, **kwargs)

    target_lo = forms.CharField(label=_("Target outcome"), max_length=60)
    coverage = forms.ChoiceField(
        label=_("Coverage"), choices=[("FULL", _("Full")), ("PARTIAL", _("Partial")), ("NONE", _("None"))]
    )
    sources = forms.CharField(
        label=_("Source outcomes (CREDENTIAL#LO, space-separated)"), max_length=2000, required=False
    )
    note = forms.CharField(label=_("Why"), max_length=500)


class DecideForm(forms.Form):
    def __init__(self, *args: Any, waiting_for_information: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decide_%s")  # unique ids: several forms share the case page
        super().__init__(*args, **kwargs)
        if waiting_for_information:  # nothing current to confirm: the officer decides by an override
            self.fields["decision"].choices = [("override", _("Override the proposal"))]
            self.fields["decision"].initial = "override"
            self.fields["outcome"].label = _("Outcome")
            self.fields["credits"].label = _("Credits")

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm the proposal")), ("override", _("Override the proposal"))],
        widget=forms.RadioSelect,
        initial="confirm",
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (override only)"),
        choices=[("", "—")] + [c for c in Outcome.choices if c[0] != Outcome.PENDING_INFORMATION],
        required=False,
    )
    credits = forms.DecimalField(
        label=_("Credits (override only)"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    justification = forms.CharField(
        label=_("Justification (required for an override)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReclassifyForm(forms.Form):
    """Reclassify one finding of the proposal (recognition.md §4.3 design notes)."""

    def __init__(self, *args: Any, findings: Sequence[ProposedFinding] = (), **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reclassify_%s")  # unique ids: several forms share the case page
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [
            (
                f"{f.standard}|{f.code}|{f.subject or ''}",
                f"{f.standard} {f.code}" + (f" ({f.subject})" if f.subject else "") + f" · {f.materiality}",
            )
            for f in findings
            if f.standard != "S1"
        ]

    finding = forms.ChoiceField(label=_("Finding"), choices=[])
    materiality = forms.ChoiceField(
        label=_("New materiality"),
        choices=[
            ("NON_SUBSTANTIAL", _("Not substantial")),
            ("REMEDIABLE", _("Remediable")),
            ("SUBSTANTIAL", _("Substantial")),
        ],
    )
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}))
    remedy_type = forms.CharField(label=_("Remedy type (if remediable)"), max_length=60, required=False)
    remedy_description = forms.CharField(label=_("Remedy (if remediable)"), max_length=300, required=False)

    def finding_key(self) -> tuple[str, str, str | None]:
        standard, code, subject = self.cleaned_data["finding"].split("|", 2)
        return standard, code, subject or None


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Why do you appeal?"), widget=forms.Textarea(attrs={"rows": 5}))


class AppealDecideForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "appeal_%s")  # unique ids: several forms share the case page
        super().__init__(*args, **kwargs)

    result = forms.ChoiceField(label=_("Result"), choices=Appeal.Result.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(
        label=_("New outcome (if upheld)"),
        choices=[("", "—")] + [c for c in Outcome.choices if c[0] != Outcome.PENDING_INFORMATION],
        required=False,
    )
    credits = forms.DecimalField(
        label=_("New credits (if upheld)"), min_value=0, max_digits=6, decimal_places=2, required=False
    )


class RevokeDecisionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "revoke_%s")
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        label=_("Why is the credential revoked?"),
        help_text=_("At least 10 characters; recorded in the case log and shown to the learner."),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *list(CaseStatus.choices)], required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("Any")), *list(Purpose.choices)], required=False
    )
    sending = forms.ChoiceField(label=_("Sending institution"), choices=[], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sending"].choices = [("", _("Any"))] + [
            (i.slug, i.short_name) for i in Institution.objects.order_by("short_name")
        ]


class PrecedentFilterForm(forms.Form):
    q = forms.CharField(label=_("Micro-credential or course"), max_length=100, required=False)
    source = forms.ChoiceField(label=_("Issuing institution"), choices=[], required=False)
    host = forms.ChoiceField(label=_("Recognising institution"), choices=[], required=False)
    outcome = forms.ChoiceField(
        label=pgettext_lazy("recognition decision", "Outcome"),
        choices=[("", _("Any")), *list(Outcome.choices)],
        required=False,
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("Any")), *list(Purpose.choices)], required=False
    )
    code = forms.CharField(label=_("Micro-credential code"), max_length=60, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Any"))] + [
            (i.slug, i.short_name) for i in Institution.objects.order_by("short_name")
        ]
        self.fields["source"].choices = choices
        self.fields["host"].choices = choices
