"""The form reader the round-trip test relies on builds form data as a browser does."""

from __future__ import annotations

from urllib.parse import parse_qsl

from tests.integration.web.browser_forms import page_forms, page_links

PAGE = """
<form method="get" action="/search/"><input name="q" value="x"></form>
<form method="post" novalidate id="edit">
  <input type="hidden" name="version" value="3">
  <input type="text" name="title" value="Befriending &amp; visits">
  <input type="email" name="email" value="  a@example.org ">
  <input type="checkbox" name="partners" value="1" checked>
  <input type="checkbox" name="partners" value="2">
  <input type="checkbox" name="partners" value="3" checked>
  <input type="checkbox" name="board_seat" checked>
  <input type="radio" name="rag" value="red" checked>
  <input type="radio" name="rag" value="amber" checked>
  <input type="radio" name="rag" value="green">
  <select name="node"><option value="">---------</option><option value="9" selected>2.2</option></select>
  <select name="kind"><option value="" disabled>Choose</option><option>  Local   authority </option></select>
  <select name="tags" multiple><option value="a" selected>A</option><option value="b">B</option>
    <option value="c" selected>C</option></select>
  <textarea name="description">
Line one.
Line two.</textarea>
  <input type="text" name="locked" value="no" disabled>
  <fieldset disabled><input type="text" name="inside" value="no"></fieldset>
  <input type="date" name="due" value="soon">
  <input type="text" value="unnamed">
  <button type="submit" name="action" value="submit">Save and submit</button>
  <button type="submit" name="action" value="save">Save draft</button>
</form>
<input type="text" name="outside" value="owned" form="edit">
<a href="/p/x/">home</a><a href="#top">top</a>
"""


def test_forms_are_read_with_their_method_and_action() -> None:
    search, edit = page_forms(PAGE)
    assert (search.method, search.action, search.url("/p/x/page/")) == ("get", "/search/", "/search/")
    assert (edit.method, edit.form_id, edit.url("/p/x/page/")) == ("post", "edit", "/p/x/page/")
    assert edit.value_of("version") == "3"
    assert [b.text for b in edit.submit_buttons()] == ["Save and submit", "Save draft"]


def test_entries_are_what_a_browser_sends() -> None:
    edit = page_forms(PAGE)[1]
    save_draft = edit.submit_buttons()[1]
    assert edit.entries(save_draft) == [
        ("version", "3"),
        ("title", "Befriending & visits"),
        ("email", "a@example.org"),
        ("partners", "1"),
        ("partners", "3"),
        ("board_seat", "on"),
        ("rag", "amber"),  # the last radio marked checked
        ("node", "9"),
        ("kind", "Local authority"),  # no option selected: the first that can be, by its text
        ("tags", "a"),
        ("tags", "c"),
        ("description", "Line one.\r\nLine two."),  # no leading line break; CR LF as browsers send
        ("due", ""),  # not a date
        ("action", "save"),
        ("outside", "owned"),
    ]


def test_the_default_button_is_the_first_and_the_body_is_url_encoded() -> None:
    edit = page_forms(PAGE)[1]
    sent = parse_qsl(edit.encoded(), keep_blank_values=True)
    assert ("action", "submit") in sent
    assert ("description", "Line one.\r\nLine two.") in sent


def test_links() -> None:
    assert page_links(PAGE) == ["/p/x/", "#top"]
