"""The package's public names are the ones listed, and each of them can be used."""

import subprocess
import sys

import xl_tools

EXPECTED = {
    "__version__",
    "BuildResult",
    "Comparator",
    "Direction",
    "Judgement",
    "MeasuresWorkbook",
    "Polarity",
    "Problem",
    "ProblemCode",
    "Rag",
    "RunOptions",
    "Settings",
    "SettingsOverrides",
    "Severity",
    "Trend",
    "Unit",
    "XlToolsError",
    "build_workbook",
    "check_workbook",
    "compute_measures",
    "compute_workbook",
    "read_workbook",
    "to_csv",
    "to_json",
    "to_json_document",
}


def test_all_lists_the_public_names():
    assert set(xl_tools.__all__) == EXPECTED


def test_every_public_name_resolves():
    for name in xl_tools.__all__:
        assert getattr(xl_tools, name) is not None, name


def test_unknown_name_is_an_attribute_error():
    try:
        xl_tools.no_such_thing  # noqa: B018
    except AttributeError as err:
        assert str(err) == "module 'xl_tools' has no attribute 'no_such_thing'"
    else:
        raise AssertionError("no AttributeError")


def test_importing_the_package_loads_neither_pandas_nor_openpyxl():
    code = "import sys, xl_tools; print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_every_public_name_has_a_home():
    assert set(xl_tools.__all__) - {"__version__"} == set(xl_tools._WHERE)
