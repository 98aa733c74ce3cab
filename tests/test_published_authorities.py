"""Finding a local authority from a DfE number, an ONS code or a name."""

from __future__ import annotations

import pytest

from xl_tools.published import (
    Area,
    Authority,
    PublishedDataError,
    PublishedFigures,
    find_authority,
)

DEVON = Authority("878", "Devon", "E12000009", "South West")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("878", DEVON),
        (" 878 ", DEVON),
        ("E10000008", DEVON),
        ("e10000008", DEVON),
        ("Devon", DEVON),
        ("devon", DEVON),
        ("  DEVON ", DEVON),
        # A unique start of a name.
        ("Dev", DEVON),
        # Names as published, or without ", City of" / ", County of".
        ("Bristol, City of", Authority("801", "Bristol, City of", "E12000009", "South West")),
        ("Bristol", Authority("801", "Bristol, City of", "E12000009", "South West")),
        (
            "Kingston upon Hull",
            Authority(
                "810", "Kingston upon Hull, City of", "E12000003", "Yorkshire and The Humber"
            ),
        ),
        (
            "Herefordshire",
            Authority("884", "Herefordshire, County of", "E12000005", "West Midlands"),
        ),
        # Punctuation and case do not matter.
        ("stoke on trent", Authority("861", "Stoke-on-Trent", "E12000005", "West Midlands")),
        ("St Helens", Authority("342", "St. Helens", "E12000002", "North West")),
        # London boroughs' region is London.
        ("Camden", Authority("202", "Camden", "E12000007", "London")),
        ("Richmond upon Thames", Authority("318", "Richmond upon Thames", "E12000007", "London")),
        # A name two LAs have had is the newer LA's; the older is found by its number.
        ("Dorset", Authority("838", "Dorset", "E12000009", "South West")),
        ("835", Authority("835", "Dorset", "E12000009", "South West")),
        # Retired and new LAs.
        ("Cumbria", Authority("909", "Cumbria", "E12000002", "North West")),
        ("Cumberland", Authority("942", "Cumberland", "E12000002", "North West")),
        # An exact name wins over the longer names it starts.
        ("Bournemouth", Authority("837", "Bournemouth", "E12000009", "South West")),
    ],
)
def test_find_authority(text, expected):
    assert find_authority(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Devn",
            'no English local authority is called "Devn": give its DfE number (such as 878) '
            "or its name",
        ),
        (
            "999",
            'no English local authority is called "999": give its DfE number (such as 878) '
            "or its name",
        ),
        (
            "E12000009",
            'no English local authority is called "E12000009": give its DfE number (such as '
            "878) or its name",
        ),
        (
            "  ",
            'no English local authority is called "": give its DfE number (such as 878) or '
            "its name",
        ),
        (
            "North",
            '"North" could be any of North East Lincolnshire, North Lincolnshire, North '
            "Northamptonshire, North Somerset, North Tyneside, North Yorkshire, "
            "Northamptonshire, Northumberland: give the DfE number",
        ),
        ("Cumb", '"Cumb" could be any of Cumberland, Cumbria: give the DfE number'),
    ],
)
def test_find_authority_says_what_to_give_instead(text, message):
    with pytest.raises(PublishedDataError) as raised:
        find_authority(text)
    assert str(raised.value) == message


def test_find_authority_looks_in_the_figures_given():
    areas = [
        Area("100", "Testshire", "E06999999", "E12000009", "South West", 2013, 2025),
        Area("E12000009", "South West", "E12000009", "", "", 2013, 2025),
    ]
    figures = PublishedFigures([], areas, {})
    assert find_authority("test", figures) == Authority(
        "100", "Testshire", "E12000009", "South West"
    )
    with pytest.raises(PublishedDataError, match='^no English local authority is called "Devon"'):
        find_authority("Devon", figures)
    # Regions are not authorities.
    with pytest.raises(PublishedDataError, match='is called "South West"'):
        find_authority("South West", figures)
