"""The shipped data files are what the rebuild script makes of DfE's files, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_tools.published.rebuild import PACKAGE_DATA, main

DFE = Path("/work/shared/dfe")
BUILT = ["areas.csv", "figures.csv", "neighbours_2021.csv", "neighbours_2025.csv"]


@pytest.mark.skipif(not DFE.is_dir(), reason=f"DfE's source files are not at {DFE}")
def test_the_shipped_files_are_rebuilt_from_dfe_s_files_exactly(tmp_path):
    assert main([str(DFE), "--out", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == BUILT
    for name in BUILT:
        assert (tmp_path / name).read_bytes() == (PACKAGE_DATA / name).read_bytes(), name
