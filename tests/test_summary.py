"""The board's summary: counts, exceptions, quantifiers and each section's sentence."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from xl_tools.compute import compute_measure
from xl_tools.export import to_json_document
from xl_tools.model import INPUT_COLUMNS, Comparator, Polarity, Settings, Unit
from xl_tools.pipeline import RunOptions, compute_workbook
from xl_tools.write.summary import (
    WORSE_AND_WORSENING,
    ComparatorCounts,
    FlaggedMeasure,
    RagCounts,
    quantifier,
    summarise,
    summary_lines,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "devon_november_2023.xlsx"
SN, ENGLAND, REGION = (comparator.value for comparator in Comparator)
HIGHER, LOWER, CONTEXT = Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER, Polarity.NONE


def computed(tolerance: float = 0.05, **given: object) -> dict[str, object]:
    """A measure's record with its computed fields, None where a field is missing."""
    record: dict[str, object] = dict.fromkeys(INPUT_COLUMNS, math.nan)
    record.update(id=None, section=None, measure=None, no_figure=None, commentary=None)
    record.update(unit=Unit.PERCENT, polarity=CONTEXT)
    record.update(given)
    record.update(compute_measure(record, Settings(tolerance=tolerance)))
    return {name: _none_for_nan(value) for name, value in record.items()}


def _none_for_nan(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


def board() -> list[dict[str, object]]:
    """Eleven measures in three sections, every count worked out by hand below."""
    volume, process = {"section": "Volume"}, {"section": "Process"}
    return [
        computed(id="A1", measure="Contacts", value=439.0, **{SN: 512.0}, **volume),
        computed(id="A2", measure="Refs", value=600.0, **{SN: 500.0, ENGLAND: 700.0}, **volume),
        computed(id="A3", measure="Assessments", value=100.0, **{ENGLAND: 101.0}, **volume),
        computed(id="A4", measure="S47s", value=50.0, **{SN: 60.0}, **volume),
        computed(id="A5", measure="ICPCs", value=30.0, **volume),
        computed(
            id="P1", measure="Timely assessments", polarity=HIGHER, value=79.0, target=85.0,
            previous=81.0, **{SN: 84.0}, **process,
        ),
        computed(id="P2", measure="Timely ICPCs", polarity=HIGHER, value=82.0, target=85.0,
                 **{SN: 80.0}, **process),
        computed(id="P3", measure="Repeat plans", polarity=LOWER, value=38.0, previous=35.0,
                 **{SN: 24.0}, **process),
        computed(id="P4", measure="Long plans", polarity=LOWER, value=18.0, target=20.0,
                 **{ENGLAND: 25.0}, **process),
        computed(id="I1", measure="Visits", polarity=HIGHER, no_figure="measure being developed"),
        computed(id="I2", measure="Placements", value=5.0),
    ]  # fmt: skip


def test_the_counts_of_a_hand_built_board() -> None:
    summary = summarise(board(), tolerance=0.05)
    assert summary.rag == RagCounts(red=1, amber=1, green=1, unrated=8)
    assert summary.comparators == (
        ComparatorCounts(Comparator.STATISTICAL_NEIGHBOURS, similar=1, worse=2, higher=1, lower=2),
        ComparatorCounts(Comparator.ENGLAND, better=1, similar=1, lower=1),
    )
    assert summary.exceptions == (
        FlaggedMeasure("P1 Timely assessments", ("red", WORSE_AND_WORSENING)),
        FlaggedMeasure("P3 Repeat plans", (WORSE_AND_WORSENING,)),
    )
    assert [section.section for section in summary.sections] == ["Volume", "Process", None]
    assert [section.measures for section in summary.sections] == [5, 4, 2]


def test_the_lines_of_a_hand_built_board() -> None:
    assert summary_lines(summarise(board(), tolerance=0.05)) == (
        "RAG against target: 1 red, 1 amber, 1 green (8 measures not rated)",
        "Against statistical neighbours: 0 better, 1 similar, 2 worse, 1 higher, 2 lower "
        "(similar: within 5%)",
        "Against England: 1 better, 1 similar, 0 worse, 0 higher, 1 lower (similar: within 5%)",
        "Exceptions: P1 Timely assessments (red, worse than statistical neighbours and "
        "worsening); P3 Repeat plans (worse than statistical neighbours and worsening)",
        "Half the measures of Volume with a comparator are lower than comparators "
        "(2 of 4; 1 higher, 1 in line).",
        "Half the measures of Process with a comparator are lower than comparators "
        "(2 of 4; 1 higher, 1 in line); against target, 1 red, 1 amber, 1 green.",
        "None of the 2 measures outside any section has a comparator or a target.",
    )


def test_a_board_with_no_ratings_or_judgements() -> None:
    lines = summary_lines(summarise([computed(measure="Visits", value=5.0)], tolerance=0.1))
    assert lines == (
        "RAG against target: 0 red, 0 amber, 0 green (1 measure not rated)",
        "Exceptions: none",
        "The one measure outside any section has no comparator or target.",
    )


@pytest.mark.parametrize(
    ("given", "reasons"),
    [
        ({"polarity": HIGHER, "value": 70.0, "target": 85.0}, ("red",)),
        ({"polarity": HIGHER, "value": 82.0, "target": 85.0}, ()),  # amber
        ({"polarity": HIGHER, "value": 70.0, SN: 80.0, "previous": 75.0}, (WORSE_AND_WORSENING,)),
        ({"polarity": HIGHER, "value": 70.0, SN: 80.0, "previous": 65.0}, ()),  # improving
        ({"polarity": HIGHER, "value": 70.0, SN: 80.0, "previous": 70.0}, ()),  # stable
        ({"polarity": HIGHER, "value": 70.0, SN: 80.0}, ()),  # no previous: no trend
        ({"polarity": HIGHER, "value": 70.0, ENGLAND: 80.0, "previous": 75.0}, ()),
        ({"polarity": HIGHER, "value": 90.0, SN: 80.0, "previous": 95.0}, ()),  # better
        ({"value": 70.0, SN: 80.0, "previous": 75.0}, ()),  # context: lower, not worse
        (
            {"polarity": LOWER, "value": 40.0, "target": 20.0, SN: 24.0, "previous": 35.0},
            ("red", WORSE_AND_WORSENING),
        ),
    ],
)
def test_the_exceptions_rule(given, reasons) -> None:
    summary = summarise([computed(id="X1", measure="A measure", **given)], tolerance=0.05)
    expected = (FlaggedMeasure("X1 A measure", reasons),) if reasons else ()
    assert summary.exceptions == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"id": "PR04", "measure": "% in 45 days"}, "PR04 % in 45 days"),
        ({"id": None, "measure": "% in 45 days"}, "% in 45 days"),
        ({"id": "PR04", "measure": None}, "PR04"),
        ({"id": None, "measure": None}, "measure 2 (no name)"),
    ],
)
def test_an_exception_is_named_by_id_and_name(names, expected) -> None:
    records = [computed(measure="Fine"), computed(value=1.0, target=9.0, polarity=HIGHER, **names)]
    assert summarise(records, tolerance=0.05).exceptions == (FlaggedMeasure(expected, ("red",)),)


