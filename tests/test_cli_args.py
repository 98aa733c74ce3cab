"""The command line's arguments, its exit codes and its column map files.

The pipeline is replaced here by stand-ins, so that these tests pin the CLI alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xl_tools import __version__, pipeline
from xl_tools.arguments import parse_population, parse_tolerance
from xl_tools.cli import main
from xl_tools.column_map import load_column_map
from xl_tools.errors import (
    MeasuresTableError,
    Problem,
    ProblemCode,
    SettingsError,
    Severity,
)
from xl_tools.paths import expand_workbooks
from xl_tools.pipeline import BuildResult, RunOptions


def exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    return int(raised.value.code or 0)


def test_version(capsys):
    assert exit_code(["--version"]) == 0
    assert capsys.readouterr().out == f"xl-tools {__version__}\n"


def test_help_lists_the_three_commands(capsys):
    assert exit_code(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("build", "compute", "check"):
        assert f"    {command} " in out


def test_help_does_not_import_pandas_or_openpyxl():
    script = (
        "import sys, contextlib, io\n"
        "from xl_tools.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print(sorted({'pandas', 'openpyxl', 'numpy'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == "[]\n", done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["convert", "m.xlsx"], "invalid choice: 'convert'"),
        (["build"], "the following arguments are required: WORKBOOK"),
        (["build", "m.xlsx", "-o", "o.xlsx", "--in-place"], "not allowed with argument"),
        (["compute", "a.xlsx", "b.xlsx"], "unrecognized arguments: b.xlsx"),
        (["compute", "m.xlsx", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "m.xlsx", "--format", "csv"], "invalid choice: 'csv'"),
        (["build", "m.xlsx", "--tolerance", "abc"], '"abc" is not a tolerance: give 5%, 5 or 0.05'),
        (
            ["build", "m.xlsx", "--tolerance=-5%"],
            '"-5%" is not a tolerance: give a percentage from 0% to under 100%, such as 5%',
        ),
        (
            ["build", "m.xlsx", "--tolerance", "100"],
            '"100" is not a tolerance: give a percentage from 0% to under 100%, such as 5%',
        ),
        (["check", "m.xlsx", "--population", "many"], '"many" is not a number of children'),
        (["check", "m.xlsx", "--population", "0"], '"0" is not a number of children above 0'),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    assert exit_code(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: xl-tools")
    assert message in err


@pytest.mark.parametrize(
    ("text", "tolerance"),
    [
        ("0.05", 0.05),
        ("5", 0.05),
        ("5%", 0.05),
        (" 7.5 % ", 0.075),
        ("0", 0.0),
        ("1", 0.01),
        ("0.5", 0.5),
        ("99%", 0.99),
    ],
)
def test_parse_tolerance(text, tolerance):
    assert parse_tolerance(text) == tolerance


@pytest.mark.parametrize(
    ("text", "population"), [("147541", 147541.0), ("147,541", 147541.0), ("1.5e5", 150000.0)]
)
def test_parse_population(text, population):
    assert parse_population(text) == population


@pytest.fixture
def calls(monkeypatch):
    """The pipeline's stand-ins: a workbook named bad*.xlsx fails, any other succeeds."""
    made: list[tuple[str, Path, dict]] = []
    bad = Problem(ProblemCode.NO_MEASURES_TABLE, "has no measures table", file="bad.xlsx")
    warning = Problem(
        ProblemCode.NO_DENOMINATOR, "no denominator", file="good.xlsx", severity=Severity.WARNING
    )

    def build(path, **options):
        made.append(("build", path, options))
        if path.name.startswith("bad"):
            raise MeasuresTableError(bad)
        return BuildResult(path, path.with_name("board.xlsx"), (warning,))

    def check(path, **options):
        made.append(("check", path, options))
        if path.name.startswith("bad"):
            raise MeasuresTableError(bad)
        return pipeline.Inspection([warning], [])

    monkeypatch.setattr(pipeline, "build_workbook", build)
    monkeypatch.setattr(pipeline, "inspect_workbook", check)
    return made


