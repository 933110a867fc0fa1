"""Script-injection attempts a hostile or careless author could type into a prompt or explanation,
and a parser that finds script or dangerous links in the HTML they end up in.

Shared by the Markdown tests (tests/core/test_markup.py) and the page tests
(tests/views/test_xss.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

PAYLOADS: list[str] = [
    # Script elements, plain, mixed-case, split and unclosed
    "<script>alert(1)</script>",
    "<ScRiPt SRC=//evil.example/x.js></sCrIpT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script>alert(1)",
    '"><script>alert(document.cookie)</script>',
    "</p></h1></legend><script>alert(1)</script>",
    # Event handlers on harmless-looking elements
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="x" ONERROR="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="#" onmouseover="alert(1)">hover me</a>',
    "<p onclick=alert(1)>click me</p>",
    "<input autofocus onfocus=alert(1)>",
    # SVG and MathML
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s/></svg>",
    "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>x</text></a></svg>",
    '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Links with dangerous schemes, in every Markdown form
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](jav&#x0A;ascript:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:image/svg+xml,<svg onload=alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[ref link][evil]\n\n[evil]: javascript:alert(1)",
    '[titled](javascript:alert(1) "title")',
    '[quote](https://example.org/" onmouseover="alert(1))',
    "![image](javascript:alert(1))",
    "![image](https://example.org/x.png)",
    '<a href="javascript:alert(1)">raw link</a>',
    '<a href="jav&#x09;ascript:alert(1)">encoded raw link</a>',
    # Styles
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<p style="width:expression(alert(1))">old IE</p>',
    "<style>body{background:url('javascript:alert(1)')}</style>",
    # Frames, plugins, forms, meta and base
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # Template injection: must stay literal text
    "{{7*7}}",
    "{% raw %}{{ config }}{% endraw %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${7*7} #{7*7} <%= 7*7 %>",
    # Comments, CDATA, null bytes and other oddities
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "[null](java\x00script:alert(1))",
    "`<script>alert(1)</script>` in code",
    "**<img src=x onerror=alert(1)>** and *<svg onload=alert(1)>*",
    "- <script>alert(1)</script>\n- [x](javascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u202e<script>alert(1)</script>",
]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# What browsers ignore inside a URL's scheme: ASCII whitespace and C0 controls (and NUL).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


def url_scheme(href: str) -> str | None:
    """The scheme a browser would see in an (already unescaped) href; None for a relative URL."""
    found = _SCHEME.match(_IGNORED_IN_URL.sub("", href).lower())
    return found.group(1) if found else None


VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    inside: tuple[str, ...]  # the class attributes of the elements it sits in, outermost first


class PageParser(HTMLParser):
    """Every element of an HTML text, with its attributes unescaped, and the text between them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text: list[str] = []
        self._open: list[tuple[str, str]] = []  # (tag, class) of the elements not yet closed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, values, tuple(cls for _, cls in self._open if cls)))
        if tag not in VOID:
            self._open.append((tag, values.get("class", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, values, tuple(cls for _, cls in self._open if cls)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def active_content(element: Element) -> list[str]:
    """What in one element could run script or leave the page, whatever the element is."""
    found = [
        f"<{element.tag} {name}=...>"
        for name in element.attrs
        if name.startswith("on") or name in {"style", "srcdoc"}
    ]
    for name in ("href", "src", "action", "formaction", "data"):
        if name in element.attrs:
            scheme = url_scheme(element.attrs[name])
            if scheme is not None and scheme not in SAFE_SCHEMES:
                found.append(f"<{element.tag} {name}={element.attrs[name]!r}>")
    return found
