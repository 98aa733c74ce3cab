"""Where the board's printed pages break, so that no section splits badly.

Every row of the board has a height the tool sets itself, so its pages can be worked out
before it is printed: the first page holds the title, notes and summary above the table;
every page repeats the table's header row. A page breaks before a section's heading where
the section would otherwise run onto the next page although it fits on one, or where fewer
than `KEPT_TOGETHER` of its measures would stand under the heading at the foot of a page.
"""

from __future__ import annotations

from collections.abc import Sequence

# A4 landscape is 595 points high; the board's margins are 0.5 inches at the top and 0.7
# at the bottom, where the footer goes. A little is kept back for the difference between
# programs, so that a page never breaks just before a break the tool set.
PAGE_POINTS = (595 - 0.5 * 72 - 0.7 * 72) * 0.95
KEPT_TOGETHER = 3


def page_breaks(
    above: float, header: float, rows: Sequence[tuple[float, bool]], scale: int = 100
) -> tuple[int, ...]:
    """The body rows (0-based) that begin a new page before a section.

    Args:
        above: The height of what stands above the table on the first page, in points.
        header: The table's header row's height, repeated on every page.
        rows: Each body row's height and whether it is a section's heading.
        scale: The print scale in per cent.

    >>> page_breaks(0, 20, [(20, True), *[(140, False)] * 3, (20, True), (100, False)])
    (4,)
    >>> page_breaks(0, 20, [(20, True), (100, False), (20, True), (100, False)])
    ()
    """
    room = PAGE_POINTS * 100 / scale
    breaks: list[int] = []
    used = above + header
    for index, (height, heading) in enumerate(rows):
        if heading and index > 0:
            section = _section(rows, index)
            whole = sum(section)
            start = sum(section[: KEPT_TOGETHER + 1])
            fits_a_page = header + whole <= room
            if (fits_a_page and used + whole > room) or used + start > room:
                breaks.append(index)
                used = header
        if used + height > room:
            used = header  # the page breaks by itself
        used += height
    return tuple(breaks)


def _section(rows: Sequence[tuple[float, bool]], start: int) -> list[float]:
    """The heights of a section's rows: its heading and its measures."""
    heights = [rows[start][0]]
    for height, heading in rows[start + 1 :]:
        if heading:
            break
        heights.append(height)
    return heights
