"""Linking a workbook's measures to the catalogue: by a ``DfE measure`` text, by name, or by
the template's ID; and finding an indicator by its key.
"""

from __future__ import annotations

from xl_tools.model import Unit
from xl_tools.published.catalogue import CATALOGUE
from xl_tools.published.indicators import Indicator, Recognition

_BY_KEY = {entry.key: entry for entry in CATALOGUE}


def normalise(text: str) -> str:
    """A name as names are compared: casefolded, punctuation dropped, spaces single.

    Hyphens, slashes and underscores part words; ``&`` reads as "and".

    >>> normalise("  % of Referrals which are  repeat-referrals ")
    'of referrals which are repeat referrals'
    >>> normalise("CiC starts (per 10,000)"), normalise("cla_rate")
    ('cic starts per 10000', 'cla rate')
    """
    text = text.casefold().replace("&", " and ")
    kept = "".join(
        char if char.isalnum() or char.isspace() else " " if char in "-/_–—" else ""
        for char in text
    )
    return " ".join(kept.split())


_BY_NAME = {
    normalise(text): entry
    for entry in CATALOGUE
    for text in (entry.key, entry.name, *entry.variants)
}


def indicator(key: str) -> Indicator:
    """The catalogue's indicator with this key.

    Raises:
        ValueError: No indicator has the key; the message lists the keys there are.

    >>> indicator("cin_rate").name
    'Children in need per 10,000 at 31 March'
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValueError(
            f'no published indicator has the key "{key}": the keys are {", ".join(_BY_KEY)}'
        ) from None


def recognise(
    *, measure_id: str | None, name: str | None, dfe_measure: str | None, unit: Unit | None
) -> Recognition | None:
    """The indicator a workbook's measure stands for, if the catalogue knows it.

    A ``DfE measure`` text (a key, a name or a variant) wins; then the measure's name; then
    the template's measure ID, only where the measure's unit is the indicator's or not
    given, so that an officer's own measure under a template ID is not linked.

    Args:
        measure_id: The measure's ID, e.g. ``VA03``.
        name: The measure's name as the workbook gives it.
        dfe_measure: The workbook's ``DfE measure`` text for it, if any.
        unit: The measure's unit, if known.

    Returns:
        The indicator and how it was found; None where nothing matches, or where a
        ``DfE measure`` text matches no indicator (for the caller to report).

    >>> recognise(measure_id="VA03", name="% of referrals which are repeat referrals",
    ...           dfe_measure=None, unit=None).how
    'name'
    >>> recognise(measure_id="VA03", name="Repeats", dfe_measure=None, unit=Unit.COUNT) is None
    True
    """
    if dfe_measure is not None and dfe_measure.strip():
        found = _BY_NAME.get(normalise(dfe_measure))
        return Recognition(found, "DfE measure") if found else None
    if name is not None and (found := _BY_NAME.get(normalise(name))):
        return Recognition(found, "name")
    if measure_id is not None:
        wanted = measure_id.strip().casefold()
        for entry in CATALOGUE:
            ids = {template_id.casefold() for template_id in entry.template_ids}
            if wanted in ids and unit in (None, entry.unit):
                return Recognition(entry, "ID")
    return None
