"""Pictures in Moodle XML: written inside the text that shows them, as Moodle writes a question's
files, and read back as the bank's pictures, each drawn afresh as an upload is."""

from __future__ import annotations

import base64
import zlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import fromstring

from quizapp.core import limits
from quizapp.core.formats import moodle_xml
from quizapp.core.formats.common import Parsed
from quizapp.core.pictures import prepare
from tests.world import png

RED = prepare(png((200, 0, 0)))
BLUE = prepare(png((0, 0, 200)))


def _choice(prompt: str, explanation: str = "", options: list[str] | None = None) -> dict[str, Any]:
    options = options or ["Paris", "Rome"]
    return {
        "key": "m.flag",
        "type": "choice",
        "prompt": prompt,
        "options": options,
        "answer": options[0],
        "explanation": explanation,
        "tags": ["easy"],
        "cite": [],
    }


def test_a_picture_travels_inside_the_text_that_shows_it_as_moodle_writes_files() -> None:
    raw = _choice(
        f"Whose flag? ![a red flag](picture:{RED.name})",
        f"Blue: ![a blue flag](picture:{BLUE.name})",
    )
    media = {RED.name: RED.data, BLUE.name: BLUE.data, "unused.png": b"x"}
    question = fromstring(moodle_xml.dump([raw], media)).find("question")
    assert question is not None
    text = question.find("questiontext")
    assert text is not None
    assert [child.tag for child in text][:2] == ["text", "file"]  # after <text>, as Moodle's
    (shown,) = text.findall("file")
    assert shown.attrib == {"name": RED.name, "path": "/", "encoding": "base64"}
    assert base64.b64decode(shown.text or "") == RED.data
    assert f'<img src="@@PLUGINFILE@@/{RED.name}" alt="a red flag" loading="lazy">' in (
        text.findtext("text") or ""
    )
    feedback = question.find("generalfeedback")
    assert feedback is not None
    assert [f.get("name") for f in feedback.findall("file")] == [BLUE.name]
    # Only the pictures a text shows travel with it.
    assert len(question.findall(".//file")) == 2


def test_an_option_carries_its_picture_and_a_picture_shown_twice_travels_once() -> None:
    picture = f"![a red flag](picture:{RED.name})"
    raw = _choice(f"{picture} and {picture}", options=[f"Red {picture}", "Blue"])
    question = fromstring(moodle_xml.dump([raw], {RED.name: RED.data})).find("question")
    assert question is not None
    assert len(question.findall("questiontext/file")) == 1
    assert [a.find("file") is not None for a in question.findall("answer")] == [True, False]


def test_without_media_no_file_is_written() -> None:
    raw = _choice(f"![a red flag](picture:{RED.name})")
    written = moodle_xml.dump([raw])
    assert "<file" not in written
    assert f"@@PLUGINFILE@@/{RED.name}" in written


SAMPLES = Path(__file__).resolve().parents[1] / "data" / "moodle" / "xml"


def _read(text: str) -> Parsed:
    return moodle_xml.parse(text, "m", set())


def _one(parsed: Parsed) -> dict[str, Any]:
    assert parsed.problems == ()
    assert len(parsed.questions) == 1
    return parsed.questions[0].raw


def _written(*files: tuple[str, bytes], text: str, feedback: str = "") -> str:
    carried = "".join(
        f'<file name="{name}" path="/" encoding="base64">{base64.b64encode(data).decode()}</file>'
        for name, data in files
    )
    return (
        '<?xml version="1.0"?><quiz><question type="truefalse"><name><text>q</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text>{carried}</questiontext>'
        f"<generalfeedback><text>{feedback}</text></generalfeedback>"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question></quiz>'
    )


def _not_kept(parsed: Parsed) -> list[str]:
    return [n.what.removeprefix("not kept: ") for n in parsed.left_out]


def test_pictures_in_a_prompt_an_explanation_and_an_option_come_back_with_the_same_bytes() -> None:
    red, blue = f"![a red flag](picture:{RED.name})", f"![a blue flag](picture:{BLUE.name})"
    raw = _choice(f"Whose flag? {red}", f"Blue: {blue}", [f"Red {red}", "Blue"])
    parsed = _read(moodle_xml.dump([raw], {RED.name: RED.data, BLUE.name: BLUE.data}))
    back = _one(parsed)
    assert (back["prompt"], back["explanation"], back["options"]) == (
        raw["prompt"],
        raw["explanation"],
        raw["options"],
    )
    assert {name: p.data for name, p in parsed.pictures.items()} == {
        RED.name: RED.data,
        BLUE.name: BLUE.data,
    }
    assert parsed.left_out == ()


def test_a_cloze_and_a_matching_item_keep_their_pictures() -> None:
    red = f"![a red flag](picture:{RED.name})"
    cloze = {"key": "m.c", "type": "cloze", "prompt": f"{red} Rome is in {{{{Italy}}}}."}
    pairs = [[red, "Italy"], ["b", "c"]]
    matching = {"key": "m.p", "type": "matching", "prompt": "Match", "pairs": pairs}
    questions = [{**q, "explanation": "", "tags": ["easy"], "cite": []} for q in (cloze, matching)]
    parsed = _read(moodle_xml.dump(questions, {RED.name: RED.data}))
    assert parsed.problems == ()
    assert parsed.questions[0].raw["prompt"] == cloze["prompt"]
    assert parsed.questions[1].raw["pairs"] == pairs
    assert set(parsed.pictures) == {RED.name}


