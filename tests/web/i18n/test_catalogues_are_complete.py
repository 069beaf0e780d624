"""Every interface string is translated into Vietnamese and Lao, and nothing is left fuzzy.

``makemessages`` runs over a temporary copy of the web layer, merging into the committed
catalogues; a string added anywhere (a template, a model's verbose_name, a form label) and not
yet translated shows up there with an empty msgstr and fails this test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.i18n.catalogues import LANGUAGES, LOCALE, WEB, Entry, read_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Entry]]:
    copy = tmp_path_factory.mktemp("web") / "microcred_web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc", ".compile.lock"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--settings=microcred_web.config.settings.test",
            "--no-location",
            "--no-obsolete",
            *[f"-l{lang}" for lang in LANGUAGES],
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return {lang: read_po(copy / "locale" / lang / "LC_MESSAGES" / "django.po") for lang in LANGUAGES}


def _describe(entries: list[Entry]) -> str:
    return "\n".join(f"  {e.msgid!r}" for e in entries[:40]) + ("\n  ..." if len(entries) > 40 else "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_string_is_translated(merged: dict[str, list[Entry]], lang: str) -> None:
    missing = [e for e in merged[lang] if not all(e.msgstr.values()) or not e.msgstr]
    assert not missing, (
        f"{len(missing)} string(s) have no {lang} translation; run makemessages -l {lang} from "
        f"src/microcred_web and translate them in locale/{lang}/LC_MESSAGES/django.po:\n{_describe(missing)}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translation_is_fuzzy(merged: dict[str, list[Entry]], lang: str) -> None:
    fuzzy = [e for e in merged[lang] if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy {lang} translation(s) to review:\n{_describe(fuzzy)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_between_source_and_translation(merged: dict[str, list[Entry]], lang: str) -> None:
    wrong = []
    for e in merged[lang]:
        expected = sorted(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for text in e.msgstr.values():
            if text and sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append(e)
    assert not wrong, f"{lang}: placeholders differ from the English text in:\n{_describe(wrong)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_catalogue_compiles_with_format_checks(lang: str, tmp_path: Path) -> None:
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_declares_its_language_and_a_single_plural_form(lang: str) -> None:
    header = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text("utf-8").split("\n\n", 1)[0]
    assert f'"Language: {lang}\\n"' in header
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
