"""``manage.py translations export|import``: partners' native speakers check the translations
drafted by developers (issue 10 item 4, ADR 0840)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from microcred_web.core.catalogues import REVIEW_MARK, parse
from tests.web.i18n.catalogues import LOCALE


@pytest.fixture
def locale(tmp_path: Path, settings: Any) -> Path:
    copy = tmp_path / "locale"
    for lang in ("vi", "lo"):
        (copy / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(LOCALE / lang / "LC_MESSAGES" / "django.po", copy / lang / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [copy]
    return copy


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_drafted_entries_export_marked_for_review_and_a_reviewed_file_clears_the_mark(
    locale: Path, tmp_path: Path
) -> None:
    po = locale / "vi" / "LC_MESSAGES" / "django.po"
    before = po.read_text("utf-8")
    out = tmp_path / "vi.csv"
    call_command(
        "translations", "export", "--lang", "vi", "--only-review", "--out", str(out), stdout=io.StringIO()
    )
    rows = rows_of(out.read_text("utf-8"))
    assert rows and all(r["review"] == "yes" for r in rows)
    appeal = next(r for r in rows if r["english"] == "say why you appeal (at least 10 characters)")
    assert appeal["context"] == "recognition"

    # the reviewer corrects one sentence and approves it, and approves another one as it is
    revoked = next(r for r in rows if r["english"] == "neither revoked nor suspended")
    appeal.update(translation="hãy nêu lý do khiếu nại (tối thiểu 10 ký tự)", review="")
    revoked.update(review="ok")
    untouched = next(r for r in rows if r not in (appeal, revoked))
    reviewed = tmp_path / "vi-reviewed.csv"
    with reviewed.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = io.StringIO()
    call_command("translations", "import", "--lang", "vi", str(reviewed), stdout=report)
    assert "1 translation(s) changed, 2 marked reviewed" in report.getvalue()

    entries = {e.key: e for e in parse(po.read_text("utf-8")) if not isinstance(e, str)}
    fixed = entries[("recognition", appeal["english"])]
    assert fixed.msgstr == "hãy nêu lý do khiếu nại (tối thiểu 10 ký tự)" and not fixed.needs_review
    assert not entries[("recognition", revoked["english"])].needs_review
    assert entries[(untouched["context"], untouched["english"])].needs_review
    # only those two entries changed; the rest of the file is as it was
    after = po.read_text("utf-8")
    assert after.count(REVIEW_MARK) == before.count(REVIEW_MARK) - 2
    assert len(after.splitlines()) == len(before.splitlines()) - 2


def test_an_import_refuses_rows_that_break_placeholders_or_name_no_entry(
    locale: Path, tmp_path: Path
) -> None:
    po = locale / "lo" / "LC_MESSAGES" / "django.po"
    before = po.read_text("utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "context,english,translation,review\n"
        'recognition,at most {max_age} years,"ບໍ່ເກີນ {max} ປີ",\n'
        "recognition,no such sentence,ບໍ່ມີ,\n",
        "utf-8",
    )
    err = io.StringIO()
    call_command("translations", "import", "--lang", "lo", str(bad), stdout=io.StringIO(), stderr=err)
    assert "placeholders" in err.getvalue() and "no entry" in err.getvalue()
    assert po.read_text("utf-8") == before


def test_a_file_without_the_columns_or_not_in_utf8_is_refused(locale: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(CommandError, match="columns"):
        call_command("translations", "import", "--lang", "vi", str(wrong), stdout=io.StringIO())
    wrong.write_bytes(b"context,english,translation,review\n\xff\xfe,x,y,\n")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("translations", "import", "--lang", "vi", str(wrong), stdout=io.StringIO())
    with pytest.raises(CommandError, match="no catalogue"):
        call_command("translations", "export", "--lang", "fr", stdout=io.StringIO())
