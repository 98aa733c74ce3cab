"""Test set-up that must come before any test module is imported."""

from __future__ import annotations

import os

# xlwings registers its remote engine (a licensed feature, free for noncommercial use) only
# if it finds a licence key when it is first imported; the tests that drive the Excel
# button through it set the key again while they run (`tests.xlwings_payload.remote_licence`).
LICENCE_ENV, NONCOMMERCIAL_KEY = "XLWINGS_LICENSE_KEY", "noncommercial"
_previous = os.environ.get(LICENCE_ENV)
os.environ[LICENCE_ENV] = _previous or NONCOMMERCIAL_KEY
import xlwings  # noqa: E402, F401

if _previous is None:
    del os.environ[LICENCE_ENV]


import pytest  # noqa: E402


@pytest.fixture
def licensed():
    """xlwings' remote engine, a licensed feature, for the tests that drive the Excel button
    through it: the free noncommercial key lets them run it. Only the tests need it;
    RunPython and xlwings Lite need no key."""
    from tests.xlwings_payload import remote_licence

    with remote_licence():
        yield
