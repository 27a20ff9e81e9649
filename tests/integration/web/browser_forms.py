"""Reading a page's forms the way a browser does, to post them back exactly as a person would.

``page_forms(html)`` parses the markup with the standard library's HTML parser and returns each
``<form>`` with its controls in document order. ``HtmlForm.entries()`` then builds the form data a
browser sends when the form is submitted (HTML's "constructing the entry list"):

- text inputs, hidden inputs and the like with their ``value``; a checkbox or radio button only when
  it is checked (value ``on`` when it has none), and of a radio group only the last one marked
  checked, since checking one unchecks the others;
- of a ``<select>`` its selected options, or, for a single select with none marked, its first option
  that is not disabled;
- a ``<textarea>``'s text without the one line break that may follow the start tag;
- nothing that is disabled, directly or through a disabled ``<fieldset>``, and nothing without a name;
- the name and value of the button that submits the form, when it has a name;
- line breaks written as CR LF, as every browser encodes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

BUTTON_TYPES = frozenset({"submit", "image", "reset", "button"})
# input types whose value a browser keeps on one line (HTML's value sanitisation)
SINGLE_LINE_TYPES = frozenset({"text", "search", "tel", "url", "email", "password"})
TRIMMED_TYPES = frozenset({"url", "email"})
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FLOAT = re.compile(r"^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$")


@dataclass
class Option:
    value: str | None  # None: the option has no value attribute and submits its text
    selected: bool
    disabled: bool
    text: str = ""

    def submitted_value(self) -> str:
        return self.value if self.value is not None else " ".join(self.text.split())


@dataclass
class Control:
    """One input, select, textarea or button."""

    tag: str
    name: str
    type: str = ""
    value: str = ""
    checked: bool = False
    disabled: bool = False
    multiple: bool = False
    text: str = ""  # a button's label
    options: list[Option] = field(default_factory=list)

    @property
    def is_button(self) -> bool:
        return (self.tag == "button" and self.type in {"submit", "reset", "button"}) or (
            self.tag == "input" and self.type in BUTTON_TYPES
        )

    @property
    def is_submit_button(self) -> bool:
        return self.is_button and self.type in {"submit", "image"}

    @property
    def is_visible_field(self) -> bool:
        """Something a person fills in or chooses, as opposed to hidden state and buttons."""
        return not self.is_button and not (self.tag == "input" and self.type == "hidden")

    def selected_values(self) -> list[str]:
        chosen = [o for o in self.options if o.selected]
        if not self.multiple:
            # selecting an option deselects the others; with none selected, the first that can be is
            chosen = chosen[-1:] or [o for o in self.options if not o.disabled][:1]
        return [o.submitted_value() for o in chosen if not o.disabled]


@dataclass
class HtmlForm:
    action: str  # as written; "" means the page's own address
    method: str
    enctype: str
    form_id: str
    controls: list[Control] = field(default_factory=list)

    def url(self, page_url: str) -> str:
        """Where the browser sends the form: its action resolved against the page's address."""
        return urljoin(page_url, self.action) if self.action else page_url

    def value_of(self, name: str) -> str | None:
        for control in self.controls:
            if control.name == name and control.tag == "input":
                return control.value
        return None

    @property
    def has_file_input(self) -> bool:
        return any(c.tag == "input" and c.type == "file" for c in self.controls)

    def submit_buttons(self) -> list[Control]:
        return [c for c in self.controls if c.is_submit_button and not c.disabled]

    def entries(self, submitter: Control | None = None) -> list[tuple[str, str]]:
        """The name/value pairs a browser sends when ``submitter`` (by default the form's first
        submit button, which is what pressing Enter uses) submits the form."""
        if submitter is None:
            buttons = self.submit_buttons()
            submitter = buttons[0] if buttons else None
        checked_radio: dict[str, Control] = {}
        for control in self.controls:
            if control.tag == "input" and control.type == "radio" and control.checked:
                checked_radio[control.name] = control  # the last one marked checked wins
        entries: list[tuple[str, str]] = []
        for control in self.controls:
            if control.disabled or not control.name:
                continue
            if control.is_button:
                if control is submitter:
                    entries.append((control.name, control.value))
                continue
            if control.tag == "select":
                entries.extend((control.name, value) for value in control.selected_values())
            elif control.tag == "textarea":
                entries.append((control.name, control.value))
            elif control.type == "radio":
                if checked_radio.get(control.name) is control:
                    entries.append((control.name, control.value or "on"))
            elif control.type == "checkbox":
                if control.checked:
                    entries.append((control.name, control.value or "on"))
            elif control.type == "file":
                entries.append((control.name, ""))
            else:
                entries.append((control.name, _sanitised(control.type, control.value)))
        return [(_crlf(name), _crlf(value)) for name, value in entries]

    def encoded(self, submitter: Control | None = None) -> str:
        """The body of the POST, ``application/x-www-form-urlencoded``."""
        return urlencode(self.entries(submitter))


