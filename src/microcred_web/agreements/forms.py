"""The agreement pages' forms (recognition.md §5; ADR 0802, ADR 0858)."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from microcred.recognition.agreements import ParametersDoc
from microcred.untrusted_input import UntrustedInputError, read_json
from microcred_web.agreements.models import AgreementStatus, AgreementType, Direction
from microcred_web.core.input_errors import input_error_message
from microcred_web.institutions.models import Institution
from microcred_web.recognition.models import Purpose

MAX_UPLOAD = 512 * 1024


PURPOSE_CHOICES = [(p.value, p.label) for p in Purpose]


def _institution_label(institution: Institution) -> str:

    name = institution.display_name(get_language() or "en")
    return f"{institution.short_name} · {name}" if name != institution.short_name else name


class AgreementForm(forms.Form):
    """A proposed agreement version (recognition.md §5); the core checks the parameters."""

    agreement_id = forms.RegexField(
        label=_("Agreement id"),
        max_length=80,
        regex=r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
        help_text=_("Letters, digits and hyphens, e.g. UEH-UNISI. A new version keeps the id."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    type = forms.ChoiceField(label=_("Type"), choices=AgreementType.choices, widget=forms.RadioSelect)
    sending = forms.ModelMultipleChoiceField(
        label=_("Sending institutions"),
        queryset=Institution.objects.order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    any_sender = forms.BooleanField(
        label=_("Any sending institution: a policy of the receiving institution for every sender"),
        required=False,
        help_text=_(
            "Institutional policies only; leave the sending institutions empty. A bilateral agreement "
            "of the pair takes precedence over it."
        ),
    )
    receiving = forms.ModelMultipleChoiceField(
        label=_("Receiving institutions"),
        queryset=Institution.objects.order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.ONE_WAY, widget=forms.RadioSelect
    )
    programmes = forms.CharField(
        label=_("Programmes in scope"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=_("Programme ids of the receiving institution, one per line; empty means every programme."),
    )
    purposes_allowed = forms.MultipleChoiceField(
        label=_("Purposes allowed"),
        choices=PURPOSE_CHOICES,
        initial=[p for p, _label in PURPOSE_CHOICES],
        widget=forms.CheckboxSelectMultiple,
    )
    date_signed = forms.DateField(
        label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_effective = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expiration_date = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    parameters = forms.CharField(
        label=_("Parameters (JSON)"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "json-input"}),
        initial="{}",
        help_text=_(
            "Only the keys this agreement changes; every other key is inherited from the consortium "
            'profile. Example: {"hours_per_credit": {"ECTS": "30"}, "lo_coverage": {"full": "0.85"}}'
        ),
    )
    procedure = forms.CharField(
        label=_("Procedure (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "json-input"}),
        initial="{}",
        help_text=_(
            "Only the keys this agreement changes (decision_sla_days, information_request_days, "
            "condition_deadline_days, appeal_body, appeal_deadline_days, notice_languages). A key left "
            "out is inherited from the consortium profile in force, also after the consortium approves "
            "a new one; {} inherits them all. In the consortium profile itself, a key left out takes "
            "its default."
        ),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One reference per line (conventions, national rules, the signed agreement)."),
    )
    editors = forms.CharField(
        label=_("Who may change it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One body or role per line; empty means the parties' institution administrators."),
    )
    document_url = forms.CharField(label=_("Signed document (URL)"), max_length=500, required=False)
    document_sha256 = forms.RegexField(
        label=_("SHA-256 of the signed document"), regex=r"^[0-9a-fA-F]{64}$", required=False, max_length=64
    )
    four_eyes = forms.BooleanField(
        label=_("Four eyes: a second officer signs overrides and refusals under this agreement"),
        required=False,
        initial=True,
    )
    summary = forms.CharField(
        label=_("What this version changes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "NEU · National Economics University": the short name alone is not clear to everyone
        for name in ("sending", "receiving"):
            self.fields[name].label_from_instance = _institution_label  # type: ignore[attr-defined]

    def clean_parameters(self) -> dict[str, Any]:
        text = self.cleaned_data["parameters"]
        try:
            value = read_json(text, exact_decimals=True)  # no floats: decimals stay exact (ADR 0608 limits)
        except UntrustedInputError as exc:
            if exc.code != "input.not_json" or "line" not in exc.params:
                raise forms.ValidationError(input_error_message(exc)) from None
            raise forms.ValidationError(
                _("The parameters are not valid JSON (line %(line)s, column %(column)s): %(error)s")
                % {"line": exc.params["line"], "column": exc.params["column"], "error": exc.params["detail"]}
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The parameters must be a JSON object, {…}."))
        return value

    def clean_procedure(self) -> dict[str, Any]:
        text = self.cleaned_data["procedure"].strip() or "{}"
        try:
            value = read_json(text, exact_decimals=True)  # no floats: decimals stay exact (ADR 0608 limits)
        except UntrustedInputError as exc:
            if exc.code != "input.not_json" or "line" not in exc.params:
                raise forms.ValidationError(input_error_message(exc)) from None
            raise forms.ValidationError(
                _("The procedure is not valid JSON (line %(line)s, column %(column)s): %(error)s")
                % {"line": exc.params["line"], "column": exc.params["column"], "error": exc.params["detail"]}
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The procedure must be a JSON object, {…}."))
        return value

    def clean_programmes(self) -> tuple[str, ...]:
        ids = _lines(self.cleaned_data["programmes"], max_length=120)
        wrong = [i for i in ids if not PROGRAMME_ID.fullmatch(i)]
        if wrong:
            raise forms.ValidationError(
                _("Not a programme id: %(ids)s (letters, digits, '.', ':', '_' and '-', no spaces).")
                % {"ids": ", ".join(wrong)}
            )
        return ids

    def clean_legal_basis(self) -> tuple[str, ...]:
        return _lines(self.cleaned_data["legal_basis"], max_length=500)

    def clean_editors(self) -> tuple[str, ...]:
        return _lines(self.cleaned_data["editors"], max_length=200)

    def proposal(self) -> Any:
        """The valid form as an ``agreement_services.AgreementProposal``."""
        from microcred_web.agreements.services import AgreementProposal

        d = self.cleaned_data
        return AgreementProposal(
            agreement_id=d["agreement_id"],
            title=d["title"],
            type=d["type"],
            sending=tuple(d["sending"]),
            receiving=tuple(d["receiving"]),
            any_sender=d["any_sender"],
            direction=d["direction"],
            programmes=d["programmes"],
            purposes_allowed=tuple(d["purposes_allowed"]),
            date_signed=d.get("date_signed"),
            date_effective=d["date_effective"],
            expiration_date=d.get("expiration_date"),
            parameters=d["parameters"],
            procedure=d["procedure"],
            legal_basis=d["legal_basis"],
            editors=d["editors"],
            document_url=d.get("document_url") or "",
            document_sha256=d.get("document_sha256") or "",
            four_eyes=d["four_eyes"],
            summary=d["summary"],
        )

    def add_core_error(self, exc: Any) -> None:
        """Put a service's or the core's error on the field it concerns (``where``:
        ``agreement.parameters.caps.x``, ``MU-NEU@2.lo_coverage``, ``agreement.procedure.x``,
        ``agreement.governance.editors``, ``any_sender``); otherwise on the form."""
        self.add_error(_agreement_field(getattr(exc, "where", "") or "", str(exc)), str(exc))


PROGRAMME_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def _lines(text: str, *, max_length: int) -> tuple[str, ...]:
    """One value per line, stripped, blank lines and repeats dropped."""
    out = tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    long = [line for line in out if len(line) > max_length]
    if long:
        raise forms.ValidationError(
            _("A line is longer than %(max)s characters: %(line)s")
            % {"max": max_length, "line": long[0][:40]}
        )
    return out


def _agreement_field(where: str, message: str) -> str | None:
    parts = set(where.replace("@", ".").split("."))
    if parts & ({"parameters"} | set(ParametersDoc.model_fields)):
        return "parameters"
    if "any_sender" in parts or ("parties" in parts and "any_sender" in message):
        return "any_sender"
    fields = ("procedure", "editors", "legal_basis", "programmes", "sending", "receiving", "direction")
    dates = ("expiration_date", "date_effective", "agreement_id")
    return next((f for f in (*fields, *dates) if f in parts), None)


def agreement_initial(agreement: Any) -> dict[str, Any]:
    """The form filled with a version's values, to propose the next version."""
    return {
        "agreement_id": agreement.agreement_id,
        "title": agreement.title,
        "type": agreement.type,
        "sending": list(agreement.sending.all()),
        "receiving": list(agreement.receiving.all()),
        "direction": agreement.direction,
        "purposes_allowed": list(agreement.purposes_allowed),
        "date_signed": agreement.date_signed,
        "date_effective": agreement.date_effective,
        "expiration_date": agreement.expiration_date,
        "parameters": json.dumps(agreement.parameters, indent=2, ensure_ascii=False),
        "any_sender": agreement.any_member and agreement.type == AgreementType.INSTITUTIONAL_POLICY,
        "programmes": "\n".join(agreement.programmes),
        "procedure": json.dumps(agreement.procedure or {}, indent=2, ensure_ascii=False),
        "legal_basis": "\n".join(agreement.legal_basis),
        "editors": "\n".join(agreement.editors),
        "document_url": agreement.document_url,
        "document_sha256": agreement.document_sha256,
        "four_eyes": agreement.four_eyes,
    }


class AgreementReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AgreementFilterForm(forms.Form):
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *AgreementStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", _("Any"))] + [
            (i.slug, i.short_name) for i in Institution.objects.order_by("short_name")
        ]