def test_moodles_own_question_keeps_its_pictures_drawn_afresh() -> None:
    # An excerpt of Moodle's question/format/xml/tests/fixtures/truefalse.xml (see the README)
    sample = (SAMPLES / "truefalse_images_excerpt.xml").read_text(encoding="utf-8")
    parsed = _read(sample)
    raw = _one(parsed)
    names = {name for name in parsed.pictures}
    assert len(names) == 3 and all(name.endswith(".jpg") for name in names)
    logo = next(n for n in names if f"![Moodle logo](picture:{n})" in raw["prompt"])
    assert raw["prompt"].startswith(f"Moodle ![Moodle logo](picture:{logo}) is an acronym")
    assert raw["explanation"].startswith("![Informations](picture:")
    assert raw["feedback"]["true"].startswith("![Thumb down](picture:")
    # Moodle's file of thumbup.jpg is not in the excerpt: its <img> is listed, the words kept
    assert raw["feedback"]["false"] == "Your answer is correct."
    assert _not_kept(parsed) == ["a picture (thumbup.jpg)"]
    # Each file is kept as the same file uploaded would be: drawn afresh, named by its hash.
    files = fromstring(sample).iter("file")
    assert {prepare(base64.b64decode(f.text or "")) for f in files} == set(parsed.pictures.values())


def test_a_picture_without_alt_text_is_described_by_its_file_name() -> None:
    text = '<p>Look: <img src="@@PLUGINFILE@@/red%20flag.png"></p>'
    raw = _one(_read(_written(("red flag.png", png((200, 0, 0))), text=text)))
    assert raw["prompt"] == f"Look: ![red flag.png](picture:{RED.name})"


def test_a_picture_from_another_site_is_listed_as_not_kept() -> None:
    text = '<p>Look <img src="https://example.org/map.png" alt="A map"></p>'
    parsed = _read(_written(text=text))
    assert _one(parsed)["prompt"] == "Look"
    assert _not_kept(parsed) == ["a picture (map.png)"]
    assert parsed.pictures == {}


def test_a_bomb_and_a_file_that_is_no_picture_are_refused_by_name() -> None:
    bomb = png((0, 0, 0), (1, 1))
    ihdr = bomb.index(b"IHDR")
    header = b"IHDR" + (30_000).to_bytes(4, "big") * 2 + bomb[ihdr + 12 : ihdr + 17]
    bomb = bomb[:ihdr] + header + zlib.crc32(header).to_bytes(4, "big") + bomb[ihdr + 21 :]
    text = 'Look <img src="@@PLUGINFILE@@/bomb.png" alt="b"><img src="@@PLUGINFILE@@/x.png">'
    parsed = _read(_written(("bomb.png", bomb), ("x.png", b"<svg></svg>"), text=text))
    assert _one(parsed)["prompt"] == "Look"
    refused = _not_kept(parsed)
    assert refused[0].startswith("the file 'bomb.png' (That picture declares more pixels")
    assert refused[1].startswith("the file 'x.png' (That file is not a picture quizapp can show")
    assert "a picture (bomb.png)" in refused and parsed.pictures == {}
    assert all(n.key == "q" for n in parsed.left_out)  # named under its question


def test_a_file_over_the_upload_limit_and_damaged_base64_are_refused_by_name() -> None:
    big = b"\x89PNG" + b"0" * limits.PICTURE_UPLOAD_BYTES
    text = '<img src="@@PLUGINFILE@@/big.png" alt="b">'
    parsed = _read(_written(("big.png", big), text=text))
    assert _not_kept(parsed)[0] == "the file 'big.png' (That file is larger than 5 MB)"
    damaged = _written(text=text).replace(
        "</text></questiontext>", '</text><file name="big.png">@@@</file></questiontext>'
    )
    assert _not_kept(_read(damaged))[0] == "the file 'big.png' (its base64 text is damaged)"


def test_quizapps_own_text_naming_a_picture_the_file_lacks_is_not_taken() -> None:
    # The picture is not carried: the text is read from its HTML, which cannot name it.
    written = moodle_xml.dump([_choice(f"Flag ![a red flag](picture:{RED.name})")])
    parsed = _read(written)
    assert _one(parsed)["prompt"] == "Flag"
    assert _not_kept(parsed) == [f"a picture ({RED.name})"]


def test_a_picture_of_a_question_left_out_is_not_brought_in() -> None:
    text = '<img src="@@PLUGINFILE@@/r.png" alt="r">'
    written = _written(("r.png", png((200, 0, 0))), text=text).replace(
        'type="truefalse"', 'type="essay"'
    )
    parsed = _read(written)
    assert parsed.questions == () and parsed.pictures == {}


def test_an_option_written_in_moodle_keeps_its_picture_and_a_hidden_one_is_not_shown() -> None:
    red = base64.b64encode(png((200, 0, 0))).decode()
    carried = f'<file name="r.png" path="/" encoding="base64">{red}</file>'
    options = (
        f'<answer fraction="100" format="html"><text><![CDATA[<p>Red <img src="@@PLUGINFILE@@/'
        f'r.png" alt="a red flag"></p>]]></text>{carried}</answer>'
        '<answer fraction="0" format="html"><text><![CDATA[<object><img src="@@PLUGINFILE@@/'
        f'r.png" alt="x"></object>Blue]]></text>{carried}</answer>'
    )
    written = (
        '<?xml version="1.0"?><quiz><question type="multichoice"><name><text>q</text></name>'
        "<questiontext><text>Which?</text></questiontext><single>true</single>"
        f"{options}</question></quiz>"
    )
    assert _one(_read(written))["options"] == [f"Red ![a red flag](picture:{RED.name})", "Blue"]
