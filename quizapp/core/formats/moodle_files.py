"""Pictures inside Moodle XML, carried as Moodle carries a question's files: each text element
that shows one (<questiontext>, <generalfeedback>, <answer>, <feedback>, <subquestion>…) holds,
after its <text>, `<file name="…" path="/" encoding="base64">…</file>`, and its HTML refers to
the file as `@@PLUGINFILE@@/<name>` (Moodle's question/format/xml importer reads them so).

quizapp writes each picture under its own name (`<sha256>.<ext>`). Reading, every file of a
question is decoded and drawn afresh exactly as an upload is (`quizapp.core.pictures`); a file
that is no picture quizapp can show is named, with the reason, and left out.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from quizapp.core.formats.common import picture_alts
from quizapp.core.markup import MOODLE_FILES
from quizapp.core.pictures import NAME, Picture, prepare

_SHOWN = re.compile(rf"{re.escape(MOODLE_FILES)}({NAME.pattern})")


def _file(data: bytes, name: str) -> Element:
    element = Element("file", name=name, path="/", encoding="base64")
    element.text = base64.b64encode(data).decode("ascii")
    return element


def attach(question: Element, media: Mapping[str, bytes]) -> None:
    """Put into each text element of the question the pictures its HTML shows, after <text>,
    once each; a picture the bank does not hold is left as a reference only."""
    for holder in question.iter():
        body = holder.findtext("text")
        if not body or holder.find("text") is None:
            continue
        names = dict.fromkeys(_SHOWN.findall(body))
        files = [_file(media[name], name) for name in names if name in media]
        for place, element in enumerate(files, 1):
            holder.insert(place, element)


def decoded(element: Element) -> bytes:
    """The bytes of a <file>; ValueError when it is not base64 as Moodle writes it."""
    if (element.get("encoding") or "base64").strip().lower() != "base64":
        raise ValueError("it is not base64-encoded")
    try:
        return base64.b64decode("".join((element.text or "").split()), validate=True)
    except binascii.Error:
        raise ValueError("its base64 text is damaged") from None


# Set on each <file> read as a picture: the bank's name for it. No attribute parsed from XML can
# have this name (it starts with NUL), so a file cannot claim a picture it does not hold.
_PICTURE = "\0picture"


@dataclass
class Files:
    """A question's files: those kept as pictures by the bank's name, those refused, said why."""

    pictures: dict[str, Picture] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


def take_files(question: Element) -> Files:
    """Read every <file> of the question as an upload is read; a file that is no picture quizapp
    can show is taken out of the question, and named with the reason."""
    found = Files()
    held = [(holder, file) for holder in question.iter() for file in holder.findall("file")]
    for holder, file in held:
        name = (file.get("name") or "").strip()
        try:
            picture = prepare(decoded(file))
        except ValueError as why:  # PictureRefused is one
            found.refused.append(f"the file {name!r} ({str(why).rstrip('.')})")
            holder.remove(file)
            continue
        file.set(_PICTURE, picture.name)
        found.pictures[picture.name] = picture
    return found


def pictures_of(element: Element) -> dict[str, str]:
    """The pictures a text element holds, by the address its HTML uses for each (its file's
    name after @@PLUGINFILE@@/); `take_files` has read them."""
    return {
        MOODLE_FILES + (file.get("name") or "").strip(): file.get(_PICTURE, "")
        for file in element.findall("file")
        if file.get(_PICTURE)
    }


def shown(
    questions: Iterable[Mapping[str, Any]], found: Mapping[str, Picture]
) -> dict[str, Picture]:
    """The pictures of `found` that the questions show (a question left out brings none)."""
    names = picture_alts(questions)
    return {name: picture for name, picture in found.items() if name in names}