def _sanitised(input_type: str, value: str) -> str:
    if input_type in SINGLE_LINE_TYPES:
        value = value.replace("\r", "").replace("\n", "")
    if input_type in TRIMMED_TYPES:
        value = value.strip(" \t\n\f\r")
    if input_type == "date" and not DATE.match(value):
        return ""
    if input_type == "number" and not FLOAT.match(value):
        return ""
    return value


def _crlf(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._by_id: dict[str, HtmlForm] = {}
        self._owned_elsewhere: list[tuple[str, Control]] = []  # controls with a form="id" attribute
        self._form: HtmlForm | None = None
        self._fieldsets: list[bool] = []  # whether each open fieldset is disabled
        self._select: Control | None = None
        self._optgroup_disabled = False
        self._option: Option | None = None
        self._textarea: Control | None = None
        self._textarea_fresh = False
        self._button: Control | None = None

    # -- elements
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", "application/x-www-form-urlencoded"),
                form_id=a.get("id", ""),
            )
            self.forms.append(self._form)
            if self._form.form_id:
                self._by_id[self._form.form_id] = self._form
        elif tag == "fieldset":
            self._fieldsets.append("disabled" in a)
        elif tag == "input":
            input_type = a.get("type", "text").lower()
            self._add(
                Control(
                    tag="input",
                    name=a.get("name", ""),
                    type=input_type,
                    value=a.get("value", ""),
                    checked="checked" in a,
                    disabled=self._disabled(a),
                ),
                a,
            )
        elif tag == "button":
            self._button = Control(
                tag="button",
                name=a.get("name", ""),
                type=a.get("type", "submit").lower(),
                value=a.get("value", ""),
                disabled=self._disabled(a),
            )
            self._add(self._button, a)
        elif tag == "select":
            self._select = Control(
                tag="select", name=a.get("name", ""), multiple="multiple" in a, disabled=self._disabled(a)
            )
            self._add(self._select, a)
        elif tag == "optgroup":
            self._optgroup_disabled = "disabled" in a
        elif tag == "option" and self._select is not None:
            self._option = Option(
                value=a.get("value"),
                selected="selected" in a,
                disabled="disabled" in a or self._optgroup_disabled,
            )
            self._select.options.append(self._option)
        elif tag == "textarea":
            self._textarea = Control(tag="textarea", name=a.get("name", ""), disabled=self._disabled(a))
            self._textarea_fresh = True
            self._add(self._textarea, a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        elif tag == "select":
            self._select = None
            self._option = None
        elif tag == "optgroup":
            self._optgroup_disabled = False
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "button":
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            if self._textarea_fresh:
                # a line break straight after <textarea> is not part of its value
                data = data.removeprefix("\r\n") if data.startswith("\r\n") else data.removeprefix("\n")
                self._textarea_fresh = False
            self._textarea.value += data
        elif self._option is not None:
            self._option.text += data
        elif self._button is not None:
            self._button.text += data

    # -- helpers
    def _disabled(self, attrs: dict[str, str]) -> bool:
        return "disabled" in attrs or any(self._fieldsets)

    def _add(self, control: Control, attrs: dict[str, str]) -> None:
        owner = attrs.get("form")
        if owner:
            self._owned_elsewhere.append((owner, control))
        elif self._form is not None:
            self._form.controls.append(control)

    def close(self) -> None:
        super().close()
        for owner, control in self._owned_elsewhere:
            if owner in self._by_id:
                self._by_id[owner].controls.append(control)


def page_forms(html: str) -> list[HtmlForm]:
    """Every form on the page, with its controls in document order."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def page_links(html: str) -> list[str]:
    """The ``href`` of every link on the page, as written."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    return parser.hrefs
