from __future__ import annotations

from wellboard.charts import (
    Column,
    RugColumn,
    rug_cell,
    rug_rows,
    rug_table,
)
from wellboard.charts.tables import table


def test_rug_cell_says_value_and_comparison_not_just_colour() -> None:
    cell = rug_cell(12.345, "Better", comparator="England", decimals=1)
    assert cell.value_text == "12.3"
    assert cell.label == "Better"
    assert cell.sentence == "Better than England"
    assert cell.css_class == "wb-sig wb-sig--better"
    missing = rug_cell(None, "Worse")
    assert missing.label == "No data"
    assert missing.css_class == "wb-sig wb-sig--no-data"


def test_rug_rows_and_long_table() -> None:
    areas = [("E05000001", "Ward A"), ("E05000002", "Ward B")]
    columns = [RugColumn("smoking", "Smoking", "%", "2022"), RugColumn("obesity", "Obesity", "%", "2022")]
    figures = {("E05000001", "smoking"): (14.0, "worse"), ("E05000002", "obesity"): (22.0, "similar")}
    rows = rug_rows(areas, columns, figures, highlight="E05000002")
    assert [r.highlight for r in rows] == [False, True]
    assert [c.label for c in rows[0].cells] == ["Worse", "No data"]
    long = rug_table(areas, columns, figures).records()
    assert len(long) == 4
    assert long[0] == {
        "area": "Ward A",
        "code": "E05000001",
        "indicator": "Smoking",
        "period": "2022",
        "value": 14.0,
        "significance": "Worse",
    }


def test_table_display_and_csv_rows() -> None:
    data = table(
        "Caption",
        [Column("name", "Name"), Column("value", "Value", "number", 2), Column("sig", "Sig", "significance")],
        [{"name": "=cmd", "value": 1.234, "sig": "lower"}, {"name": "B", "value": None, "sig": None}],
    )
    display = data.display_rows()
    assert display[0][0].header
    assert display[0][0].text == "=cmd"
    assert display[0][1].text == "1.23"
    assert display[0][1].numeric
    assert display[0][2].text == "Lower"
    assert display[0][2].css_class == "wb-sig wb-sig--lower"
    assert display[1][1].text == "\u2013"
    assert data.csv_rows() == [["Name", "Value", "Sig"], ["=cmd", 1.234, "Lower"], ["B", "", ""]]
    assert not data.is_empty


def test_hidden_columns_are_downloaded_but_not_shown() -> None:
    data = table("Caption", [Column("a", "A"), Column("b", "B", show=False)], [{"a": "x", "b": "y"}])
    assert [c.key for c in data.visible_columns] == ["a"]
    assert [cell.text for cell in data.display_rows()[0]] == ["x"]
    assert data.csv_rows() == [["A", "B"], ["x", "y"]]
