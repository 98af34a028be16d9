"""A page's forms as a browser sends them: what each control holds as the page is served (checked radios and
checkboxes, text, the selected option), plus the button pressed. Tests submit a page's own form this way, so a task
whose page has no form, or no button, fails where an officer would be stuck."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Button:
    text: str
    name: str
    value: str


@dataclass
class Form:
    action: str
    method: str
    controls: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)

    def button(self, text: str) -> Button | None:
        return next((b for b in self.buttons if b.text.strip() == text), None)

    def data(self, button: Button, **changes: str | list[str]) -> dict[str, list[str]]:
        """What pressing `button` sends, with `changes` put in place of the controls of those names."""
        sent: dict[str, list[str]] = {}
        for name, value in self.controls:
            sent.setdefault(name, []).append(value)
        if button.name:
            sent.setdefault(button.name, []).append(button.value)
        for name, value in changes.items():
            sent[name] = value if isinstance(value, list) else [value]
        return sent


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._option: tuple[str, bool, list[str]] | None = None
        self._button: tuple[str, str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None or "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "image"):
                self._form.buttons.append(Button(a.get("value", ""), a.get("name", ""), a.get("value", "")))
            elif kind in ("radio", "checkbox"):
                if "checked" in a and a.get("name"):
                    self._form.controls.append((a["name"], a.get("value", "on")))
            elif kind != "file" and a.get("name"):
                self._form.controls.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = (a.get("name", ""), [])
        elif tag == "select":
            self._select = a.get("name", "")
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value", ""), "selected" in a, [])
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._button = (a.get("name", ""), a.get("value", ""), [])

    def handle_data(self, data: str) -> None:
        for open_ in (self._textarea, self._option, self._button):
            if open_ is not None:
                open_[-1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            if name:
                self._form.controls.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._form is not None and self._select:
            value, selected, _ = self._option
            if selected:
                self._form.controls.append((self._select, value))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "button" and self._button is not None and self._form is not None:
            name, value, text = self._button
            self._form.buttons.append(Button(" ".join("".join(text).split()), name, value))
            self._button = None


def page_forms(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms


def form_with(html: str, button: str) -> tuple[Form, Button]:
    """The form whose button reads `button`; fails naming the buttons the page has when there is none."""
    forms = page_forms(html)
    for form in forms:
        found = form.button(button)
        if found is not None:
            return form, found
    seen = [b.text for f in forms for b in f.buttons]
    raise AssertionError(f"no form with the button {button!r} on the page (buttons: {seen})")
