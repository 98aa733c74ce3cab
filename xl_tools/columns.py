"""Table columns made from lists of plain Python values, the way pandas makes them.

Reading and computing build their tables a whole column at a time. Given a list, pandas
checks it value by value before making the same array as here; for tables of a few
dozen measures those checks cost more than the values themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

FLOAT64, OBJECT = np.dtype("float64"), np.dtype(object)


def make_column(values: Sequence[object], index: pd.Index, is_float: bool) -> pd.Series:
    """A column of float64, or of Python objects kept as they are, from a list of values.

    The same column as ``pd.Series(values, index=index, dtype="float64")`` (None becomes
    NaN) or ``dtype=object`` (None, enum members and tuples stay as they are).

    Args:
        values: One value a row.
        index: The table's index, as long as `values`.
        is_float: True for a column of figures, False for one of objects.

    >>> make_column([1.0, None], pd.RangeIndex(2), True).tolist()
    [1.0, nan]
    >>> column = make_column(["a", (1.0, 2.0)], pd.RangeIndex(2), False)
    >>> column.dtype, column.tolist()
    (dtype('O'), ['a', (1.0, 2.0)])
    """
    if is_float:
        return pd.Series(np.asarray(values, dtype=FLOAT64), index=index, copy=False)
    # As pandas does: np.array would take tuples of equal length for a second dimension.
    array = np.fromiter(values, dtype=OBJECT, count=len(values))
    return pd.Series(array, index=index, dtype=OBJECT, copy=False)
