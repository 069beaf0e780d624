"""Forms of the pilot pages (labels translated; validation of learners is the core's)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microcred_web.accounts.permissions import Action, institutions_where
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.pilot.models import Mode, Supervision

_LANGUAGES = [
    ("en", "English"),
    ("vi", "Tiếng Việt"),
    ("lo", "ພາສາລາວ"),
    ("cs", "Čeština"),
    ("it", "Italiano"),
    ("hr", "Hrvatski"),
    ("fr", "Français"),
]


class OfferingForm(forms.Form):
    version = forms.ModelChoiceField(
        queryset=MicroCredentialVersion.objects.none(), label=_("Micro-credential")
    )
    term = forms.CharField(label=_("Term"), max_length=60)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    language = forms.ChoiceField(label=_("Language of instruction"), choices=_LANGUAGES)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [i.pk for i in institutions_where(user, Action.MANAGE_OFFERINGS)]
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            MicroCredentialVersion.objects.filter(
                status=Status.PUBLISHED, micro_credential__institution_id__in=ids
            )
            .select_related("micro_credential__institution")
            .order_by("micro_credential__institution__short_name", "micro_credential__code")
        )
        field.label_from_instance = lambda v: (  # type: ignore[method-assign]
            f"{v.micro_credential.institution.short_name} · {v.micro_credential.code} v{v.version} · {v.title_en}"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The offering must end after it starts."))
        return cleaned


class EnrolmentForm(forms.Form):
    external_id = forms.CharField(
        label=_("External id"),
        max_length=64,
        help_text=_("The institution's own id for the learner, e.g. the student number."),
    )
    given_names = forms.CharField(label=_("Given names"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("As it should appear on the credential; left empty, it is made from the names."),
    )
    # The learner's consent at enrolment (issue 13 item 5; microcred_web.privacy.Consent).
    privacy_notice = forms.BooleanField(
        label=_("The learner was given the privacy notice and agreed to it."),
        help_text=_("The notice is at /privacy/: what is kept, why, for how long, and the learner's rights."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Results file (CSV or XLSX, or Moodle's grade export)"))
    supervision_applied = forms.ChoiceField(
        label=_("Identity check applied, where the file says none"),
        choices=[("", _("— none given —")), *Supervision.choices],
        required=False,
    )
    assessed_on = forms.DateField(
        label=_("Assessment date, where the file gives none"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