def test_settings_and_options_reach_the_pipeline(tmp_path, calls):
    column_map = tmp_path / "map.toml"
    column_map.write_text('[headers]\nvalue = ["Nov 23 figure"]\n')
    argv = [
        "build",
        "good.xlsx",
        "--in-place",
        "--population",
        "147,541",
        "--period",
        "November 2023",
        "--tolerance",
        "10%",
        "--sheet",
        "KPIs",
        "--map",
        str(column_map),
    ]
    assert main(argv) == 0
    assert calls == [
        (
            "build",
            Path("good.xlsx"),
            {
                "out": None,
                "in_place": True,
                "options": RunOptions(
                    population=147541.0,
                    period="November 2023",
                    tolerance=0.1,
                    sheet="KPIs",
                    extra_headers={"value": ("Nov 23 figure",)},
                ),
            },
        )
    ]


def test_a_bad_workbook_is_one_line_and_exit_1(capsys, calls):
    assert main(["build", "bad.xlsx"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "bad.xlsx: has no measures table\n"
    assert captured.out == ""


def test_a_batch_goes_on_past_a_bad_workbook(tmp_path, capsys, monkeypatch):
    from xl_tools import batch
    from xl_tools.batch import Outcome, Status

    made = []

    def build(path, *, out, options):
        made.append(path.name)
        if path.name.startswith("bad"):
            return Outcome(path, Status.FAILED, error="bad.xlsx: has no measures table")
        return Outcome(path, Status.BUILT, target=path.with_name("board.xlsx"), measures=2, red=1)

    monkeypatch.setattr(batch, "build_one", build)
    boards = tmp_path / "boards"
    assert main(["build", "bad.xlsx", "good.xlsx", "-o", str(boards)]) == 1
    assert made == ["bad.xlsx", "good.xlsx"]
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0] == "bad.xlsx: has no measures table"
    assert lines[1].startswith("built 1 of 2 workbooks, 1 failed, in ")
    assert lines[2:] == [
        "2 measures: 1 red, 0 amber, 0 green; 0 warnings",
        f"report: {boards / batch.REPORT_NAME}",
    ]
    assert captured.out == "good.xlsx -> board.xlsx\n"


def test_a_batch_needs_a_folder_to_write_to(tmp_path, capsys, calls):
    out = tmp_path / "board.xlsx"
    out.write_bytes(b"")
    assert exit_code(["build", "a.xlsx", "b.xlsx", "-o", str(out)]) == 2
    assert f"-o/--out must be a folder when building several workbooks: {out}" in (
        capsys.readouterr().err
    )
    assert calls == []


def test_check_lists_problems_and_fails_on_errors(capsys, calls):
    assert main(["check", "good.xlsx"]) == 0
    assert capsys.readouterr().err == "warning [no-denominator]: good.xlsx: no denominator\n"
    assert main(["check", "good.xlsx", "bad.xlsx"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "warning [no-denominator]: good.xlsx: no denominator",
        "error [no-measures-table]: bad.xlsx: has no measures table",
    ]
    assert captured.out == ""


def test_check_as_json(capsys, calls):
    assert main(["check", "bad.xlsx", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "workbooks": [
            {
                "file": "bad.xlsx",
                "errors": 1,
                "warnings": 0,
                "problems": [
                    {
                        "code": "no-measures-table",
                        "severity": "error",
                        "file": "bad.xlsx",
                        "sheet": None,
                        "cell": None,
                        "found": None,
                        "message": "has no measures table",
                    }
                ],
                "dfe_measures": [],
            }
        ]
    }


def test_check_says_when_a_workbook_is_clean(capsys, monkeypatch):
    monkeypatch.setattr(
        pipeline, "inspect_workbook", lambda path, **options: pipeline.Inspection([], [])
    )
    assert main(["check", "clean.xlsx"]) == 0
    assert capsys.readouterr().out == "clean.xlsx: no problems found\n"


def test_a_bug_keeps_its_traceback(monkeypatch):
    def broken(path, **options):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "inspect_workbook", broken)
    with pytest.raises(ZeroDivisionError):
        main(["check", "m.xlsx"])


def test_expand_workbooks(tmp_path):
    for name in ["b.xlsx", "a.xlsm", "~$a.xlsm", "~b-x1y2.xlsx", "a-board.xlsm", "notes.txt"]:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "sub.xlsx").mkdir()
    assert expand_workbooks([tmp_path]) == [tmp_path / "a.xlsm", tmp_path / "b.xlsx"]
    assert expand_workbooks([tmp_path / "*.xlsx"]) == [
        tmp_path / "b.xlsx",
        tmp_path / "sub.xlsx",
        tmp_path / "~b-x1y2.xlsx",
    ]
    assert expand_workbooks([tmp_path / "none*.xlsx", Path("m.xlsx")]) == [
        tmp_path / "none*.xlsx",
        Path("m.xlsx"),
    ]


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        (
            "[headers]\nvalue = \n",
            ["map.toml: column map is not a valid TOML file: Invalid value (at line 2, column 9)"],
        ),
        (
            '[headers]\nvalue = ["Nov 23"]\n"valu" = ["x"]\n',
            [
                'map.toml: line 3: unknown field "valu": the fields are id, section, measure, '
                "unit, polarity, dfe_measure, basis, value, numerator, denominator, count, target, "
                "statistical_neighbours, england, region, comparator_source, previous, "
                "amber_threshold, commentary, actual_numbers"
            ],
        ),
        (
            '[headers]\nmeasure = [1, 2]\ntarget = ["  "]\n',
            [
                'map.toml: line 2: the headers of "measure" must be a list of text, like '
                'value = ["Nov 23 figure"]',
                'map.toml: line 3: a header of "target" is empty',
            ],
        ),
        (
            'headers = "value"\n[columns]\nvalue = ["A"]\n',
            [
                "map.toml: line 2: unknown section [columns]: a column map has only [headers]",
                'map.toml: line 1: [headers] must be a table, like value = ["Nov 23 figure"]',
            ],
        ),
    ],
)
def test_column_map_errors(tmp_path, text, messages):
    path = tmp_path / "map.toml"
    path.write_text(text)
    with pytest.raises(SettingsError) as raised:
        load_column_map(path)
    assert [str(problem) for problem in raised.value.problems] == [
        message.replace("map.toml", str(path)) for message in messages
    ]
    assert {problem.code for problem in raised.value.problems} == {ProblemCode.BAD_SETTING}


