"""Table columns made from lists: the same columns pandas makes from them."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pandas.testing import assert_series_equal

from xl_tools.columns import make_column
from xl_tools.model import Rag, Unit

_INDEX = pd.RangeIndex(4)


@pytest.mark.parametrize(
    "values",
    [[1.0, None, math.nan, 3], [0.0, -0.0, 1e300, -2.5], [19, 20, 21, 22]],
)
def test_a_float_column_is_pandas_float_column(values) -> None:
    expected = pd.Series(values, index=_INDEX, dtype="float64")
    assert_series_equal(make_column(values, _INDEX, True), expected, check_exact=True)


@pytest.mark.parametrize(
    "values",
    [
        ["a", None, "b", "c"],
        [Unit.PERCENT, None, Rag.RED, math.nan],
        [(1.0, 2.0), (3.0, 4.0), (), (5.0, 6.0)],
        [(), (), (), ()],
    ],
)
def test_an_object_column_keeps_its_values_as_they_are(values) -> None:
    column = make_column(values, _INDEX, False)
    expected = pd.Series(values, index=_INDEX, dtype=object)
    assert column.dtype == object
    assert_series_equal(column, expected)
    assert [type(value) for value in column] == [type(value) for value in values]


def test_an_empty_column_has_its_dtype() -> None:
    assert make_column([], pd.RangeIndex(0), True).dtype == "float64"
    assert make_column([], pd.RangeIndex(0), False).dtype == object
