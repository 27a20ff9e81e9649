from wellboard.core.importing import ImportReport


def test_report_counts_and_summary() -> None:
    report = ImportReport(source="plan.xlsx", rows_read=4)
    report.record("action", "A1", "create", sheet="Actions", row=2)
    report.record("action", "A2", "unchanged")
    report.record("node", "1", "update", fields=["title"])
    assert report.ok
    assert report.changes_anything
    assert report.counts()["action"] == {"create": 1, "unchanged": 1}
    report.reject("unknown organisation 'Acme'", sheet="Actions", row=7, column="lead organisation")
    assert not report.ok
    lines = report.summary_lines()
    assert lines[0].startswith("Dry run")
    assert "  action: 1 to create, 0 to update, 1 unchanged" in lines
    assert "  sheet 'Actions', row 7, column 'lead organisation': unknown organisation 'Acme'" in lines
    assert report.as_dict()["rejections"][0]["row"] == 7
    assert report.totals()["rejected"] == 1


def test_unchanged_only_changes_nothing() -> None:
    report = ImportReport()
    report.record("action", "A1", "unchanged")
    assert not report.changes_anything
