"""Banks written out and read back: what each format carries whole, and what happens to the rest."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core import limits
from quizapp.core.answer_checks import feedback_keys
from quizapp.core.bankfile import bank_paths, load_banks
from quizapp.core.checks import check_question
from quizapp.core.formats import csvcards, gift
from quizapp.core.formats.common import ImportDefaults
from quizapp.core.grading import cloze_blanks, correct_answer
from tests.citing import SHIPPED
from tests.imports import imported_modules

FORMATS = Path(__file__).resolve().parents[2] / "quizapp" / "core" / "formats"
FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "flask_wtf", "flask_login")
PARTS = "quizapp."  # any part of the app: core is the library they share, and uses none
NOT_IN_GIFT = {"ordering"}  # and clozes with more than one blank


def _shipped() -> list[dict[str, Any]]:
    banks, problems = load_banks(bank_paths([], Path("question_banks")))
    assert problems == []
    return [
        {
            "key": q.key,
            "type": q.type,
            "prompt": q.prompt,
            **{k: v for k, v in q.spec.items() if k != "prompt"},
            "explanation": q.explanation,
            "tags": list(q.tags),
            "cite": [str(c) for c in q.cite],
        }
        for bank in banks
        for q in bank.questions
    ]


def _gift_holds(raw: dict[str, Any]) -> bool:
    if raw["type"] == "cloze":
        return len(cloze_blanks(raw["prompt"])) == 1
    return raw["type"] not in NOT_IN_GIFT


@pytest.mark.parametrize("path", sorted(FORMATS.glob("*.py")), ids=lambda p: p.name)
def test_format_module_imports_no_framework(path: Path) -> None:
    bad = {
        n
        for n in imported_modules(path)
        if n.split(".")[0] in FORBIDDEN
        or (n.startswith(PARTS) and not n.startswith("quizapp.core"))
    }
    assert not bad, f"{path.name} imports {bad}"


def test_shipped_banks_travel_through_gift_except_what_gift_cannot_hold() -> None:
    questions = _shipped()
    text = gift.dump(questions)
    parsed = gift.parse(text, "imported", set(), ImportDefaults(rule=SHIPPED))
    assert parsed.problems == ()
    back = [item.raw for item in parsed.questions]
    kept = [raw for raw in questions if _gift_holds(raw)]
    assert back == kept
    assert {raw["type"] for raw in kept} == {
        "choice",
        "truefalse",
        "short",
        "flashcard",
        "multi",
        "numeric",
        "matching",
        "cloze",
    }
    left_out = [raw for raw in questions if not _gift_holds(raw)]
    assert {raw["type"] for raw in left_out} == {"ordering", "cloze"}
    for raw in left_out:
        assert f"// quizapp: {raw['key']} left out: GIFT " in text


def test_shipped_questions_keep_their_lines_and_keys_when_read_back() -> None:
    text = gift.dump(_shipped())
    parsed = gift.parse(text, "imported", set(), ImportDefaults(rule=SHIPPED))
    lines = text.split("\n")
    for item in parsed.questions:
        assert lines[item.line - 1].startswith(f"::{item.raw['key']}::")


def test_reading_back_into_a_bank_that_has_the_keys_makes_new_ones() -> None:
    questions = [raw for raw in _shipped() if _gift_holds(raw)]
    taken = {raw["key"] for raw in questions}
    parsed = gift.parse(gift.dump(questions), "copy", taken, ImportDefaults(rule=SHIPPED))
    assert parsed.problems == ()
    keys = [item.raw["key"] for item in parsed.questions]
    assert all(key.startswith("copy.") for key in keys)
    assert len(set(keys)) == len(keys)


def test_shipped_flashcards_travel_through_csv_and_the_rest_become_flashcards() -> None:
    questions = _shipped()
    parsed = csvcards.parse(
        csvcards.dump(questions), "imported", set(), ImportDefaults(rule=SHIPPED)
    )
    assert parsed.problems == ()
    back = [item.raw for item in parsed.questions]
    assert len(back) == len(questions)
    for raw, read in zip(questions, back, strict=True):
        if raw["type"] == "flashcard":
            assert read == raw
        else:
            spec = {k: v for k, v in raw.items() if k not in {"key", "explanation", "tags", "cite"}}
            assert read["type"] == "flashcard"
            assert read["answer"] == correct_answer(raw["type"], spec)
            assert (read["key"], read["tags"], read["cite"]) == (
                raw["key"],
                raw["tags"],
                raw["cite"],
            )


# ---------------------------------------------------------------- generated questions

_CHARS = "ab Zé~=#{}:\\->%[]_|/$\n\t"
_MARKS = ["[html]", "[markdown]", "%50%", "->", "::", "//", "$CATEGORY:", "####", "T"]


def _texts(chars: str = _CHARS) -> st.SearchStrategy[str]:
    plain = st.text(alphabet=chars, min_size=1, max_size=20)
    marked = st.builds(lambda mark, rest: mark + rest, st.sampled_from(_MARKS), plain)
    return st.one_of(plain, marked).map(str.strip).filter(bool)


TEXT = _texts()
CLOZE_TEXT = _texts(_CHARS.replace("{", "").replace("}", "").replace("|", ""))
FORM = _texts(_CHARS.replace("{", "").replace("}", "").replace("|", "").replace("\n", ""))
NUMBER = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(-limits.LARGEST_NUMBER, limits.LARGEST_NUMBER)
)
CITES = ["nbc-lunar#5", "silkroad-moon#9", "nbc-lunar#12"]


def _unique(minimum: int, maximum: int, texts: st.SearchStrategy[str] = TEXT) -> Any:
    return st.lists(texts, min_size=minimum, max_size=maximum, unique_by=str.casefold)


def _right_options(draw: st.DrawFn, options: list[str]) -> dict[str, Any]:
    """The answer, and sometimes other options also right (in the options' order)."""
    answer = draw(st.sampled_from(options))
    also = [o for o in options if o != answer and draw(st.booleans())]
    return {"answer": answer, **({"also_right": also} if also else {})}


@st.composite
def _spec(draw: st.DrawFn, qtype: str) -> dict[str, Any]:
    if qtype in {"choice", "multi"}:
        options = draw(_unique(3 if qtype == "multi" else 2, 5))
        if qtype == "choice":
            return {"prompt": draw(TEXT), "options": options, **_right_options(draw, options)}
        chosen = draw(st.sets(st.sampled_from(options), min_size=1))
        return {
            "prompt": draw(TEXT),
            "options": options,
            "answers": [o for o in options if o in chosen],
        }
    if qtype == "numeric":
        spec: dict[str, Any] = {"prompt": draw(TEXT), "answer": draw(NUMBER)}
        if draw(st.booleans()):
            spec["tolerance"] = abs(draw(NUMBER))
        if draw(st.booleans()):
            spec["unit"] = draw(_texts("ab Z%#:{}\\"))
        return spec
    if qtype == "matching":
        count = draw(st.integers(2, 4))
        lefts, rights = draw(_unique(count, count)), draw(_unique(count, count))
        return {
            "prompt": draw(TEXT),
            "pairs": [list(pair) for pair in zip(lefts, rights, strict=True)],
        }
    if qtype == "cloze":
        before, after = (
            draw(st.one_of(st.just(""), CLOZE_TEXT)),
            draw(st.one_of(st.just(""), CLOZE_TEXT)),
        )
        forms = draw(_unique(1, 3, FORM))  # a blank is one line without braces or |
        left, right = draw(st.sampled_from(["", " "])), draw(st.sampled_from(["", " "]))
        return {"prompt": f"{before}{left}{{{{{'|'.join(forms)}}}}}{right}{after}".strip()}
    answers = {"truefalse": st.booleans(), "short": _unique(1, 3), "flashcard": TEXT}[qtype]
    name = "answers" if qtype == "short" else "answer"
    return {"prompt": draw(TEXT), name: draw(answers)}


@st.composite
def _answer_fields(draw: st.DrawFn, qtype: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Sometimes partial credit for wrong options of a choice, sometimes feedback on answers."""
    found: dict[str, Any] = {}
    if qtype == "choice":
        right = [spec["answer"], *spec.get("also_right", [])]
        wrong = [o for o in spec["options"] if o not in right and draw(st.booleans())]
        share = st.floats(0.0001, 0.9999)
        found |= {"credit": {o: draw(share) for o in wrong}} if wrong else {}
    keys = feedback_keys(qtype, {"type": qtype, **spec}) or []
    chosen = [key for key in keys if draw(st.booleans())]
    return found | ({"feedback": {key: draw(TEXT) for key in chosen}} if chosen else {})


@st.composite
def _question(draw: st.DrawFn, key: str) -> dict[str, Any]:
    qtype = draw(
        st.sampled_from(
            ["choice", "multi", "truefalse", "short", "numeric", "matching", "cloze", "flashcard"]
        )
    )
    tags = draw(st.lists(st.text(alphabet="xyz", min_size=1, max_size=4), max_size=2, unique=True))
    tags.insert(draw(st.integers(0, len(tags))), draw(st.sampled_from(["easy", "medium", "hard"])))
    spec = draw(_spec(qtype))
    raw = {
        "key": key,
        "type": qtype,
        **spec,
        **draw(_answer_fields(qtype, spec)),
        "explanation": draw(st.one_of(st.just(""), TEXT)),
        "tags": tags,
        "cite": draw(st.lists(st.sampled_from(CITES), min_size=1, max_size=2, unique=True)),
    }
    assert check_question(raw, SHIPPED) == []
    return raw


QUESTIONS = st.integers(1, 3).flatmap(
    lambda n: st.tuples(*(_question(f"g.q{i}") for i in range(n))).map(list)
)


@settings(max_examples=50, deadline=None)
@given(QUESTIONS)
def test_gift_reads_back_what_it_wrote(questions: list[dict[str, Any]]) -> None:
    parsed = gift.parse(gift.dump(questions), "g", set(), ImportDefaults(rule=SHIPPED))
    assert parsed.problems == ()
    assert [item.raw for item in parsed.questions] == questions
