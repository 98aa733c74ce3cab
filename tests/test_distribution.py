"""The distribution: the sdist and wheel build and pass ``twine check``, the wheel holds every
module and every shipped file, and, installed alone in a fresh virtual environment, the
``xl-tools`` it brings runs each command.

The build runs on a copy of the repository's files (building writes beside the sources);
the wheel is installed with its dependencies from the package registry, away from the
repository: a folder of its own as working directory and no PYTHONPATH.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
import yaml

import xl_tools
from xl_tools.resources import Shipped

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME, VERSION = PROJECT["name"], PROJECT["version"]
FILE_NAME = NAME.replace("-", "_")
# The repository's folders mapped into the package (pyproject.toml, tool.setuptools).
MAPPED = {"workbook_templates": "xl_tools/workbook_templates", "examples": "xl_tools/examples"}
SHIPPED_DATA = {
    "xl_tools/examples/devon_november_2023-board.png",
    "xl_tools/examples/devon_november_2023.xlsx",
    "xl_tools/examples/xlwings_lite/requirements.txt",
    "xl_tools/published/data/README.md",
    "xl_tools/published/data/areas.csv",
    "xl_tools/published/data/figures.csv",
    "xl_tools/published/data/neighbours_2021.csv",
    "xl_tools/published/data/neighbours_2025.csv",
    "xl_tools/workbook_templates/measures_template.xlsx",
    "xl_tools/workbook_templates/measures_template_button.xlsm",
}


@dataclass(frozen=True)
class Dists:
    wheel: Path
    sdist: Path


def repository_files() -> list[Path]:
    """The repository's files as a checkout has them, with those not yet committed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [Path(name) for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> Dists:
    source = tmp_path_factory.mktemp("source")
    for name in repository_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Dists(
        out / f"{FILE_NAME}-{VERSION}-py3-none-any.whl", out / f"{FILE_NAME}-{VERSION}.tar.gz"
    )


def test_the_build_makes_an_sdist_and_a_wheel(dists):
    assert sorted(path.name for path in dists.wheel.parent.iterdir()) == [
        f"csc_board_tools-{VERSION}-py3-none-any.whl",
        f"csc_board_tools-{VERSION}.tar.gz",
    ]


def test_twine_check_passes(dists):
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dists.sdist), str(dists.wheel)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if not name.endswith("/")}


def repository_modules() -> set[str]:
    """Every module of xl_tools and of the folders mapped into it, as the wheel names it."""
    modules = {path.as_posix() for path in repository_files() if path.suffix == ".py"}
    inside = {name for name in modules if name.startswith("xl_tools/")}
    for folder, package in MAPPED.items():
        inside |= {
            package + name.removeprefix(folder) for name in modules if name.startswith(f"{folder}/")
        }
    return inside


def test_the_wheel_holds_every_module(dists):
    modules = {name for name in wheel_files(dists.wheel) if name.endswith(".py")}

    assert modules == repository_modules()
    assert {"xl_tools/cli.py", "xl_tools/init.py", "xl_tools/resources.py"} <= modules
    # The templates' and the example's scripts ride along: setuptools ships a mapped
    # folder's modules with its data, and nothing imports them.
    assert "xl_tools/workbook_templates/make_template.py" in modules


def test_the_wheel_holds_the_shipped_files(dists):
    files = wheel_files(dists.wheel)
    data = {name for name in files if name.startswith("xl_tools/") and not name.endswith(".py")}

    assert data == SHIPPED_DATA
    assert {f"xl_tools/{member.value}" for member in Shipped} <= files
    with zipfile.ZipFile(dists.wheel) as archive:
        for member in Shipped:
            assert archive.read(f"xl_tools/{member.value}") == (ROOT / member.value).read_bytes()


def test_the_wheel_says_what_it_is(dists):
    info = f"{FILE_NAME}-{VERSION}.dist-info"
    with zipfile.ZipFile(dists.wheel) as archive:
        metadata = archive.read(f"{info}/METADATA").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        top_level = archive.read(f"{info}/top_level.txt").decode()

    headers = metadata.split("\n\n", 1)[0].splitlines()
    assert f"Name: {NAME}" in headers
    assert f"Version: {VERSION}" in headers
    assert "License-Expression: MIT" in headers
    assert "Provides-Extra: excel" in headers
    assert 'Requires-Dist: xlwings==0.37.8; extra == "excel"' in headers
    assert "Description-Content-Type: text/markdown" in headers
    assert "xl-tools = xl_tools.cli:run" in entry_points.splitlines()
    assert top_level.split() == ["xl_tools"]


