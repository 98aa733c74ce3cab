"""xl_tools: board-ready tables from children's services measures workbooks.

Read a measures workbook, compute actual numbers, variances, RAG ratings, comparator
judgements and direction of travel, and write them back with a board sheet:

>>> from xl_tools import Settings, Unit
>>> Settings(authority="Devon", period="November 2023").tolerance
0.05
>>> Unit("percent") is Unit.PERCENT
True

The names below are loaded when first used, so that ``xl-tools --help`` starts at once.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_WHERE = {
    "build_workbook": "xl_tools.pipeline",
    "compute_workbook": "xl_tools.pipeline",
    "check_workbook": "xl_tools.pipeline",
    "RunOptions": "xl_tools.pipeline",
    "BuildResult": "xl_tools.pipeline",
    "read_workbook": "xl_tools.read",
    "SettingsOverrides": "xl_tools.read",
    "compute_measures": "xl_tools.compute",
    "to_json": "xl_tools.export",
    "to_csv": "xl_tools.export",
    "to_json_document": "xl_tools.export",
    "Settings": "xl_tools.model",
    "Unit": "xl_tools.model",
    "Polarity": "xl_tools.model",
    "Rag": "xl_tools.model",
    "Judgement": "xl_tools.model",
    "Direction": "xl_tools.model",
    "Trend": "xl_tools.model",
    "Comparator": "xl_tools.model",
    "MeasuresWorkbook": "xl_tools.model",
    "Problem": "xl_tools.errors",
    "ProblemCode": "xl_tools.errors",
    "Severity": "xl_tools.errors",
    "XlToolsError": "xl_tools.errors",
}

__all__ = [
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
]

if TYPE_CHECKING:
    from xl_tools.compute import compute_measures
    from xl_tools.errors import Problem, ProblemCode, Severity, XlToolsError
    from xl_tools.export import to_csv, to_json, to_json_document
    from xl_tools.model import (
        Comparator,
        Direction,
        Judgement,
        MeasuresWorkbook,
        Polarity,
        Rag,
        Settings,
        Trend,
        Unit,
    )
    from xl_tools.pipeline import (
        BuildResult,
        RunOptions,
        build_workbook,
        check_workbook,
        compute_workbook,
    )
    from xl_tools.read import SettingsOverrides, read_workbook


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'xl_tools' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
