"""Reading quizapp pages as a scripted student: forms, links, and a valid answer to any question."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

WORDS = ["Roscosmos", "Beijing", "moon", "station", "Rogozin", "memorandum"]


@dataclass
class Control:
    kind: str  # an input's type ("hidden", "text", "radio", ...), "select", "textarea", "submit"
    name: str
    value: str = ""  # a select's: the option selected
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    action: str
    controls: list[Control] = field(default_factory=list)

    def hidden(self) -> list[tuple[str, str]]:
        return [(c.name, c.value) for c in self.controls if c.kind == "hidden"]

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.controls)

    def filled(self) -> list[tuple[str, str]]:
        """What a browser sends when no box is changed and no button named: every text, hidden
        field, textarea and select, and the boxes that are ticked."""
        sent = []
        for c in self.controls:
            if c.kind in {"checkbox", "radio"}:
                if c.checked:
                    sent.append((c.name, c.value or "on"))
            elif c.kind == "select":
                sent.append((c.name, c.value or next(iter(c.options), "")))
            elif c.kind not in {"submit", "file", "button", "reset", "image"}:
                sent.append((c.name, c.value))
        return sent


class Page(HTMLParser):
    """The forms, links and question type of one HTML page."""

    def __init__(self, path: str, html: str) -> None:
        super().__init__()
        self.path = path
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.qtype: str | None = None
        self._form: Form | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(found.get("action") or self.path)
            self.forms.append(self._form)
        elif tag == "a" and found.get("href"):
            self.links.append(found["href"])
        elif tag == "article" and "question" in found.get("class", "").split():
            self.qtype = found.get("data-type")
        elif tag == "option" and self._select is not None:
            self._select.options.append(found.get("value", ""))
            if "selected" in found:
                self._select.value = found.get("value", "")
        elif self._form is not None and found.get("name"):
            self._control(self._form, tag, found)

    def _control(self, form: Form, tag: str, found: dict[str, str]) -> None:
        if tag == "input":
            kind = found.get("type", "text").lower()
            value = found.get("value", "")
            form.controls.append(Control(kind, found["name"], value, checked="checked" in found))
        elif tag == "button" and found.get("type", "submit") == "submit":
            form.controls.append(Control("submit", found["name"], found.get("value", "")))
        elif tag == "select":
            self._select = Control("select", found["name"])
            form.controls.append(self._select)
        elif tag == "textarea":
            self._textarea = Control("textarea", found["name"])
            form.controls.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline that starts a textarea's content.
            self._textarea.value = self._textarea.value.removeprefix("\r").removeprefix("\n")
            self._textarea = None

    def form(self, *, action: str = "", field: str = "") -> Form | None:
        """The first form whose action ends with `action` and that has a control named `field`."""
        for form in self.forms:
            if form.action.endswith(action) and (not field or form.has(field)):
                return form
        return None


def typed_answer(qtype: str, rng: random.Random) -> str:
    return str(rng.randint(1957, 2035)) if qtype == "numeric" else rng.choice(WORDS)


def pick_in_groups(
    groups: dict[tuple[str, str], list[str]], rng: random.Random
) -> list[tuple[str, str]]:
    """One radio button or submit button of each name; one or more checkboxes of each name.

    "I don't know" is a submit button too, but a student who always gives up measures nothing:
    it is left out, and the answer is a real one.
    """
    picked: list[tuple[str, str]] = []
    for (kind, name), values in groups.items():
        if name == "dont_know":
            continue
        if kind == "checkbox":
            picked += [(name, v) for v in rng.sample(values, rng.randint(1, len(values)))]
        elif kind in {"radio", "submit"}:
            picked.append((name, rng.choice(values)))
    return picked


def pick_in_selects(
    selects: list[Control], qtype: str, rng: random.Random
) -> list[tuple[str, str]]:
    """Each position (ordering) or target (matching) once, in a random order: the same target
    twice is refused."""
    if not selects:
        return []
    choices = [option for option in selects[0].options if option]
    rng.shuffle(choices)
    return [(s.name, c) for s, c in zip(selects, choices, strict=False)]


def answer_fields(form: Form, qtype: str, rng: random.Random) -> list[tuple[str, str]]:
    """A random answer the server must record: right or wrong, but valid for the question type."""
    fields = form.hidden()  # csrf_token, token, and whatever else the page carries
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    selects: list[Control] = []
    for control in form.controls:
        if control.kind == "text":
            fields.append((control.name, typed_answer(qtype, rng)))
        elif control.kind == "select":
            selects.append(control)
        elif control.kind != "hidden":
            groups[(control.kind, control.name)].append(control.value)
    return fields + pick_in_groups(groups, rng) + pick_in_selects(selects, qtype, rng)