def source_of(name: str) -> str:
    """Where a file of the wheel's xl_tools comes from in the repository."""
    for folder, package in MAPPED.items():
        if name.startswith(f"{package}/"):
            return folder + name.removeprefix(package)
    return name


def test_the_sdist_holds_what_the_wheel_is_built_from(dists):
    top = f"{FILE_NAME}-{VERSION}"
    with tarfile.open(dists.sdist) as archive:
        names = {PurePosixPath(name).relative_to(top).as_posix() for name in archive.getnames()}
    wheel = [name for name in wheel_files(dists.wheel) if name.startswith("xl_tools/")]

    assert [name for name in wheel if source_of(name) not in names] == []
    assert {"pyproject.toml", "README.md", "workbook_templates/measures_template.xlsx"} <= names


def test_the_version_is_the_package_version():
    assert xl_tools.__version__ == VERSION


def test_lite_requirements_name_the_distribution_and_version():
    lines = (ROOT / Shipped.LITE_REQUIREMENTS.value).read_text(encoding="utf-8").splitlines()
    requirements = [line.strip() for line in lines if line.strip() and not line.startswith("#")]

    assert f"{NAME}=={VERSION}" in requirements
    assert not [line for line in lines if "://" in line or ".whl" in line]


def test_the_release_workflow_publishes_a_checked_build_on_a_version_tag():
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    trigger = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key on as true
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    build_runs = [step.get("run", "") for step in build["steps"]]

    assert trigger == {"push": {"tags": ["v*"]}}
    assert any("python -m build" in run for run in build_runs)
    assert any("twine check --strict dist/*" in run for run in build_runs)
    assert any("GITHUB_REF_NAME" in run for run in build_runs)  # the tag is the version
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    assert [step["uses"] for step in publish["steps"]][
        -1
    ] == "pypa/gh-action-pypi-publish@release/v1"


# The wheel installed alone


@dataclass(frozen=True)
class Installed:
    """A fresh virtual environment with the wheel installed, and a folder to work in."""

    bin: Path
    env: dict[str, str]
    folder: Path

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / argv[0]), *argv[1:]],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


THIS_MONTH = datetime.date.today()
STARTED = f"measures_{THIS_MONTH:%B}_{THIS_MONTH:%Y}".lower()
COPY_EXAMPLE = (
    "from pathlib import Path; from xl_tools.resources import Shipped, shipped_file; "
    "Path('devon_november_2023.xlsx').write_bytes(shipped_file(Shipped.EXAMPLE).read_bytes())"
)


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> Installed:
    venv = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env |= {"PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", "PYTHONNOUSERSITE": "1"}
    folder = tmp_path_factory.mktemp("work")
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"{dists.wheel}[excel]"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Installed(venv / "bin", env, folder)


@pytest.fixture(scope="module")
def started(installed) -> subprocess.CompletedProcess[str]:
    """``xl-tools init`` run in the work folder, with the shipped example copied beside."""
    copied = installed.run("python", "-c", COPY_EXAMPLE)
    assert copied.returncode == 0, copied.stderr
    return installed.run("xl-tools", "init")


def test_the_installed_package_is_the_wheel_not_the_repository(installed):
    done = installed.run("python", "-c", "import xl_tools; print(xl_tools.__file__)")

    where = Path(done.stdout.strip())
    assert where.is_relative_to(installed.bin.parent), where
    assert not where.is_relative_to(ROOT)


HASH_SHIPPED = (
    "import hashlib; from xl_tools.resources import Shipped, shipped_file\n"
    "for member in Shipped:\n"
    "    print(member.value, hashlib.sha256(shipped_file(member).read_bytes()).hexdigest())"
)


def test_installed_resources_are_the_repository_files(installed):
    done = installed.run("python", "-c", HASH_SHIPPED)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{member.value} {hashlib.sha256((ROOT / member.value).read_bytes()).hexdigest()}"
        for member in Shipped
    ]


