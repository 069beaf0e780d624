"""Forms of the learner's case page (ADR 0803). They only parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microcred_web.credentials.models import IssuedCredential
from microcred_web.recognition.forms import CredentialChoiceMixin
from microcred_web.recognition.forms_information import value_fields, value_of
from microcred_web.recognition.information import MissingItem
from microcred_web.recognition.information_answers import MAX_REPLY


class InformationAnswerForm(CredentialChoiceMixin):
    """The applicant's answer to a request for information: a reply per missing item
    (``reply_<n>``) and/or one more credential, named as in the request form."""

    credential = forms.ModelChoiceField(
        label=_("Add one of your credentials"), queryset=IssuedCredential.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, items: tuple[MissingItem, ...], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "answer_%s")
        super().__init__(*args, **kwargs)
        self.items = items
        # Only what the applicant can give (ADR 0810): their own items, not yet answered; an
        # item naming a field the engine reads also takes its value.
        self.asked = tuple(m for m in items if m.for_the_learner and not m.answered)
        replies: dict[str, forms.Field] = {}
        for m in self.asked:
            for name, f in value_fields(m.kind).items():
                f.label = f"{m.label}: {f.label}"
                replies[f"reply_{m.index}_{name}"] = f
            replies[f"reply_{m.index}"] = forms.CharField(
                label=m.label if not m.kind else _("%(item)s: anything to add") % {"item": m.label},
                required=False,
                max_length=MAX_REPLY,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        credential_fields = {
            name: self.fields.pop(name)
            for name in ("credential", "register_entry", "credential_file", "proof_code")
        }
        self.fields.update(replies)
        self.fields.update(credential_fields)
        self.offer_choices_of(user)

    def replies(self) -> dict[int, str]:
        return {
            m.index: self.cleaned_data.get(f"reply_{m.index}") or ""
            for m in self.asked
            if (self.cleaned_data.get(f"reply_{m.index}") or "").strip()
        }

    def values(self) -> dict[int, dict[str, Any]]:
        out = {}
        for m in self.asked:
            value = value_of(m.kind, self.cleaned_data, prefix=f"reply_{m.index}_")
            if value is not None:
                out[m.index] = value
        return out
