"""HTML from other quiz tools turned into quizapp's text: `markdown_of` keeps what quizapp's
Markdown subset can show (paragraphs, line breaks, emphasis, strong, code, lists and http, https
or mailto links) and drops every other tag, attribute and style, keeping the words; `text_of`
keeps the words only, for options and answers, which are shown as plain text.

Raw HTML never passes through: every word is escaped so that it reads as itself in Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote

from quizapp.core import limits
from quizapp.core.markup import SCHEMES, plain
from quizapp.core.pictures import SCHEME

_INLINE = {"em": "*", "i": "*", "cite": "*", "strong": "**", "b": "**"}
_CODE = frozenset({"code", "tt", "kbd", "samp"})
_LISTS = frozenset({"ul", "ol"})
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
    | {"section", "article", "header", "footer", "address", "figure", "dl", "dt", "dd", "tr"}
)
_HIDDEN = frozenset({"script", "style", "head", "title", "template", "xml", "object"})
_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\d*)([-+#.)])(?=\s|$)")
_ITEM = "\0"  # starts the line of a list item, which is not escaped as the other lines are
_LINE = re.compile(r"^( *)(\S(?:.*\S)?)( *)$", re.MULTILINE)
_URL_SAFE = ":/?#@!$&*+,;=%~.-_'"
_DOUBLE = re.compile(" {2,}")
_SPACES = re.compile(r"[ \t\r\n\f\xa0]+")  # no-break spaces too: Word pastes them everywhere
# A kept picture's place while the text around it is converted; these characters are taken out
# of the HTML's own text, so only the converter writes them.
_PICTURE = "\ue104{}\ue105"
_HELD_PICTURE = re.compile("\ue104([0-9]+)\ue105")
_HOLDERS = re.compile("[\ue104\ue105]")


@dataclass
class _Open:
    tag: str
    parts: list[str] = field(default_factory=list)
    href: str = ""


def _wrapped(before: str, content: str, after: str) -> str:
    """Each line of the content between `before` and `after`, its outer spaces kept outside,
    where Markdown needs them."""
    return _LINE.sub(lambda m: f"{m.group(1)}{before}{m.group(2)}{after}{m.group(3)}", content)


def _code(content: str) -> str:
    fence = "``" if "`" in content else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{content.strip()}{pad}{fence}" if content.strip() else content


def _link(href: str, content: str) -> str:
    """A link when its address is one quizapp keeps (http, https, mailto), else its words."""
    href = href.strip()
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme not in SCHEMES or "\n" in content.strip():
        return content
    return _wrapped("[", content, f"]({quote(href, safe=_URL_SAFE)})")


def picture_src(src: str | None, pictures: Mapping[str, str]) -> str | None:
    """The picture an <img>'s address names, as written or %-encoded (Moodle encodes spaces)."""
    src = (src or "").strip()
    return pictures.get(src) or pictures.get(unquote(src))


def _alt(alt: str, src: str) -> str:
    """Alt text that fits `![...]`: one line, no brackets; without any, the file's name (the
    bank's checks want every picture described, and the teacher sees this one to improve)."""
    alt = " ".join(_HOLDERS.sub("", alt).replace("[", "(").replace("]", ")").split())
    return (alt or unquote(src).rsplit("/", 1)[-1].strip())[: limits.PICTURE_ALT]