def test_installed_init_writes_this_months_workbooks(installed, started):
    assert (started.returncode, started.stderr) == (0, "")
    assert started.stdout.splitlines() == [
        f"{STARTED}.xlsx: the measures workbook for {THIS_MONTH:%B %Y}",
        f"{STARTED}.xlsm: the same with the Excel buttons, for desktop Excel (macro-enabled)",
        "xlwings_lite/main.py: the script to paste into xlwings Lite's main.py",
        "xlwings_lite/requirements.txt: what xlwings Lite installs: paste it into its "
        "requirements.txt",
    ]
    lite = installed.folder / "xlwings_lite"
    assert (lite / "requirements.txt").read_bytes() == (
        ROOT / Shipped.LITE_REQUIREMENTS.value
    ).read_bytes()


EXAMPLE = "devon_november_2023.xlsx"
# Each command of the installed xl-tools, run in the folder init wrote into (beside the
# shipped example): the arguments, and lines its output holds, in order.
COMMANDS = [
    pytest.param(["--version"], [f"xl-tools {VERSION}"], id="version"),
    pytest.param(
        ["build", f"{STARTED}.xlsx"], [f"{STARTED}.xlsx -> {STARTED}-board.xlsx"], id="build-init"
    ),
    pytest.param(
        ["build", EXAMPLE], [f"{EXAMPLE} -> devon_november_2023-board.xlsx"], id="build-example"
    ),
    pytest.param(
        ["check", f"{STARTED}.xlsx"], [f"{STARTED}.xlsx: no problems found"], id="check-init"
    ),
    pytest.param(
        ["check", EXAMPLE], [f"{EXAMPLE}: 19 measures are DfE published measures:"], id="check"
    ),
    pytest.param(
        ["compute", EXAMPLE],
        ["{", '  "authority": "Devon",', '  "period": "November 2023",'],
        id="compute",
    ),
    pytest.param(
        ["comparators", EXAMPLE, "--la", "878", "-o", "devon-comparators.xlsx"],
        [
            "Devon (878): 15 measures filled from DfE's published figures",
            "  VA03: DfE CIN census 2022-23; SN mean of 9 (2021 groupings)",
            f"{EXAMPLE} -> devon-comparators.xlsx",
        ],
        id="comparators",
    ),
    pytest.param(
        ["new-month", EXAMPLE], [f"{EXAMPLE} -> devon_december_2023.xlsx"], id="new-month"
    ),
    pytest.param(
        ["new-month", f"{STARTED}.xlsx", "-o", "next.xlsx"],
        [f"{STARTED}.xlsx -> next.xlsx"],
        id="new-month-init",
    ),
]


def holds_in_order(lines: list[str], expected: list[str]) -> bool:
    found = iter(lines)
    return all(line in found for line in expected)


@pytest.mark.parametrize(("argv", "expected"), COMMANDS)
def test_installed_command(installed, started, argv, expected):
    done = installed.run("xl-tools", *argv)

    assert done.returncode == 0, done.stderr
    assert holds_in_order(done.stdout.splitlines(), expected), done.stdout


def test_installed_compute_computes(installed, started):
    done = installed.run("xl-tools", "compute", EXAMPLE)

    document = json.loads(done.stdout)
    assert len(document["measures"]) == 41
    assert document["measures"][0]["actual_numbers"] == "6,477"


def test_installed_excel_setup_names_the_installed_python(installed, started):
    done = installed.run("xl-tools", "excel-setup", "--dry-run", "--config", "xlwings.conf")

    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert line.startswith('xlwings.conf: would write "INTERPRETER_WIN","')
    assert f"{installed.bin}" in line  # the fresh environment's own Python
    assert not (installed.folder / "xlwings.conf").exists()


def test_installed_add_button_gives_the_example_its_buttons(installed, started):
    done = installed.run("xl-tools", "add-button", EXAMPLE, "-o", "devon-buttons.xlsm")

    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert line.startswith(f"{EXAMPLE} -> devon-buttons.xlsm: Build board, Comparators")
    with zipfile.ZipFile(installed.folder / "devon-buttons.xlsm") as made:
        assert "xl/vbaProject.bin" in made.namelist()
