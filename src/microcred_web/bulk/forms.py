"""The start form of a batch: a published version and a small CSV of learners pasted in.

The pilot's results import (issue 11 item 2) is the main way batches start; this form is for a
quick batch by hand. Columns (a header row first, comma separated, UTF-8):
``external_id,name,email,grade,passed,assessed_on,supervision_applied``; only the first two are
required; ``passed`` is yes/no (yes when empty), ``assessed_on`` is YYYY-MM-DD.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from microcred.model.spec import Supervision
from microcred_web.bulk.services import SUPERVISION_RANK, BulkLearner
from microcred_web.catalogue.models import MicroCredentialVersion, Status

COLUMNS = ("external_id", "name", "email", "grade", "passed", "assessed_on", "supervision_applied")
MAX_CSV_CHARS = 200_000
_YES = {"yes", "y", "true", "1", "pass", "passed", ""}
_NO = {"no", "n", "false", "0", "fail", "failed"}


class StartBatchForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Micro-credential"), queryset=MicroCredentialVersion.objects.none(), empty_label=None
    )
    learners = forms.CharField(
        label=_("Learners (CSV)"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        max_length=MAX_CSV_CHARS,
        help_text=_(
            "One learner a line, after a header line: external_id,name,email,grade,passed,"
            "assessed_on,supervision_applied. Only external_id and name are required."
        ),
    )

    def __init__(self, *args: Any, institutions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["version"])
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
        self.rows: list[BulkLearner] = []

    def clean_learners(self) -> str:
        text = str(self.cleaned_data["learners"]).lstrip("\ufeff")
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in ("external_id", "name") if c not in header]
        if missing:
            raise forms.ValidationError(
                _("The header line lacks the column(s) %(columns)s."), params={"columns": ", ".join(missing)}
            )
        unknown = [h for h in header if h not in COLUMNS]
        if unknown:
            raise forms.ValidationError(
                _("Unknown column(s): %(columns)s."), params={"columns": ", ".join(unknown)}
            )
        problems: list[str] = []
        for number, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
            try:
                self.rows.append(_learner(row))
            except ValueError as exc:
                problems.append(
                    str(_("Line %(line)s, column %(column)s: %(reason)s"))
                    % {"line": number, "column": exc.args[0], "reason": exc.args[1]}
                )
            if len(problems) >= 20:
                break
        if problems:
            raise forms.ValidationError(problems)
        return text


def _learner(row: dict[str, str]) -> BulkLearner:
    if not row.get("external_id"):
        raise ValueError("external_id", _("required"))
    if not row.get("name"):
        raise ValueError("name", _("required"))
    passed = row.get("passed", "").lower()
    if passed not in _YES | _NO:
        raise ValueError("passed", _("yes or no"))
    assessed: date | None = None
    if row.get("assessed_on"):
        try:
            assessed = date.fromisoformat(row["assessed_on"])
        except ValueError:
            raise ValueError("assessed_on", _("a date such as 2026-06-30")) from None
    supervision = row.get("supervision_applied") or None
    if supervision is not None and supervision not in SUPERVISION_RANK:
        raise ValueError("supervision_applied", ", ".join(SUPERVISION_RANK))
    return BulkLearner(
        external_id=row["external_id"],
        name=row["name"],
        email=row.get("email") or None,
        grade=row.get("grade") or None,
        passed=passed in _YES,
        assessed_on=assessed,
        supervision_applied=cast(Supervision | None, supervision),
    )