class _Converter(HTMLParser):
    def __init__(self, pictures: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [_Open("")]
        self.lists: list[list[int]] = []  # one counter per open list; 0 for a bullet list
        self.hidden = 0
        self.pictures = pictures
        self.held: list[str] = []  # each kept picture as quizapp writes it

    def _emit(self, text: str) -> None:
        self.stack[-1].parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self._emit("\n")
        elif tag == "img" and not self.hidden:
            self._picture(dict(attrs))
        elif tag in _LISTS:
            self.lists.append([1 if tag == "ol" else 0])
            self._emit("\n\n")
        elif tag == "li":
            self._item()
        elif tag in _BLOCKS and not self.lists:  # in a list, a block only ends a line
            self._emit("\n\n")
        elif tag in _INLINE or tag in _CODE or tag == "a":
            self.stack.append(_Open(tag, href=dict(attrs).get("href") or ""))

    def _picture(self, attrs: dict[str, str | None]) -> None:
        name = picture_src(attrs.get("src"), self.pictures)
        if name is not None:
            alt = _alt(attrs.get("alt") or "", attrs.get("src") or name)
            self.held.append(f"![{alt}]({SCHEME}{name})")
            self._emit(_PICTURE.format(len(self.held) - 1))

    def _item(self) -> None:
        counter = self.lists[-1] if self.lists else [0]
        indent = "   " * (len(self.lists) - 1)
        marker = f"{counter[0]}." if counter[0] else "-"
        counter[0] += 1 if counter[0] else 0
        self._emit(f"\n{_ITEM}{indent}{marker} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _LISTS and self.lists:
            self.lists.pop()
            self._emit("\n\n")
        elif tag in _BLOCKS:
            self._emit("\n" if self.lists else "\n\n")
        elif any(opened.tag == tag for opened in self.stack[1:]):
            while self._close() != tag:
                pass

    def _close(self) -> str:
        opened = self.stack.pop()
        content = "".join(opened.parts)
        inside = {o.tag for o in self.stack}
        if opened.tag == "a":
            self._emit(_link(opened.href, content))
        elif opened.tag in _CODE:
            self._emit(_code(content))
        elif opened.tag in _INLINE and not inside & _same(opened.tag):
            self._emit(_wrapped(_INLINE[opened.tag], content, _INLINE[opened.tag]))
        else:
            self._emit(content)
        return opened.tag

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        words = _SPACES.sub(" ", _HOLDERS.sub("", data.replace(_ITEM, "")))
        if not any(o.tag in _CODE for o in self.stack):
            words = _SPECIAL.sub(r"\\\1", words)
        self._emit(words)

    def result(self) -> str:
        while len(self.stack) > 1:
            self._close()
        return _tidy("".join(self.stack[0].parts))


def _same(tag: str) -> set[str]:
    return {t for t, marker in _INLINE.items() if marker == _INLINE[tag]}


def _tidy(text: str) -> str:
    """Lines without outer spaces (list items keep their indent), at most one blank line between
    paragraphs, and no line that Markdown would read as a list or a heading by accident."""
    lines = []
    for line in re.sub(r"[ \n]+" + _ITEM, "\n" + _ITEM, text).split("\n"):  # a tight list
        if line.startswith(_ITEM):
            body = line[1:].lstrip(" ")
            lines.append(line[1 : len(line) - len(body)] + _DOUBLE.sub(" ", body).rstrip(" "))
        else:
            lines.append(_LINE_START.sub(r"\1\\\2", _DOUBLE.sub(" ", line).strip(" ")))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _converted(html: str, pictures: Mapping[str, str] | None) -> tuple[str, list[str]]:
    converter = _Converter(pictures or {})
    converter.feed(html)
    converter.close()
    return converter.result(), converter.held


def markdown_of(html: str, pictures: Mapping[str, str] | None = None) -> str:
    """The HTML as quizapp's Markdown: what the subset can show kept, every other tag dropped.
    `pictures` maps an <img> address (a file of the question) to the bank's picture it is:
    those pictures are kept as `![alt](picture:<name>)`; any other <img> is dropped."""
    text, held = _converted(html, pictures)
    return _HELD_PICTURE.sub(lambda m: held[int(m.group(1))], text)


def text_of(html: str, pictures: Mapping[str, str] | None = None) -> str:
    """The words of the HTML only, one line per paragraph, line break or list item, with the
    pictures of `pictures` kept as in `markdown_of` (plain text shows them too)."""
    text, held = _converted(html, pictures)
    return _HELD_PICTURE.sub(lambda m: held[int(m.group(1))], plain(text))


_MEDIA = {
    "img": "a picture",
    "video": "a video",
    "audio": "a sound",
    "iframe": "an embedded page",
    "object": "an embedded object",
    "embed": "an embedded object",
}


class _Media(HTMLParser):
    def __init__(self, kept: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.kept = kept

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "img" and picture_src(named.get("src"), self.kept) is not None:
            return
        if tag in _MEDIA:
            name = (named.get("src") or named.get("data") or "").rsplit("/", 1)[-1].strip()
            self.found.append(f"{_MEDIA[tag]} ({name})" if name else _MEDIA[tag])


def media_in(html: str, kept: Mapping[str, str] | None = None) -> list[str]:
    """What the HTML shows that is not text (pictures, videos, embedded pages), which
    `markdown_of` leaves out: an import lists these as not kept instead of losing them unseen.
    The pictures of `kept` (as given to `markdown_of`) are not listed."""
    finder = _Media(kept or {})
    finder.feed(html)
    finder.close()
    return finder.found
