"""Forms that answer a missing item (recognition.md §4.4 PENDING_INFORMATION; ADR 0810): the value
the engine reads where the item names a credential field it knows (supervision, assessment type,
the issuer's QA body, level, workload, date of issue), a text, and the source of an issuer's
reply. They only parse; ``services.recognition_information_supply`` and
``services.recognition_information_answer`` check and record."""

from __future__ import annotations

from typing import Any, get_args

from django import forms
from django.utils.translation import gettext_lazy as _

from microcred.model.spec import QaRegistry
from microcred_web.recognition.forms import credit_system_choices
from microcred_web.recognition.information import VALUE_LABELS, MissingItem
from microcred_web.recognition.information_answers import MAX_REPLY, MAX_SOURCE

SUPERVISION_CHOICES = [("", "—")] + [
    (k, VALUE_LABELS[k]) for k in ("supervised_with_id", "supervised_no_id", "unsupervised_no_id")
]
ASSESSMENT_CHOICES = [("", "—")] + [
    (k, VALUE_LABELS[k])
    for k in ("exam_written", "exam_oral", "project", "portfolio", "auto_quiz", "none_attendance")
]


def value_fields(kind: str | None) -> dict[str, forms.Field]:
    """The fields of a value of ``kind`` (``information.VALUE_KINDS``), all optional."""
    if kind == "supervision":
        return {
            "supervision": forms.ChoiceField(
                label=_("Supervision"), choices=SUPERVISION_CHOICES, required=False
            )
        }
    if kind == "assessment_type":
        return {
            "type": forms.ChoiceField(
                label=_("Type of assessment"), choices=ASSESSMENT_CHOICES, required=False
            )
        }
    if kind == "qa":
        return {
            # EU Annex I M11 / recognition.md §4.2 issuer.qa: the registry and the agency
            "registry": forms.ChoiceField(
                label=_("QA registry"),
                choices=[("", "—")] + [(r, r) for r in get_args(QaRegistry)],
                required=False,
            ),
            "agency": forms.CharField(label=_("QA agency"), max_length=200, required=False),
        }
    if kind == "level":
        return {
            "level": forms.CharField(
                label=_("Level (FRAMEWORK:LEVEL, e.g. EQF:6)"), max_length=20, required=False
            )
        }
    if kind == "workload":
        return {
            "credits": forms.DecimalField(
                label=_("Credits"), min_value=0, max_digits=6, decimal_places=2, required=False
            ),
            "system": forms.ChoiceField(
                label=_("Credit system"),
                choices=lambda: [("", "—"), *credit_system_choices()],
                required=False,
            ),
            "hours": forms.DecimalField(
                label=_("Notional hours"), min_value=0, max_digits=7, decimal_places=1, required=False
            ),
        }
    if kind == "issued_on":
        return {"date": forms.DateField(label=_("Date of issue (YYYY-MM-DD)"), required=False)}
    return {}


def value_of(kind: str | None, data: dict[str, Any], prefix: str = "") -> dict[str, Any] | None:
    """The value a filled form gives, or ``None`` when its value fields are empty."""
    out = {}
    for name in value_fields(kind):
        v = data.get(prefix + name)
        if v not in (None, ""):
            out[name] = v.isoformat() if hasattr(v, "isoformat") else str(v)
    return out or None


class ItemAnswerForm(forms.Form):
    """One item answered by the issuing institution's staff or recorded by the officer."""

    def __init__(self, *args: Any, item: MissingItem, source_required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"item{item.index}")
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields.update(value_fields(item.kind))
        self.fields["text"] = forms.CharField(
            label=_("Answer or note") if item.kind else _("Answer"),
            max_length=MAX_REPLY,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["source"] = forms.CharField(
            label=_("Source (a letter, an e-mail, a register entry, a document)"),
            max_length=MAX_SOURCE,
            required=source_required,
        )
        self.fields["where"] = forms.CharField(widget=forms.HiddenInput, initial=item.where)

    def value(self) -> dict[str, Any] | None:
        return value_of(self.item.kind, self.cleaned_data)
