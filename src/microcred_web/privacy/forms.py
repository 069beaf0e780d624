from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand: my account is closed and cannot be restored."),
        required=True,
    )


class ConsentForm(forms.Form):
    """The learner's answer to the privacy notice (ADR 1371): the button pressed."""

    answer = forms.ChoiceField(choices=[("agree", "agree"), ("refuse", "refuse")])
    next = forms.CharField(required=False, max_length=500)
