"""Whatever a file holds, every command that reads one ends with a one-line message and exit 2
(or its ordinary verdict), never a traceback: the regressions of the crashes found on main, and a
fuzz test of every reader of the command line, called in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from microcred.cli import main
from tests.conftest import EXAMPLES
from tests.hostile_input import SIGNED, deep, hostile

SPEC = str(EXAMPLES / "specs" / "muni-econometrics-in-r.json")
LEARNER = str(EXAMPLES / "learner-sample.json")
RESULT = str(EXAMPLES / "result-sample.json")
CASE = str(EXAMPLES / "recognition" / "E1.json")
GOOD_CREDENTIAL = str(EXAMPLES / "credentials" / "muni-econometrics.eddsa-rdfc-2022.json")


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("key") / "test-key.json"
    assert main(["keys", "generate", "--out", str(path)]) == 0
    return str(path)


# Each reader of a file given on the command line: the arguments with the hostile file in place.
READERS: dict[str, Callable[[str, str], list[str]]] = {
    "verify FILE": lambda f, key: ["verify", f],
    "verify --format json FILE": lambda f, key: ["verify", "--format", "json", f],
    "verify --status-list FILE": lambda f, key: ["verify", GOOD_CREDENTIAL, "--status-list", f],
    "verify --trust FILE": lambda f, key: ["verify", GOOD_CREDENTIAL, "--trust", f],
    "check SPEC": lambda f, key: ["check", f],
    "issue --spec": lambda f, key: ["issue", "--spec", f, "--learner", LEARNER, "--key", key],
    "issue --learner": lambda f, key: ["issue", "--spec", SPEC, "--learner", f, "--key", key],
    "issue --result": lambda f, key: [
        "issue",
        "--spec",
        SPEC,
        "--learner",
        LEARNER,
        "--result",
        f,
        "--key",
        key,
    ],
    "issue --key": lambda f, key: ["issue", "--spec", SPEC, "--learner", LEARNER, "--key", f],
    "recognize CASE": lambda f, key: ["recognize", f],
    "recognize --trust": lambda f, key: ["recognize", CASE, "--trust", f],
    "lo-calibrate SET": lambda f, key: ["lo-calibrate", f],
    "esco-calibrate SET": lambda f, key: ["esco-calibrate", f],
    "replay LOG": lambda f, key: ["replay", f],
}


def run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    code = main(args)  # an exception escaping here is the traceback a user would see
    return code, capsys.readouterr().err


def assert_refused_in_one_line(code: int, err: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("microcred: using the DEMO")]
    assert len(lines) == 1, err
    assert "cannot process the input" not in err  # the safety net in main() was not needed


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep-array", deep(100_000).encode()),
        ("deep-object", deep(5_000, '{"a":').encode()),
        ("lone-surrogate-escape", b'{"a": "\\ud800"}'),
        ("lone-surrogate-utf8", b'{"a": "\xed\xa0\x80"}'),
    ],
)
def test_deep_nesting_and_lone_surrogates_exit_2_naming_the_refusal(
    reader: str, name: str, content: bytes, key_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)
    code, err = run(capsys, READERS[reader](str(path), key_file))
    assert_refused_in_one_line(code, err)
    assert "[input." in err or "not a JSON object" in err or "must be" in err


def test_a_five_digit_year_is_a_format_failure_in_verify_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "year.json"
    path.write_text(json.dumps({**SIGNED, "validFrom": "10000-01-01T00:00:00Z"}))
    assert main(["verify", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    fmt = next(c for c in report["checks"] if c["check"] == "format")
    assert fmt["state"] == "failed"
    assert "validFrom" in fmt["reason"]


def test_a_five_digit_year_in_a_result_exits_2(
    key_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"passed": True, "awarded_on": "10000-01-01T00:00:00Z"}))
    code, err = run(
        capsys, ["issue", "--spec", SPEC, "--learner", LEARNER, "--result", str(path), "--key", key_file]
    )
    assert_refused_in_one_line(code, err)
    assert "awarded_on" in err


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(content=hostile)
def test_no_hostile_file_makes_any_reader_crash(
    content: bytes, key_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    for reader, args in READERS.items():
        code = main(args(str(path), key_file))
        err = capsys.readouterr().err
        assert code in (0, 1, 2, 3), reader
        assert "Traceback" not in err
        assert "cannot process the input" not in err, (reader, err)
