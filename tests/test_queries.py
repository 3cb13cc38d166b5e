"""Query results as pandas DataFrames."""

from __future__ import annotations

import pandas as pd

from kg.queries import find_query, run_query


def test_frame_has_one_column_per_variable_in_order(store):
    result = run_query(store, find_query("cq05").text)
    frame = result.to_frame()
    assert list(frame.columns) == result.variables
    assert len(frame) == len(result.rows)


def test_frame_types_numbers_and_keeps_text(store):
    frame = run_query(store, find_query("cq05").text).to_frame()
    hami = frame.set_index("label").loc["新型国产算力集群"]
    assert hami["value"] == 12000
    assert hami["unit"] == "PFLOPS"
    assert hami["achievement"].endswith("achievement/visionvera-hami-cluster")


def test_frame_leaves_unbound_cells_empty(store):
    frame = run_query(store, find_query("cq05").text).to_frame()
    patents = frame.set_index("label").loc["专利申请总量"]
    assert pd.isna(patents["conferred_by"])


def test_frame_of_literals_of_each_kind(store):
    text = (
        "SELECT * WHERE { VALUES (?i ?d ?b ?t ?day) "
        '{ (3 0.5 true "x"@zh "2025-02-18"^^xsd:date) } }'
    )
    row = run_query(store, text).to_frame().iloc[0].to_dict()
    assert row == {"i": 3, "d": 0.5, "b": True, "t": "x", "day": "2025-02-18"}


def test_frame_of_an_empty_answer_keeps_the_columns(store):
    frame = run_query(store, "SELECT ?a ?b WHERE { FILTER(false) }").to_frame()
    assert frame.empty
    assert list(frame.columns) == ["a", "b"]


def test_frame_keeps_integers_whole_when_some_are_unbound(store):
    frame = run_query(store, find_query("cq14").text).to_frame()
    assert str(frame["start"].dtype) == "Int64"
    assert frame["start"].isna().any()
    assert frame["start"].dropna().min() >= 0
