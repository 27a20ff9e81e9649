"""Every table scrolls inside its own labelled, focusable box, so that no table widens the page.

The ``{% table_scroll %}`` tag draws the box. The audit below reads every template in the product
and fails on a ``<table>`` that is not inside one, so a new page cannot bring the problem back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Engine, TemplateSyntaxError, engines
from django.template.base import Node, TextNode

import wellboard
from wellboard.core.templatetags.govuk import TableScrollNode

PACKAGE = Path(wellboard.__file__).resolve().parent
TABLE = re.compile(r"<table\b")


# Templates whose tables are not yet in a box. Each entry must still have such a table (checked
# below), so the list only ever shrinks.
def _engine() -> Engine:
    return engines["django"].engine  # type: ignore[attr-defined,no-any-return]


def _render(source: str, **context: object) -> str:
    return _engine().from_string(source).render(Context(context))


def test_names_wrap_between_their_parts_and_stay_escaped() -> None:
    assert _render("{{ v|break_points }}", v="organization.description") == "organization<wbr>.description"
    assert _render("{{ v|break_points }}", v="a/b_c.csv") == "a/<wbr>b_c<wbr>.csv"
    assert _render("{{ v|break_points }}", v="<b>.&") == "&lt;b&gt;<wbr>.&amp;"
    assert _render("{{ v|break_points }}", v=None) == ""


def test_the_box_is_a_focusable_region_named_after_the_table() -> None:
    html = _render(
        '{% table_scroll "Milestones of" ref %}<table class="govuk-table"></table>{% endtable_scroll %}',
        ref="A1.2",
    )
    assert html == (
        '<div class="wb-table-scroll" tabindex="0" role="region" aria-label="Milestones of A1.2 (table)">'
        '<table class="govuk-table"></table></div>'
    )


def test_the_name_is_escaped_and_leaves_out_empty_words() -> None:
    html = _render(
        '{% table_scroll "Actions" missing title label|default:absent %}x{% endtable_scroll %}',
        title='Say "hi" & <go>',
    )
    assert 'aria-label="Actions Say &quot;hi&quot; &amp; &lt;go&gt; (table)"' in html
    assert html.endswith(">x</div>")


def test_what_is_inside_keeps_its_own_escaping() -> None:
    html = _render("{% table_scroll 'People' %}<td>{{ name }}</td>{% endtable_scroll %}", name="<b>Ann</b>")
    assert "<td>&lt;b&gt;Ann&lt;/b&gt;</td>" in html


def test_a_box_without_a_name_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError, match="needs the words that name the table"):
        _render("{% table_scroll %}<table></table>{% endtable_scroll %}")


def _templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.html") if "templates" in p.relative_to(PACKAGE).parts)


def _tables_outside_a_box(path: Path) -> list[str]:
    """The start of each text of the template with a ``<table`` outside a ``{% table_scroll %}``."""
    nodelist = _engine().from_string(path.read_text(encoding="utf-8")).nodelist
    texts: list[Node] = nodelist.get_nodes_by_type(TextNode)
    boxed = {
        id(n)
        for box in nodelist.get_nodes_by_type(TableScrollNode)
        for n in box.nodelist.get_nodes_by_type(TextNode)
    }
    return [
        node.s[match.start() : match.start() + 60]  # type: ignore[attr-defined]
        for node in texts
        if id(node) not in boxed
        for match in TABLE.finditer(node.s)  # type: ignore[attr-defined]
    ]


def test_the_audit_reads_the_templates_and_sees_a_table_outside_a_box(tmp_path: Path) -> None:
    assert len(_templates()) > 50
    loose = tmp_path / "loose.html"
    loose.write_text(
        '{% if x %}<table class="govuk-table"></table>{% endif %}'
        '{% table_scroll "Boxed" %}{% for r in rows %}<table class="govuk-table"></table>{% endfor %}'
        "{% endtable_scroll %}",
        encoding="utf-8",
    )
    assert _tables_outside_a_box(loose) == ['<table class="govuk-table"></table>']


def test_every_table_in_every_template_is_in_a_box() -> None:
    loose = {
        str(path.relative_to(PACKAGE)): found
        for path in _templates()
        if (found := _tables_outside_a_box(path))
    }
    assert loose == {}
