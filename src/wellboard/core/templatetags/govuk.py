"""Template helpers for GOV.UK markup. Loaded as a builtin, so templates need no ``{% load %}``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

from django import forms, template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from wellboard.core.clock import LONDON
from wellboard.core.forms import widget_kind as _widget_kind
from wellboard.core.periods import period_label as _period_label
from wellboard.core.rag import RAG_MEANINGS, RAG_TAG_CLASSES, Rag
from wellboard.core.text import plural_noun

register = template.Library()

VENDOR = {
    "govuk-frontend": "vendor/govuk-frontend-5.14.0",
    "htmx": "vendor/htmx-2.0.11",
    "vega": "vendor/vega-6.4.0",
    "vega-lite": "vendor/vega-lite-6.4.3",
    "vega-embed": "vendor/vega-embed-7.3.0",
    "vega-interpreter": "vendor/vega-interpreter-2.3.2",
    "axe-core": "vendor/axe-core-4.14.1",
}


@register.simple_tag
def vendor(package: str, filename: str) -> str:
    """URL of a vendored front-end file, e.g. ``{% vendor "htmx" "htmx.min.js" %}``."""
    return static(f"{VENDOR[package]}/{filename}")


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    return _widget_kind(field.field.widget)


@register.simple_tag
def rag(value: str | None, meaning: bool = False) -> SafeString:
    """A RAG rating as a GOV.UK tag: always the word, never colour alone."""
    try:
        rating = Rag(value or Rag.NOT_RATED)
    except ValueError:
        rating = Rag.NOT_RATED
    if meaning:
        return format_html(
            '<strong class="govuk-tag {} wb-rag" title="{}">{}</strong>',
            RAG_TAG_CLASSES[rating],
            RAG_MEANINGS[rating],
            rating.label,
        )
    return format_html(
        '<strong class="govuk-tag {} wb-rag">{}</strong>', RAG_TAG_CLASSES[rating], rating.label
    )


@register.filter
def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """'5 March 2024' (or '5 March 2024 at 2:30pm' for a moment), in London time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        local = value.astimezone(LONDON)
        hour = local.strftime("%I").lstrip("0")
        return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{local:%p}".replace("AM", "am").replace(
            "PM", "pm"
        )
    return f"{value.day} {value:%B %Y}"


@register.filter
def period_label(code: str | None) -> str:
    """A stored period code as people read it: '2020-09-14/2W' becomes '14 Sep to 27 Sep 2020'."""
    return _period_label(code)


@register.filter
def plural(noun: str) -> str:
    """The plural of a singular noun people named, such as a strategy level: 'Priority' → 'Priorities'."""
    return plural_noun(str(noun))


@register.filter
def break_points(value: Any) -> SafeString:
    """``value`` escaped, with a place to wrap before each dot and after each slash, so that a field
    path ('organization.description') or a file name ('export_93356.csv') wraps between its parts
    in a narrow column rather than widening it or breaking mid-word."""
    text = conditional_escape("" if value is None else str(value))
    # Escaping leaves no dot or slash inside an entity, so none is split.
    return mark_safe(re.sub(r"(?<=.)(?=\.)|(?<=/)(?=.)", "<wbr>", text))


@register.filter
def short_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced, for filters and pagination links."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted((k, v) for k, v in params.items()))
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(form: forms.Form) -> dict[str, Any]:
    return {"form": form}


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


class TableScrollNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, label: list[FilterExpression], nodelist: NodeList) -> None:
        self.label = label
        self.nodelist = nodelist

    @staticmethod
    def _word(part: FilterExpression, context: template.Context) -> str:
        try:
            return str(part.resolve(context, ignore_failures=True) or "")
        except template.VariableDoesNotExist:  # a filter's argument that is not there
            return ""

    def render(self, context: template.Context) -> SafeString:
        label = " ".join(word for word in (self._word(part, context) for part in self.label) if word)
        # The content is the template's own output, already escaped where it needed to be.
        content = mark_safe(self.nodelist.render(context))
        return format_html(
            '<div class="wb-table-scroll" tabindex="0" role="region" aria-label="{} (table)">{}</div>',
            label,
            content,
        )


@register.tag
def table_scroll(parser: Parser, token: Token) -> TableScrollNode:
    """A table that scrolls sideways inside its own box, so that it never widens the page.

    ``{% table_scroll "Milestones of action" action.ref %}<table …>…</table>{% endtable_scroll %}``

    The box is a region named by the words given (joined with spaces, with " (table)" after them)
    that takes the keyboard focus, so that people who cannot use a mouse can scroll it too. Every
    ``govuk-table`` goes in one: a test fails on any template with a table outside.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f'{bits[0]} needs the words that name the table, e.g. {{% {bits[0]} "Milestones" %}}'
        )
    label = [parser.compile_filter(bit) for bit in bits[1:]]
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    return TableScrollNode(label, nodelist)