def test_exceptions_keep_table_order() -> None:
    red = {"polarity": HIGHER, "value": 1.0, "target": 9.0}
    records = [computed(id=name, **red) for name in ("C", "A", "B")]
    names = [item.name for item in summarise(records, tolerance=0.05).exceptions]
    assert names == ["C", "A", "B"]


@pytest.mark.parametrize(
    ("count", "total", "word"),
    [
        (10, 10, "all"),
        (1, 1, "all"),
        (9, 10, "almost all"),
        (8, 10, "almost all"),  # 80% exactly
        (4, 5, "almost all"),
        (7, 10, "most"),
        (3, 4, "most"),  # 75%: short of almost all
        (6, 10, "most"),
        (2, 3, "most"),
        (5, 10, "half"),
        (1, 2, "half"),
        (4, 10, "some"),
        (1, 3, "some"),
        (1, 10, "some"),
        (0, 10, "none"),
        (0, 0, "none"),
    ],
)
def test_quantifier_boundaries(count, total, word) -> None:
    assert quantifier(count, total) == word


STANDING_FIELDS = {
    "lower": {f"{SN}_judgement": "lower", f"{SN}_variance": -1.0},
    "higher": {f"{SN}_judgement": "higher", f"{SN}_variance": 1.0},
    "in line": {f"{SN}_judgement": "similar", f"{SN}_variance": 0.0},
    None: {},
}


