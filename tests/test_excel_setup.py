"""`xl-tools excel-setup`: the button's Python written into the user's xlwings settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_tools.errors import OutputError
from xl_tools.excel_setup import button_interpreter, config_path, excel_setup


def test_a_new_file_gets_the_interpreter(tmp_path):
    config = tmp_path / ".xlwings" / "xlwings.conf"
    python = tmp_path / "venv" / "bin" / "python"
    setup = excel_setup(config=config, platform="win32", executable=python)
    assert config.read_text() == f'"INTERPRETER_WIN","{python}"\n'
    assert (setup.key, setup.written) == ("INTERPRETER_WIN", True)


def test_other_settings_are_kept_and_an_old_interpreter_replaced(tmp_path):
    config = tmp_path / "xlwings.conf"
    config.write_text(
        '"LICENSE_KEY","noncommercial"\n"INTERPRETER_WIN","C:\\old\\pythonw.exe"\n\n'
        '"PYTHONPATH","C:\\code"\n'
    )
    excel_setup(config=config, platform="win32", executable=Path("C:/new/python.exe"))
    assert config.read_text().splitlines() == [
        '"LICENSE_KEY","noncommercial"',
        '"PYTHONPATH","C:\\code"',
        '"INTERPRETER_WIN","C:/new/python.exe"',
    ]


def test_macos_names_its_own_setting_and_file(tmp_path):
    setup = excel_setup(
        config=tmp_path / "x.conf", platform="darwin", executable=Path("/opt/py/bin/python3")
    )
    assert setup.line == '"INTERPRETER_MAC","/opt/py/bin/python3"'
    assert config_path("darwin", Path("/Users/ann")) == Path(
        "/Users/ann/Library/Containers/com.microsoft.Excel/Data/xlwings.conf"
    )


def test_a_dry_run_writes_nothing(tmp_path):
    config = tmp_path / "xlwings.conf"
    setup = excel_setup(
        config=config, platform="win32", executable=Path("C:/py/python.exe"), dry_run=True
    )
    assert not config.exists()
    assert setup.written is False


def test_pythonw_is_preferred_on_windows(tmp_path):
    (tmp_path / "python.exe").write_bytes(b"")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert button_interpreter(tmp_path / "python.exe") == tmp_path / "pythonw.exe"
    assert button_interpreter(tmp_path / "python3") == tmp_path / "python3"


def test_a_folder_in_the_way_is_one_line(tmp_path):
    config = tmp_path / "xlwings.conf"
    config.mkdir()
    with pytest.raises(OutputError) as raised:
        excel_setup(config=config, platform="win32", executable=Path("C:/py/python.exe"))
    assert str(raised.value) == (
        f"{config}: cannot be written (Is a directory): the button will not find Python "
        "until INTERPRETER_WIN is set there"
    )


def test_the_command_says_what_it_wrote(tmp_path, capsys):
    from xl_tools.cli import main

    config = tmp_path / "xlwings.conf"
    assert main(["excel-setup", "--config", str(config), "--dry-run"]) == 0
    assert not config.exists()
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f'{config}: would write "INTERPRETER_')
    assert main(["excel-setup", "--config", str(config)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{config}: wrote {config.read_text().strip()}"
    assert out[1] == "The Excel button now runs this Python. Run this again after moving Python."


def test_the_command_names_a_file_it_cannot_write(tmp_path, capsys):
    from xl_tools.cli import main

    assert main(["excel-setup", "--config", str(tmp_path)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{tmp_path}: cannot be written (Is a directory)")
