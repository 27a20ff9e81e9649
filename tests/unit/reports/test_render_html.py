"""The HTML report: a standalone, accessible file, and the fragment pages embed; nothing in it runs."""

from __future__ import annotations

import itertools

import pytest
from lxml import html as lxml_html

from tests.unit.reports.conftest import IMAGE, SCRIPT, trend
from wellboard.reports.document import Narrative, ReportDocument, Section
from wellboard.reports.renderers import FORMATS, render, render_html_fragment
from wellboard.reports.renderers.html import clean_narrative


def _tree(doc: ReportDocument) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(render(doc, "html").decode("utf-8"))


def _levels(tree: lxml_html.HtmlElement) -> list[int]:
    return [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def test_the_file_names_its_language_and_title(document: ReportDocument) -> None:
    tree = _tree(document)
    assert tree.get("lang") == "en-GB"
    title = tree.findtext(".//title")
    assert title == "Quarterly monitoring report: Healthy Stevenage, 2024/25 Q3"


def test_headings_start_at_one_and_never_skip_a_level(document: ReportDocument) -> None:
    levels = _levels(_tree(document))
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    texts = [h.text_content() for h in _tree(document).iter("h2", "h3")]
    assert texts[:4] == ["Contents", "Summary", "Foreword from the chair", "Priority 1: Physical activity"]
    assert "Reach" in texts


def test_every_table_has_a_caption_and_scoped_headers(document: ReportDocument) -> None:
    tables = _tree(document).findall(".//table")
    assert len(tables) == 3  # reach, the chart's data, the comments
    for table in tables:
        assert table.find("caption").text_content().strip()
        assert all(th.get("scope") == "col" for th in table.findall("thead/tr/th"))
        assert all(th.get("scope") == "row" for th in table.findall("tbody/tr/th"))
    reach = tables[0]
    cells = [c.text_content() for c in reach.findall("tbody/tr")[1]]
    assert cells == ["Chatty Cafés", "* (suppressed)", "* (suppressed)", "Amber", "18 December 2024"]
    first = [c.text_content() for c in reach.findall("tbody/tr")[0]]
    assert first == ["So Active", "1,295", "47.5%", "Green", "20 December 2024"]
    box = next(a for a in reach.iterancestors() if "report-table" in (a.get("class") or ""))
    notes = [p.text_content() for p in box.findall("p")]
    assert notes[0] == "Approved returns only."
    assert any(n.startswith("* Suppressed") for n in notes)


def test_key_figures_and_notices_read_in_words(document: ReportDocument) -> None:
    tree = _tree(document)
    figures = {
        dt.text_content(): dt.getnext().text_content()
        for dt in tree.findall(".//dl[@class='report-key-figures']//dt")
    }
    assert figures == {"Actions on track": "12", "Returns approved": "87.5%", "People reached": "1,335"}
    notice = tree.find_class("report-notice")[0].text_content()
    assert "Important:" in notice
    assert "One return is still awaited." in notice


def test_the_chart_is_an_image_with_its_text_alternative_then_its_table(document: ReportDocument) -> None:
    tree = _tree(document)
    figure = tree.find_class("report-chart")[0]
    image = figure.find("img")
    assert image.get("src").startswith("data:image/svg+xml;base64,")
    assert image.get("alt").startswith("Line chart: physical inactivity rose")
    following = figure.getnext()
    assert following.find(".//table/caption").text_content() == "Adults who are physically inactive (%)"


def test_nothing_is_fetched_from_anywhere(document: ReportDocument) -> None:
    tree = _tree(document)
    assert not tree.findall(".//link")
    assert not tree.findall(".//script")
    for element in tree.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "src":
                assert value.startswith("data:image/svg+xml;base64,")
            else:
                assert value.startswith("#") or value == "https://example.org/plan"


def test_script_and_markup_in_any_text_are_shown_as_text(document: ReportDocument) -> None:
    text = render(document, "html").decode("utf-8")
    assert SCRIPT not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    tree = _tree(document)
    assert f"Exceptions {SCRIPT}" in [h.text_content() for h in tree.iter("h2")]
    assert f"Comment {IMAGE}" in [th.text_content() for th in tree.iter("th")]
    for element in tree.iter():
        assert not [a for a in element.attrib if a.startswith("on")]


def test_narratives_keep_simple_formatting_and_lose_everything_else() -> None:
    cleaned = str(
        clean_narrative(
            "<p>Kept <strong>bold</strong></p><script>alert(1)</script><p onclick='x()'>Clicked</p>"
            '<a href="javascript:alert(1)">bad</a><a href="https://example.org">good</a>'
            "<iframe src='http://x'></iframe><h1>Big</h1>"
        )
    )
    assert "<strong>bold</strong>" in cleaned
    assert "script" not in cleaned
    assert "onclick" not in cleaned
    assert "javascript" not in cleaned
    assert "iframe" not in cleaned
    assert "<h1>" not in cleaned
    assert 'href="https://example.org"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_the_fragment_is_the_body_without_a_page_around_it(document: ReportDocument) -> None:
    fragment = render_html_fragment(document)
    tree = lxml_html.fragment_fromstring(fragment)
    assert "<html" not in fragment
    assert not tree.findall(".//h1")
    assert tree.find(".//h2").text_content() == "Contents"
    links = [a.get("href") for a in tree.find(".//nav").iter("a")]
    anchors = {h.get("id") for h in tree.iter("h2", "h3")}
    assert links[0] == "#summary"
    assert all(link[1:] in anchors for link in links)


def test_anchors_are_unique_even_when_sections_repeat_one() -> None:
    doc = ReportDocument(
        kind="quarterly",
        title="Report",
        partnership="P",
        strategy="S",
        period_label="2024/25 Q1",
        generated_at="2025-01-01T00:00:00+00:00",
        data_version=1,
        sections=(Section("One", anchor="theme"), Section("Two", anchor="theme"), Section("3 things")),
    )
    tree = lxml_html.fragment_fromstring(render_html_fragment(doc))
    assert [h.get("id") for h in tree.iter("h2")][1:] == ["theme", "theme-2", "section-3"]


def test_a_chart_that_cannot_be_drawn_still_gives_its_words_and_figures(document: ReportDocument) -> None:
    chart = trend()
    broken = type(chart)(
        title=chart.title,
        spec={"data": {"url": "https://example.org/data.json"}, "mark": "bar"},
        alt=chart.alt,
        table=chart.table,
    )
    doc = ReportDocument(
        kind="quarterly",
        title="Report",
        partnership="P",
        strategy="S",
        period_label="2024/25 Q1",
        generated_at="2025-01-01T00:00:00+00:00",
        data_version=1,
        sections=(Section("Charts", blocks=(broken,)),),
    )
    tree = _tree(doc)
    assert not tree.findall(".//img")
    assert "could not be drawn" in tree.find_class("report-chart")[0].text_content()
    assert tree.find(".//table/caption").text_content() == chart.table.caption


def test_status_follows_disclosure_unless_given(document: ReportDocument) -> None:
    assert _tree(document).find_class("report-status")[0].text_content() == "Draft"
    text = render(document, "html", status="Published").decode()
    assert lxml_html.document_fromstring(text).find_class("report-status")[0].text_content() == "Published"


def test_an_unknown_format_is_refused_with_the_formats_there_are(document: ReportDocument) -> None:
    with pytest.raises(ValueError, match="Unknown report format 'odt': choose one of html, pdf, docx, xlsx"):
        render(document, "odt")
    assert {f: (FORMATS[f].extension, FORMATS[f].content_type.split(";")[0]) for f in FORMATS} == {
        "html": ("html", "text/html"),
        "pdf": ("pdf", "application/pdf"),
        "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }


def test_narrative_blocks_rendered_in_the_page_are_cleaned_again() -> None:
    doc = ReportDocument(
        kind="annual",
        title="Annual report",
        partnership="P",
        strategy="S",
        period_label="2024/25",
        generated_at="2025-01-01T00:00:00+00:00",
        data_version=1,
        sections=(
            Section(
                "Foreword",
                blocks=(Narrative("foreword", "From the chair", f"<p>Hello</p>{SCRIPT}{IMAGE}"),),
            ),
        ),
    )
    fragment = render_html_fragment(doc)
    assert "<p>Hello</p>" in fragment
    assert "<script" not in fragment
    assert "<img" not in fragment


def test_the_file_carries_its_styles_and_pages_can_link_the_same_ones(document: ReportDocument) -> None:
    from django.contrib.staticfiles import finders

    tree = _tree(document)
    style = tree.find(".//style").text
    assert ".report-key-figure" in style
    assert ".govuk-table" in style
    assert finders.find("reports/report.css")
    assert "<style" not in render_html_fragment(document)