@pytest.mark.parametrize(
    ("standings", "sentence"),
    [
        (["lower"] * 7 + ["higher"], "Almost all the measures of S with a comparator are lower "
         "than comparators (7 of 8; 1 higher)."),
        (["lower"] * 8, "All the measures of S with a comparator are lower than comparators "
         "(8 of 8)."),
        (["lower"] * 3 + ["higher"], "Most of the measures of S with a comparator are lower "
         "than comparators (3 of 4; 1 higher)."),
        (["higher"] * 4 + ["lower"] * 4, "Half the measures of S with a comparator are lower "
         "than comparators (4 of 8; 4 higher)."),  # a tie goes lower, higher, in line
        (["in line", "higher", "lower"], "One of the measures of S with a comparator is lower "
         "than comparators (1 of 3; 1 higher, 1 in line)."),
        (["lower"] * 2 + ["in line"] * 2 + ["higher"] * 3, "Some of the measures of S with a "
         "comparator are higher than comparators (3 of 7; 2 lower, 2 in line)."),
        (["in line", "in line", None], "All the measures of S with a comparator are in line "
         "with comparators (2 of 2)."),
        (["lower", None, None], "The one measure of S with a comparator is lower than "
         "comparators (1 of 1)."),
        ([None, None], "None of the 2 measures of S has a comparator or a target."),
        ([None], "The one measure of S has no comparator or target."),
    ],
)  # fmt: skip
def test_a_section_sentence(standings, sentence) -> None:
    records = [{"section": "S", **STANDING_FIELDS[standing]} for standing in standings]
    (section,) = summarise(records, tolerance=0.05).sections
    assert section.sentence == sentence


@pytest.mark.parametrize(
    ("records", "sentence"),
    [
        ([{"rag": "red"}], "The one measure of S is not set against a comparator; against "
         "target, 1 red, 0 amber, 0 green."),
        ([{"rag": "red"}, {"rag": "green"}, {}], "None of the 3 measures of S is set against "
         "a comparator; against target, 1 red, 0 amber, 1 green."),
        ([{SN: 5.0}, {}], "None of the 2 measures of S is set against a comparator or rated "
         "against a target."),  # a comparator's figure, but no value to judge
        ([{"target": 5.0}], "The one measure of S is not set against a comparator or rated "
         "against a target."),
        ([{"rag": "amber", **STANDING_FIELDS["higher"]}], "The one measure of S with a "
         "comparator is higher than comparators (1 of 1); against target, 0 red, 1 amber, "
         "0 green."),
    ],
)  # fmt: skip
def test_a_section_sentence_with_ratings_or_no_judgements(records, sentence) -> None:
    (section,) = summarise([{"section": "S", **r} for r in records], tolerance=0.05).sections
    assert section.sentence == sentence


@pytest.mark.parametrize(
    ("given", "standing"),
    [
        ({SN: 100.0, ENGLAND: 50.0}, "in line"),  # statistical neighbours first
        ({ENGLAND: 150.0, REGION: 50.0}, "lower"),  # then England
        ({REGION: 50.0}, "higher"),  # then the region
    ],
)
def test_a_measure_stands_against_its_headline_comparator(given, standing) -> None:
    record = computed(section="S", value=100.0, **given)
    (section,) = summarise([record], tolerance=0.05).sections
    counts = {"lower": section.lower, "higher": section.higher, "in line": section.in_line}
    assert {name: count for name, count in counts.items() if count} == {standing: 1}


def test_the_shipped_example_counts_as_its_json() -> None:
    computed_table, settings = compute_workbook(EXAMPLE, options=RunOptions())
    measures = to_json_document(computed_table, settings)["measures"]
    records = [
        {name: _none_for_nan(value) for name, value in row.items()}
        for row in computed_table.to_dict("records")
    ]
    summary = summarise(records, tolerance=settings.tolerance)

    rags = Counter(measure["rag"] for measure in measures)
    assert summary.rag == RagCounts(rags["red"], rags["amber"], rags["green"], rags[None])
    judged = {}
    for comparator in Comparator:
        judgements = Counter(
            (measure["comparators"][comparator] or {}).get("judgement") for measure in measures
        )
        judged[comparator] = {word: judgements[word] for word in judgements if word}
    assert {
        counts.comparator: {
            word: number for word, number in vars(counts).items() if word != "comparator" and number
        }
        for counts in summary.comparators
    } == {comparator: words for comparator, words in judged.items() if words}
    flagged = [
        f"{measure['id']} {measure['measure']}"
        for measure in measures
        if measure["rag"] == "red"
        or (
            (measure["comparators"][SN] or {}).get("judgement") == "worse"
            and measure["trend"] == "worsening"
        )
    ]
    assert flagged, "the example has a measure rated red"
    assert [item.name for item in summary.exceptions] == flagged
    assert [section.section for section in summary.sections] == list(
        dict.fromkeys(measure["section"] for measure in measures)
    )
    assert sum(section.measures for section in summary.sections) == len(measures)


def test_a_gap_too_small_for_the_variance_still_counts_where_it_is_judged() -> None:
    record = computed(0.0, section="S", value=1.0, **{SN: 0.999})
    assert (record[f"{SN}_variance"], record[f"{SN}_judgement"]) == (0.0, "higher")
    (section,) = summarise([record], tolerance=0.0).sections
    assert (section.lower, section.higher, section.in_line) == (0, 1, 0)
