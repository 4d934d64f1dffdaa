"""Unit tests of the rnkbook helper package."""
from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import rnkbook
from rnkbook.figures import CYCLE, HOUSE_RC
from rnkbook.gluing import plain


def test_load_types_columns_by_schema():
    events = rnkbook.load("events")
    assert str(events["date"].dtype).startswith("datetime64")
    assert events["event_id"].dtype == "string"
    assert events["event_id"].is_unique


def test_load_unknown_dataset_names_the_known_ones():
    with pytest.raises(KeyError, match="events"):
        rnkbook.load("no-such-dataset")


def test_load_numbers_and_missing_values(data_copy):
    package = json.loads((data_copy / "datapackage.json").read_text())
    numeric = [(r["name"], f["name"]) for r in package["resources"] for f in r["schema"]["fields"]
               if f["type"] in ("number", "integer")]
    assert numeric, "the package has no numeric column to check"
    name, column = numeric[0]
    frame = rnkbook.load(name)
    assert frame[column].dtype in ("Float64", "Int64")


def test_load_refuses_invalid_data(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    cells = text[1].split(",")
    cells[1] = "not-a-date"
    text[1] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(rnkbook.DataValidationError, match="events.csv: row 1"):
        rnkbook.load("events")


@pytest.mark.parametrize("value, expected", [
    (np.int64(3), 3), (np.float64(2.5), 2.5), (pd.Timestamp("2024-06-19"), "2024-06-19"),
    (np.bool_(True), True), ("text", "text"), (7, 7),
])
def test_plain_converts_to_python_types(value, expected):
    result = plain(value)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("missing", [float("nan"), pd.NA, None])
def test_plain_refuses_missing_values(missing):
    with pytest.raises(ValueError):
        plain(missing)


def test_source_line_names_originator_and_publisher():
    sources = rnkbook.load("sources")
    row = sources.iloc[0]
    line = rnkbook.source_line([row["source_id"]])
    assert line.startswith("Source: ")
    assert str(row["organisation"]) in line


def test_source_line_deduplicates_and_groups():
    ids = rnkbook.load("sources")["source_id"].tolist()[:3]
    line = rnkbook.source_line(ids + ids)
    assert line.count(";") <= 2


def test_source_line_rejects_unknown_ids():
    with pytest.raises(KeyError, match="made-up"):
        rnkbook.source_line(["made-up-id"])


def test_cite_list_links_every_source():
    ids = rnkbook.load("sources")["source_id"].tolist()[:2]
    text = rnkbook.cite_list(ids)
    assert text.count("](http") == 2


def test_house_style_palette_is_okabe_ito_and_applied():
    rnkbook.use_house_style()
    assert matplotlib.rcParams["axes.spines.top"] is False
    assert CYCLE[0] == "#0072B2" and len(set(CYCLE)) == len(CYCLE)
    assert HOUSE_RC["font.size"] >= 10


def test_source_note_is_a_caption_line_with_the_text_escaped():
    from rnkbook.sources import SourceNote

    note = SourceNote("Source: <b>KCNA</b> *via* $TASS")
    bundle = note._repr_mimebundle_()
    assert bundle["text/html"] == '<p class="rnk-source">Source: &lt;b&gt;KCNA&lt;/b&gt; *via* $TASS</p>'
    assert "\\<b\\>" in bundle["text/markdown"] and "\\$" in bundle["text/markdown"]
    ids = rnkbook.load("sources")["source_id"].tolist()[:1]
    assert rnkbook.source_note(ids).line.startswith("Source: ")
