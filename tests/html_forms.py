"""The forms of a page as a browser sends them, for tests that change one field and save."""

from html.parser import HTMLParser


class PageForms(HTMLParser):
    """Each <form> of a page: its action and the name → value of what a browser would send
    (text, hidden, number and date inputs, ticked boxes and radios, the selected option or the
    first one, textareas' text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None
        self._first_option = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action") or "", "fields": {}, "options": {},
                          "names": set()}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attrs.get("name")
        if name:
            self._form["names"].add(name)
        if tag == "input" and name and attrs.get("type") == "radio":
            self._form["options"].setdefault(name, []).append(attrs.get("value", ""))
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                fields[name] = attrs.get("value") or ("on" if attrs.get("type") == "checkbox"
                                                      else "")
        elif tag == "select" and name:
            self._select, self._first_option = name, True
        elif tag == "option" and self._select:
            self._form["options"].setdefault(self._select, []).append(attrs.get("value", ""))
            if "selected" in attrs or self._first_option:
                fields[self._select] = attrs.get("value", "")
            self._first_option = False
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            # A textarea's content starts after the newline the template puts after the tag.
            text = self._form["fields"][self._textarea] + data
            self._form["fields"][self._textarea] = text.removeprefix("\n")

    def holding(self, name: str) -> dict:
        """The form that holds `name`: {"fields": what it sends, "options": each select's and
        radio group's values}."""
        # The page's own form (no action) before the header's (language, logout).
        for form in sorted(self.forms, key=lambda form: bool(form["action"])):
            if name in form["names"]:
                return {"fields": dict(form["fields"]), "options": form["options"]}
        raise LookupError(f"no form of the page has a field {name!r}")
