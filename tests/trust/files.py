"""Hostile files for the importers: each is something a careless or malicious upload could be, and
every importer must refuse it clearly and write nothing."""

from __future__ import annotations

import functools
import gzip
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class HostileFile:
    key: str
    filename: str
    build: Callable[[], bytes]


@functools.cache
def _plain_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Value"])
    sheet.append(["calls", 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes]) -> bytes:
    """A copy of a ZIP with each member passed through ``change`` (None drops it) and ``extra`` added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


def _sheet_xml(body: bytes, doctype: bytes) -> bytes:
    return _rewrite(
        _plain_xlsx(),
        lambda name, content: (
            content.replace(b"?>", b"?>" + doctype, 1).replace(b"<v>1</v>", body)
            if name == "xl/worksheets/sheet1.xml"
            else content
        ),
        {},
    )


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    return out.getvalue()


def billion_laughs() -> bytes:
    entities = b'<!ENTITY a0 "lol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    return _sheet_xml(b"<v>&a9;</v>", b"<!DOCTYPE worksheet [" + entities + b"]>")


def external_entity() -> bytes:
    return _sheet_xml(b"<v>&x;</v>", b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>')


def macro_workbook() -> bytes:
    return _rewrite(
        _plain_xlsx(),
        lambda name, content: (
            content.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            if name == "[Content_Types].xml"
            else content
        ),
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512},
    )


def macro_content_type_only() -> bytes:
    return _rewrite(
        _plain_xlsx(),
        lambda name, content: (
            content.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            if name == "[Content_Types].xml"
            else content
        ),
        {},
    )


def no_workbook_part() -> bytes:
    return _rewrite(_plain_xlsx(), lambda name, content: None if name == "xl/workbook.xml" else content, {})


def broken_sheet_xml() -> bytes:
    return _rewrite(
        _plain_xlsx(),
        lambda name, content: content[: len(content) // 2] if name == "xl/worksheets/sheet1.xml" else content,
        {},
    )


def path_traversal() -> bytes:
    return _rewrite(_plain_xlsx(), lambda name, content: content, {"../../../../tmp/evil.txt": b"owned"})


def many_entries() -> bytes:
    return _rewrite(
        _plain_xlsx(), lambda name, content: content, {f"junk/{i}.bin": b"x" for i in range(10_000)}
    )


def nested_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("inner.xlsx", _plain_xlsx())
    return out.getvalue()


def formula_cell() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Value"])
    sheet.append(["calls", "=cmd|' /C calc'!A0"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_rows(rows: int, columns: int) -> Callable[[], bytes]:
    def build() -> bytes:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for _ in range(rows):
            sheet.append([1] * columns)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    return build


def csv_rows(rows: int) -> bytes:
    return b"Name,Value\r\n" + b"calls,1\r\n" * rows


FILES: tuple[HostileFile, ...] = (
    HostileFile("empty-xlsx", "empty.xlsx", lambda: b""),
    HostileFile("empty-csv", "empty.csv", lambda: b""),
    HostileFile("zip-bomb", "bomb.xlsx", zip_bomb),
    HostileFile("billion-laughs", "laughs.xlsx", billion_laughs),
    HostileFile("external-entity", "xxe.xlsx", external_entity),
    HostileFile("png-as-xlsx", "picture.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 256),
    HostileFile("pdf-as-xlsx", "document.xlsx", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 256),
    HostileFile("old-xls", "old.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
    HostileFile("xlsm-renamed", "macros.xlsx", macro_workbook),
    HostileFile("macro-content-type", "macro-type.xlsx", macro_content_type_only),
    HostileFile("truncated-zip", "truncated.xlsx", lambda: _plain_xlsx()[: len(_plain_xlsx()) // 2]),
    HostileFile("zip-without-workbook", "no-workbook.xlsx", no_workbook_part),
    HostileFile("broken-sheet-xml", "broken.xlsx", broken_sheet_xml),
    HostileFile("path-traversal", "traversal.xlsx", path_traversal),
    HostileFile("ten-thousand-entries", "entries.xlsx", many_entries),
    HostileFile("nested-zip", "nested.xlsx", nested_zip),
    HostileFile("formula-cell", "formula.xlsx", formula_cell),
    HostileFile("nul-bytes-xlsx", "nul.xlsx", lambda: b"\0" * 4096),
    HostileFile("nul-bytes-csv", "nul.csv", lambda: b"Name,Value\r\ncalls,\0\0\0\r\n"),
    HostileFile("random-bytes", "random.xlsx", lambda: bytes(range(256)) * 64),
    HostileFile("html-as-xlsx", "page.xlsx", lambda: b"<html><body><script>alert(1)</script></body></html>"),
    HostileFile("gzip-as-csv", "data.csv", lambda: gzip.compress(b"Name,Value\r\ncalls,1\r\n")),
    HostileFile(
        "mixed-encodings",
        "mixed.csv",
        lambda: "Name,Value\r\ncafé,1\r\n".encode() + "naïve,2\r\n".encode("latin-1"),
    ),
    HostileFile("utf16-csv", "utf16.csv", lambda: "Name,Value\r\ncalls,1\r\n".encode("utf-16")),
    HostileFile("huge-field-csv", "field.csv", lambda: b"Name,Value\r\n" + b"x" * 131_073 + b",1\r\n"),
    HostileFile("unbalanced-quotes", "quotes.csv", lambda: b'Name,Value\r\n"calls,1\r\n"visits,2\r\n'),
    HostileFile("hundred-thousand-rows-csv", "rows.csv", lambda: csv_rows(100_000)),
    HostileFile("ten-thousand-columns-csv", "columns.csv", lambda: b",".join([b"c"] * 10_000) + b"\r\n"),
    HostileFile("hundred-thousand-rows-xlsx", "rows.xlsx", xlsx_rows(100_000, 1)),
    HostileFile("ten-thousand-columns-xlsx", "columns.xlsx", xlsx_rows(2, 10_000)),
    HostileFile("oversized-xlsx", "big.xlsx", lambda: b"PK\x03\x04" + b"\0" * (21 * 1024 * 1024)),
    HostileFile("plain-text-as-xlsx", "notes.xlsx", lambda: b"These are my notes, not a workbook.\n"),
)
