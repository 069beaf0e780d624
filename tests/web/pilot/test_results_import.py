"""Importing results from a file: a preview that validates every row and names each problem by
row, column and reason in the user's language; a commit that writes every row or none;
re-importing updates (keyed on offering and external id) and never duplicates; templates to
download; hostile files answered with clear errors, never a 500."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from microcred.pilot import MAX_FILE_BYTES
from microcred_web.pilot import services
from microcred_web.pilot.errors import PilotError
from microcred_web.pilot.models import Enrolment, Offering, ResultImport
from tests.web.pilot.conftest import PILOT, client_of

pytestmark = pytest.mark.django_db


def upload(client: Client, offering: Offering, name: str, data: bytes | None = None, **fields: str) -> Any:
    content = (PILOT / name).read_bytes() if data is None else data
    return client.post(
        f"/pilot/offerings/{offering.pk}/import/", {"file": SimpleUploadedFile(name, content), **fields}
    )


def commit(client: Client, response: Any) -> Any:
    return client.post(f"/pilot/imports/{response.context['preview'].result_import.pk}/commit/")


def test_a_registrar_previews_then_commits_the_lao_workbook_and_importing_again_updates(
    nuol_offering: Offering, nuol_registrar: Any
) -> None:
    client = client_of(nuol_registrar)
    preview = upload(client, nuol_offering, "results-nuol.xlsx")
    assert preview.status_code == 200
    assert "ສົມພອນ ແກ້ວມະນີ" in preview.content.decode()
    assert Enrolment.objects.count() == 0  # a preview writes no learner
    assert commit(client, preview).status_code == 302
    names = list(nuol_offering.enrolments.order_by("external_id").values_list("full_name", "grade", "passed"))
    assert names[0] == ("ສົມພອນ ແກ້ວມະນີ", "A", True)
    assert names[2] == ("ວັນນະສອນ ສີສຸລິດ", "F", False)
    again = upload(client, nuol_offering, "results-nuol.xlsx")
    assert "update" in again.content.decode()
    commit(client, again)
    assert nuol_offering.enrolments.count() == 4
    last = ResultImport.objects.filter(state="committed").first()
    assert last is not None and (last.created, last.updated) == (0, 4)
    assert commit(client, again).status_code == 409  # committing the same preview twice


def test_moodles_export_with_the_uploads_identity_check_enrols_and_grades_the_cohort(
    neu_offering: Offering, neu_registrar: Any
) -> None:
    client = client_of(neu_registrar)
    preview = upload(
        client,
        neu_offering,
        "moodle-grades-neu.csv",
        supervision_applied="supervised_with_id",
        assessed_on="2026-11-20",
    )
    assert preview.status_code == 200, preview.context.get("problems")
    commit(client, preview)
    by_id = {e.external_id: e for e in neu_offering.enrolments.all()}
    assert by_id["NEU27001"].full_name == "Nguyễn Văn An"  # Vietnamese order: family name first
    assert (by_id["NEU27001"].grade, by_id["NEU27001"].supervision_applied) == ("8.5", "supervised_with_id")
    assert by_id["NEU27006"].passed is None  # "-" in Moodle: not graded yet


def test_a_bad_file_is_refused_with_every_problem_named_in_vietnamese_and_nothing_is_written(
    neu_offering: Offering, neu_registrar: Any
) -> None:
    client = client_of(neu_registrar)
    client.cookies["django_language"] = "vi"
    page = upload(client, neu_offering, "bad-rows.csv", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 400
    problems = page.context["problems"]
    assert {(p["row"], p["column"], p["code"]) for p in problems} >= {
        (2, "grade", "grade.not_in_scheme"),
        (3, "external_id", "row.duplicate_external_id"),
        (4, "given_names", "name.mixed_scripts"),
    }
    text = page.content.decode()
    assert "dòng 3, cột" in text and "không phải là một điểm của thang" in text
    assert ResultImport.objects.count() == 0 and Enrolment.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("results.csv", (PILOT / "results-windows-1252.csv").read_bytes(), "file.not_utf8"),
        ("big.csv", b"x" * (MAX_FILE_BYTES + 10), "file.too_large"),
        ("results.xlsx", b"PK\x03\x04 broken", "file.archive_refused"),
        ("missing.csv", b"external_id,email\nX1,a@b.vn\n", "header.missing_column"),
    ],
)
def test_a_hostile_or_broken_file_gets_a_clear_400_never_a_500(
    neu_offering: Offering, neu_registrar: Any, name: str, data: bytes, code: str
) -> None:
    page = upload(client_of(neu_registrar), neu_offering, name, data)
    assert page.status_code == 400
    assert [p["code"] for p in page.context["problems"]] == [code]


def test_a_zip_bomb_posing_as_a_workbook_is_refused_on_the_page(
    neu_offering: Offering, neu_registrar: Any
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (20 * 1024 * 1024))
    page = upload(client_of(neu_registrar), neu_offering, "bomb.xlsx", out.getvalue())
    assert page.status_code == 400 and page.context["problems"][0]["code"] == "file.archive_refused"


def test_a_commit_that_fails_half_way_writes_nothing(
    neu_offering: Offering, neu_registrar: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new learners are inserted before the existing ones are updated; a failure in the
    update must take the inserts back with it (one transaction)."""
    first = services.results_preview(
        offering=neu_offering, by=neu_registrar, data=(PILOT / "results-neu.csv").read_bytes()
    )
    services.results_commit(result_import=first.result_import, by=neu_registrar)
    grades_before = dict(neu_offering.enrolments.values_list("external_id", "grade"))
    moodle = (PILOT / "moodle-grades-neu.csv").read_bytes()  # 2 updates, 1 new learner
    second = services.results_preview(
        offering=neu_offering, by=neu_registrar, data=moodle, supervision_applied="supervised_with_id"
    )
    assert second.ok

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Enrolment.objects, "bulk_update", broken)
    with pytest.raises(RuntimeError):
        services.results_commit(result_import=second.result_import, by=neu_registrar)
    assert dict(neu_offering.enrolments.values_list("external_id", "grade")) == grades_before
    assert not neu_offering.enrolments.filter(external_id="NEU27006").exists()
    assert ResultImport.objects.get(pk=second.result_import.pk).state == "previewed"


