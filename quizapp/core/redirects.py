"""Which `next` values a page may send a browser to after logging in: paths on this site only."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

# Categories a browser may strip, fold or treat as a separator when it parses a Location: controls,
# format characters (bidi overrides, zero-width) and every kind of space.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site ('/banks/?x=1'), otherwise None.

    Refused: anything with a scheme or a host ('https:x', '//x', 'javascript:'), a backslash (which
    browsers read as '/'), and any control, format or space character (browsers drop tabs and
    newlines, so '/\\t/evil' would become '//evil').
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
