"""The one error of the published figures: a data folder or a request the figures cannot meet."""

from __future__ import annotations


class PublishedDataError(ValueError):
    """DfE's files, or a question put to them, cannot give a figure; the message is one line.

    Raised for a file that lacks a column the catalogue needs, a cell that is neither a
    figure nor a suppression code, an authority that cannot be found, or an authority
    outside the statistical neighbour grouping asked for.
    """
