"""Forms of the credential pages. Each turns its input into the core's typed values
(``Learner``, ``AssessmentResult``) and reports problems next to the field they concern."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microcred.credential_batch import MAX_BATCH_BYTES, MAX_BATCH_FILES
from microcred.model.award import AssessmentResult, AwardFormatError, Learner, parse_learner, parse_result
from microcred.untrusted_input.limits import MAX_CONTAINER_BYTES
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.models import Suite

#: An uploaded file to verify: a credential (JSON, JWS), a baked badge or a certificate PDF.
MAX_UPLOAD_BYTES = MAX_CONTAINER_BYTES


class IssueForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Micro-credential"), queryset=MicroCredentialVersion.objects.none(), empty_label=None
    )
    display_name = forms.CharField(
        label=_("Learner's name"),
        max_length=200,
        help_text=_("As the learner wants it shown on the credential."),
    )
    email = forms.EmailField(
        label=_("Learner's e-mail"),
        required=False,
        help_text=_(
            "Only a salted hash goes into the credential. A learner whose account has this e-mail"
            " finds the credential under My credentials."
        ),
    )
    did = forms.CharField(
        label=_("Learner's DID (optional)"),
        max_length=300,
        required=False,
        help_text=_("From the learner's wallet, e.g. did:key:z6Mk…"),
    )
    grade = forms.CharField(label=_("Grade"), max_length=100, required=False)
    grading_scheme = forms.CharField(label=_("Grading scheme"), max_length=200, required=False)
    awarded_on = forms.DateField(
        label=_("Date awarded"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=lambda: timezone.now().date(),
    )
    suite = forms.ChoiceField(label=_("Signature"), choices=Suite.choices, initial=Suite.EDDSA_RDFC_2022)

    def __init__(self, *args: Any, institutions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            MicroCredentialVersion.objects.filter(
                status=Status.PUBLISHED, micro_credential__institution__in=institutions
            )
            .select_related("micro_credential__institution")
            .order_by("micro_credential__institution__short_name", "title_en")
        )
        field.label_from_instance = lambda v: (  # type: ignore[method-assign]
            f"{v.micro_credential.institution.short_name} · {v.title_en or v.micro_credential.code} (v{v.version})"
        )

    def _award(self, kind: str, data: dict[str, Any]) -> Any:
        try:
            return parse_learner(data) if kind == "learner" else parse_result(data)
        except AwardFormatError as exc:
            for path, message in exc.problems:
                name = path.split(".")[0]
                self.add_error(name if name in self.fields else None, message)
            return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        learner = {
            "display_name": cleaned["display_name"],
            "email": cleaned.get("email") or None,
            "did": cleaned.get("did") or None,
        }
        awarded = datetime.combine(cleaned["awarded_on"], time(12, 0), tzinfo=UTC)
        result = {
            "grade": cleaned.get("grade") or None,
            "grading_scheme": cleaned.get("grading_scheme") or None,
            "awarded_on": awarded.isoformat(),
        }
        cleaned["learner"] = self._award("learner", learner)
        parsed = self._award("result", result)
        if parsed is not None and parsed.awarded_on.date() > timezone.now().date():
            self.add_error("awarded_on", _("The award date cannot be in the future."))
        cleaned["result"] = parsed
        return cleaned

    @property
    def learner(self) -> Learner:
        value: Learner = self.cleaned_data["learner"]
        return value

    @property
    def result(self) -> AssessmentResult:
        value: AssessmentResult = self.cleaned_data["result"]
        return value


STATUS_ACTIONS = [
    ("revoke", _("Revoke")),
    ("suspend", _("Suspend")),
    ("unsuspend", _("Lift the suspension")),
]


def status_actions(issued: Any) -> list[str]:
    """What can be done to ``issued`` now, given the status entries it carries."""
    if issued.revoked_at is not None:
        return []
    actions = ["revoke"] if issued.revocation_list_id else []
    if issued.suspension_list_id:
        actions.append("unsuspend" if issued.suspended else "suspend")
    return actions


class StatusChangeForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=STATUS_ACTIONS)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Recorded with the change and shown on the credential's page."),
    )

    def __init__(self, *args: Any, actions: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actions is not None:
            field = self.fields["action"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in STATUS_ACTIONS if c[0] in actions]


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=_("Paste the credential (JSON or JWS)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        required=False,
    )
    file = forms.FileField(
        label=_("…or choose a file"),
        required=False,
        help_text=_("A credential (JSON or JWS), a baked badge (PNG or SVG) or a certificate PDF."),
    )
    holder_email = forms.EmailField(
        label=_("Presenter's e-mail (optional)"),
        required=False,
        help_text=_("To check that the credential was issued to the person showing it."),
    )
    holder_code = forms.CharField(
        label=_("Presenter's proof code (optional)"),
        max_length=64,
        required=False,
        help_text=_("The code the learner received with the credential."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        text = cleaned.get("credential") or ""
        cleaned["upload"] = None
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(size)s KB; a credential is much smaller.")
                    % {"size": MAX_UPLOAD_BYTES // 1024}
                )
            # the bytes as sent: the core tells a PDF, a baked PNG or SVG, JSON and a JWS apart
            cleaned["upload"] = upload.read(MAX_UPLOAD_BYTES + 1)
            cleaned["text"] = ""
            return cleaned
        if not text.strip():
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        cleaned["text"] = text
        return cleaned


class KeyRetireForm(forms.Form):
    """The moment a compromised key was last known safe (ADR 0204): proofs it makes from then on
    fail. Entered in UTC, never in the future, never later than a moment already recorded."""

    # HTML datetime-local (no zone); read as UTC, which the label says.
    compromised_since = forms.DateTimeField(
        label=_("Last moment the key was known safe (UTC)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S%z"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Every signature the key made from this moment on will fail verification. When unsure, "
            "choose an earlier moment."
        ),
    )

    def __init__(self, *args: Any, key: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = key

    def clean_compromised_since(self) -> datetime:
        moment: datetime = self.cleaned_data["compromised_since"]
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        if moment > timezone.now():
            raise forms.ValidationError(
                _("The moment cannot be in the future: give the last moment you know the key was safe."),
                code="future",
            )
        if self.key.compromised_since is not None and moment > self.key.compromised_since:
            raise forms.ValidationError(
                _(
                    "The key is already retired as compromised from %(moment)s; only an earlier "
                    "moment can be given (a later one would trust more of its signatures)."
                ),
                code="later",
                params={"moment": self.key.compromised_since.strftime("%Y-%m-%d %H:%M UTC")},
            )
        return moment.replace(microsecond=0)


class CorrectionForm(forms.Form):
    """What staff correct in an issued credential (ADR 1303): the name as shown, the grade, the
    award date, and why. The e-mail hash, the DID, the micro-credential and the signature suite
    are kept from the credential corrected."""

    display_name = forms.CharField(label=_("Learner's name"), max_length=200)
    grade = forms.CharField(label=_("Grade"), max_length=100, required=False)
    grading_scheme = forms.CharField(label=_("Grading scheme"), max_length=200, required=False)
    awarded_on = forms.DateField(
        label=_("Date awarded"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Recorded with the change and shown on the credential's page."),
    )

    def __init__(self, *args: Any, issued: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issued = issued

    @staticmethod
    def initial_from(issued: Any) -> dict[str, Any]:
        subject = issued.document.get("credentialSubject") or {}
        results = subject.get("result") if isinstance(subject, dict) else None
        result = results[0] if isinstance(results, list) and results and isinstance(results[0], dict) else {}
        awarded = str(issued.document.get("awardedDate") or "")[:10]
        return {
            "display_name": issued.learner_name,
            "grade": result.get("value") or "",
            "awarded_on": awarded or timezone.now().date().isoformat(),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        issued = self.issued
        try:
            cleaned["learner"] = parse_learner(
                {
                    "display_name": cleaned["display_name"],
                    "email": (issued.learner_email or None) if issued is not None else None,
                    "did": (issued.learner_did or None) if issued is not None else None,
                }
            )
            cleaned["result"] = parse_result(
                {
                    "grade": cleaned.get("grade") or None,
                    "grading_scheme": cleaned.get("grading_scheme") or None,
                    "awarded_on": datetime.combine(
                        cleaned["awarded_on"], time(12, 0), tzinfo=UTC
                    ).isoformat(),
                }
            )
        except AwardFormatError as exc:
            for path, message in exc.problems:
                name = path.split(".")[0]
                self.add_error(name if name in self.fields else None, message)
            return cleaned
        if cleaned["result"].awarded_on.date() > timezone.now().date():
            self.add_error("awarded_on", _("The award date cannot be in the future."))
        return cleaned

    @property
    def learner(self) -> Learner:
        value: Learner = self.cleaned_data["learner"]
        return value

    @property
    def result(self) -> AssessmentResult:
        value: AssessmentResult = self.cleaned_data["result"]
        return value


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class BatchVerifyForm(forms.Form):
    """Several files to check at once (ADR 1450): credentials, baked badges, certificate PDFs and
    ZIP archives of them. The count and size of the batch are the core's limits
    (``microcred.credential_batch``); here only what the browser sent is bounded."""

    files = forms.Field(  # the files are read in clean_files: FileField takes one
        label=_("Choose the files"),
        required=False,
        widget=_MultipleFileInput(attrs={"multiple": True}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # worded per request: a lazy text formatted at import time would stay in English
        self.fields["files"].help_text = _(
            "Up to %(count)s credentials at once: JSON or JWS files, baked badges (PNG or SVG), "
            "certificate PDFs, or ZIP archives of them."
        ) % {"count": MAX_BATCH_FILES}

    def clean_files(self) -> list[tuple[str, bytes]]:
        uploads = self.files.getlist(self.add_prefix("files"))
        if not uploads:
            raise forms.ValidationError(_("Choose at least one file."))
        if len(uploads) > MAX_BATCH_FILES:
            raise forms.ValidationError(
                _("Choose at most %(limit)s files (batch.too_many_files).") % {"limit": MAX_BATCH_FILES}
            )
        if sum(upload.size or 0 for upload in uploads) > MAX_BATCH_BYTES:
            raise forms.ValidationError(
                _("The files come to more than the limit of %(limit)s bytes for one batch (batch.too_large).")
                % {"limit": MAX_BATCH_BYTES}
            )
        return [(upload.name or "", upload.read(MAX_BATCH_BYTES + 1)) for upload in uploads]
