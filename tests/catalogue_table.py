"""The README's table of DfE's measures, made from the catalogue and the shipped figures."""

from __future__ import annotations

from xl_tools.published import CATALOGUE, shipped
from xl_tools.published.comparators import period

UNITS = {"rate_per_10k": "per 10,000", "percent": "%", "count": "number", "average": "average"}


def catalogue_table() -> str:
    """The Markdown table the README shows: one row an indicator."""
    lines = [
        "| key | DfE measure | unit | basis | collection | years shipped | template |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for entry in CATALOGUE:
        years = shipped().years(entry.key)
        shipped_years = (
            f"{period(entry, years[0])} to {period(entry, years[-1])}" if years else "none"
        )
        lines.append(
            f"| `{entry.key}` | {entry.name} | {UNITS[entry.unit]} | {entry.basis} | "
            f"{entry.collection} | {shipped_years} | {', '.join(entry.template_ids)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(catalogue_table())