def test_a_missing_column_map(tmp_path, capsys, calls):
    path = tmp_path / "map.toml"
    with pytest.raises(SettingsError) as raised:
        load_column_map(path)
    (problem,) = raised.value.problems
    assert (problem.code, str(problem)) == (
        ProblemCode.FILE_NOT_FOUND,
        f"{path}: column map does not exist",
    )
    assert main(["check", "m.xlsx", "--map", str(path)]) == 1
    assert capsys.readouterr().err == f"{path}: column map does not exist\n"
    assert calls == []


def test_a_column_map(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text('[headers]\nvalue = ["Nov 23 figure", "Latest %"]\nid = "KPI ref"\n')
    assert load_column_map(path) == {"value": ("Nov 23 figure", "Latest %"), "id": ("KPI ref",)}


def test_a_build_counts_a_kind_of_warning_found_on_many_measures(capsys):
    from xl_tools.messages import report

    warnings = [
        Problem(
            ProblemCode.NO_DENOMINATOR,
            f"no denominator ({n})",
            file="m.xlsx",
            severity=Severity.WARNING,
        )
        for n in range(1, 6)
    ]
    error = Problem(ProblemCode.BAD_VALUE, "is not a number", file="m.xlsx", found="x")
    report([*warnings, error])
    assert capsys.readouterr().err.splitlines() == [
        'm.xlsx: "x" is not a number',
        "warning: m.xlsx: no denominator (1)",
        "warning: m.xlsx: no denominator (2)",
        "warning: m.xlsx: no denominator (3)",
        "warning: m.xlsx: 2 more like the above [no-denominator]: xl-tools check lists them all",
    ]
    report([*warnings, error], every=True)
    assert (
        capsys.readouterr().err.splitlines()[0] == 'error [bad-value]: m.xlsx: "x" is not a number'
    )
