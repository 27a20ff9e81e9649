"""The import pipeline's one decoder and CSV reader: encodings, refusals and limits checked while reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from wellboard.core.importing import CsvFile, Limits, UploadRejected, decode_text, read_file, size_text

SMALL = Limits(max_bytes=1024 * 1024, max_rows=10)


def test_utf8_with_or_without_a_byte_order_mark() -> None:
    assert decode_text("Café,1\n".encode()) == "Café,1\n"
    assert decode_text(b"\xef\xbb\xbf" + "Café,1\n".encode()) == "Café,1\n"


def test_windows_1252_is_the_fallback_including_its_five_unassigned_bytes() -> None:
    text = "Caf\u00e9 \u2013 \u00a35 \u20ac"  # an en dash, a pound and a euro sign
    assert decode_text(text.encode("cp1252")) == text
    # 0x81 has no character in Windows-1252; it becomes U+0081 as Windows and browsers do.
    assert decode_text(b"a\x81b\x80") == "a\x81b€"


def test_a_source_that_publishes_only_utf8_refuses_other_encodings() -> None:
    with pytest.raises(UploadRejected, match=r"not UTF-8 text \(byte 4 cannot be read\)"):
        decode_text("Café".encode("cp1252"), fallback=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04rest of a zip", "is an Excel workbook or a ZIP archive, not a CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old xls", "is an Excel workbook or a ZIP archive, not a CSV file"),
        (b"Name\x00\x01\x02", "is not a text file"),
    ],
)
def test_workbooks_archives_and_binary_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(UploadRejected, match=message):
        decode_text(data, name="figures.csv")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_utf8_text_decodes_to_itself(text: str) -> None:
    assume(not text.startswith("PK\x03\x04"))
    assert decode_text(text.encode("utf-8")) == text.removeprefix("\ufeff")


def test_records_are_numbered_as_a_spreadsheet_numbers_rows() -> None:
    csv_file = CsvFile('code,name\nE1,One\n\n"E2","Two,\nlines"\nE3,Three\n', limits=SMALL)
    assert csv_file.header == ["code", "name"]
    assert list(csv_file) == [(2, ["E1", "One"]), (3, []), (4, ["E2", "Two,\nlines"]), (5, ["E3", "Three"])]


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(UploadRejected, match="The file is empty"):
        CsvFile(" \n\n", limits=SMALL)


def test_too_many_rows_are_refused_before_any_row_is_handed_over_and_reading_stops_there() -> None:
    limits = Limits(max_bytes=1024 * 1024, max_rows=1000)
    rows = [f"E{i},{i}" for i in range(1001)]
    # What comes after the first row over the limit would be refused for other reasons if it were read.
    tail = ["E9," + "x" * (limits.max_field + 1), 'E10,"never closed']
    text = "\n".join(["code,value", *rows, *tail]) + "\n"
    with pytest.raises(UploadRejected) as refused:
        CsvFile(text, limits=limits)
    assert refused.value.reason == "The file has more than 1,000 rows; it was refused"
    assert refused.value.row is None


def test_a_file_at_the_row_limit_is_read_whole() -> None:
    text = "code,value\n" + "".join(f"E{i},{i}\r\n" for i in range(10))
    assert [n for n, _ in CsvFile(text, limits=SMALL)] == list(range(2, 12))


def test_a_cell_over_the_csv_modules_ceiling_is_a_clear_refusal_naming_its_row() -> None:
    text = "code,comment\nE1,fine\nE2," + "x" * 131_073 + "\nE3,never read\n"
    rows: list[int] = []

    def read() -> None:
        for number, _ in CsvFile(text, limits=SMALL):
            rows.append(number)

    with pytest.raises(UploadRejected) as refused:
        read()
    assert refused.value.row == 3
    assert refused.value.reason == "a cell is longer than 131,072 characters, so the file was refused"
    assert str(refused.value).startswith("Row 3: a cell is longer")
    assert rows == [2]


def test_an_importer_can_allow_shorter_cells() -> None:
    limits = Limits(max_bytes=1024, max_rows=10, max_field=5)
    with pytest.raises(UploadRejected, match="longer than 5 characters") as refused:
        list(CsvFile("a,b\n12345,123456\n", limits=limits))
    assert refused.value.row == 2


def test_bad_quoting_is_refused_in_strict_mode_only() -> None:
    text = 'a,b\n"one"two,2\n'
    assert list(CsvFile(text, limits=SMALL)) == [(2, ["onetwo", "2"])]
    with pytest.raises(UploadRejected, match="is not a readable CSV file"):
        list(CsvFile(text, limits=SMALL, strict=True))


def test_bytes_over_the_limit_are_refused_before_decoding() -> None:
    with pytest.raises(UploadRejected, match="larger than 10 bytes"):
        CsvFile.from_bytes(b"a,b\n1,2\n3,4\n", limits=Limits(max_bytes=10, max_rows=10))


def test_local_files_for_the_command_line(tmp_path: Path) -> None:
    with pytest.raises(UploadRejected, match=f"There is no file at {tmp_path / 'missing.csv'}"):
        read_file(tmp_path / "missing.csv", max_bytes=100)
    with pytest.raises(UploadRejected, match="is a folder, not a file"):
        read_file(tmp_path, max_bytes=100)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UploadRejected, match=r"empty\.csv is empty"):
        read_file(empty, max_bytes=100)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(UploadRejected, match=r"big\.csv is 2 KB; the limit is 100 bytes"):
        read_file(big, max_bytes=100)
    assert read_file(big, max_bytes=4096) == b"x" * 2048


def test_sizes_read_as_people_say_them() -> None:
    assert size_text(20 * 1024 * 1024) == "20 MB"
    assert size_text(900 * 1024) == "900 KB"
    assert size_text(100) == "100 bytes"