def test_an_import_over_the_offerings_capacity_is_refused(neu_offering: Offering, neu_registrar: Any) -> None:
    neu_offering.capacity = 3
    neu_offering.save()
    preview = services.results_preview(
        offering=neu_offering, by=neu_registrar, data=(PILOT / "results-neu.csv").read_bytes()
    )
    assert [(p.code, dict(p.params)) for p in preview.problems] == [
        ("offering.over_capacity", {"capacity": "3", "would_be": "5"})
    ]
    with pytest.raises(PilotError):
        services.results_commit(result_import=preview.result_import, by=neu_registrar)


def test_a_designer_may_not_import_results(neu_offering: Offering, neu: Any) -> None:
    from microcred_web.accounts.models import Role
    from tests.web.pilot.conftest import make_user

    designer = make_user("neu-designer", neu, Role.COURSE_DESIGNER)
    assert upload(client_of(designer), neu_offering, "results-neu.csv").status_code == 403


def test_the_templates_download_and_read_back_as_valid_rows(
    neu_offering: Offering, neu_registrar: Any
) -> None:
    client = client_of(neu_registrar)
    csv_file = client.get("/pilot/template.csv")
    assert csv_file["Content-Type"].startswith("text/csv") and csv_file.content.startswith(b"\xef\xbb\xbf")
    xlsx = client.get("/pilot/template.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet["B2"].value == "Văn An" and sheet["B3"].value == "ສົມພອນ"
    for name, data in (("template.csv", csv_file.content), ("template.xlsx", xlsx.content)):
        preview = services.results_preview(offering=neu_offering, by=neu_registrar, data=data, filename=name)
        assert preview.ok, preview.problems
        assert len(preview.outcome.rows) == 2


def test_a_formula_kept_as_a_name_is_exported_escaped_in_the_cohort_csv(
    neu_offering: Offering, neu_registrar: Any
) -> None:
    client = client_of(neu_registrar)
    commit(client, upload(client, neu_offering, "formula-injection.xlsx"))
    (enrolment,) = neu_offering.enrolments.all()
    assert enrolment.given_names.startswith("=HYPERLINK(")  # text, exactly as written
    exported = client.get(f"/pilot/offerings/{neu_offering.pk}/cohort.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in exported and ",=HYPERLINK(" not in exported


def test_staff_of_another_institution_cannot_commit_an_import_and_a_commit_is_logged_by_ids(
    neu_offering: Offering, neu_registrar: Any, nuol_registrar: Any, caplog: pytest.LogCaptureFixture
) -> None:
    preview = upload(client_of(neu_registrar), neu_offering, "results-neu.csv")
    assert commit(client_of(nuol_registrar), preview).status_code == 403
    assert Enrolment.objects.count() == 0
    with caplog.at_level("INFO", logger="microcred.security"):
        assert commit(client_of(neu_registrar), preview).status_code == 302
    (record,) = [r.getMessage() for r in caplog.records if "results.imported" in r.getMessage()]
    assert '"created": 5' in record and "Nguy" not in record and "@" not in record


def test_a_new_preview_replaces_the_pending_one_so_abandoned_files_are_not_kept(
    neu_offering: Offering, neu_registrar: Any
) -> None:
    client = client_of(neu_registrar)
    upload(client, neu_offering, "results-neu.csv")
    upload(client, neu_offering, "moodle-grades-neu.csv", supervision_applied="supervised_with_id")
    assert ResultImport.objects.filter(state="previewed").count() == 1
